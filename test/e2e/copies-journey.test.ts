import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { todayInVietnam } from '../../api/src/calendar/working-days';
import { demoLeaders, demoSealOrganisations } from '../../api/src/signing/demo';
import { generateDevPki } from '../../api/src/signing/pki';
import { roleGrants, users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { financePlan, financePlanMetadata } from '../support/drafts';
import { DEMO_PASSWORD } from '../support/harness';
import { pdfsig } from '../support/stamp-checks';
import { launchBrowser, startE2eSystem, signedInPage, postAs, type PostBody, registerAtDesk } from '../support/browser';

let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let pdfPath: string;
/** A dev PKI of the run: the director of Sở Tài chính signs, its seal seals the issued document and signs the copies. */
let pkiDir: string;
const shots = process.env.E2E_SCREENSHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-copies-shots-'));

beforeAll(async () => {
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-pki-'));
  await generateDevPki({
    dir: pkiDir,
    password: DEMO_PASSWORD,
    leaders: demoLeaders().filter((l) => l.username === 'stc.gd'),
    organisations: demoSealOrganisations().filter((o) => o.id === 'qn-stc'),
  });
  [env, browser] = await Promise.all([startE2eSystem({ PKI_DIR: pkiDir, TRUST_STORE_DIR: path.join(pkiDir, 'trust') }), launchBrowser()]);
  pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-')), 'cong-van.pdf');
  fs.writeFileSync(pdfPath, await textPdf(['Công văn số 88/SNV-VP về việc rà soát hồ sơ công việc']));
  // The director of the Sở is named to sign its copies (COPY_SIGN, ND 30 Điều 27); the seed names nobody.
  const db = env.system.database.db;
  const [gd] = await db.select().from(users).where(eq(users.username, 'stc.gd'));
  await db.insert(roleGrants).values({ userId: gd.id, role: 'COPY_SIGN', organisationId: 'qn-stc' });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

const api = (page: Page, url: string, body?: PostBody) => postAs(page, env.url, url, body);

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 500))) {
    const v = await probe();
    if (v !== undefined) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The signature fields of a PDF with their page number and widget /Rect (PDF points, origin bottom left), read by qpdf. */
function signatureWidgets(file: string) {
  const json = JSON.parse(
    execFileSync('qpdf', ['--json=2', '--json-key=acroform', '--json-key=pages', '--json-key=qpdf', file], { encoding: 'utf8' }),
  );
  const objects = json.qpdf[1] as Record<string, { value: Record<string, unknown> }>;
  const mediaBox = (objects[`obj:${json.pages[0].object}`].value['/MediaBox'] as number[]) ?? [0, 0, 595.28, 841.89];
  const fields = (json.acroform.fields as { fieldtype: string; pageposfrom1: number; annotation: { object: string } }[]).filter(
    (f) => f.fieldtype === '/Sig',
  );
  return {
    page1: { width: mediaBox[2] - mediaBox[0], height: mediaBox[3] - mediaBox[1] },
    fields: fields.map((f) => ({ page: f.pageposfrom1, rect: objects[`obj:${f.annotation.object}`].value['/Rect'] as number[] })),
  };
}

const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

describe('Sao văn bản', () => {
  it('the clerk registers a received document, makes a SAO Y from its page and sees it listed with its copy number', async () => {
    const clerk = await signedInPage(browser, env.url, 'stc.vanthu');
    const documentId = await registerAtDesk(clerk, pdfPath, {
      issuer: 'Sở Nội vụ tỉnh Quảng Ninh',
      number: '88',
      symbol: 'SNV-VP',
      issueDate: todayInVietnam(),
      subject: 'V/v rà soát hồ sơ công việc',
    });

    await clerk.goto(`${env.url}/incoming/${documentId}`);
    await clerk.waitForSelector('[data-testid=copies]');
    expect(await clerk.getAttribute('[data-testid=download-reading]', 'href')).toContain('?watermark=1');
    await clerk.click('[data-testid=copy-make]');
    await clerk.click('[data-testid=copy-submit]');
    await clerk.waitForSelector('[data-testid=copy]');
    const item = (await clerk.textContent('[data-testid=copy]'))!;
    expect(item).toContain('/SY-STC');
    expect(item).toContain('Sao y');
    expect(item).toContain('Chờ ký');
    await clerk.locator('[data-testid=copies]').scrollIntoViewIfNeeded();
    await clerk.setViewportSize({ width: 1366, height: 768 });
    await clerk.screenshot({ path: path.join(shots, 'copies-1366.png') });
    await clerk.setViewportSize({ width: 390, height: 844 });
    await clerk.locator('[data-testid=copies]').scrollIntoViewIfNeeded();
    await clerk.screenshot({ path: path.join(shots, 'copies-390.png') });
  }, 120_000);

  it('a SAO Y of an issued document: the organisation signature top right of page 1, every signature valid, then a watermarked reading copy', async () => {
    // An issued plan of the Sở: drafted, checked, signed by the director, issued and sealed (the signing journey covers those screens).
    const specialist = await signedInPage(browser, env.url, 'stc.cv.qlns');
    const draft = await financePlan(9);
    const created = await api(specialist, '/api/outgoing', {
      multipart: {
        metadata: financePlanMetadata,
        main: { name: 'ke-hoach.pdf', mimeType: 'application/pdf', buffer: draft },
      },
    });
    const id = created.id as string;
    await api(specialist, `/api/outgoing/${id}/submit`);
    await api(await signedInPage(browser, env.url, 'stc.tp.qlns'), `/api/outgoing/${id}/approve`);
    const director = await signedInPage(browser, env.url, 'stc.gd');
    await api(director, `/api/outgoing/${id}/approve`);
    await api(director, `/api/outgoing/${id}/sign`, { json: { passphrase: DEMO_PASSWORD } });
    const clerk = await signedInPage(browser, env.url, 'stc.vanthu');
    const outgoing = async () => (await clerk.request.get(`${env.url}/api/outgoing/${id}`)).json();
    await until('the director’s signature', async () => ((await outgoing()).status === 'SIGNED' ? true : undefined));
    await api(clerk, `/api/outgoing/${id}/issue`);
    await until('the seal', async () => ((await outgoing()).sealed ? true : undefined));

    // 1. The clerk makes a SAO Y from the document's page; the director signs it there; the worker applies the signature.
    await clerk.goto(`${env.url}/outgoing/${id}`);
    await clerk.waitForSelector('[data-testid=copies]');
    await clerk.click('[data-testid=copy-make]');
    await clerk.click('[data-testid=copy-submit]');
    await clerk.waitForSelector('[data-testid=copy]');
    const copyId = (await clerk.getAttribute('[data-testid=copy]', 'data-copy-id'))!;
    await director.goto(`${env.url}/outgoing/${id}`);
    await director.click('[data-testid=copy-sign]');
    const copy = async () => (await clerk.request.get(`${env.url}/api/copies/${copyId}`)).json();
    const signed = await until('the copy’s organisation signature', async () => ((await copy()).state === 'SIGNED' ? copy() : undefined));
    expect(signed.numberAndSymbol).toMatch(/^\d{2}\/SY-STC$/);

    // 2. The signed copy: every signature valid (the director's, the seal, the copy's), the copy's on page 1 top right.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-copy-'));
    const file = path.join(dir, 'sao-y.pdf');
    const pdf = Buffer.from(await (await clerk.request.get(`${env.url}/api/copies/${copyId}/file`)).body());
    fs.writeFileSync(file, pdf);
    const root = path.join(pkiDir, 'trust', 'root-ca.pem');
    expect(pdfsig(pdf, root).map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.', 'Signature is Valid.']);
    const { page1, fields } = signatureWidgets(file);
    // Three signature fields: the director's and the seal in the signature block (last page), the copy's alone on page 1.
    expect(fields).toHaveLength(3);
    const onPage1 = fields.filter((f) => f.page === 1);
    expect(onPage1).toHaveLength(1);
    const copySignature = onPage1[0];
    const [x0, y0, x1, y1] = copySignature.rect;
    expect(x1 - x0).toBeGreaterThan(40);
    expect(x0).toBeGreaterThan(page1.width / 2); // right half
    expect(y0).toBeGreaterThan(page1.height * 0.75); // top quarter
    expect(y1).toBeLessThanOrEqual(page1.height);
    const caption = execFileSync(
      'pdftotext',
      [
        '-f',
        '1',
        '-l',
        '1',
        '-x',
        String(Math.floor(x0)),
        '-y',
        String(Math.floor(page1.height - y1)),
        '-W',
        String(Math.ceil(x1 - x0)),
        '-H',
        String(Math.ceil(y1 - y0)),
        file,
        '-',
      ],
      { encoding: 'utf8' },
    ).normalize('NFC');
    expect(caption).toContain('SAO Y');
    expect(caption).toContain('Sở Tài chính tỉnh Quảng Ninh');
    fs.copyFileSync(file, path.join(shots, 'sao-y.pdf'));
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', file, path.join(shots, 'sao-y-page')]);

    // 3. The reading copy names its reader, organisation and time on every page; the signatures still verify.
    const before = new Date();
    const markedFile = path.join(dir, 'sao-y-doc.pdf');
    const marked = Buffer.from(await (await clerk.request.get(`${env.url}/api/copies/${copyId}/file?watermark=1`)).body());
    fs.writeFileSync(markedFile, marked);
    const fmt = (d: Date) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Ho_Chi_Minh',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      })
        .format(d)
        .replace(',', '');
    const stamps = new Set([fmt(before), fmt(new Date())]);
    const clerkName = (await (await clerk.request.get(`${env.url}/api/me`)).json()).fullName as string;
    const pages = pageCount(markedFile);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let p = 1; p <= pages; p++) {
      // -raw: in content order, so the watermark's lines come out whole rather than interleaved with the body's columns.
      const text = execFileSync('pdftotext', ['-raw', '-f', String(p), '-l', String(p), markedFile, '-'], { encoding: 'utf8' }).normalize(
        'NFC',
      );
      const line = new RegExp(`Người tải: ${clerkName} — Sở Tài chính tỉnh Quảng Ninh — (\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d)`).exec(text);
      expect({ page: p, found: line !== null && stamps.has(line[1]) }).toEqual({ page: p, found: true });
    }
    expect(pdfsig(marked, root).map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.', 'Signature is Valid.']);
    execFileSync('pdftoppm', ['-png', '-r', '80', markedFile, path.join(shots, 'sao-y-watermarked')]);

    // 4. The clerk dispatches the copy to the Sở Nội vụ from the page; it arrives in its incoming documents.
    await clerk.reload();
    await clerk.click('[data-testid=copy-dispatch]');
    await clerk.selectOption('[data-testid=copy-recipient-select]', 'qn-snv');
    await clerk.click('[data-testid=copy-recipient-add]');
    await clerk.click('[data-testid=copy-dispatch-submit]');
    await clerk.waitForSelector('[data-testid=copy-recipient][data-route=INTERNAL]');
    expect(await clerk.textContent('[data-testid=copy-recipients]')).toContain('Sở Nội vụ');
    await clerk.locator('[data-testid=copies]').scrollIntoViewIfNeeded();
    await clerk.setViewportSize({ width: 1366, height: 768 });
    await clerk.screenshot({ path: path.join(shots, 'copy-dispatched-1366.png') });
    await clerk.setViewportSize({ width: 390, height: 844 });
    await clerk.locator('[data-testid=copies]').scrollIntoViewIfNeeded();
    await clerk.screenshot({ path: path.join(shots, 'copy-dispatched-390.png') });
    const incomingId = (await copy()).recipients[0].incomingDocumentId as string;
    const receiver = await signedInPage(browser, env.url, 'snv.vanthu');
    const received = await (await receiver.request.get(`${env.url}/api/incoming/${incomingId}`)).json();
    expect(received).toMatchObject({
      channel: 'INTERNAL',
      symbol: 'SY-STC',
      issuerName: 'Sở Tài chính tỉnh Quảng Ninh',
      subject: 'Kế hoạch kiểm tra tài chính năm 2027',
    });
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240_000);
});
