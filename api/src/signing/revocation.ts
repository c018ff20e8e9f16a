import type * as pkijs from 'pkijs';
import { loadCmsLibraries } from './esm';
import { toArrayBuffer } from './cms';
import { OcspError, askOcsp, crlUrlsOf, ocspUrlOf, parseOcspResponse } from './ocsp';
import type { RevocationCheck, RevocationSource } from './validation';

/**
 * Is a certificate revoked? (docs/domain.md §7) Asked in this order, the first that answers decides:
 * 1. OCSP at the URL of the certificate's AIA (online, short timeout);
 * 2. the freshest CRL of the issuer that verifies: from the certificate's CRL distribution points (online) or
 *    handed in (the trust store's);
 * 3. embedded evidence: OCSP responses and CRLs carried in the signature or the PDF (CMS, DSS dictionary).
 * Every step tried is reported (`checks`), so a failed OCSP fetch that fell back to a CRL says so. Online answers
 * are cached until their nextUpdate.
 */

export interface RevocationResult {
  status: 'good' | 'revoked' | 'unknown';
  /** What decided, in words ("OCSP responder …", "CRL of …"), for the report. */
  source: string | null;
  revokedAt: Date | null;
  revocationSource: RevocationSource;
  checks: RevocationCheck[];
}

export interface RevocationOptions {
  /** Ask OCSP responders and fetch CRLs over HTTP (default true); false = only what is handed in. */
  online?: boolean;
  /** Per HTTP request (default 3 s: validation must stay usable offline). */
  timeoutMs?: number;
  now?: Date;
  /** Evidence embedded in the signed document (PAdES B-LT DSS, CMS revocation values): DER OCSPResponses and CRLs. */
  embedded?: { ocspResponses?: Buffer[]; crls?: pkijs.CertificateRevocationList[] };
}

interface Cached<T> {
  value: T;
  until: number;
}

const ocspCache = new Map<string, Cached<Awaited<ReturnType<typeof askOcsp>>>>();
const crlCache = new Map<string, Cached<pkijs.CertificateRevocationList>>();

/** Forgets every cached OCSP answer and CRL (tests; an operator after revoking in the dev PKI). */
export function clearRevocationCache(): void {
  ocspCache.clear();
  crlCache.clear();
}

const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');
const cnOf = (name: pkijs.RelativeDistinguishedNames) =>
  String(name.typesAndValues.find((tv) => tv.type === '2.5.4.3')?.value?.valueBlock?.value ?? '');
const DEFAULT_TIMEOUT_MS = 3000;
const MAX_CRL = 10 * 1024 * 1024;

async function fetchCrl(url: string, timeoutMs: number): Promise<pkijs.CertificateRevocationList> {
  const { pkijs } = await loadCmsLibraries();
  let body: Buffer;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!res.ok) throw new OcspError(`HTTP ${res.status}`);
    body = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    if (err instanceof OcspError) throw err;
    const e = err as Error & { cause?: { code?: string; message?: string } };
    throw new OcspError(e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message));
  }
  if (body.length > MAX_CRL) throw new OcspError('the CRL is too large');
  const text = body.toString('latin1');
  const der = text.includes('-----BEGIN X509 CRL-----')
    ? Buffer.from(text.replace(/-----(BEGIN|END) X509 CRL-----/g, '').replace(/\s+/g, ''), 'base64')
    : body;
  try {
    return pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
  } catch (err) {
    throw new OcspError(`unreadable CRL: ${(err as Error).message}`);
  }
}

/** Whether `crl` is the issuer's and verifies with its key. */
async function crlOfIssuer(crl: pkijs.CertificateRevocationList, cert: pkijs.Certificate, issuer: pkijs.Certificate) {
  if (!crl.issuer.isEqual(cert.issuer)) return false;
  try {
    return await crl.verify({ issuerCertificate: issuer });
  } catch {
    return false;
  }
}

function crlStatus(crl: pkijs.CertificateRevocationList, cert: pkijs.Certificate) {
  const serial = Buffer.from(cert.serialNumber.valueBlock.valueHexView);
  const entry = crl.revokedCertificates?.find((r) => Buffer.from(r.userCertificate.valueBlock.valueHexView).equals(serial));
  return entry ? { status: 'revoked' as const, revokedAt: entry.revocationDate.value } : { status: 'good' as const, revokedAt: null };
}

export async function checkRevocation(
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate | undefined,
  crls: pkijs.CertificateRevocationList[],
  opts: RevocationOptions = {},
): Promise<RevocationResult> {
  const online = opts.online ?? true;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = opts.now ?? new Date();
  const checks: RevocationCheck[] = [];
  const none: RevocationResult = { status: 'unknown', source: null, revokedAt: null, revocationSource: 'none', checks };
  if (!issuer) return none;
  const serial = hex(cert.serialNumber.valueBlock.valueHexView);

  // 1. OCSP.
  const ocspUrl = ocspUrlOf(cert);
  if (ocspUrl && online) {
    const key = `${ocspUrl} ${hex(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)} ${serial}`;
    const hit = ocspCache.get(key);
    const cached = !!hit && hit.until > now.getTime();
    try {
      const answer = cached ? hit.value : await askOcsp(cert, issuer, ocspUrl, { timeoutMs, now });
      if (!cached && answer.nextUpdate) ocspCache.set(key, { value: answer, until: answer.nextUpdate.getTime() });
      checks.push({
        source: 'ocsp',
        url: ocspUrl,
        outcome: answer.status,
        detail: `${answer.responder}, ${answer.thisUpdate.toISOString()}`,
        cached,
      });
      // "unknown" from the issuer's own responder is an answer too: the CA does not know the certificate.
      return {
        status: answer.status,
        source: `OCSP ${answer.responder} (${answer.thisUpdate.toISOString()})`,
        revokedAt: answer.revokedAt,
        revocationSource: 'ocsp',
        checks,
      };
    } catch (err) {
      checks.push({ source: 'ocsp', url: ocspUrl, outcome: 'failed', detail: (err as Error).message, cached: false });
    }
  }

  // 2. CRLs: fetched from the distribution points, and the ones handed in; the freshest that verifies decides.
  const candidates: { crl: pkijs.CertificateRevocationList; url: string | null; cached: boolean }[] = [];
  if (online) {
    for (const url of crlUrlsOf(cert)) {
      const hit = crlCache.get(url);
      if (hit && hit.until > now.getTime()) {
        candidates.push({ crl: hit.value, url, cached: true });
        continue;
      }
      try {
        const crl = await fetchCrl(url, timeoutMs);
        if (crl.nextUpdate) crlCache.set(url, { value: crl, until: crl.nextUpdate.value.getTime() });
        candidates.push({ crl, url, cached: false });
      } catch (err) {
        checks.push({ source: 'crl', url, outcome: 'failed', detail: (err as Error).message, cached: false });
      }
    }
  }
  candidates.push(...crls.map((crl) => ({ crl, url: null, cached: false })));
  let best: (typeof candidates)[number] | null = null;
  for (const c of candidates) {
    if (!(await crlOfIssuer(c.crl, cert, issuer))) continue;
    if (!best || c.crl.thisUpdate.value > best.crl.thisUpdate.value) best = c;
  }
  if (best) {
    const r = crlStatus(best.crl, cert);
    const source = `CRL of ${cnOf(best.crl.issuer)} (${best.crl.thisUpdate.value.toISOString()})`;
    checks.push({ source: 'crl', url: best.url, outcome: r.status, detail: source, cached: best.cached });
    return { status: r.status, source, revokedAt: r.revokedAt, revocationSource: 'crl', checks };
  }

  // 3. Embedded evidence, judged as of when it was produced (it may be years old).
  for (const der of opts.embedded?.ocspResponses ?? []) {
    try {
      const answer = await parseOcspResponse(der, cert, issuer, { now: null });
      checks.push({
        source: 'embedded',
        url: null,
        outcome: answer.status,
        detail: `OCSP ${answer.responder}, ${answer.thisUpdate.toISOString()}`,
        cached: false,
      });
      return {
        status: answer.status,
        source: `embedded OCSP ${answer.responder} (${answer.thisUpdate.toISOString()})`,
        revokedAt: answer.revokedAt,
        revocationSource: 'embedded',
        checks,
      };
    } catch {
      // a response about another certificate of the chain, or unusable: try the next one
    }
  }
  for (const crl of opts.embedded?.crls ?? []) {
    if (!(await crlOfIssuer(crl, cert, issuer))) continue;
    const r = crlStatus(crl, cert);
    const source = `embedded CRL of ${cnOf(crl.issuer)} (${crl.thisUpdate.value.toISOString()})`;
    checks.push({ source: 'embedded', url: null, outcome: r.status, detail: source, cached: false });
    return { status: r.status, source, revokedAt: r.revokedAt, revocationSource: 'embedded', checks };
  }
  return none;
}
