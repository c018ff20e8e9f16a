import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { timestampSource } from '../../api/src/signing/routes';
import { signPdf } from '../../api/src/signing/signer';
import { ApiClient, startTestApp, type TestApp } from '../support/harness';
import { PKI_PASSWORD, createTestPki, flipByteInSignedRange, makePdf, signatureImage, type TestPki } from '../support/signing';

let t: TestApp;
let pki: TestPki;
let server: Server;
let base: string;
let work: string;
let signedTwice: Buffer;

beforeAll(async () => {
  pki = await createTestPki();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-signing-api-'));
  t = await startTestApp({ env: { PKI_DIR: pki.dir, TRUST_STORE_DIR: path.join(pki.dir, 'trust'), DATA_DIR: path.join(work, 'data') } });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  // The signer calls the app's own TSA over HTTP, as it does when TSA_URL is unset.
  const timestamps = timestampSource({ ...t.config, PORT: port });
  const one = await signPdf(await makePdf(3), {
    identity: pki.identity('users', 'qn.chutich'),
    appearance: { kind: 'leader', rect: [330, 80, 540, 200], name: 'Trần Minh Khoa', title: 'Chủ tịch', image: await signatureImage() },
    timestamps,
  });
  signedTwice = (
    await signPdf(one.pdf, {
      identity: pki.identity('orgs', 'qn-ubnd'),
      appearance: { kind: 'seal', rect: [260, 70, 460, 170], organisation: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
      // Issuance: số/ký hiệu and date stamped in the same revision as the seal signature.
      stamps: [
        { page: 0, rect: [60, 740, 260, 760], text: 'Số: 05/QĐ-UBND' },
        { page: 0, rect: [300, 740, 560, 760], text: 'Quảng Ninh, ngày 05 tháng 01 năm 2026' },
      ],
      timestamps,
    })
  ).pdf;
  fs.writeFileSync(path.join(work, 'signed.pdf'), signedTwice);
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
  pki.remove();
  fs.rmSync(work, { recursive: true, force: true });
});

async function validate(client: ApiClient, bytes: Buffer, name = 'văn bản đã ký.pdf') {
  if (!client.xsrf) await client.get('/api/me');
  return client.agent.post('/api/signatures/validate').set('X-XSRF-TOKEN', client.xsrf!).attach('main', bytes, name);
}

describe('POST /api/tsa (dev RFC 3161 TSA)', () => {
  it('answers an openssl timestamp query with a reply that openssl verifies against the dev root', async () => {
    const data = path.join(work, 'data.bin');
    fs.writeFileSync(data, 'dữ liệu cần đóng dấu thời gian');
    execFileSync('openssl', ['ts', '-query', '-data', data, '-sha256', '-cert', '-out', path.join(work, 'q.tsq')]);
    const res = await fetch(`${base}/api/tsa`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query' },
      body: fs.readFileSync(path.join(work, 'q.tsq')),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/timestamp-reply');
    fs.writeFileSync(path.join(work, 'r.tsr'), Buffer.from(await res.arrayBuffer()));
    const out = execFileSync('openssl', [
      'ts',
      '-verify',
      '-in',
      path.join(work, 'r.tsr'),
      '-queryfile',
      path.join(work, 'q.tsq'),
      '-CAfile',
      path.join(pki.dir, 'root-ca.pem'),
      '-untrusted',
      path.join(pki.dir, 'intermediate-ca.pem'),
    ]).toString();
    expect(out).toContain('Verification: OK');
    const text = execFileSync('openssl', ['ts', '-reply', '-in', path.join(work, 'r.tsr'), '-text']).toString();
    expect(text).toContain('Status: Granted');
  });

  it('rejects other media types and answers a malformed request with a rejection status', async () => {
    expect((await fetch(`${base}/api/tsa`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(
      415,
    );
    const res = await fetch(`${base}/api/tsa`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query' },
      body: 'not DER',
    });
    expect(res.status).toBe(200);
    fs.writeFileSync(path.join(work, 'bad.tsr'), Buffer.from(await res.arrayBuffer()));
    expect(execFileSync('openssl', ['ts', '-reply', '-in', path.join(work, 'bad.tsr'), '-text']).toString()).toContain('Status: Rejected');
  });
});

describe('POST /api/signatures/validate', () => {
  it('returns the report for any signed-in user: two valid signatures, the first followed only by a signature', async () => {
    const client = new ApiClient(t.app);
    await client.login('stc.vanthu');
    const res = await validate(client, signedTwice);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ signatureCount: 2, verdict: 'valid', reasons: [] });
    expect(res.body.signatures.map((s: { signer: { commonName: string }; verdict: string }) => [s.signer.commonName, s.verdict])).toEqual([
      ['Trần Minh Khoa', 'valid'],
      ['Ủy ban nhân dân tỉnh Quảng Ninh', 'valid'],
    ]);
    // After the leader's signature only the seal signature and the stamped number and date (read-only fields) came.
    expect(res.body.signatures[0]).toMatchObject({
      timestamp: { valid: true },
      modifiedAfter: { changed: true, kinds: ['form_fill', 'signatures'] },
      revocation: { status: 'good' },
    });
  });

  it('reports a tampered file as invalid, refuses non-PDFs and anonymous callers', async () => {
    const client = new ApiClient(t.app);
    await client.login('stc.vanthu');
    const tampered = flipByteInSignedRange(signedTwice);
    const res = await validate(client, tampered);
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe('invalid');
    expect(res.body.reasons.map((r: { code: string }) => r.code)).toContain('digest_mismatch');

    const png = await signatureImage();
    const notPdf = await validate(client, png, 'chữ ký.pdf');
    expect(notPdf.status).toBe(415);
    expect(notPdf.body.code).toBe('upload.unsupported_type');

    const anonymous = new ApiClient(t.app);
    expect((await validate(anonymous, signedTwice)).status).toBe(401);
  });
});

describe('independent checks', () => {
  it('Debian pdfsig, with the dev root in an NSS database, reports both signatures valid and trusted', () => {
    const nss = path.join(work, 'nss');
    fs.mkdirSync(nss);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'vanthu-dev-root', '-t', 'CT,C,C', '-i', path.join(pki.dir, 'root-ca.pem')]);
    const run = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, path.join(work, 'signed.pdf')], { encoding: 'utf8' });
    const out = run.stdout;
    expect(out.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect(out.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(2);
    expect(out).toContain('Signer Certificate Common Name: Trần Minh Khoa');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toMatch(/Signature Field Name: Signature1[\s\S]*Signature Field Name: Signature2/);
  });

  it('the stamped number and date are read-only fields; qpdf --check finds the signed PDF well-formed', async () => {
    const form = (await PDFDocument.load(signedTwice)).getForm();
    expect(form.getFields().map((f) => [f.getName(), f.isReadOnly()])).toEqual([
      ['Signature1', false],
      ['Signature2', false],
      ['Stamp1', true],
      ['Stamp2', true],
    ]);
    expect(form.getTextField('Stamp1').getText()).toBe('Số: 05/QĐ-UBND');
    const run = spawnSync('qpdf', ['--check', path.join(work, 'signed.pdf')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('No syntax or stream encoding errors found');
  });
});

describe('command line', () => {
  const env = () => ({ ...process.env, PKI_DIR: pki.dir, TRUST_STORE_DIR: path.join(pki.dir, 'trust'), LOG_LEVEL: 'silent' });
  const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const script = (name: string) => path.join(__dirname, '..', '..', 'scripts', name);

  it('pdf:sign signs with a leader key and a passphrase file; pdf:validate prints the report and exits 0 / 1 / 2', async () => {
    const pass = path.join(work, 'pass.txt');
    fs.writeFileSync(pass, `${PKI_PASSWORD}\n`);
    const input = path.join(work, 'in.pdf');
    fs.writeFileSync(input, await makePdf(1));
    const out = path.join(work, 'out.pdf');
    const env2 = { ...env() } as NodeJS.ProcessEnv;
    delete env2.TSA_URL;
    const sign = spawnSync(tsx, [script('pdf-sign.ts'), '--user', 'qn.cvp', '--passphrase-file', pass, input, out], {
      env: env2,
      encoding: 'utf8',
    });
    expect(sign.stderr).toBe('');
    expect(sign.status).toBe(0);
    expect(sign.stdout).toContain('signed by Đỗ Văn Thành');

    const ok = spawnSync(tsx, [script('pdf-validate.ts'), out], { env: env2, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      verdict: 'valid',
      signatures: [{ signer: { commonName: 'Đỗ Văn Thành' }, timestamp: { valid: true } }],
    });

    const broken = flipByteInSignedRange(fs.readFileSync(out));
    fs.writeFileSync(path.join(work, 'broken.pdf'), broken);
    expect(spawnSync(tsx, [script('pdf-validate.ts'), path.join(work, 'broken.pdf')], { env: env2 }).status).toBe(1);
    expect(spawnSync(tsx, [script('pdf-validate.ts'), input], { env: env2 }).status).toBe(2);

    fs.writeFileSync(pass, 'wrong\n');
    const wrong = spawnSync(
      tsx,
      [script('pdf-sign.ts'), '--user', 'qn.cvp', '--passphrase-file', pass, input, path.join(work, 'never.pdf')],
      { env: env2, encoding: 'utf8' },
    );
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('signing.wrong_passphrase');
    expect(fs.existsSync(path.join(work, 'never.pdf'))).toBe(false);
  });
});
