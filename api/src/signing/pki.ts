import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { loadCmsLibraries } from './esm';
import { importPrivateKey, pemToDer, toPkijsCertificate } from './cms';

/**
 * The development PKI: a root CA and an intermediate CA (both named "DEV ONLY"), a signing certificate for
 * every demo leader, an organisation-seal certificate for every demo organisation, a timestamping certificate
 * and a CRL. Everything is RSA-2048 / SHA-256. Production never uses it: there the trust store holds the real
 * roots (VGCA, NEAC) and keys live on tokens or in a remote signing service.
 */

export interface Issued {
  cert: forge.pki.Certificate;
  certPem: string;
  keyPem: string;
}

export interface DevPki {
  dir: string;
  root: Issued;
  intermediate: Issued;
  tsa: Issued;
  /** The delegated OCSP signer of the issuing CA (EKU OCSPSigning, id-pkix-ocsp-nocheck), behind `POST /api/ocsp`. */
  ocsp: Issued;
  /** Where certificates issued from now on point relying parties for revocation (AIA and CRL distribution points). */
  urls: PkiUrls;
}

/** The revocation services named in every certificate issued below the root: an OCSP responder and the issuing CA's CRL. */
export interface PkiUrls {
  ocsp?: string;
  crl?: string;
}

export interface LeaderSpec {
  username: string;
  fullName: string;
  position: string;
  organisation: string;
}

export interface OrganisationSpec {
  id: string;
  name: string;
}

export interface CertificateSpec {
  commonName: string;
  title?: string;
  organisation?: string;
  kind: 'person' | 'seal';
  notBefore?: Date;
  notAfter?: Date;
}

export const DEV_ROOT_NAME = 'vanthu DEV ONLY Root CA';
export const DEV_INTERMEDIATE_NAME = 'vanthu DEV ONLY Issuing CA';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Where each dev PKI file lives; the trust/ folder is what a validator trusts in development. */
export const pkiPaths = (dir: string) => ({
  rootCert: path.join(dir, 'root-ca.pem'),
  rootKey: path.join(dir, 'root-ca.key.pem'),
  interCert: path.join(dir, 'intermediate-ca.pem'),
  interKey: path.join(dir, 'intermediate-ca.key.pem'),
  tsaCert: path.join(dir, 'tsa.pem'),
  tsaKey: path.join(dir, 'tsa.key.pem'),
  ocspCert: path.join(dir, 'ocsp.pem'),
  ocspKey: path.join(dir, 'ocsp.key.pem'),
  crl: path.join(dir, 'intermediate-ca.crl.pem'),
  revoked: path.join(dir, 'revoked.json'),
  /** Serials the issuing CA issued: what its OCSP responder answers "good" for (anything else is "unknown"). */
  issued: path.join(dir, 'issued.json'),
  urls: path.join(dir, 'urls.json'),
  users: path.join(dir, 'users'),
  orgs: path.join(dir, 'orgs'),
  trust: path.join(dir, 'trust'),
});

/** An RSA key pair from node:crypto (forge's pure-JS key generation is ~50× slower). */
function keyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey; keyPem: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()) as forge.pki.rsa.PublicKey,
    privateKey: forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey,
    keyPem,
  };
}

/** Distinguished-name attributes; every value is UTF8String (a plain string would give undecodable DER for "Nguyễn"). */
function dn(attrs: [string, string | undefined][]): forge.pki.CertificateField[] {
  return attrs
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([type, value]) => ({ type, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }));
}

const OID = { CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11', C: '2.5.4.6', TITLE: '2.5.4.12' };

function randomSerial(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] &= 0x7f; // positive
  bytes[0] |= 0x10; // no leading zero byte
  return bytes.toString('hex');
}

interface IssueOptions {
  subject: forge.pki.CertificateField[];
  issuer?: Issued;
  ca?: { pathLen: number };
  extKeyUsage?: { timeStamping?: boolean; ocspSigning?: boolean };
  urls?: PkiUrls;
  notBefore?: Date;
  notAfter?: Date;
  years?: number;
}

function issue(opts: IssueOptions): Issued {
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = randomSerial();
  const now = Date.now();
  cert.validity.notBefore = opts.notBefore ?? new Date(now - 3600 * 1000);
  cert.validity.notAfter = opts.notAfter ?? new Date(now + (opts.years ?? 3) * YEAR_MS);
  cert.setSubject(opts.subject);
  cert.setIssuer(opts.issuer ? opts.issuer.cert.subject.attributes : opts.subject);
  const extensions: Record<string, unknown>[] = [];
  if (opts.ca) {
    extensions.push({ name: 'basicConstraints', cA: true, pathLenConstraint: opts.ca.pathLen, critical: true });
    extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  } else {
    extensions.push({ name: 'basicConstraints', cA: false, critical: true });
    extensions.push({ name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true });
  }
  if (opts.extKeyUsage?.timeStamping) extensions.push({ name: 'extKeyUsage', timeStamping: true, critical: true });
  if (opts.extKeyUsage?.ocspSigning) {
    extensions.push({ id: '2.5.29.37', critical: false, value: derSequence([derOid(OID_OCSP_SIGNING)]) });
    // id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): relying parties do not ask about the responder's own certificate.
    extensions.push({
      id: '1.3.6.1.5.5.7.48.1.5',
      critical: false,
      value: forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, 5, false, '')).getBytes(),
    });
  }
  if (opts.issuer && opts.urls?.ocsp) {
    // Authority information access: id-ad-ocsp → uniformResourceIdentifier (RFC 5280 §4.2.2.1).
    const access = forge.asn1.create(forge.asn1.Class.UNIVERSAL, 16, true, [
      forge.asn1.create(forge.asn1.Class.UNIVERSAL, 6, false, forge.asn1.oidToDer('1.3.6.1.5.5.7.48.1').getBytes()),
      forge.asn1.create(forge.asn1.Class.CONTEXT_SPECIFIC, 6, false, opts.urls.ocsp),
    ]);
    extensions.push({
      id: '1.3.6.1.5.5.7.1.1',
      critical: false,
      value: forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, 16, true, [access])).getBytes(),
    });
  }
  if (opts.issuer && opts.urls?.crl) extensions.push({ name: 'cRLDistributionPoints', altNames: [{ type: 6, value: opts.urls.crl }] });
  extensions.push({ name: 'subjectKeyIdentifier' });
  if (opts.issuer) {
    const issuerKeyId = forge.pki.getPublicKeyFingerprint(opts.issuer.cert.publicKey).getBytes();
    extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: issuerKeyId });
  }
  cert.setExtensions(extensions);
  const signingKey = opts.issuer ? forge.pki.privateKeyFromPem(opts.issuer.keyPem) : keys.privateKey;
  cert.sign(signingKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { cert, certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}

const OID_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

function derOid(oid: string): forge.asn1.Asn1 {
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, 6, false, forge.asn1.oidToDer(oid).getBytes());
}

function derSequence(items: forge.asn1.Asn1[]): string {
  return forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, 16, true, items)).getBytes();
}

/** A PKCS#12 (3DES, the full chain) protected by `password`. */
export function toPkcs12(leaf: Issued, chain: Issued[], password: string, friendlyName: string): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(leaf.keyPem), [leaf.cert, ...chain.map((c) => c.cert)], password, {
    algorithm: '3des',
    friendlyName,
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function readIssued(certFile: string, keyFile: string): Issued | null {
  if (!fs.existsSync(certFile) || !fs.existsSync(keyFile)) return null;
  const certPem = fs.readFileSync(certFile, 'utf8');
  return { cert: forge.pki.certificateFromPem(certPem), certPem, keyPem: fs.readFileSync(keyFile, 'utf8') };
}

function writeIssued(issued: Issued, certFile: string, keyFile: string) {
  fs.writeFileSync(certFile, issued.certPem);
  fs.writeFileSync(keyFile, issued.keyPem, { mode: 0o600 });
}

function readUrls(file: string): PkiUrls {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PkiUrls) : {};
}

/** Serials (hex) the issuing CA issued, as its OCSP responder knows them. */
export function issuedSerials(dir: string): string[] {
  const file = pkiPaths(dir).issued;
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as string[]) : [];
}

function recordIssued(dir: string, issued: Issued): Issued {
  const list = issuedSerials(dir);
  if (!list.includes(issued.cert.serialNumber)) list.push(issued.cert.serialNumber);
  fs.writeFileSync(pkiPaths(dir).issued, JSON.stringify(list, null, 2));
  return issued;
}

/**
 * Loads the CAs, the TSA and the OCSP signer from `dir`, creating whichever is missing (so running it twice
 * changes nothing). `urls` (kept in urls.json) go into the AIA and CRL distribution points of what is issued next.
 */
export function openDevPki(dir: string, urls?: PkiUrls): DevPki {
  const p = pkiPaths(dir);
  fs.mkdirSync(dir, { recursive: true });
  if (urls) fs.writeFileSync(p.urls, JSON.stringify(urls, null, 2));
  const known = urls ?? readUrls(p.urls);
  let root = readIssued(p.rootCert, p.rootKey);
  let intermediate = readIssued(p.interCert, p.interKey);
  if (!root) {
    root = issue({
      subject: dn([
        [OID.CN, DEV_ROOT_NAME],
        [OID.O, 'vanthu DEV ONLY — không dùng thật'],
        [OID.C, 'VN'],
      ]),
      ca: { pathLen: 1 },
      years: 20,
    });
    writeIssued(root, p.rootCert, p.rootKey);
    intermediate = null;
  }
  if (!intermediate) {
    intermediate = issue({
      subject: dn([
        [OID.CN, DEV_INTERMEDIATE_NAME],
        [OID.O, 'vanthu DEV ONLY — không dùng thật'],
        [OID.C, 'VN'],
      ]),
      issuer: root,
      ca: { pathLen: 0 },
      urls: { ocsp: known.ocsp },
      years: 10,
    });
    writeIssued(intermediate, p.interCert, p.interKey);
  }
  let tsa = readIssued(p.tsaCert, p.tsaKey);
  if (!tsa || tsa.cert.issuer.hash !== intermediate.cert.subject.hash) {
    tsa = recordIssued(
      dir,
      issue({
        subject: dn([
          [OID.CN, 'vanthu DEV ONLY Time Stamping Authority'],
          [OID.O, 'vanthu DEV ONLY'],
          [OID.C, 'VN'],
        ]),
        issuer: intermediate,
        extKeyUsage: { timeStamping: true },
        urls: known,
        years: 5,
      }),
    );
    writeIssued(tsa, p.tsaCert, p.tsaKey);
  }
  let ocsp = readIssued(p.ocspCert, p.ocspKey);
  if (!ocsp || ocsp.cert.issuer.hash !== intermediate.cert.subject.hash) {
    ocsp = recordIssued(
      dir,
      issue({
        subject: dn([
          [OID.CN, 'vanthu DEV ONLY OCSP Responder'],
          [OID.O, 'vanthu DEV ONLY'],
          [OID.C, 'VN'],
        ]),
        issuer: intermediate,
        extKeyUsage: { ocspSigning: true },
        years: 2,
      }),
    );
    writeIssued(ocsp, p.ocspCert, p.ocspKey);
  }
  fs.mkdirSync(p.trust, { recursive: true });
  fs.writeFileSync(path.join(p.trust, 'root-ca.pem'), root.certPem);
  fs.writeFileSync(path.join(p.trust, 'intermediate-ca.pem'), intermediate.certPem);
  return { dir, root, intermediate, tsa, ocsp, urls: known };
}

/** Issues a signing certificate (a person's, or an organisation's seal) from the dev intermediate CA. */
export function issueSigningCertificate(pki: DevPki, spec: CertificateSpec): Issued {
  const subject =
    spec.kind === 'person'
      ? dn([
          [OID.CN, spec.commonName],
          [OID.TITLE, spec.title],
          [OID.O, spec.organisation],
          [OID.C, 'VN'],
        ])
      : dn([
          [OID.CN, spec.commonName],
          [OID.O, spec.organisation ?? spec.commonName],
          [OID.OU, 'Con dấu điện tử (DEV ONLY)'],
          [OID.C, 'VN'],
        ]);
  return recordIssued(
    pki.dir,
    issue({ subject, issuer: pki.intermediate, urls: pki.urls, notBefore: spec.notBefore, notAfter: spec.notAfter }),
  );
}

/** Writes `name`.p12 (and the certificate as `name`.pem) into `folder`. */
export function writePkcs12(pki: DevPki, issued: Issued, folder: string, name: string, password: string): string {
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}.p12`);
  fs.writeFileSync(file, toPkcs12(issued, [pki.intermediate, pki.root], password, name), { mode: 0o600 });
  fs.writeFileSync(path.join(folder, `${name}.pem`), issued.certPem);
  return file;
}

function readRevoked(file: string): { serial: string; date: string }[] {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : [];
}

/** Marks certificates revoked (by serial number, hex) and reissues the CRL. */
export async function revoke(pki: DevPki, serials: string[], date = new Date()): Promise<void> {
  const p = pkiPaths(pki.dir);
  const list = readRevoked(p.revoked);
  for (const serial of serials) if (!list.some((r) => r.serial === serial)) list.push({ serial, date: date.toISOString() });
  fs.writeFileSync(p.revoked, JSON.stringify(list, null, 2));
  await writeCrl(pki);
}

/** The intermediate CA's CRL (valid 30 days), written as PEM beside the CAs and into trust/. */
export async function writeCrl(pki: DevPki): Promise<void> {
  const { pkijs, asn1js } = await loadCmsLibraries();
  const p = pkiPaths(pki.dir);
  const issuer = toPkijsCertificate(pemToDer(pki.intermediate.certPem));
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = issuer.subject;
  crl.thisUpdate = new pkijs.Time({ type: 0, value: new Date(Date.now() - 60_000) });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: new Date(Date.now() + 30 * 24 * 3600 * 1000) });
  const revoked = readRevoked(p.revoked);
  if (revoked.length) {
    crl.revokedCertificates = revoked.map(
      (r) =>
        new pkijs.RevokedCertificate({
          userCertificate: new asn1js.Integer({ valueHex: hexToArrayBuffer(r.serial) }),
          revocationDate: new pkijs.Time({ type: 0, value: new Date(r.date) }),
        }),
    );
  }
  crl.crlExtensions = new pkijs.Extensions({
    extensions: [
      new pkijs.Extension({
        extnID: '2.5.29.20',
        critical: false,
        extnValue: new asn1js.Integer({ value: Date.now() % 2 ** 31 }).toBER(false),
      }),
    ],
  });
  await crl.sign(await importPrivateKey(pki.intermediate.keyPem), 'SHA-256');
  const der = Buffer.from(crl.toSchema(true).toBER(false));
  const pem = `-----BEGIN X509 CRL-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END X509 CRL-----\n`;
  fs.writeFileSync(p.crl, pem);
  fs.mkdirSync(p.trust, { recursive: true });
  fs.writeFileSync(path.join(p.trust, 'intermediate-ca.crl.pem'), pem);
}

function hexToArrayBuffer(hex: string): ArrayBuffer {
  const b = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export interface GenerateResult {
  pki: DevPki;
  users: { username: string; file: string; created: boolean }[];
  organisations: { id: string; file: string; created: boolean }[];
}

/**
 * The whole dev PKI in `dir`: CAs, TSA, one PKCS#12 per leader (users/USERNAME.p12) and per organisation
 * (orgs/ORG_ID.p12), all protected by `password`, and a fresh CRL. Existing files are kept.
 */
export async function generateDevPki(opts: {
  dir: string;
  password: string;
  leaders: LeaderSpec[];
  organisations: OrganisationSpec[];
  urls?: PkiUrls;
}): Promise<GenerateResult> {
  const pki = openDevPki(opts.dir, opts.urls);
  const p = pkiPaths(opts.dir);
  const users = opts.leaders.map((l) => {
    const file = path.join(p.users, `${l.username}.p12`);
    const created = !fs.existsSync(file);
    if (created)
      writePkcs12(
        pki,
        issueSigningCertificate(pki, { kind: 'person', commonName: l.fullName, title: l.position, organisation: l.organisation }),
        p.users,
        l.username,
        opts.password,
      );
    return { username: l.username, file, created };
  });
  const organisations = opts.organisations.map((o) => {
    const file = path.join(p.orgs, `${o.id}.p12`);
    const created = !fs.existsSync(file);
    if (created)
      writePkcs12(
        pki,
        issueSigningCertificate(pki, { kind: 'seal', commonName: o.name, organisation: o.name }),
        p.orgs,
        o.id,
        opts.password,
      );
    return { id: o.id, file, created };
  });
  await writeCrl(pki);
  return { pki, users, organisations };
}
