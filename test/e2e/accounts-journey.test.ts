import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signedInPage, startE2eSystem } from '../support/browser';

/** Issue 17 item 8 in the browser: chain templates checked when saved, editing users, passwords. */
let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
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

describe('administration and passwords', () => {
  it('an optional step nobody can take is saved with a warning; a required one is refused in Vietnamese', async () => {
    const admin = await signedInPage(browser, env.url, 'qn.admin');
    await admin.goto(`${env.url}/admin/approval-chains`);
    await admin.selectOption('[data-testid=chain-organisation]', 'qn-snv');
    await admin.click('[data-testid=chain-new]');
    await admin.fill('[data-testid=chain-name]', 'Quy trình quyết định');
    await admin.selectOption('[data-testid=chain-type]', 'QD');
    await admin.fill('[data-testid=step-label]', 'Kiểm tra thể thức');
    await admin.selectOption('[data-testid=step-role]', 'KIEM_TRA_THE_THUC');
    await admin.click('[data-testid=chain-add-step]');
    await admin.locator('[data-testid=step-label]').nth(1).fill('Giám đốc ký');
    expect(await admin.inputValue('[data-testid=chain-after-return-select]')).toBe('RESTART');

    await admin.click('[data-testid=chain-save]');
    const error = await admin.waitForSelector('[data-testid=chain-error]');
    expect(await error.textContent()).toContain('Bước 1 ("Kiểm tra thể thức") hiện không có ai đảm nhận được');
    expect(await error.textContent()).not.toMatch(/Nobody|step/);

    await admin.locator('[data-testid=step-optional]').first().check();
    await admin.click('[data-testid=chain-save]');
    await admin.waitForSelector('[data-testid=chain-warnings]');
    expect(await admin.textContent('[data-testid=chain-warning][data-step="1"]')).toContain('bước này sẽ được bỏ qua khi trình');
    expect(await admin.textContent('[data-testid=chain-row-warning]')).toContain('1');
    await screenshots(admin, 'issue17-chain-warning');
  });

  it('the administrator edits a user and resets the password; the user must change it before working', async () => {
    const admin = await signedInPage(browser, env.url, 'qn.admin');
    await admin.goto(`${env.url}/admin`);
    await admin.selectOption('[data-testid=filter-organisation]', 'qn-snv');
    await admin.fill('[data-testid=filter-q]', 'snv.cv.tcbc');
    await admin.click('[data-testid=filter-submit]');
    const row = admin.locator('[data-testid=user-row]');
    // The organisation filter searches at once, the text search after it: wait for the narrower answer.
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid=user-row]').length === 1);
    await row.locator('[data-testid=edit-user]').click();
    await admin.waitForSelector('[data-testid=user-edit]');
    await admin.fill('[data-testid=user-edit-position]', 'Chuyên viên chính');
    await admin.fill('[data-testid=user-edit-email]', 'sai địa chỉ');
    await admin.click('[data-testid=user-edit-save]');
    const fieldError = await admin.waitForSelector('[data-testid=user-edit] .field-error[data-path=email]');
    expect(await fieldError.textContent()).toBe('Địa chỉ thư điện tử không hợp lệ.');
    await admin.fill('[data-testid=user-edit-email]', 'cv.tcbc@snv.quangninh.gov.vn');
    await admin.fill('[data-testid=user-edit-phone]', '0203 3835 456');
    await screenshots(admin, 'issue17-user-edit');
    await admin.click('[data-testid=user-edit-save]');
    await admin.waitForSelector('[data-testid=admin-notice]');
    expect(await row.textContent()).toContain('Chuyên viên chính');
    expect(await row.textContent()).toContain('cv.tcbc@snv.quangninh.gov.vn');

    await row.locator('[data-testid=edit-user]').click();
    admin.once('dialog', (d) => void d.accept());
    await admin.click('[data-testid=user-reset-password]');
    const temporary = (await (await admin.waitForSelector('[data-testid=temporary-password]')).textContent())!.trim();
    expect(temporary).toMatch(/^[a-zA-Z2-9]{12}$/);
    expect(await row.locator('[data-testid=user-must-change]').count()).toBe(1);
    await screenshots(admin, 'issue17-user-reset');

    // The user signs in with the temporary password and lands on the change-password screen, wherever they go.
    const page = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${env.url}/login?returnUrl=%2Fincoming`);
    await page.fill('#username', 'snv.cv.tcbc');
    await page.fill('#password', temporary);
    await page.click('[data-testid=login-submit]');
    await page.waitForURL(/\/account\/password$/);
    await page.waitForSelector('[data-testid=password-forced]');
    await page.goto(`${env.url}/outgoing`);
    await page.waitForURL(/\/account\/password$/);
    await page.fill('[data-testid=password-current]', temporary);
    await page.fill('[data-testid=password-next]', 'ngan');
    await page.fill('[data-testid=password-repeat]', 'ngan');
    await page.click('[data-testid=password-save]');
    await page.waitForSelector('[data-testid=change-password] .field-error');
    expect(await page.textContent('[data-testid=change-password]')).toContain('Mật khẩu mới phải có ít nhất 10 ký tự.');
    await screenshots(page, 'issue17-change-password');
    await page.fill('[data-testid=password-next]', 'mat-khau-cua-toi-2026');
    await page.fill('[data-testid=password-repeat]', 'mat-khau-cua-toi-2026');
    await page.click('[data-testid=password-save]');
    await page.waitForSelector('[data-testid=current-user]');
    expect(new URL(page.url()).pathname).toBe('/');
    await signedInPage(browser, env.url, 'snv.cv.tcbc', 'mat-khau-cua-toi-2026');
  });
});
