import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../api/src/config';
import { startSystem, type System } from '../../api/src/server';
import { clearRedisPrefix, createTestDatabase, DEMO_PASSWORD, REDIS_URL, testPrefix } from './harness';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this closed network needs (no background fetches). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** The whole system (API + web + workers) on a database of its own, on a free port; `env` adds settings (PKI_DIR…). */
export async function startE2eSystem(env: Record<string, string> = {}): Promise<{ system: System; url: string; close(): Promise<void> }> {
  const db = await createTestDatabase();
  const prefix = testPrefix();
  const system = await startSystem(
    loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DEMO_PASSWORD,
      ...env,
    }),
  );
  return {
    system,
    url: system.url!,
    async close() {
      await system.close();
      await clearRedisPrefix(prefix);
      await db.drop();
    },
  };
}

/** A person working in a browser context of their own, signed in through the login page. */
export async function signedInPage(browser: Browser, url: string, username: string, password = DEMO_PASSWORD): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
  // Generous: a signing or OCR step on a loaded 2-core machine can take several seconds.
  page.setDefaultTimeout(20_000);
  await page.goto(`${url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=current-user]');
  return page;
}

/** What a journey POSTs beside the screens: JSON, or a multipart form with files. */
export interface PostBody {
  json?: object;
  multipart?: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>;
}

/** POSTs to the API with the page's session (cookies and the XSRF token), as the web app does; the JSON answer. */
export async function postAs(page: Page, baseUrl: string, url: string, body: PostBody = {}) {
  const xsrf = (await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
  const res = await page.request.post(`${baseUrl}${url}`, {
    headers: { 'X-XSRF-TOKEN': xsrf },
    ...(body.multipart ? { multipart: body.multipart } : { data: body.json ?? {} }),
  });
  if (!res.ok()) throw new Error(`${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/** The clerk's desk: upload a PDF as a new incoming document and register it with the form; its id. */
export async function registerAtDesk(
  clerk: Page,
  pdfPath: string,
  f: { issuer: string; number: string; symbol: string; issueDate: string; subject: string },
): Promise<string> {
  await clerk.click('[data-testid=nav-incoming]');
  await clerk.click('[data-testid=incoming-new]');
  await clerk.setInputFiles('[data-testid=upload-main]', pdfPath);
  await clerk.click('[data-testid=upload-submit]');
  await clerk.waitForURL(/\/incoming\/[^/]+\/register$/);
  const documentId = clerk.url().split('/').at(-2)!;
  await clerk.waitForSelector('[data-testid=extraction-state]');
  await clerk.fill('[data-testid=register-issuer]', f.issuer);
  await clerk.fill('[data-testid=register-number]', f.number);
  await clerk.fill('[data-testid=register-symbol]', f.symbol);
  await clerk.fill('[data-testid=register-issue-date]', f.issueDate);
  await clerk.fill('[data-testid=register-type]', 'Công văn');
  await clerk.fill('[data-testid=register-subject]', f.subject);
  await clerk.click('[data-testid=register-submit]');
  await clerk.waitForSelector('[data-testid=arrival-number]');
  return documentId;
}
