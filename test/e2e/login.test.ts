import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/harness';
import { launchBrowser, startE2eSystem } from '../support/browser';

let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});
beforeEach(async () => {
  page = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
  page.setDefaultTimeout(10_000);
});
afterEach(() => page.context().close());

async function signIn(username: string, password = DEMO_PASSWORD) {
  await page.goto(`${env.url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('[data-testid=login-submit]');
}

describe('signing in from the browser', () => {
  it('a demo clerk logs in, sees the shell, switches to English, and logs out', async () => {
    await page.goto(env.url);
    await page.waitForURL(/\/login/);
    await signIn('qn.vanthu');
    await page.waitForSelector('[data-testid=current-user]');
    expect(await page.textContent('[data-testid=current-user]')).toContain('Hoàng Thị Mai');
    const nav = page.locator('[data-testid=nav]');
    await expect(nav.textContent()).resolves.toContain('Văn bản đến');
    expect(await page.locator('[data-testid=nav-admin]').count()).toBe(0);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    await page.click('[data-testid=lang-switch]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await expect(nav.textContent()).resolves.toContain('Incoming');
    expect(await page.textContent('[data-testid=lang-switch]')).toContain('Tiếng Việt');

    // The choice survives a reload, and the session too (server-side, cookie).
    await page.reload();
    await page.waitForSelector('[data-testid=current-user]');
    await expect(nav.textContent()).resolves.toContain('Incoming');

    await page.click('[data-testid=logout]');
    await page.waitForURL(/\/login/);
    const me = await page.evaluate(async () => (await fetch('/api/me')).json());
    expect(me).toEqual({ authenticated: false });
  });

  it('a wrong password shows the error in the chosen language and does not sign in', async () => {
    await signIn('qn.vanthu', 'sai-mat-khau');
    const error = page.locator('[data-testid=login-error]');
    await error.waitFor();
    expect((await error.textContent())!.trim()).toBe('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(page.url()).toMatch(/\/login/);

    await page.click('[data-testid=lang-switch]');
    await page.fill('#password', 'still-wrong');
    await page.click('[data-testid=login-submit]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=login-error]')?.textContent?.includes('Wrong username or password'),
    );
  });

  it('an administrator creates a user in the admin screens, who can then sign in', async () => {
    await signIn('qn.admin');
    await page.click('[data-testid=nav-admin]');
    await page.waitForSelector('[data-testid=user-row]');
    expect(await page.locator('[data-testid=user-row]').count()).toBe(31);
    await page.goto(`${env.url}/admin/users/new`);
    await page.fill('#new-username', 'snv.cv.cchc');
    await page.fill('#new-fullname', 'Hoàng Văn Kiên');
    await page.fill('#new-position', 'Chuyên viên');
    await page.selectOption('#new-organisation', 'qn-snv');
    await page.selectOption('#new-unit', 'snv-cchc');
    await page.fill('#new-password', 'short');
    await page.selectOption('#new-role', 'CHUYEN_VIEN');
    await page.click('[data-testid=create-submit]');
    await page.waitForSelector('[data-testid=create-error]');
    await page.fill('#new-password', 'mat-khau-du-dai');
    await page.click('[data-testid=create-submit]');
    await page.waitForSelector('[data-testid=create-success]');
    await page.screenshot({ path: 'test-results/e2e-admin-create.png', fullPage: true });

    await page.click('[data-testid=logout]');
    await page.waitForURL(/\/login/);
    await signIn('snv.cv.cchc', 'mat-khau-du-dai');
    // A password the administrator set is changed at the first sign-in, before any work.
    await page.waitForURL(/\/account\/password$/);
    await page.fill('[data-testid=password-current]', 'mat-khau-du-dai');
    await page.fill('[data-testid=password-next]', 'mat-khau-cua-kien-2026');
    await page.fill('[data-testid=password-repeat]', 'mat-khau-cua-kien-2026');
    await page.click('[data-testid=password-save]');
    await page.waitForSelector('[data-testid=current-user]');
    expect(await page.textContent('[data-testid=current-user]')).toContain('Hoàng Văn Kiên');
    expect(await page.textContent('[data-testid=my-roles]')).toContain('Chuyên viên');
  });
});
