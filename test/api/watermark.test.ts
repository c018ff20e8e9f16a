import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTrustStore, validatePdf } from '../../api/src/signing/validate';
import { textPdf } from '../support/documents';
import { loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';
import { opensslPki, pdfsig, qpdfCheck, signWithSignpdf } from '../support/stamp-checks';

let t: TestApp;
let dataDir: string;
let clerk: ApiClient;
let other: ReturnType<typeof opensslPki>;
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-watermark-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  clerk = await loggedIn(t.app, 'stc.vanthu');
  await clerk.get('/api/me');
  other = opensslPki();
}, 120_000);
afterAll(async () => {
  await t.close();
  other.remove();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Text of each page of a PDF, as pdftotext reads it (annotation appearances included, as printed). */
function pageTexts(pdf: Buffer, pages: number): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-wm-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    return Array.from({ length: pages }, (_, i) =>
      execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), path.join(dir, 'in.pdf'), '-'])
        .toString()
        .normalize('NFC')
        .replace(/\s+/g, ' '),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('watermarked reading copy (?watermark=1)', () => {
  let id: string;
  let fileId: string;
  let signed: Buffer;

  beforeAll(async () => {
    signed = await signWithSignpdf(
      await textPdf(['Công văn số 12/SNV-VP trang một', 'Trang hai của công văn', 'Trang ba của công văn']),
      other.p12,
      other.passphrase,
    );
    const up = await clerk.agent.post('/api/incoming').set('X-XSRF-TOKEN', clerk.xsrf!).attach('main', signed, 'công văn ký số.pdf');
    expect(up.status).toBe(201);
    id = up.body.id;
    fileId = up.body.files[0].id;
  });

  it('marks every page with reader, organisation and time; the signature still verifies; the original is unchanged', async () => {
    const before = new Date();
    const res = await clerk.agent.get(`/api/incoming/${id}/files/${fileId}?watermark=1`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/pdf/);
    expect(decodeURIComponent(res.headers['content-disposition'])).toContain('bản đọc.pdf');
    const copy = res.body as Buffer;
    // An incremental update: every byte of the signed original comes first.
    expect(copy.subarray(0, signed.length).equals(signed)).toBe(true);

    const stamp = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(before);
    const texts = pageTexts(copy, 3);
    for (const text of texts) {
      expect(text).toContain('Người tải: Phan Thị Thảo — Sở Tài chính tỉnh Quảng Ninh —');
      expect(text).toMatch(new RegExp(`${stamp.replace(/\//g, '\\/')} \\d\\d:\\d\\d`));
    }
    expect(texts[1]).toContain('Trang hai');

    expect(pdfsig(copy, other.rootPem)).toEqual([
      { validation: 'Signature is Valid.', certificate: 'Certificate is Trusted.', total: false },
    ]);
    const trust = await loadTrustStore(path.join(other.dir, 'trust'));
    const report = await validatePdf(copy, trust);
    expect(report.verdict).toBe((await validatePdf(signed, trust)).verdict);
    expect(report.signatures[0]).toMatchObject({
      integrity: { digestMatches: true, signatureVerified: true },
      modifiedAfter: { changed: true, kinds: ['annotations'] },
    });
    const check = qpdfCheck(copy);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('No syntax or stream encoding errors found');

    // The file as stored is still served to those allowed, unmarked.
    const original = (await clerk.agent.get(`/api/incoming/${id}/files/${fileId}`).buffer(true)).body as Buffer;
    expect(sha256(original)).toBe(sha256(signed));
    expect(pageTexts(original, 1)[0]).not.toContain('Người tải');
  });

  it('a user who may not see the document gets 404, watermark or not', async () => {
    const stranger = await loggedIn(t.app, 'snv.vanthu');
    const res = await stranger.agent.get(`/api/incoming/${id}/files/${fileId}?watermark=1`);
    expect(res.status).toBe(404);
  });
});
