import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting the system reads from the environment, with its default (the README table mirrors this). */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: z.string().optional(),
  QUEUE_PREFIX: z.string().default('vanthu'),
  WORKERS_IN_PROCESS: bool.default(true),
  DEMO_PASSWORD: z.string().min(8).default('vanthu-demo'),
  SEED_DEMO: bool.default(true),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(10),
  COOKIE_SECURE: bool.default(false),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  PGLITE_SOCKET_PORT: z.coerce.number().int().min(0).max(65535).default(5499),
  /** Largest accepted uploaded file, in MiB. */
  UPLOAD_MAX_FILE_MB: z.coerce.number().positive().default(50),
  /** Most files in one upload (main document plus attachments). */
  UPLOAD_MAX_FILES: z.coerce.number().int().min(1).default(20),
  /** The dev PKI (`npm run certs:dev`): CAs, TSA key, users/USERNAME.p12, orgs/ORG_ID.p12. */
  PKI_DIR: z.string().default('./certs-dev'),
  /** Certificates trusted when validating signatures: self-signed ones are anchors, others intermediates; *.crl files are CRLs. */
  TRUST_STORE_DIR: z.string().default('./certs-dev/trust'),
  /** RFC 3161 timestamping authority the signer calls; unset = the app's own dev TSA (POST /api/tsa). */
  TSA_URL: z.string().url().optional(),
  /** How long to wait for the TSA, in seconds (real TSAs can be slow). */
  TSA_TIMEOUT_SECONDS: z.coerce.number().positive().default(60),
  /** Passphrase of the organisations' seal keys (PKI_DIR/orgs/ORG_ID.p12), held by the server like an HSM PIN; unset = DEMO_PASSWORD. */
  SEAL_PASSPHRASE: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof envSchema> & { dataDir: string; webDist: string; pkiDir: string; trustStoreDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration: ${lines.join('; ')}`);
  }
  const root = path.resolve(__dirname, '..', '..');
  const merged = { ...parsed.data, ...overrides };
  return {
    ...merged,
    dataDir: path.resolve(root, merged.DATA_DIR),
    webDist: path.join(root, 'dist', 'web', 'browser'),
    pkiDir: path.resolve(root, merged.PKI_DIR),
    trustStoreDir: path.resolve(root, merged.TRUST_STORE_DIR),
  };
}
