import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import express from 'express';
import { loadConfig } from '../../api/src/config';
import { pemToDer, toArrayBuffer, toPkijsCertificate } from '../../api/src/signing/cms';
import { readDss } from '../../api/src/signing/dss';
import { loadCmsLibraries } from '../../api/src/signing/esm';
import { augmentToLt } from '../../api/src/signing/ltv';
import { ocspRequestFor } from '../../api/src/signing/ocsp';
import { issuedSerials, pkiPaths, revoke } from '../../api/src/signing/pki';
import { clearRevocationCache } from '../../api/src/signing/revocation';
import { crlRoutes, ocspRoutes } from '../../api/src/signing/routes';
import { localTimestamps, signPdf, type TimestampSource } from '../../api/src/signing/signer';
import { DevTsa } from '../../api/src/signing/tsa';
import { validatePdf } from '../../api/src/signing/validate';
import { createTestPki, makePdf, type TestPki } from '../support/signing';

// OCSP and CRL distribution points of the dev PKI (docs/domain.md §7): the real responder and CRL routes, over
// real HTTP, asked by the validator; openssl as an independent OCSP client.

interface PkiServer {
  base: string;
  hits: { ocsp: number; crl: number };
  serve(dir: string): void;
  close(): Promise<void>;
}

/** An HTTP server with the app's own /api/ocsp and /api/crl routers, for the PKI in `dir` (attached once it exists). */
async function pkiServer(): Promise<PkiServer> {
  const app = express();
  const hits = { ocsp: 0, crl: 0 };
  app.use((req, _res, next) => {
    if (req.path.startsWith('/api/ocsp')) hits.ocsp++;
    if (req.path.startsWith('/api/crl')) hits.crl++;
    next();
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    serve(dir) {
      const config = loadConfig(process.env, { PKI_DIR: dir });
      for (const r of [ocspRoutes(config), crlRoutes(config)]) app.use(r.mountPath, r.router);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

let server: PkiServer;
let pki: TestPki;
let tsa: TimestampSource;
let unsigned: Buffer;

const appearance = {
  kind: 'leader' as const,
  rect: [330, 80, 540, 200] as [number, number, number, number],
  name: 'Người Ký',
  title: 'Thử',
};

beforeAll(async () => {
  server = await pkiServer();
  pki = await createTestPki({ ocsp: `${server.base}/api/ocsp`, crl: `${server.base}/api/crl` });
  server.serve(pki.dir);
  tsa = localTimestamps(DevTsa.fromPkiDir(pki.dir)!);
  unsigned = await makePdf(1);
});
afterAll(async () => {
  await server.close();
  pki.remove();
});
beforeEach(() => clearRevocationCache());

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** openssl as a client of the responder in this process: asynchronous, or it would block the server it asks. */
async function opensslAsync(args: string[]): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)('openssl', args, { encoding: 'utf8' });
  return stdout + stderr;
}

async function signedBy(name: string) {
  const issued = pki.issue(name, { kind: 'person', commonName: `Người ${name}`, organisation: 'Sở Thử nghiệm' });
  const { pdf } = await signPdf(unsigned, { identity: issued.identity, appearance, timestamps: tsa });
  const certFile = path.join(pki.dir, 'extra', `${name}.pem`);
  return { ...issued, pdf, certFile };
}

describe('dev PKI revocation services', () => {
  it('puts the OCSP responder (AIA) and the CRL distribution point into the certificates it issues; openssl reads them', () => {
    const p = pkiPaths(pki.dir);
    const leaf = path.join(pki.dir, 'users', 'qn.chutich.pem');
    const ext = openssl(['x509', '-in', leaf, '-noout', '-ext', 'authorityInfoAccess,crlDistributionPoints']);
    expect(ext).toContain(`OCSP - URI:${server.base}/api/ocsp`);
    expect(ext).toContain(`URI:${server.base}/api/crl`);
    const responder = openssl(['x509', '-in', p.ocspCert, '-noout', '-ext', 'extendedKeyUsage,noCheck']);
    expect(responder).toContain('OCSP Signing');
    expect(responder).toMatch(/OCSP No Check/);
  });

  it('answers openssl ocsp: good for an issued certificate (signed by the delegated OCSP signer), revoked after revocation', async () => {
    const p = pkiPaths(pki.dir);
    const chain = path.join(pki.dir, 'chain.pem');
    fs.writeFileSync(chain, fs.readFileSync(p.rootCert, 'utf8') + fs.readFileSync(p.interCert, 'utf8'));
    const { serial, certFile } = await signedBy('openssl-client');
    const ask = (cert: string, issuer = p.interCert) =>
      opensslAsync(['ocsp', '-issuer', issuer, '-cert', cert, '-url', `${server.base}/api/ocsp`, '-CAfile', chain, '-timeout', '5']);
    const good = await ask(certFile);
    expect(good).toContain('Response verify OK');
    expect(good).toContain(': good');
    // The root answers for the issuing CA itself (response signed by the root).
    const inter = await ask(p.interCert, p.rootCert);
    expect(inter).toContain('Response verify OK');
    expect(inter).toContain(': good');
    await revoke(pki.pki, [serial], new Date(Date.now() - 60_000));
    expect(await ask(certFile)).toContain(': revoked');
  });

  it('answers malformedRequest to garbage, unauthorized for a CA it does not serve, and 415 to another media type', async () => {
    const { pkijs } = await loadCmsLibraries();
    const post = (body: Uint8Array<ArrayBuffer>, type = 'application/ocsp-request') =>
      fetch(`${server.base}/api/ocsp`, { method: 'POST', headers: { 'content-type': type }, body });
    const statusOf = async (res: Response) =>
      pkijs.OCSPResponse.fromBER(toArrayBuffer(Buffer.from(await res.arrayBuffer()))).responseStatus.valueBlock.valueDec;
    const garbage = await post(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]));
    expect(garbage.status).toBe(200);
    expect(garbage.headers.get('content-type')).toContain('application/ocsp-response');
    expect(await statusOf(garbage)).toBe(1); // malformedRequest
    const foreign = await createTestPki();
    try {
      const leaf = toPkijsCertificate(pemToDer(fs.readFileSync(path.join(foreign.dir, 'users', 'qn.chutich.pem'), 'utf8')));
      const issuer = toPkijsCertificate(pemToDer(fs.readFileSync(pkiPaths(foreign.dir).interCert, 'utf8')));
      const { der } = await ocspRequestFor(leaf, issuer);
      expect(await statusOf(await post(new Uint8Array(der)))).toBe(6); // unauthorized
    } finally {
      foreign.remove();
    }
    expect((await post(new Uint8Array([1]), 'application/json')).status).toBe(415);
  });

  it('serves the CRL at its distribution point (DER, openssl reads it)', async () => {
    const res = await fetch(`${server.base}/api/crl`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pkix-crl');
    const file = path.join(pki.dir, 'fetched.crl');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(openssl(['crl', '-inform', 'DER', '-in', file, '-noout', '-issuer'])).toContain('vanthu DEV ONLY Issuing CA');
  });
});

describe('validation asks OCSP first', () => {
  it('good: decided by OCSP, cached until nextUpdate (the second validation asks nobody)', async () => {
    const { pdf } = await signedBy('good-signer');
    const before = server.hits.ocsp;
    const first = await validatePdf(pdf, await pki.trust());
    expect(first.verdict).toBe('valid');
    expect(first.signatures[0].revocation).toMatchObject({ status: 'good', revocationSource: 'ocsp' });
    expect(first.signatures[0].revocation.checks).toEqual([
      { source: 'ocsp', url: `${server.base}/api/ocsp`, outcome: 'good', detail: expect.stringContaining('OCSP Responder'), cached: false },
    ]);
    expect(server.hits.ocsp).toBe(before + 1);
    const second = await validatePdf(pdf, await pki.trust());
    expect(second.signatures[0].revocation.checks[0]).toMatchObject({ source: 'ocsp', outcome: 'good', cached: true });
    expect(server.hits.ocsp).toBe(before + 1);
  });

  it('revoked: the OCSP answer makes the signature invalid', async () => {
    const { pdf, serial } = await signedBy('revoked-signer');
    await revoke(pki.pki, [serial], new Date(Date.now() - 60_000));
    const report = await validatePdf(pdf, await pki.trust());
    expect(report.verdict).toBe('invalid');
    expect(report.signatures[0].revocation).toMatchObject({ status: 'revoked', revocationSource: 'ocsp' });
    expect(report.signatures[0].revocation.source).toMatch(/^OCSP vanthu DEV ONLY OCSP Responder/);
    expect(report.signatures[0].reasons.map((r) => r.code)).toEqual(['certificate_revoked']);
  });

  it('unknown: a certificate the CA has no record of issuing is indeterminate, even though no CRL lists it', async () => {
    const { pdf, serial } = await signedBy('unknown-signer');
    const p = pkiPaths(pki.dir);
    fs.writeFileSync(p.issued, JSON.stringify(issuedSerials(pki.dir).filter((s) => s !== serial)));
    const report = await validatePdf(pdf, await pki.trust());
    expect(report.verdict).toBe('indeterminate');
    expect(report.signatures[0].revocation).toMatchObject({ status: 'unknown', revocationSource: 'ocsp' });
    expect(report.signatures[0].reasons.map((r) => r.code)).toEqual(['certificate_unknown_to_ca']);
  });
});

describe('validation without the OCSP responder falls back to CRLs and says so', () => {
  let down: TestPki;
  let crlServer: PkiServer;
  let ocspUrl: string;

  beforeAll(async () => {
    crlServer = await pkiServer();
    ocspUrl = `http://127.0.0.1:${await closedPort()}/api/ocsp`;
    down = await createTestPki({ ocsp: ocspUrl, crl: `${crlServer.base}/api/crl` });
    crlServer.serve(down.dir);
  });
  afterAll(async () => {
    await crlServer.close();
    down.remove();
  });

  // Timestamped by this PKI's own TSA, so the store that trusts the signer trusts the timestamp too.
  async function sign(name: string) {
    const issued = down.issue(name, { kind: 'person', commonName: name });
    const timestamps = localTimestamps(DevTsa.fromPkiDir(down.dir)!);
    return { ...issued, pdf: (await signPdf(unsigned, { identity: issued.identity, appearance, timestamps })).pdf };
  }

  it('OCSP unreachable → the CRL from the distribution point decides (revoked), the failed OCSP request is reported', async () => {
    const { pdf, serial } = await sign('crl-signer');
    await revoke(down.pki, [serial], new Date(Date.now() - 60_000));
    const store = { ...(await down.trust()), crls: [] }; // nothing local: only the distribution point can answer
    const started = Date.now();
    const report = await validatePdf(pdf, store);
    expect(Date.now() - started).toBeLessThan(3000);
    const rev = report.signatures[0].revocation;
    expect(rev).toMatchObject({ status: 'revoked', revocationSource: 'crl' });
    expect(rev.checks).toEqual([
      { source: 'ocsp', url: ocspUrl, outcome: 'failed', detail: 'ECONNREFUSED', cached: false },
      {
        source: 'crl',
        url: `${crlServer.base}/api/crl`,
        outcome: 'revoked',
        detail: expect.stringMatching(/^CRL of vanthu DEV ONLY Issuing CA/),
        cached: false,
      },
    ]);
    expect(report.verdict).toBe('invalid');
    // The CRL is cached until its nextUpdate.
    const hits = crlServer.hits.crl;
    const again = await validatePdf(pdf, store);
    expect(again.signatures[0].revocation.checks[1]).toMatchObject({ source: 'crl', cached: true });
    expect(crlServer.hits.crl).toBe(hits);
  });

  it('offline altogether → the trust store’s CRL decides, and says the network sources failed', async () => {
    const { pdf } = await sign('offline-signer');
    await crlServer.close();
    const started = Date.now();
    const offline = await validatePdf(pdf, await down.trust(), new Date(), { timeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(2000);
    const rev = offline.signatures[0].revocation;
    expect(rev).toMatchObject({ status: 'good', revocationSource: 'crl' });
    expect(rev.checks.map((c) => [c.source, c.url === null ? 'store' : 'url', c.outcome])).toEqual([
      ['ocsp', 'url', 'failed'],
      ['crl', 'url', 'failed'],
      ['crl', 'store', 'good'],
    ]);
    expect([offline.verdict, offline.signatures[0].reasons]).toEqual(['valid', []]);
    // With no network sources at all and no CRL, nothing decides.
    const none = await validatePdf(pdf, { ...(await down.trust()), crls: [] }, new Date(), { online: false });
    expect(none.signatures[0].revocation).toMatchObject({ status: 'unknown', revocationSource: 'none', checks: [] });
    expect(none.verdict).toBe('indeterminate');
  });

  it('a responder that accepts the connection and never answers is given up after the timeout', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const slow = await createTestPki({ ocsp: `http://127.0.0.1:${port}/api/ocsp` });
    try {
      const issued = slow.issue('slow', { kind: 'person', commonName: 'Chậm' });
      const { pdf } = await signPdf(unsigned, { identity: issued.identity, appearance, timestamps: tsa });
      const started = Date.now();
      const report = await validatePdf(pdf, await slow.trust(), new Date(), { timeoutMs: 500 });
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(450);
      expect(took).toBeLessThan(2500);
      expect(report.signatures[0].revocation.checks[0]).toMatchObject({
        source: 'ocsp',
        outcome: 'failed',
        detail: 'no answer within 500 ms',
      });
      expect(report.signatures[0].revocation).toMatchObject({ status: 'good', revocationSource: 'crl' });
    } finally {
      silent.close();
      slow.remove();
    }
  });
});

describe('PAdES B-LT keeps the OCSP answers', () => {
  it('asks each certificate’s responder at augmentation; ten years later, offline and without any CRL, those answers decide', async () => {
    const { pdf } = await signedBy('ltv-ocsp');
    const asked = server.hits.ocsp;
    const lt = await augmentToLt(pdf, await pki.trust());
    // The signer's and the TSA's certificates name the responder; each answer is kept as received.
    expect(server.hits.ocsp - asked).toBeGreaterThanOrEqual(2);
    const dss = await readDss(lt);
    expect(dss.ocsps.length).toBe(server.hits.ocsp - asked);
    const later = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
    const report = await validatePdf(lt, { ...(await pki.trust()), crls: [] }, later, { online: false });
    expect(report.verdict).toBe('valid');
    expect(report.signatures[0].level).toBe('B-LT');
    expect(report.signatures[0].revocation).toMatchObject({ status: 'good', revocationSource: 'embedded' });
    expect(report.signatures[0].revocation.source).toMatch(/^embedded OCSP /);
  });
});
