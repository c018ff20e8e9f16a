import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../../api/src/config';
import { textPdf } from '../support/documents';
import { DEMO_PASSWORD } from '../support/harness';
import { signatureImage } from '../support/signing';
import { launchBrowser, startE2eSystem } from '../support/browser';

/**
 * The strict Content-Security-Policy against the real production build in Chromium: the app signs in, shows the
 * dashboard's charts and the signature card, opens live notifications (SSE) and renders a PDF with pdf.js (worker,
 * fonts, WebAssembly decoders) with no violation reported, by the document or on the console.
 */
let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let pdfPath: string;
let signaturePath: string;
const shotsDir = process.env.E2E_SCREENSHOTS ?? path.join(os.tmpdir(), 'vanthu-csp-shots');

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-csp-'));
  pdfPath = path.join(dir, 'công văn.pdf');
  fs.writeFileSync(pdfPath, await textPdf(['Công văn số 215/UBND-KT', 'V/v lập dự toán ngân sách năm 2027']));
  signaturePath = path.join(dir, 'chữ ký.png');
  fs.writeFileSync(signaturePath, await signatureImage());
  fs.mkdirSync(shotsDir, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** A context that records every CSP violation its pages report (event or console) and every uncaught error. */
async function watchedPage(viewport = { width: 1366, height: 768 }): Promise<{ context: BrowserContext; page: Page; reports: string[] }> {
  const context = await browser.newContext({ locale: 'vi-VN', viewport });
  const reports: string[] = [];
  await context.exposeFunction('reportViolation', (v: string) => void reports.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportViolation(v: string): void }).reportViolation(
        `violation ${e.violatedDirective} blocked=${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  // Chromium reports a blocked load or inline script on the console ("Refused to …" / "Content Security Policy"),
  // also from the pdf.js worker, where the document's event does not reach; 401/404 answers the app expects are not ours.
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to|Permissions.Policy/i.test(m.text())) reports.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => reports.push(`page error: ${e.message}`));
  return { context, page, reports };
}

async function signIn(page: Page, username: string) {
  await page.goto(`${env.url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=current-user]');
}

describe('Content-Security-Policy in Chromium', () => {
  it('the production index.html has no inline script, inline style or event handler attribute', () => {
    const html = fs.readFileSync(path.join(loadConfig().webDist, 'index.html'), 'utf8');
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
    expect(html.match(/<style\b/g) ?? []).toEqual([]);
    expect(html.match(/\son[a-z]+=/g) ?? []).toEqual([]);
    expect(html).toMatch(/<link rel="stylesheet" href="styles-\w+\.css"/);
  });

  it('serves the app and the API with CSP, Permissions-Policy and no-store on API and file responses', async () => {
    const shell = await fetch(`${env.url}/incoming`);
    const csp = shell.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(await shell.text()).toContain(`ngCspNonce="${nonce}"`);
    // A fresh nonce per page.
    expect((await fetch(`${env.url}/`)).headers.get('content-security-policy')).not.toContain(nonce);
    expect(shell.headers.get('permissions-policy')).toContain('camera=()');
    for (const url of ['/api/me', '/api/health', '/api/openapi.json']) {
      const res = await fetch(`${env.url}${url}`);
      expect({ url, cache: res.headers.get('cache-control'), csp: !!res.headers.get('content-security-policy') }).toEqual({
        url,
        cache: 'no-store',
        csp: true,
      });
    }
  });

  it('a clerk signs in, uploads a PDF and sees it rendered by pdf.js; a leader sees the dashboard and every screen; no violation anywhere', async () => {
    const clerk = await watchedPage();
    const stream = clerk.page.waitForResponse((r) => r.url().includes('/api/notifications/stream') && r.status() === 200);
    await signIn(clerk.page, 'stc.vanthu');
    await stream;
    await clerk.page.click('[data-testid=nav-incoming]');
    await clerk.page.click('[data-testid=incoming-new]');
    await clerk.page.setInputFiles('[data-testid=upload-main]', pdfPath);
    await clerk.page.click('[data-testid=upload-submit]');
    await clerk.page.waitForURL(/\/incoming\/[^/]+\/register$/);
    await clerk.page.waitForFunction(() => /\d+\s*\/\s*\d+/.test(document.querySelector('[data-testid=pdf-page]')?.textContent ?? ''));
    // The canvas comes to hold the rendered page (not blank): the page count shows before the drawing ends.
    await clerk.page.waitForFunction(() => {
      const canvas = document.querySelector('[data-testid=pdf-canvas]') as HTMLCanvasElement;
      if (!canvas.width) return false;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 128) dark++;
      return dark > 100;
    });
    await clerk.page.screenshot({ path: path.join(shotsDir, 'csp-clerk-pdf-1366.png') });

    const leader = await watchedPage();
    await signIn(leader.page, 'stc.gd');
    await leader.page.waitForSelector('[data-testid=my-signature]');
    // The signature preview is styled by a class: a style attribute would be refused.
    await leader.page.setInputFiles('[data-testid=my-signature-file]', signaturePath);
    await leader.page.waitForSelector('[data-testid=my-signature-preview]');
    expect(await leader.page.$eval('[data-testid=my-signature-preview]', (img) => getComputedStyle(img).maxWidth)).toBe('260px');
    await leader.page.screenshot({ path: path.join(shotsDir, 'csp-leader-dashboard-1366.png'), fullPage: true });
    const phone = await watchedPage({ width: 390, height: 844 });
    await signIn(phone.page, 'stc.gd');
    await phone.page.waitForSelector('[data-testid=my-signature]');
    await phone.page.screenshot({ path: path.join(shotsDir, 'csp-leader-dashboard-390.png'), fullPage: true });

    // Every other screen, as the leader and the administrator see them.
    const visited: string[] = [];
    const visit = async (page: Page, route: string) => {
      await page.goto(`${env.url}${route}`);
      await page.waitForSelector('[data-testid=current-user]');
      await page.waitForSelector('h1, h2');
      visited.push(route);
    };
    for (const route of [
      '/incoming',
      '/incoming/queue',
      '/incoming/report',
      '/outgoing',
      '/outgoing/new',
      '/outgoing/register',
      '/approvals',
      '/approvals/delegations',
      '/search?q=ngan%20sach',
      '/case-files',
      '/case-files/archive',
      '/case-files/disposition',
    ]) {
      await visit(leader.page, route);
    }
    await visit(
      clerk.page,
      clerk.page
        .url()
        .replace(env.url, '')
        .replace(/\/register$/, ''),
    );
    const admin = await watchedPage();
    await signIn(admin.page, 'qn.admin');
    for (const route of ['/admin', '/admin/users/new', '/admin/units', '/admin/approval-chains', '/admin/exchange'])
      await visit(admin.page, route);
    expect(visited).toHaveLength(18);

    for (const w of [clerk, leader, phone, admin]) await w.context.close();
    expect([...clerk.reports, ...leader.reports, ...phone.reports, ...admin.reports]).toEqual([]);
  });
});
