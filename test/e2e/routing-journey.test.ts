import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addDays, todayInVietnam } from '../../api/src/calendar/working-days';
import { users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { launchBrowser, signedInPage, startE2eSystem } from '../support/browser';
import { loggedIn, type ApiClient } from '../support/harness';

let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let pdf: Buffer;
let pdfPath: string;
const ids = new Map<string, string>();
const due = addDays(todayInVietnam(), 15);
/** Screens of the journey, looked at by a person (SCREENSHOT_DIR keeps them; otherwise a temporary folder). */
const shots = process.env.SCREENSHOT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-routing-shots-'));

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
  for (const u of await env.system.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
  pdf = await textPdf(['Công văn về việc rà soát biên chế năm 2027', 'Căn cứ Công văn số 99/BNV-VP của Bộ Nội vụ']);
  pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-')), 'tra-loi.pdf');
  fs.writeFileSync(pdfPath, await textPdf(['Báo cáo kết quả rà soát biên chế năm 2027']));
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
  if (!process.env.SCREENSHOT_DIR) fs.rmSync(shots, { recursive: true, force: true });
  fs.rmSync(path.dirname(pdfPath), { recursive: true, force: true });
});

const as = (username: string) => signedInPage(browser, env.url, username);
const clients = new Map<string, ApiClient>();
async function api(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(env.url, username));
  return clients.get(username)!;
}
async function apiOk(username: string, method: 'get' | 'post', url: string, body?: object) {
  const c = await api(username);
  const res = method === 'get' ? await c.get(url) : await c.post(url, body ?? {});
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Draft → approval → issue on paper → dispatch, through the API (the screens of that part are tested elsewhere). */
async function issueAndDispatch(author: string, id: string, approvers: string[], clerk: string) {
  await apiOk(author, 'post', `/api/outgoing/${id}/submit`);
  for (const a of approvers) await apiOk(a, 'post', `/api/outgoing/${id}/approve`);
  await apiOk(clerk, 'post', `/api/outgoing/${id}/issue`, { paperSignature: true });
  return apiOk(clerk, 'post', `/api/outgoing/${id}/dispatch`);
}

/** The screen at a laptop's and a phone's size. */
async function shoot(page: Page, name: string, fullPage = true) {
  for (const [w, h] of [
    [1366, 768],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(shots, `${name}-${w}.png`), fullPage });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

describe('a committee hands a document to a Sở and a unit of its office', () => {
  it('chairman assigns Sở Nội vụ (lead) and Phòng Văn xã (cooperates) → its clerk registers with no typing → its director assigns → the specialist drafts the reply → the committee sees it completed with the reply', async () => {
    // Sở Tài chính dispatches a công văn to the committee (API).
    const c = await api('stc.cv.qlns');
    if (!c.xsrf) await c.get('/api/me');
    const created = await c.agent
      .post('/api/outgoing')
      .set('X-XSRF-TOKEN', c.xsrf!)
      .field('metadata', JSON.stringify({ documentType: 'CV', subject: 'V/v rà soát biên chế năm 2027', recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-ubnd' }], urgency: 'KHAN', dueDate: due }))
      .attach('main', pdf, 'Cong van.pdf');
    expect(created.status).toBe(201);
    await issueAndDispatch('stc.cv.qlns', created.body.id, ['stc.tp.qlns', 'stc.pgd'], 'stc.vanthu');
    const [arrived] = (await apiOk('qn.vanthu', 'get', '/api/incoming?status=DRAFT')).items;

    // 1. The committee's clerk: the form is filled from the sender's data; "Liên thông nội bộ"; registering needs one click.
    const clerk = await as('qn.vanthu');
    await clerk.goto(`${env.url}/incoming/${arrived.id}`);
    await clerk.waitForSelector('[data-testid=metadata]');
    expect(await clerk.textContent('[data-testid=metadata]')).toContain('Liên thông nội bộ');
    expect(await clerk.textContent('[data-testid=signer]')).toContain('KT. GIÁM ĐỐC');
    await clerk.click('[data-testid=action-register]');
    await clerk.waitForSelector('[data-testid=register-from-sender]');
    expect(await clerk.inputValue('[data-testid=register-subject]')).toBe('V/v rà soát biên chế năm 2027');
    expect(await clerk.inputValue('[data-testid=register-symbol]')).toBe('STC-QLNS');
    await shoot(clerk, '1-registration-prefilled');
    await clerk.click('[data-testid=register-submit]');
    await clerk.waitForSelector('[data-testid=arrival-number]');
    await clerk.goto(`${env.url}/incoming/${arrived.id}`);
    await clerk.click('[data-testid=action-submit]');
    await clerk.selectOption('[data-testid=dialog-leader]', ids.get('qn.chutich')!);
    await clerk.click('[data-testid=dialog-submit]');
    await clerk.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });

    // 2. The chairman: Sở Nội vụ leads, the office's Phòng Văn xã cooperates; the deadline comes from the document.
    const chairman = await as('qn.chutich');
    await chairman.goto(`${env.url}/incoming/${arrived.id}`);
    await chairman.click('[data-testid=action-assign]');
    await chairman.waitForSelector('[data-testid=assign-organisations]', { state: 'attached' });
    await chairman.selectOption('[data-testid=assign-lead]', 'org:qn-snv');
    await chairman.check('[data-testid=assign-cooperate][value="unit:qn-vp-vx"]');
    expect(await chairman.inputValue('[data-testid=assign-due-date]')).toBe(due);
    await chairman.fill('[data-testid=assign-instruction]', 'Sở Nội vụ chủ trì, Phòng Văn xã phối hợp theo dõi.');
    // The dialog from its top, then the cooperation list scrolled to the organisations below.
    await chairman.$eval('.backdrop', (el) => el.scrollTo(0, 0));
    await shoot(chairman, '2-assign-dialog', false);
    await chairman.$eval('[data-testid=assign-cooperate-list] .pick-list', (el) => el.querySelectorAll('.pick-heading')[1]?.scrollIntoView());
    await chairman.$eval('.backdrop', (el) => el.scrollTo(0, 0));
    await shoot(chairman, '2b-assign-dialog-organisations', false);
    await chairman.click('[data-testid=assign-submit]');
    await chairman.waitForSelector('[data-testid=assign-dialog]', { state: 'detached' });
    await chairman.waitForSelector('[data-testid=forwarded-progress][data-status=DRAFT]');

    // The office's Phòng Văn xã finds it in its head's queue and posts its input with a result file.
    const vxHead = await as('qn.tp.vx');
    await vxHead.goto(`${env.url}/incoming/queue`);
    await vxHead.click(`[data-testid=queue-item][data-document-id="${arrived.id}"] a`);
    await vxHead.click('[data-testid=action-input]');
    await vxHead.fill('[data-testid=dialog-note]', 'Phòng Văn xã thống nhất, gửi kèm số liệu.');
    await vxHead.setInputFiles('[data-testid=dialog-files]', pdfPath);
    await shoot(vxHead, '2c-input-with-file', false);
    await vxHead.click('[data-testid=dialog-submit]');
    await vxHead.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });
    await vxHead.waitForSelector('[data-testid=result-file]');
    expect(await vxHead.textContent('[data-testid=result-file]')).toContain('tra-loi.pdf');

    // 3. Sở Nội vụ's clerk registers it with no typing, and presents it to the director.
    const [forwarded] = (await apiOk('snv.vanthu', 'get', '/api/incoming?status=DRAFT')).items;
    const snvClerk = await as('snv.vanthu');
    await snvClerk.goto(`${env.url}/incoming/${forwarded.id}/register`);
    await snvClerk.waitForSelector('[data-testid=register-from-sender]');
    await shoot(snvClerk, '3-forwarded-registration');
    await snvClerk.click('[data-testid=register-submit]');
    await snvClerk.waitForSelector('[data-testid=arrival-number]');
    await snvClerk.goto(`${env.url}/incoming/${forwarded.id}`);
    await snvClerk.waitForSelector('[data-testid=forwarded-from]');
    await snvClerk.click('[data-testid=action-submit]');
    await snvClerk.selectOption('[data-testid=dialog-leader]', ids.get('snv.gd')!);
    await snvClerk.click('[data-testid=dialog-submit]');
    await snvClerk.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });

    // 4. Its director assigns the specialist.
    const director = await as('snv.gd');
    await director.goto(`${env.url}/incoming/${forwarded.id}`);
    await director.click('[data-testid=action-assign]');
    await director.selectOption('[data-testid=assign-lead]', `user:${ids.get('snv.cv.tcbc')}`);
    await director.click('[data-testid=assign-submit]');
    await director.waitForSelector('[data-testid=assign-dialog]', { state: 'detached' });

    // 5. The specialist drafts the reply from the incoming page: subject and recipient prefilled.
    const specialist = await as('snv.cv.tcbc');
    await specialist.goto(`${env.url}/incoming/${forwarded.id}`);
    await specialist.click('[data-testid=action-reply]');
    await specialist.waitForSelector('[data-testid=draft-reply-to]');
    expect(await specialist.inputValue('[data-testid=draft-subject]')).toContain('V/v trả lời văn bản số');
    await specialist.waitForSelector('[data-testid=recipient-item]');
    expect(await specialist.textContent('[data-testid=recipients]')).toContain('Ủy ban nhân dân tỉnh Quảng Ninh');
    await specialist.setInputFiles('[data-testid=draft-main]', pdfPath);
    await specialist.click('[data-testid=draft-submit]');
    await specialist.waitForSelector('[data-testid=answers]');
    const replyId = specialist.url().split('/').at(-1)!;

    // 6. Approved, issued and dispatched (API): the Sở's handling completes with the reply, and so does the committee's.
    await issueAndDispatch('snv.cv.tcbc', replyId, ['snv.tp.tcbc', 'snv.gd'], 'snv.vanthu');
    await specialist.goto(`${env.url}/incoming/${forwarded.id}`);
    await specialist.waitForSelector('[data-testid=reply]');
    expect(await specialist.textContent('[data-testid=document-status]')).toContain('Đã hoàn thành');
    await shoot(specialist, '4-forwarded-with-reply');

    await chairman.goto(`${env.url}/incoming/${arrived.id}`);
    await chairman.waitForSelector('[data-testid=forwarded-progress][data-status=COMPLETED]');
    expect(await chairman.textContent('[data-testid=document-status]')).toContain('Đã hoàn thành');
    expect(await chairman.textContent('[data-testid=forwarded-progress]')).toMatch(/Văn bản trả lời:\s+\d+\/SNV/);
    await shoot(chairman, '5-committee-progress');
    // The reply link opens the committee's own incoming record of the reply.
    await chairman.click('[data-testid=forwarded-reply] a');
    await chairman.waitForFunction(() => document.querySelector('[data-testid=document-subject]')?.textContent?.includes('V/v trả lời'));
  });

  it('the clerk discards a mistaken upload, with a reason', async () => {
    const clerk = await as('stc.vanthu');
    await clerk.goto(`${env.url}/incoming/new`);
    await clerk.setInputFiles('[data-testid=upload-main]', pdfPath);
    await clerk.click('[data-testid=upload-submit]');
    await clerk.waitForURL(/\/incoming\/[^/]+\/register$/);
    const documentId = clerk.url().split('/').at(-2)!;
    await clerk.goto(`${env.url}/incoming/${documentId}`);
    await clerk.click('[data-testid=action-discard]');
    await clerk.waitForSelector('[data-testid=discard-intro]');
    await clerk.click('[data-testid=dialog-submit]');
    // The reason is required.
    await clerk.waitForSelector('[data-testid=action-dialog] .field-error, [data-testid=action-dialog] [role=alert]');
    await clerk.fill('[data-testid=dialog-reason]', 'Tải nhầm tệp của cơ quan khác');
    await clerk.click('[data-testid=dialog-submit]');
    await clerk.waitForURL(/\/incoming$/);
    expect((await (await api('stc.vanthu')).get(`/api/incoming/${documentId}`)).status).toBe(404);
  });

  it('the specialist links a draft already written as the reply', async () => {
    // An incoming document of Sở Tài chính assigned to its specialist, and a draft of hers (API).
    const clerk = await api('stc.vanthu');
    if (!clerk.xsrf) await clerk.get('/api/me');
    const up = await clerk.agent.post('/api/incoming').set('X-XSRF-TOKEN', clerk.xsrf!).field('channel', 'PAPER').attach('main', pdf, 'Cong van Bo.pdf');
    expect(up.status).toBe(201);
    const incomingId = up.body.id;
    await apiOk('stc.vanthu', 'post', `/api/incoming/${incomingId}/register`, { registerId: 'qn-stc-den', issuerName: 'Bộ Tài chính', issueDate: todayInVietnam(), documentType: 'Công văn', subject: 'V/v quyết toán ngân sách' });
    await apiOk('stc.vanthu', 'post', `/api/incoming/${incomingId}/submit`, { leaderId: ids.get('stc.gd') });
    await apiOk('stc.gd', 'post', `/api/incoming/${incomingId}/assign`, { lead: { userId: ids.get('stc.cv.qlns') } });
    const c = await api('stc.cv.qlns');
    if (!c.xsrf) await c.get('/api/me');
    const draft = await c.agent
      .post('/api/outgoing')
      .set('X-XSRF-TOKEN', c.xsrf!)
      .field('metadata', JSON.stringify({ documentType: 'CV', subject: 'V/v báo cáo quyết toán ngân sách', recipients: [] }))
      .attach('main', pdf, 'Du thao.pdf');
    expect(draft.status).toBe(201);

    const specialist = await as('stc.cv.qlns');
    await specialist.goto(`${env.url}/incoming/${incomingId}`);
    await specialist.waitForSelector('[data-testid=link-reply-select]');
    await specialist.selectOption('[data-testid=link-reply-select]', draft.body.id);
    await specialist.click('[data-testid=link-reply-submit]');
    await specialist.waitForSelector('[data-testid=reply]');
    expect(await specialist.textContent('[data-testid=reply]')).toContain('V/v báo cáo quyết toán ngân sách');
    await shoot(specialist, '6-link-existing-reply');
  });
});
