import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting the system reads from the environment, with its default (the README table mirrors this). */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: z.string().optional(),
  QUEUE_PREFIX: z.string().default('vanthu'),
  /** A Redis command of a request (enqueue, login throttling) that gets no answer in this time fails, and the request answers 503. */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
  /** How often the recovery sweep re-queues work whose row says it is pending (also once at start). */
  RECOVERY_INTERVAL_SECONDS: z.coerce.number().positive().default(30),
  /** Temporary files (uploads, blobs being written) older than this are left-overs of a crash and are deleted by the sweep. */
  TEMP_MAX_AGE_MINUTES: z.coerce.number().positive().default(60),
  WORKERS_IN_PROCESS: bool.default(true),
  /** `npm run start:cluster`: how many API processes run behind nginx on PORT (workers run in one more process). */
  API_INSTANCES: z.coerce.number().int().min(1).max(64).default(2),
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
  /** Certificates trusted when validating signatures: self-signed ones are anchors, others intermediates; *.crl files are CRLs; *.xml are ETSI TS 119 612 trusted lists; subfolders are read too. */
  TRUST_STORE_DIR: z.string().default('./certs-dev/trust'),
  /** RFC 3161 timestamping authority the signer calls; unset = the app's own dev TSA (POST /api/tsa). */
  TSA_URL: z.string().url().optional(),
  /** How long to wait for the TSA, in seconds (real TSAs can be slow). */
  TSA_TIMEOUT_SECONDS: z.coerce.number().positive().default(60),
  /** Passphrase of the organisations' seal keys (PKI_DIR/orgs/ORG_ID.p12), held by the server like an HSM PIN; unset = DEMO_PASSWORD. */
  SEAL_PASSPHRASE: z.string().optional(),
  /** The exchange axis (trục liên thông) this installation sends to and polls; unset = exchange off. */
  EXCHANGE_HUB_URL: z.string().url().optional(),
  /** Which transport speaks to the axis: `hub` = our exchange hub's HTTP API; a real axis adapter adds its name here. */
  EXCHANGE_TRANSPORT: z.enum(['hub']).default('hub'),
  /** The organisations this installation speaks for on the axis: `ORGANID=secret,ORGANID=secret` (organ codes, QCVN 102). */
  EXCHANGE_AGENCIES: z.string().optional(),
  /** How often the axis is polled for document and status packages. */
  EXCHANGE_POLL_SECONDS: z.coerce.number().positive().default(15),
  /** Largest package sent or accepted, in MiB. */
  EXCHANGE_MAX_PACKAGE_MB: z.coerce.number().positive().default(60),
  /** How long one call to the axis may take before it counts as failed (and is retried). */
  EXCHANGE_TIMEOUT_SECONDS: z.coerce.number().positive().default(30),
  /** Attempts of an exchange send job before it is dead-lettered (exponential backoff from EXCHANGE_RETRY_DELAY_MS). */
  EXCHANGE_SEND_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  EXCHANGE_RETRY_DELAY_MS: z.coerce.number().int().min(1).default(2000),
  /**
   * Which ORGANISATION recipients go over the axis: `remote` = those with an organ code that this installation
   * does not speak for (EXCHANGE_AGENCIES), `none` = every organisation in the database is delivered internally.
   * EXTERNAL recipients with an organ code always go over the axis when it is on.
   */
  EXCHANGE_ORGANISATIONS: z.enum(['remote', 'none']).default('remote'),
  /**
   * A received package with no XML signature at all (docs/domain.md §6.7): `refuse` (status 02 with the reason), or
   * `accept-with-notice` = accepted from the sender the axis authenticated, the record showing that nothing in the
   * package is protected by a package signature. A package whose signature does not verify is always refused.
   */
  EXCHANGE_UNSIGNED: z.enum(['refuse', 'accept-with-notice']).default('refuse'),
  /** Exchange hub (`npm run hub`): its port, its own database (unset = PGlite in DATA_DIR/hub), its agencies `ORGANID=secret,…`. */
  HUB_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  HUB_HOST: z.string().default('0.0.0.0'),
  HUB_DATABASE_URL: z.string().optional(),
  HUB_AGENCIES: z.string().optional(),
  /**
   * Who confirms permission changes (roles, secret-document grants, delegations) of an organisation, as
   * `ORGANISATION_ID=username,…` (several entries per organisation allowed); unset for an organisation = its
   * heads (LANH_DAO_CO_QUAN).
   */
  PERMISSION_ALERT_CONFIRMERS: z.string().optional(),
  /** Days the view history (who opened or downloaded each document) is kept; older entries are pruned hourly. */
  VIEW_HISTORY_DAYS: z.coerce.number().int().positive().default(365),
  /** Where file bytes (blobs) are kept: `local` = DATA_DIR/blobs on this machine; `s3` = an S3-compatible bucket (MinIO, Ceph RGW, AWS), shared by several API instances. */
  BLOB_STORE: z.enum(['local', 's3']).default('local'),
  /** The S3 endpoint (e.g. `http://minio:9000`); unset = AWS S3 of S3_REGION. */
  S3_ENDPOINT: z.string().url().optional(),
  /** The bucket holding the blobs (required with BLOB_STORE=s3; created beforehand). */
  S3_BUCKET: z.string().optional(),
  /** Access key; unset together with S3_SECRET_ACCESS_KEY = the AWS SDK's default credential chain (environment, profile, instance role). */
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  /** Path-style URLs (`endpoint/bucket/key`), as MinIO and Ceph RGW without wildcard DNS need; false = virtual-hosted (`bucket.endpoint/key`). */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** How often the workers re-hash every stored file (blob) against its name and report missing or altered ones to the administrators. */
  INTEGRITY_CHECK_HOURS: z.coerce.number().positive().default(24),
  /** PAdES B-LTA: archived PDFs get a new document timestamp when the last one's TSA certificate expires within this many days. */
  ARCHIVE_RETIMESTAMP_BEFORE_DAYS: z.coerce.number().int().positive().default(180),
  /**
   * How many hash chains new audit entries are spread over, each with its own lock (a transaction stays in the
   * chain it began in: api/src/audit/service.ts). 1 = one chain serialising every write; all chains verify whatever the value.
   */
  AUDIT_CHAINS: z.coerce.number().int().min(1).max(4096).default(64),
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
