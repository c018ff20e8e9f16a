import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startE2eSystem } from '../support/browser';
import { DEMO_PASSWORD } from '../support/harness';

/**
 * The first hour of a new user: login → dashboard → incoming list, as a clerk and as a leader, with a clean
 * console. Expected states (nobody signed in yet, no signature image yet) are answers, not errors: any console
 * error, uncaught page error or API answer ≥ 400 on the way fails the test.
 */
const shots = process.env.SCREENSHOT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-first-hour-shots-'));
const VIEWPORTS = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
];

let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
  if (!process.env.SCREENSHOT_DIR) fs.rmSync(shots, { recursive: true, force: true });
});

/** Everything the page complains about: console errors, uncaught errors, and failed answers of our origin. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`);
  });
  return problems;
}

/** The page's remaining calls answered (the live notification stream stays open, so no "network idle"). */
async function settle(page: Page) {
  await page.waitForLoadState('load');
  await page.waitForTimeout(1000);
}

async function shoot(page: Page, name: string) {
  for (const v of VIEWPORTS) {
    await page.setViewportSize({ width: v.width, height: v.height });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(shots, `${name}-${v.name}.png`), fullPage: false });
  }
  await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
}

describe.each([
  { username: 'qn.vanthu', who: 'clerk', fullName: 'Hoàng Thị Mai' },
  { username: 'qn.chutich', who: 'leader', fullName: 'Trần Minh Khoa' },
])('the first visit of a $who ($username)', ({ username, who, fullName }) => {
  it('login → dashboard → incoming list without a console error or a failed request', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems = watch(page);
    try {
      await page.goto(env.url);
      await page.waitForURL(/\/login/);
      await page.waitForSelector('#username');
      await settle(page);
      await shoot(page, `${who}-1-login`);

      await page.fill('#username', username);
      await page.fill('#password', DEMO_PASSWORD);
      await page.click('[data-testid=login-submit]');
      await page.waitForSelector('[data-testid=current-user]');
      expect(await page.textContent('[data-testid=current-user]')).toContain(fullName);
      await page.waitForSelector('[data-testid=welcome]');
      // A leader signs: the signature card asks for an image he has not uploaded yet (204, not 404).
      if (who === 'leader') await page.waitForSelector('[data-testid=my-signature-none]');
      await settle(page);
      await shoot(page, `${who}-2-dashboard`);

      await page.click('[data-testid=nav] a[href="/incoming"]');
      await page.waitForURL(/\/incoming$/);
      await page.waitForSelector('[data-testid=incoming-filter-q]');
      await settle(page);
      await shoot(page, `${who}-3-incoming`);
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 90_000);
});
