// A clerk picks the result columns, saves the search, runs it again and downloads the result list as PDF and
// DOCX; her search filtered on secrecy shows up in the log the organisation's head reads.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { textPdf } from '../support/documents';
import { launchBrowser, signedInPage, startE2eSystem } from '../support/browser';
import { loggedIn } from '../support/harness';

let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let dir: string;
const SUBJECTS = ['V/v kiểm tra công tác văn thư, lưu trữ năm 2025', 'V/v kiểm tra công tác văn thư tại các phòng chuyên môn'];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-search-e2e-'));
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
  // Two registered incoming documents of Sở Nội vụ, received by its clerk through the API.
  const clerk = await loggedIn(env.url, 'snv.vanthu');
  await clerk.get('/api/me');
  for (const [i, subject] of SUBJECTS.entries()) {
    const draft = await clerk.agent
      .post('/api/incoming')
      .set('X-XSRF-TOKEN', clerk.xsrf!)
      .attach('main', await textPdf([subject]), `van-ban-${i}.pdf`);
    const registered = await clerk.post(`/api/incoming/${draft.body.id}/register`, {
      registerId: 'qn-snv-den',
      issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      number: String(41 + i),
      symbol: 'UBND-VX',
      issueDate: `2025-02-1${i}`,
      documentType: 'Công văn',
      subject,
      dueDate: `2025-03-2${i}`,
    });
    expect(registered.status).toBe(200);
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The page as looked at on a desktop (1366×768) and a phone (390×844). */
async function screenshots(page: Page, name: string) {
  fs.mkdirSync('test-results', { recursive: true });
  for (const [w, h] of [
    [1366, 768],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/${name}-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

const headings = (page: Page) => page.locator('[data-testid=search-results] th').allTextContents();

/** Clicks a download link and keeps the file. */
async function download(page: Page, testId: string, name: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testId}]`)]);
  const to = path.join(dir, name);
  await file.saveAs(to);
  return fs.readFileSync(to);
}

describe('saved searches, result columns and exports', () => {
  it('the clerk chooses columns, saves the search, runs it again and downloads the list as PDF and DOCX', async () => {
    const clerk = await signedInPage(browser, env.url, 'snv.vanthu');
    await clerk.click('[data-testid=nav-search]');
    await clerk.fill('[data-testid=search-box]', 'kiem tra cong tac van thu');
    await clerk.click('[data-testid=search-submit]');
    await clerk.waitForFunction(() => document.querySelectorAll('[data-testid=search-result]').length === 2);

    // Columns: the due date on, the issuer off.
    await clerk.click('[data-testid=search-columns] summary');
    await clerk.check('[data-testid=column-dueDate]');
    await clerk.uncheck('[data-testid=column-issuer]');
    await clerk.waitForSelector('[data-testid=search-results] th[data-column=issuer]', { state: 'detached' });
    expect((await headings(clerk)).map((h) => h.trim())).toEqual(['Số, ký hiệu', 'Số đến', 'Ngày', 'Trích yếu', 'Trạng thái', 'Hạn xử lý']);
    expect(await clerk.locator('[data-testid=search-result] [data-column=dueDate]').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('20/03/2025')]),
    );

    await clerk.fill('[data-testid=saved-name]', 'Kiểm tra văn thư');
    await clerk.click('[data-testid=saved-save]');
    await clerk.waitForSelector('[data-testid=saved-notice]');
    expect((await clerk.textContent('[data-testid=saved-notice]'))?.trim()).toBe('Đã lưu tìm kiếm “Kiểm tra văn thư”.');
    await screenshots(clerk, 'search-saved-results');

    // A fresh search page with other columns: the saved search brings back its words and its columns.
    await clerk.goto(`${env.url}/search`);
    await clerk.click('[data-testid=search-columns] summary');
    await clerk.check('[data-testid=column-signer]');
    await clerk.selectOption('[data-testid=saved-pick]', { label: 'Kiểm tra văn thư' });
    await clerk.waitForFunction(() => document.querySelectorAll('[data-testid=search-result]').length === 2);
    await clerk.waitForSelector('[data-testid=search-results] th[data-column=signer]', { state: 'detached' });
    expect(await clerk.inputValue('[data-testid=search-box]')).toBe('kiem tra cong tac van thu');
    expect((await headings(clerk)).map((h) => h.trim())).toEqual(['Số, ký hiệu', 'Số đến', 'Ngày', 'Trích yếu', 'Trạng thái', 'Hạn xử lý']);

    const pdf = await download(clerk, 'export-pdf', 'list.pdf');
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'list.pdf'), '-'])
      .toString()
      .normalize('NFC')
      .replace(/\s+/g, ' ');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(text).toContain('KẾT QUẢ TRA CỨU VĂN BẢN');
    expect(text).toContain('Người xuất: Kiều Thị Vân');
    expect(text).toContain('Từ khóa: “kiem tra cong tac van thu”');
    expect(text).toContain('Hạn xử lý');
    expect(text).not.toContain('Cơ quan ban hành');
    expect(text).toContain('20/03/2025');
    expect(text).toContain('42/UBND-VX');

    const docx = await download(clerk, 'export-docx', 'list.docx');
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    expect(xml).toContain('KẾT QUẢ TRA CỨU VĂN BẢN');
    expect(xml).toContain('lưu trữ năm 2025');
    expect(xml).toContain('phòng chuyên môn');
  });

  it('a search filtered on secrecy is in the log the head of the organisation reads', async () => {
    const clerk = await signedInPage(browser, env.url, 'snv.vanthu');
    await clerk.goto(`${env.url}/search?secrecy=MAT`);
    await clerk.waitForSelector('[data-testid=search-empty]');
    // The clerk is not a head: no way to the log.
    expect(await clerk.locator('[data-testid=secret-log-link]').count()).toBe(0);

    const head = await signedInPage(browser, env.url, 'snv.gd');
    await head.click('[data-testid=nav-search]');
    await head.click('[data-testid=secret-log-link]');
    await head.waitForSelector('[data-testid=secret-log-row]');
    const row = head.locator('[data-testid=secret-log-row]').first();
    expect(await row.textContent()).toContain('Kiều Thị Vân');
    expect(await row.textContent()).toContain('Độ mật: Mật');
    await screenshots(head, 'search-secret-log');
  });
});
