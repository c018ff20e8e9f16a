import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { todayInVietnam } from '../../api/src/calendar/working-days';
import { nonEmbeddedFontPdf, textPdf } from '../support/documents';
import { launchBrowser, startE2eSystem } from '../support/browser';
import { DEMO_PASSWORD } from '../support/harness';

/*
 * The pdf.js viewer on the document pages, under the Content-Security-Policy the server itself sends
 * (api/src/http/security-headers.ts: no inline script, no eval, workers from our own origin only): an incoming letter whose font is not
 * embedded (3 pages), an outgoing draft approved from beside it, and the issued copy. Screenshots at
 * 1366×768 and 390×844 go to test-results/viewer-*.png.
 */
const WIDE = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let letterPdf: string;
let draftPdf: string;
const violations = new Map<Page, string[]>();

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-viewer-'));
  letterPdf = path.join(dir, 'cong-van-215.pdf');
  draftPdf = path.join(dir, 'du-thao.pdf');
  fs.writeFileSync(
    letterPdf,
    nonEmbeddedFontPdf([
      [
        'ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH',
        'Số: 215/UBND-KT',
        'V/v lập dự toán ngân sách năm 2027',
        'Kính gửi: Sở Tài chính; các sở, ban, ngành.',
      ],
      ['Điều 1. Giao Sở Tài chính chủ trì, phối hợp với các đơn vị hướng dẫn.', 'Thời hạn: trước ngày 15 tháng 12 năm 2026.'],
      ['Nơi nhận: như trên; lưu VT, KT.', 'CHỦ TỊCH — Nguyễn Văn Đức'],
    ]),
  );
  fs.writeFileSync(
    draftPdf,
    await textPdf([
      'Dự thảo Công văn về việc hướng dẫn quyết toán vốn đầu tư công năm 2026',
      'Trang 2: Nơi nhận — Sở Kế hoạch và Đầu tư; lưu VT, QLNS.',
    ]),
  );
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** A person signed in; every violation of the server's CSP is collected. */
async function as(username: string, viewport = WIDE): Promise<Page> {
  const context = await browser.newContext({ locale: 'vi-VN', viewport });
  await context.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  violations.set(page, []);
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.get(page)!.push(m.text());
  });
  const login = await page.goto(`${env.url}/login`);
  // The page is served with the strict policy (no 'unsafe-inline' for scripts or styles): what the checks below run under.
  expect(login!.headers()['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'nonce-[^']+';/);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=current-user]');
  return page;
}

const VIEWER = 'vt-pdf-viewer';

/** Waits until the viewer has drawn `page` (at any zoom) and returns what is on the canvas. */
async function drawn(page: Page, pageNumber: number) {
  await page.waitForSelector(`${VIEWER}[data-rendered^="${pageNumber}@"]`);
  return page.$eval(`${VIEWER} canvas`, (c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    let signature = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] < 140 && data[i + 1] < 140 && data[i + 2] < 140) {
        ink++;
        signature = (signature * 31 + i) % 1_000_000_007;
      }
    }
    return { ink, signature, cssWidth: parseFloat(c.style.width), cssHeight: parseFloat(c.style.height) };
  });
}

const counter = async (page: Page) => (await page.textContent('[data-testid=pdf-page]'))!.trim();
const zoom = async (page: Page) => Number((await page.textContent('[data-testid=pdf-zoom]'))!.trim().replace('%', ''));
/** Waits until the page on the canvas is drawn at a zoom above, below or equal to `than` (percent). */
const renderedZoom = (page: Page, how: 'above' | 'below' | 'at', than: number) =>
  page.waitForFunction(
    ([how, than]) => {
      const z = Number(document.querySelector('vt-pdf-viewer')?.getAttribute('data-rendered')?.split('@')[1]);
      return how === 'above' ? z > than : how === 'below' ? z < than : z === than;
    },
    [how, than] as const,
  );
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

/**
 * Nothing the strict CSP blocked, and pdf.js parses in a real worker from our origin (had the worker been
 * blocked, pdf.js would quietly fall back to parsing on the page's thread).
 */
async function expectCspClean(page: Page) {
  const inPage = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  expect([...inPage, ...violations.get(page)!]).toEqual([]);
  expect(page.workers().map((w) => new URL(w.url()).pathname)).toContain('/pdfjs/pdf.worker.min.mjs');
}

/** Looks at the page at 390×844: the viewer takes the whole width and a sensible height, and draws. */
async function checkPhone(username: string, url: string, copy: string, shot: string) {
  const phone = await as(username, PHONE);
  await phone.goto(url);
  await phone.waitForSelector(`[data-testid=document-viewer][data-copy=${copy}]`);
  const first = await drawn(phone, 1);
  expect(first.ink).toBeGreaterThan(100);
  const stage = await box(phone, '[data-testid=pdf-stage]');
  expect(stage.width).toBeGreaterThan(PHONE.width - 80);
  expect(stage.x + stage.width).toBeLessThanOrEqual(PHONE.width);
  // As tall as the fitted A4 page (width × 1.41), within the screen.
  expect(stage.height).toBeGreaterThan(first.cssWidth * 1.3);
  expect(stage.height).toBeLessThan(PHONE.height * 0.8);
  // Fit width: the page is as wide as the area, not cut off and not scrolled sideways.
  expect(first.cssWidth).toBeGreaterThan(stage.width - 40);
  expect(first.cssWidth).toBeLessThanOrEqual(stage.width);
  await phone.locator('[data-testid=document-viewer]').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: `test-results/viewer-${shot}-390.png` });
  await expectCspClean(phone);
  await phone.context().close();
}

describe('the PDF viewer on the document pages', () => {
  it('shows the stamped incoming letter, the draft being approved beside it, and the issued copy; pages, zoom and keys work', async () => {
    // 1. The clerk receives a letter whose font is not embedded and registers it; the register page shows it too.
    const clerk = await as('stc.vanthu');
    await clerk.click('[data-testid=nav-incoming]');
    await clerk.click('[data-testid=incoming-new]');
    await clerk.setInputFiles('[data-testid=upload-main]', letterPdf);
    await clerk.click('[data-testid=upload-submit]');
    await clerk.waitForURL(/\/incoming\/[^/]+\/register$/);
    const incomingId = clerk.url().split('/').at(-2)!;
    expect((await drawn(clerk, 1)).ink).toBeGreaterThan(300);
    await clerk.fill('[data-testid=register-issuer]', 'Ủy ban nhân dân tỉnh Quảng Ninh');
    await clerk.fill('[data-testid=register-number]', '215');
    await clerk.fill('[data-testid=register-symbol]', 'UBND-KT');
    await clerk.fill('[data-testid=register-issue-date]', todayInVietnam());
    await clerk.fill('[data-testid=register-type]', 'Công văn');
    await clerk.fill('[data-testid=register-subject]', 'V/v lập dự toán ngân sách năm 2027');
    await clerk.click('[data-testid=register-submit]');
    await clerk.waitForSelector('[data-testid=arrival-number]');

    // 2. The document page shows the stamped copy beside the actions: page 1 of 3, drawn.
    await clerk.goto(`${env.url}/incoming/${incomingId}`);
    await clerk.waitForSelector('[data-testid=document-viewer][data-copy=stamped]');
    expect(await clerk.textContent('[data-testid=pdf-caption]')).toBe('Bản có dấu ĐẾN');
    const page1 = await drawn(clerk, 1);
    expect(page1.ink).toBeGreaterThan(300);
    expect(await counter(clerk)).toBe('Trang 1/3');
    await clerk.screenshot({ path: 'test-results/viewer-incoming-1366.png' });
    const viewer = await box(clerk, '[data-testid=document-viewer]');
    const side = await box(clerk, '.reading-side');
    expect(viewer.x + viewer.width).toBeLessThanOrEqual(side.x);
    expect(viewer.height).toBeGreaterThan(500);

    // Pages: next, then the keys on the focused page area (End, ←, Home); the previous button is off on page 1.
    expect(await clerk.isDisabled('[data-testid=pdf-prev]')).toBe(true);
    await clerk.click('[data-testid=pdf-next]');
    const page2 = await drawn(clerk, 2);
    expect(await counter(clerk)).toBe('Trang 2/3');
    expect(page2.ink).toBeGreaterThan(100);
    expect(page2.signature).not.toBe(page1.signature);
    await clerk.focus('[data-testid=pdf-stage]');
    await clerk.keyboard.press('End');
    await drawn(clerk, 3);
    expect(await counter(clerk)).toBe('Trang 3/3');
    expect(await clerk.isDisabled('[data-testid=pdf-next]')).toBe(true);
    await clerk.keyboard.press('ArrowLeft');
    await drawn(clerk, 2);
    await clerk.keyboard.press('Home');
    expect((await drawn(clerk, 1)).signature).toBe(page1.signature);

    // Zoom: fit width first; + twice makes the page larger than the area (it scrolls), − and fit width go back.
    const fit = await zoom(clerk);
    await clerk.click('[data-testid=pdf-zoom-in]');
    await renderedZoom(clerk, 'above', fit);
    const zoomedIn = await zoom(clerk);
    await clerk.keyboard.press('+');
    await renderedZoom(clerk, 'above', zoomedIn);
    const big = await drawn(clerk, 1);
    expect(big.cssWidth).toBeGreaterThan(page1.cssWidth * 1.2);
    expect(await clerk.$eval('[data-testid=pdf-stage]', (s) => s.scrollWidth > s.clientWidth)).toBe(true);
    await clerk.locator('[data-testid=pdf-stage]').screenshot({ path: 'test-results/viewer-incoming-zoomed.png' });
    await clerk.click('[data-testid=pdf-zoom-out]');
    await renderedZoom(clerk, 'at', zoomedIn);
    await clerk.click('[data-testid=pdf-fit]');
    await renderedZoom(clerk, 'at', fit);
    // Fit width follows the window: narrower, the page is drawn smaller.
    await clerk.setViewportSize({ width: 1200, height: 768 });
    await renderedZoom(clerk, 'below', fit);
    await clerk.setViewportSize(WIDE);
    await renderedZoom(clerk, 'at', fit);
    expect((await drawn(clerk, 1)).cssWidth).toBeCloseTo(page1.cssWidth, 0);
    // The new-tab link opens the same copy inline.
    const href = (await clerk.getAttribute('[data-testid=pdf-open]', 'href'))!;
    const inline = await clerk.request.get(`${env.url}${href}`);
    expect(inline.status()).toBe(200);
    expect(inline.headers()['content-disposition']).toMatch(/^inline; /);
    await expectCspClean(clerk);
    await checkPhone('stc.vanthu', `${env.url}/incoming/${incomingId}`, 'stamped', 'incoming');

    // 3. A specialist drafts a 2-page công văn and submits it; the unit head approves it from beside the viewer.
    const specialist = await as('stc.cv.qlns');
    await specialist.goto(`${env.url}/outgoing/new`);
    await specialist.selectOption('[data-testid=draft-type]', 'CV');
    await specialist.fill('[data-testid=draft-subject]', 'V/v hướng dẫn quyết toán vốn đầu tư công năm 2026');
    await specialist.selectOption('[data-testid=recipient-kind]', 'ORGANISATION');
    await specialist.selectOption('[data-testid=recipient-organisation]', 'qn-snv');
    await specialist.click('[data-testid=recipient-add]');
    await specialist.setInputFiles('[data-testid=draft-main]', draftPdf);
    await specialist.click('[data-testid=draft-submit]');
    await specialist.waitForURL(/\/outgoing\/[0-9a-f-]{36}$/);
    const outgoingId = specialist.url().split('/').at(-1)!;
    await specialist.click('[data-testid=action-submit]');
    await specialist.click('[data-testid=dialog-submit]');
    await specialist.waitForSelector('[data-testid=document-status][data-status=IN_REVIEW]');

    const head = await as('stc.tp.qlns');
    await head.click('[data-testid=nav-approvals]');
    await head.click(`[data-testid=approval-item][data-document-id="${outgoingId}"] a`);
    await head.waitForSelector('[data-testid=document-viewer][data-copy=version]');
    expect(await head.textContent('[data-testid=pdf-caption]')).toBe('Dự thảo — phiên bản 1');
    const draftPage1 = await drawn(head, 1);
    expect(draftPage1.ink).toBeGreaterThan(300);
    expect(await counter(head)).toBe('Trang 1/2');
    await head.click('[data-testid=pdf-next]');
    expect((await drawn(head, 2)).signature).not.toBe(draftPage1.signature);
    await head.click('[data-testid=action-approve]');
    await head.waitForSelector('[data-testid=action-dialog][data-action=approve]');
    // The approve form opens in the panel beside the document, and both are on screen together.
    const dialog = await box(head, '[data-testid=action-dialog]');
    const draftViewer = await box(head, '[data-testid=document-viewer]');
    expect(draftViewer.x + draftViewer.width).toBeLessThanOrEqual(dialog.x);
    expect(dialog.y + dialog.height).toBeLessThanOrEqual(WIDE.height + 1); // scrolled into view, to a fraction of a pixel
    await head.fill('[data-testid=dialog-note]', 'Nội dung phù hợp, trình Giám đốc.');
    await head.screenshot({ path: 'test-results/viewer-approval-1366.png' });
    await head.click('[data-testid=dialog-submit]');
    await head.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });
    await head.waitForSelector('[data-testid=approval-step][data-ordinal="1"][data-status=DONE]');
    await expectCspClean(head);

    // The director sees the same draft on his phone and approves it there (the panel above the viewer).
    await checkPhone('stc.gd', `${env.url}/outgoing/${outgoingId}`, 'version', 'approval');
    const director = await as('stc.gd', PHONE);
    await director.goto(`${env.url}/outgoing/${outgoingId}`);
    await drawn(director, 1);
    await director.click('[data-testid=action-approve]');
    await director.click('[data-testid=dialog-submit]');
    await director.waitForSelector('[data-testid=document-status][data-status=APPROVED_AWAITING_SIGNATURE]');

    // 4. The clerk issues it on a paper signature: the viewer now shows the issued copy with its number.
    await clerk.goto(`${env.url}/outgoing/${outgoingId}`);
    await clerk.click('[data-testid=action-issue_paper_signature]');
    await clerk.check('[data-testid=dialog-paper-confirm]');
    await clerk.click('[data-testid=dialog-submit]');
    await clerk.waitForSelector('[data-testid=document-viewer][data-copy=issued]');
    const numberAndSymbol = (await clerk.textContent('[data-testid=issued-number]'))!.trim();
    expect(await clerk.textContent('[data-testid=pdf-caption]')).toBe(`Bản ban hành ${numberAndSymbol}`);
    const issued = await drawn(clerk, 1);
    expect(issued.ink).toBeGreaterThan(draftPage1.ink);
    expect(await counter(clerk)).toBe('Trang 1/2');
    await clerk.screenshot({ path: 'test-results/viewer-issued-1366.png' });
    await expectCspClean(clerk);
    await checkPhone('stc.vanthu', `${env.url}/outgoing/${outgoingId}`, 'issued', 'issued');
  }, 240_000);
});
