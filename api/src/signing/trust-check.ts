import type { Logger } from 'pino';
import { DEV_ROOT_NAME } from './pki';
import { dnField, loadTrustStore } from './validate';

/**
 * Production must not trust the dev PKI: anyone with a copy of certs-dev/ (its keys are in every checkout's
 * generator) could sign as any leader. The README says to remove the dev root there; this says so at start when
 * it is still trusted (docs/domain.md §7: the roots are the national ones).
 */
export async function devRootTrusted(trustStoreDir: string): Promise<boolean> {
  const store = await loadTrustStore(trustStoreDir);
  return store.anchors.some((c) => dnField(c.subject, '2.5.4.3') === DEV_ROOT_NAME);
}

/** Logs a warning when NODE_ENV=production and TRUST_STORE_DIR trusts the "DEV ONLY" root; returns whether it warned. */
export async function warnIfDevRootTrusted(trustStoreDir: string, nodeEnv: string | undefined, log: Logger): Promise<boolean> {
  if (nodeEnv !== 'production') return false;
  let trusted: boolean;
  try {
    trusted = await devRootTrusted(trustStoreDir);
  } catch (err) {
    log.warn({ trustStoreDir, err: (err as Error).message }, 'the trust store cannot be read');
    return false;
  }
  if (trusted)
    log.warn(
      { trustStoreDir, root: DEV_ROOT_NAME },
      `NODE_ENV=production but TRUST_STORE_DIR trusts the development root "${DEV_ROOT_NAME}": remove it (README, "Trust store in production")`,
    );
  return trusted;
}
