import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openPkcs12 } from './cms';
import { completeWithSignature, prepare, signedAttributesFor, type PrepareOptions, type TimestampSource } from './signer';
import { problem } from '../http/problems';

/** A key unlocked for one use: its public chain and an RSASSA-PKCS1-v1_5/SHA-256 signing operation. */
export interface UnlockedKey {
  /** DER certificates, the signer's first. */
  chain: Buffer[];
  sign(data: Buffer): Promise<Buffer>;
}

/**
 * Where signing keys live. The dev implementation opens PKCS#12 files of the dev PKI; a hardware token
 * (PKCS#11) or a remote signing service implements the same two calls, and nothing else changes.
 */
export interface KeyStore {
  /** A person's key (by username), unlocked by the passphrase they type; 422 signing.wrong_passphrase if it does not. */
  unlockUser(username: string, passphrase: string): Promise<UnlockedKey>;
  /** An organisation's seal key (server-held, like an HSM PIN). */
  unlockOrganisation(organisationId: string, passphrase: string): Promise<UnlockedKey>;
}

const noKey = (who: string, file: string) => problem('signing.no_key', { who, file });

/** The dev PKI's PKCS#12 files: PKI_DIR/users/USERNAME.p12 and PKI_DIR/orgs/ORG_ID.p12. The key never leaves the closure. */
export function devKeyStore(pkiDir: string): KeyStore {
  const open = async (file: string, who: string, passphrase: string): Promise<UnlockedKey> => {
    if (!/^[a-z0-9._-]+$/i.test(path.basename(file, '.p12')) || !fs.existsSync(file)) throw noKey(who, file);
    const identity = openPkcs12(await fs.promises.readFile(file), passphrase);
    const key = crypto.createPrivateKey(identity.keyPem);
    return { chain: identity.chain, sign: async (data) => crypto.sign('sha256', data, key) };
  };
  return {
    unlockUser: (username, passphrase) => open(path.join(pkiDir, 'users', `${username}.p12`), username, passphrase),
    unlockOrganisation: (id, passphrase) => open(path.join(pkiDir, 'orgs', `${id}.p12`), id, passphrase),
  };
}

/** Signs a PDF with a key from a key store: prepare → signed attributes → device signature → timestamp → embed. */
export async function signWithKey(
  pdf: Buffer,
  key: UnlockedKey,
  opts: PrepareOptions,
  timestamps?: TimestampSource | null,
): Promise<Buffer> {
  const prepared = await prepare(pdf, opts);
  const { signedAttributes } = await signedAttributesFor(prepared, key.chain);
  const signature = await key.sign(signedAttributes);
  return completeWithSignature(prepared, key.chain, signature, timestamps);
}
