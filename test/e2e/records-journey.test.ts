// The records controls in the browser: the view history on a document page, the legal hold on a case file and
// the permission-change alerts of an organisation's head. Screenshots at 1366×768 and 390×844 go to
// SCREENSHOT_DIR when it is set (for a person to look at).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { textPdf } from '../support/documents';
import { launchBrowser, signedInPage, startE2eSystem } from '../support/browser';
import { loggedIn } from '../support/harness';

let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let documentId: string;
const shots = process.env.SCREENSHOT_DIR;

/** `focus`: scrolled into view again at each size, since a resize moves the page under it. */
async function snap(page: Page, name: string, focus?: Locator) {
  if (!shots) return;
  fs.mkdirSync(shots, { recursive: true });
  for (const [w, h] of [
    [1366, 768],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await focus?.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, `${name}-${w}.png`), fullPage: false });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
  const clerk = await loggedIn(env.url, 'snv.vanthu');
  await clerk.get('/api/me');
  const draft = await clerk.agent
    .post('/api/incoming')
    .set('X-XSRF-TOKEN', clerk.xsrf!)
    .attach('main', await textPdf(['Công văn về việc thanh tra']), 'thanh-tra.pdf');
  expect(draft.status).toBe(201);
  documentId = draft.body.id;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('records controls', () => {
  it('the clerk sees who opened and downloaded the document', async () => {
    const clerk = await signedInPage(browser, env.url, 'snv.vanthu');
    await clerk.goto(`${env.url}/incoming/${documentId}`);
    await clerk.click('[data-testid=views-load]');
    await clerk.locator('[data-testid=view-row]').first().waitFor();
    expect(await clerk.locator('[data-testid=view-row][data-what=PAGE]').count()).toBeGreaterThanOrEqual(1);
    expect(await clerk.locator('[data-testid=views-table]').textContent()).toContain('Mở trang văn bản');
    await clerk.locator('[data-testid=document-views]').scrollIntoViewIfNeeded();
    await snap(clerk, 'views');
  }, 60_000);

  it('the archivist places a legal hold on a case file with a reason, and lifts it', async () => {
    const author = await loggedIn(env.url, 'snv.cv.tcbc');
    const cf = await author.post('/api/case-files', {
      year: 2025,
      retentionYears: 10,
      notation: '77.TCBC',
      title: 'Hồ sơ thanh tra công vụ',
    });
    expect(cf.status).toBe(201);
    const archivist = await signedInPage(browser, env.url, 'snv.luutru');
    await archivist.goto(`${env.url}/case-files/${cf.body.id}`);
    await archivist.click('[data-testid=holds-load]');
    await archivist.locator('[data-testid=hold-none]').waitFor();
    await archivist.click('[data-testid=hold-place]');
    await archivist.fill('[data-testid=hold-reason]', 'Phục vụ thanh tra theo Quyết định 12/QĐ-TTr');
    await archivist.click('[data-testid=hold-submit]');
    await archivist.locator('[data-testid=hold-active]').waitFor();
    expect(await archivist.locator('[data-testid=hold]').textContent()).toContain('Quyết định 12/QĐ-TTr');
    // The author's edit is refused while the hold is in force.
    const refused = await author.send('patch', `/api/case-files/${cf.body.id}`, { description: 'Sửa' });
    expect(refused.body.code).toBe('legal_hold.active');
    // The page shows the hold and its reason at the top, and offers no action the hold would refuse.
    await archivist.reload();
    const banner = archivist.locator('[data-testid=case-file-held]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Quyết định 12/QĐ-TTr');
    for (const refused of ['case-file-edit', 'case-file-close', 'case-file-transfer'])
      expect(await archivist.locator(`[data-testid=${refused}]`).count()).toBe(0);
    await snap(archivist, 'hold-case-file');
    await archivist.click('[data-testid=holds-load]');
    await archivist.locator('[data-testid=legal-holds]').scrollIntoViewIfNeeded();
    await snap(archivist, 'hold');
    await archivist.click('[data-testid=hold-lift]');
    await archivist.fill('[data-testid=lift-reason]', 'Kết thúc thanh tra');
    await archivist.click('[data-testid=lift-submit]');
    await archivist.locator('[data-testid=hold-none]').waitFor();
    await archivist.reload();
    await archivist.locator('[data-testid=case-file-edit]').waitFor();
    expect(await archivist.locator('[data-testid=case-file-held]').count()).toBe(0);
  }, 60_000);

  it('the archivist holds a document from its page, and a whole year of the organisation from the hold screen', async () => {
    const clerk = await loggedIn(env.url, 'snv.vanthu');
    await clerk.get('/api/me');
    const up = await clerk.agent
      .post('/api/incoming')
      .set('X-XSRF-TOKEN', clerk.xsrf!)
      .attach('main', await textPdf(['Công văn về việc điều tra']), 'dieu-tra.pdf');
    const reg = await clerk.post(`/api/incoming/${up.body.id}/register`, {
      registerId: 'qn-snv-den',
      issuerName: 'Thanh tra tỉnh Quảng Ninh',
      number: '45',
      symbol: 'TTr-NV',
      issueDate: '2026-12-01',
      documentType: 'Công văn',
      subject: 'V/v cung cấp hồ sơ phục vụ điều tra',
    });
    expect(reg.status).toBe(200);
    const archivist = await signedInPage(browser, env.url, 'snv.luutru');
    await archivist.goto(`${env.url}/incoming/${up.body.id}`);
    const panel = archivist.locator('[data-testid=legal-holds]');
    await panel.locator('[data-testid=holds-load]').click();
    await panel.locator('[data-testid=hold-none]').waitFor();
    await panel.locator('[data-testid=hold-place]').click();
    await panel.locator('[data-testid=hold-reason]').fill('Cơ quan điều tra yêu cầu giữ nguyên hiện trạng');
    await panel.locator('[data-testid=hold-submit]').click();
    await panel.locator('[data-testid=hold][data-scope=DOCUMENT]').waitFor();
    await snap(archivist, 'hold-document', panel);

    // The hold screen, from the case files list: the document's hold is there; a year is held and then lifted.
    await archivist.goto(`${env.url}/case-files`);
    await archivist.click('[data-testid=legal-holds-link]');
    await archivist.locator('[data-testid=hold-row][data-scope=DOCUMENT]').waitFor();
    await archivist.fill('[data-testid=hold-year]', '2024');
    await archivist.fill('[data-testid=hold-reason]', 'Kiểm toán nhà nước năm 2024');
    await archivist.click('[data-testid=hold-submit]');
    const year = archivist.locator('[data-testid=hold-row][data-scope=ORGANISATION_YEAR]');
    await year.waitFor();
    expect(await year.textContent()).toContain('năm 2024');
    await snap(archivist, 'hold-screen');
    await year.locator('[data-testid=hold-lift]').click();
    await year.locator('[data-testid=lift-reason]').fill('Kết thúc kiểm toán');
    await year.locator('[data-testid=lift-submit]').click();
    await archivist.locator('[data-testid=hold-row][data-scope=ORGANISATION_YEAR][data-lifted=true]').waitFor();
    expect(await archivist.locator('[data-testid=hold-row][data-scope=ORGANISATION_YEAR]').textContent()).toContain('Kết thúc kiểm toán');
    await snap(archivist, 'hold-screen-lifted');
  }, 90_000);

  it("the head confirms a role granted by the administrator, from the notification's page", async () => {
    const admin = await loggedIn(env.url, 'qn.admin');
    const me = await admin.get('/api/admin/users?organisationId=qn-snv');
    const specialist = (me.body.items as { id: string; username: string }[]).find((u) => u.username === 'snv.cv.tcbc')!;
    expect(
      (await admin.post(`/api/admin/users/${specialist.id}/roles`, { role: 'TRUONG_PHONG', organisationId: 'qn-snv', unitId: 'snv-tcbc' }))
        .status,
    ).toBe(201);
    const head = await signedInPage(browser, env.url, 'snv.gd');
    await head.goto(`${env.url}/permission-alerts`);
    const row = head.locator('[data-testid=alert-row][data-kind=ROLE_GRANTED]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Lãnh đạo phòng');
    await snap(head, 'alerts');
    await row.locator('[data-testid=alert-note]').fill('Đúng quyết định bổ nhiệm');
    await row.locator('[data-testid=alert-confirm]').click();
    await head.locator('[data-testid=alerts-empty]').waitFor();
    await head.click('[data-testid=alerts-all]');
    await head.locator('[data-testid=alert-confirmed]').waitFor();
    await snap(head, 'alerts-confirmed');
  }, 60_000);
});
