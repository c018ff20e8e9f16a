import type { Config } from '../config';
import { devKeyStore, type KeyStore } from './key-store';
import { httpDigestTimestamps, localDigestTimestamps, type DigestTimestampSource } from './doc-timestamp';
import { httpTimestamps, localTimestamps, type TimestampSource } from './signer';
import { DevTsa } from './tsa';
import { cachedTrustStore, type TrustStore } from './validate';

/**
 * What signing needs from the deployment: where keys are, where timestamps come from, what is trusted.
 * A file of its own, below every signing workflow: the exchange seals its packages with the same keys and
 * trust store, and must not depend on the outgoing signature workflow (which depends on issuance, which
 * queues the exchange's sends).
 */
export interface SigningDeps {
  keys: KeyStore;
  timestamps: TimestampSource | null;
  /** The same TSA, for document timestamps (PAdES B-LTA): a token over a given digest. */
  documentTimestamps?: DigestTimestampSource | null;
  trustStore: () => Promise<TrustStore>;
  /** The organisations' seal key passphrase (server-held, SEAL_PASSPHRASE). */
  sealPassphrase: string;
}

/** TSA_URL if set, else the dev TSA in-process from PKI_DIR (as the CLI does), else none (PAdES B-B). */
export function signingDeps(config: Config): SigningDeps {
  let tsa: TimestampSource | null | undefined;
  let docTsa: DigestTimestampSource | null | undefined;
  return {
    keys: devKeyStore(config.pkiDir),
    get timestamps() {
      if (tsa === undefined) {
        const dev = config.TSA_URL ? null : DevTsa.fromPkiDir(config.pkiDir);
        tsa = config.TSA_URL ? httpTimestamps(config.TSA_URL, config.TSA_TIMEOUT_SECONDS * 1000) : dev ? localTimestamps(dev) : null;
      }
      return tsa;
    },
    get documentTimestamps() {
      if (docTsa === undefined) {
        const dev = config.TSA_URL ? null : DevTsa.fromPkiDir(config.pkiDir);
        docTsa = config.TSA_URL
          ? httpDigestTimestamps(config.TSA_URL, config.TSA_TIMEOUT_SECONDS * 1000)
          : dev
            ? localDigestTimestamps(dev)
            : null;
      }
      return docTsa;
    },
    trustStore: () => cachedTrustStore(config.trustStoreDir),
    sealPassphrase: config.SEAL_PASSPHRASE ?? config.DEMO_PASSWORD,
  };
}
