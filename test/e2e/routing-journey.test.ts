import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addDays, todayInVietnam } from '../../api/src/calendar/working-days';
import { extractPdfText } from '../../api/src/incoming/pdf';
import { demoLeaders, demoSealOrganisations } from '../../api/src/signing/demo';
import { generateDevPki } from '../../api/src/signing/pki';
import { users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { paragraphs, pdfLibDraft } from '../support/drafts';
import { launchBrowser, signedInPage, startE2eSystem } from '../support/browser';
import { DEMO_PASSWORD, loggedIn, type ApiClient } from '../support/harness';
import { printedText } from '../support/issued-pdf';
import { pdfsig, qpdfCheck } from '../support/stamp-checks';

let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let pdf: Buffer;
let pdfPath: string;
/** The reply as the specialist wrote it (version 1) and after the director's return (version 2), with a signature block. */
let replyV1: string;
let replyV2: string;
/** A dev PKI for Sở Nội vụ's director and its seal: the reply is signed digitally. */
let pkiDir: string;
const ids = new Map<string, string>();
const due = addDays(todayInVietnam(), 15);
/** Screens of the journey (test-results/journey-*.png), looked at by a person. */
const shots = 'test-results';

/** The reply of Sở Nội vụ in the standard layout (blanks for the number and date, the director's signature block). */
const replyDraft = (body: string[]) =>
  pdfLibDraft(
    {
      parent: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH',
      issuer: 'SỞ NỘI VỤ',
      symbol: 'SNV-TCBC',
      place: 'Quảng Ninh',
      vv: 'V/v trả lời về rà soát biên chế năm 2027',
      kinhGui: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      body,
      recipients: ['- Như trên;', '- Bộ Nội vụ;', '- Lưu: VT, TCBC.'],
      block: ['GIÁM ĐỐC'],
      name: 'Hà Quang Vinh',
    },
    'embedded',
  );

beforeAll(async () => {
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-pki-'));
  await generateDevPki({
    dir: pkiDir,
    password: DEMO_PASSWORD,
    leaders: demoLeaders().filter((l) => l.username === 'snv.gd'),
    organisations: demoSealOrganisations().filter((o) => o.id === 'qn-snv'),
  });
  [env, browser] = await Promise.all([startE2eSystem({ PKI_DIR: pkiDir, TRUST_STORE_DIR: path.join(pkiDir, 'trust') }), launchBrowser()]);
  for (const u of await env.system.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
  pdf = await textPdf(['Công văn về việc rà soát biên chế năm 2027', 'Căn cứ Công văn số 99/BNV-VP của Bộ Nội vụ']);
  pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-')), 'tra-loi.pdf');
  fs.writeFileSync(pdfPath, await textPdf(['Báo cáo kết quả rà soát biên chế năm 2027']));
  replyV1 = path.join(path.dirname(pdfPath), 'tra-loi-v1.pdf');
  replyV2 = path.join(path.dirname(pdfPath), 'tra-loi-v2.pdf');
  fs.writeFileSync(replyV1, await replyDraft(paragraphs('Rà soát biên chế', 2)));
  fs.writeFileSync(
    replyV2,
    await replyDraft([
      'Căn cứ Nghị định số 62/2020/NĐ-CP của Chính phủ về vị trí việc làm và biên chế công chức;',
      ...paragraphs('Rà soát biên chế', 2),
    ]),
  );
  fs.mkdirSync(shots, { recursive: true });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
  fs.rmSync(path.dirname(pdfPath), { recursive: true, force: true });
  fs.rmSync(pkiDir, { recursive: true, force: true });
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

/** Open an action's dialog, fill it, confirm, and wait until the page shows the new state. */
async function act(page: Page, action: string, fill: (p: Page) => Promise<unknown> = async () => {}) {
  await page.click(`[data-testid=action-${action}]`);
  await page.waitForSelector(`[data-testid=action-dialog][data-action=${action}]`);
  await fill(page);
  await page.click('[data-testid=dialog-submit]');
  await page.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });
}

/** The approver finds the document in "my approvals" and opens it. */
async function openFromQueue(page: Page, documentId: string) {
  await page.goto(`${env.url}/`);
  await page.click('[data-testid=nav-approvals]');
  await page.click(`[data-testid=approval-item][data-document-id="${documentId}"] a`);
  await page.waitForSelector('[data-testid=approval-timeline]');
}

const statusOf = async (page: Page) => (await page.getAttribute('[data-testid=document-status]', 'data-status'))!;
const stepStatus = (page: Page, ordinal: number) =>
  page.getAttribute(`[data-testid=approval-step][data-ordinal="${ordinal}"]`, 'data-status');

/** The screen at a laptop's and a phone's size; `focus`: a part shown from its top (an inline dialog). */
async function shoot(page: Page, name: string, fullPage = true, focus?: string) {
  for (const [w, h] of [
    [1366, 768],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    if (focus) await page.$eval(focus, (el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(shots, `journey-${name}-${w}.png`), fullPage });
    // Nothing wider than the screen: on a phone the page scrolls only downwards.
    const wide = await page.evaluate((width) => {
      if (document.documentElement.scrollWidth <= width) return [];
      return Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('[class*=scroll], nav'))
        .slice(0, 8)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}[${el.getAttribute('data-testid') ?? ''}] ${Math.round(el.getBoundingClientRect().right)}px`,
        );
    }, w);
    expect({ name, w, wide }).toEqual({ name, w, wide: [] });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

describe('a committee hands a document to a Sở and a unit of its office', () => {
  it('chairman assigns Sở Nội vụ (lead) and Phòng Văn xã (cooperates) → its clerk registers with no typing → its director assigns → the specialist drafts the reply → returned and re-reviewed from step 1 → signed, issued, dispatched inside and by post (phiếu gửi) → the committee sees it completed with the reply', async () => {
    // Set-up (the administrator, API): Sở Nội vụ's chain gets a format check by its office's clerk between
    // the unit head and the director (docs/domain.md §4.3), so the re-review after a return has two steps to pass again.
    const [snvChain] = (await apiOk('qn.admin', 'get', '/api/admin/approval-chains?organisationId=qn-snv')).items;
    const admin = await api('qn.admin');
    const put = await admin.send('put', `/api/admin/approval-chains/${snvChain.id}`, {
      name: snvChain.name,
      allowAddReviewers: snvChain.allowAddReviewers,
      afterReturn: 'RESTART',
      steps: [
        snvChain.steps[0],
        {
          label: 'Văn phòng kiểm tra thể thức',
          assignees: { kind: 'USERS', userIds: [ids.get('snv.vanthu')] },
          mode: 'ANY_ONE',
          optional: false,
        },
        snvChain.steps[1],
      ],
    });
    expect([put.status, put.body]).toEqual([200, expect.anything()]);

    // Sở Tài chính dispatches a công văn to the committee (API).
    const c = await api('stc.cv.qlns');
    if (!c.xsrf) await c.get('/api/me');
    const created = await c.agent
      .post('/api/outgoing')
      .set('X-XSRF-TOKEN', c.xsrf!)
      .field(
        'metadata',
        JSON.stringify({
          documentType: 'CV',
          subject: 'V/v rà soát biên chế năm 2027',
          recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-ubnd' }],
          urgency: 'KHAN',
          dueDate: due,
        }),
      )
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
    await chairman.$eval('[data-testid=assign-cooperate-list] .pick-list', (el) =>
      el.querySelectorAll('.pick-heading')[1]?.scrollIntoView(),
    );
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

    // 5. The specialist drafts the reply from the incoming page: subject and recipient prefilled; he adds
    //    Bộ Nội vụ, outside the system, for information.
    const specialist = await as('snv.cv.tcbc');
    await specialist.goto(`${env.url}/incoming/${forwarded.id}`);
    await specialist.click('[data-testid=action-reply]');
    await specialist.waitForSelector('[data-testid=draft-reply-to]');
    expect(await specialist.inputValue('[data-testid=draft-subject]')).toContain('V/v trả lời văn bản số');
    await specialist.waitForSelector('[data-testid=recipient-item]');
    expect(await specialist.textContent('[data-testid=recipients]')).toContain('Ủy ban nhân dân tỉnh Quảng Ninh');
    await specialist.selectOption('[data-testid=recipient-kind]', 'EXTERNAL');
    await specialist.fill('[data-testid=recipient-organ-code]', '000.00.00.G09');
    await specialist.fill('[data-testid=recipient-name]', 'Bộ Nội vụ');
    await specialist.click('[data-testid=recipient-add]');
    await specialist.locator('[data-testid=recipient-item]').nth(1).waitFor();
    await specialist.setInputFiles('[data-testid=draft-main]', replyV1);
    await shoot(specialist, '5-reply-draft');
    await specialist.click('[data-testid=draft-submit]');
    await specialist.waitForSelector('[data-testid=answers]');
    const replyId = specialist.url().split('/').at(-1)!;
    expect(await statusOf(specialist)).toBe('DRAFT');

    // 6. The chain: the unit head checks the content, the office checks the format, the director signs.
    await act(specialist, 'submit');
    await specialist.waitForSelector('[data-testid=document-status][data-status=IN_REVIEW]');
    const unitHead = await as('snv.tp.tcbc');
    await openFromQueue(unitHead, replyId);
    await act(unitHead, 'approve', (p) => p.fill('[data-testid=dialog-note]', 'Nội dung phù hợp.'));
    const office = snvClerk;
    await openFromQueue(office, replyId);
    expect(await stepStatus(office, 2)).toBe('ACTIVE');
    await act(office, 'approve');
    await openFromQueue(director, replyId);
    expect(await stepStatus(director, 3)).toBe('ACTIVE');
    await act(director, 'return', (p) => p.fill('[data-testid=dialog-comment]', 'Bổ sung căn cứ Nghị định 62/2020/NĐ-CP.'));
    await director.waitForSelector('[data-testid=document-status][data-status=RETURNED]');

    // 7. The specialist revises (version 2, with a reason) and resubmits: the chain starts again from step 1.
    await specialist.reload();
    await specialist.waitForSelector('[data-testid=version][data-version="1"] [data-testid=version-comment]');
    expect(await specialist.textContent('[data-testid=version][data-version="1"]')).toContain('Bổ sung căn cứ Nghị định 62/2020/NĐ-CP.');
    await shoot(specialist, '6-returned');
    await act(specialist, 'revise', async (p) => {
      await p.fill('[data-testid=dialog-reason]', 'Đã bổ sung căn cứ theo ý kiến Giám đốc');
      await p.setInputFiles('[data-testid=dialog-main]', replyV2);
    });
    await specialist.waitForSelector('[data-testid=version][data-version="2"]');
    await act(specialist, 'submit');
    await specialist.waitForSelector('[data-testid=document-status][data-status=IN_REVIEW]');

    // 8. The unit head and then the format check see version 2 and what changed, and approve again.
    for (const [reviewer, ordinal] of [
      [unitHead, 1],
      [office, 2],
    ] as const) {
      await openFromQueue(reviewer, replyId);
      expect(await stepStatus(reviewer, ordinal)).toBe('ACTIVE');
      await reviewer.waitForSelector('[data-testid=revision][data-from="1"][data-to="2"]');
      expect(await reviewer.getAttribute('[data-testid=revision-file][data-role=MAIN]', 'data-change')).toBe('CHANGED');
      expect(await reviewer.textContent('[data-testid=revision-comments]')).toContain('Bổ sung căn cứ Nghị định 62/2020/NĐ-CP.');
      expect(await reviewer.textContent('[data-testid=revision-reasons]')).toContain('Đã bổ sung căn cứ');
      if (ordinal === 1) await shoot(reviewer, '7-re-review-version-2');
      await act(reviewer, 'approve');
    }

    // 9. The director approves and signs with his key's passphrase.
    await openFromQueue(director, replyId);
    await act(director, 'approve');
    await director.waitForSelector('[data-testid=document-status][data-status=APPROVED_AWAITING_SIGNATURE]');
    await director.click('[data-testid=action-sign]');
    expect(await director.textContent('[data-testid=sign-dialog] [data-testid=layout-summary]')).toContain('"GIÁM ĐỐC" và "Hà Quang Vinh"');
    await director.waitForFunction(
      () =>
        ((document.querySelector('[data-testid=sign-dialog] [data-testid=layout-preview-signature]') as HTMLImageElement | null)
          ?.naturalWidth ?? 0) > 500,
    );
    await shoot(director, '8-sign-dialog', false, '[data-testid=sign-dialog]');
    await director.fill('[data-testid=sign-passphrase]', DEMO_PASSWORD);
    await director.click('[data-testid=sign-submit]');
    await director.waitForSelector('[data-testid=document-status][data-status=SIGNED]', { timeout: 30_000 });

    // 10. The clerk issues it (number from the register, the seal added), then dispatches: the committee inside
    //     the system, Bộ Nội vụ by post (the exchange is not configured); she records the send and prints the phiếu gửi.
    const snvOut = snvClerk;
    await snvOut.goto(`${env.url}/outgoing/${replyId}`);
    await act(snvOut, 'issue');
    await snvOut.waitForSelector('[data-testid=document-status][data-status=ISSUED]');
    await snvOut.waitForSelector('[data-testid=action-dispatch]', { timeout: 30_000 });
    const numberAndSymbol = (await snvOut.textContent('[data-testid=issued-number]'))!.trim();
    expect(numberAndSymbol).toMatch(/^\d{2,}\/SNV-TCBC$/);
    await snvOut.waitForFunction(() => document.querySelectorAll('[data-testid=signature][data-verdict=valid]').length === 2, undefined, {
      timeout: 30_000,
    });
    await shoot(snvOut, '9-issued');
    await snvOut.click('[data-testid=action-dispatch]');
    await snvOut.waitForSelector('[data-testid=dispatch-manual-warning]');
    expect(await snvOut.textContent('[data-testid=dispatch-plan]')).toContain('trục liên thông chưa được cấu hình');
    await shoot(snvOut, '10-dispatch-plan', false, '[data-testid=action-dialog]');
    await snvOut.click('[data-testid=dialog-submit]');
    await snvOut.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });
    await snvOut.waitForSelector('[data-testid=document-status][data-status=DISPATCHED]');
    expect(
      await snvOut.getAttribute('[data-testid=recipient-row][data-kind=ORGANISATION] [data-testid=delivery-status]', 'data-status'),
    ).toBe('DELIVERED');
    const external = '[data-testid=recipient-row][data-kind=EXTERNAL]';
    expect(await snvOut.getAttribute(`${external} [data-testid=delivery-status]`, 'data-status')).toBe('AWAITING_MANUAL_SEND');
    await snvOut.click(`${external} [data-testid=manual-record]`);
    await snvOut.waitForSelector('[data-testid=manual-send-dialog]');
    await snvOut.check('[data-testid=manual-method][data-method=POST]');
    await snvOut.fill('[data-testid=manual-note]', 'Bưu điện VNPost, số biên nhận EA987654321VN');
    await shoot(snvOut, '11-record-send', false, '[data-testid=manual-send-dialog]');
    await snvOut.click('[data-testid=manual-save]');
    await snvOut.waitForSelector('[data-testid=manual-send-dialog]', { state: 'detached' });
    expect(await snvOut.getAttribute(`${external} [data-testid=delivery-status]`, 'data-status')).toBe('SENT_MANUALLY');
    expect(await snvOut.textContent(`${external} [data-testid=manual-send]`)).toMatch(
      /Bưu chính, ngày \d{2}\/\d{2}\/\d{4} — Bưu điện VNPost/,
    );
    await shoot(snvOut, '12-dispatched');
    // Every step of the history in words: no internal action codes (link_reply, sign… showed raw before).
    const actions = (await snvOut.locator('[data-testid=history-entry] strong').allTextContents()).map((t) => t.trim());
    expect(actions).toEqual(
      expect.arrayContaining(['Liên kết làm văn bản trả lời', 'Ký văn bản bằng chữ ký số', 'Ghi nhận gửi ngoài hệ thống']),
    );
    expect(actions.filter((a) => /^[a-z_]+$/.test(a))).toEqual([]);
    // Name and identifier code apart: "Bộ Nội vụ (000.00.00.G09)".
    expect((await snvOut.textContent(`${external} td`))!.replace(/\s+/g, ' ').trim()).toBe('Bộ Nội vụ (000.00.00.G09)');

    // 11. The files as a recipient and the post office get them: the issued PDF (number, text, two valid
    //     signatures for Poppler) and the phiếu gửi (number, recipient, method).
    const issued = Buffer.from(await (await snvOut.request.get(`${env.url}/api/outgoing/${replyId}/issued`)).body());
    const issuedFile = path.join(shots, 'journey-issued.pdf');
    fs.writeFileSync(issuedFile, issued);
    // The number and date are filled in as form fields: read the page as printed (annotations flattened).
    const printed = (await printedText(issuedFile)).flat().map((r) => r.str);
    expect(printed).toContain(numberAndSymbol.split('/')[0]);
    expect(printed.join(' ')).toContain('Nghị định số 62/2020/NĐ-CP');
    expect(printed).toContain('Hà Quang Vinh');
    expect(pdfsig(issued, path.join(pkiDir, 'trust', 'root-ca.pem')).map((s) => s.validation)).toEqual([
      'Signature is Valid.',
      'Signature is Valid.',
    ]);
    qpdfCheck(issued);
    const slipHref = (await snvOut.getAttribute(`${external} [data-testid=manual-slip]`, 'href'))!;
    const slipRes = await snvOut.request.get(`${env.url}${slipHref}`);
    expect(slipRes.headers()['content-type']).toBe('application/pdf');
    const slip = Buffer.from(await slipRes.body());
    const slipText = (await extractPdfText(slip)).text;
    for (const t of [
      'PHIẾU GỬI',
      numberAndSymbol,
      'Bộ Nội vụ (mã định danh 000.00.00.G09)',
      'Bưu chính',
      'EA987654321VN',
      'Hà Quang Vinh — Giám đốc',
    ])
      expect(slipText).toContain(t);
    fs.writeFileSync(path.join(shots, 'journey-phieu-gui.pdf'), slip);

    // 12. The Sở's handling is completed with the reply, and so is the committee's.
    await specialist.goto(`${env.url}/incoming/${forwarded.id}`);
    await specialist.waitForSelector('[data-testid=reply]');
    expect(await specialist.textContent('[data-testid=document-status]')).toContain('Đã hoàn thành');
    await shoot(specialist, '13-forwarded-with-reply');

    await chairman.goto(`${env.url}/incoming/${arrived.id}`);
    await chairman.waitForSelector('[data-testid=forwarded-progress][data-status=COMPLETED]');
    expect(await chairman.textContent('[data-testid=document-status]')).toContain('Đã hoàn thành');
    expect(await chairman.textContent('[data-testid=forwarded-progress]')).toMatch(/Văn bản trả lời:\s+\d+\/SNV/);
    await shoot(chairman, '14-committee-progress');
    // The reply link opens the committee's own incoming record of the reply.
    await chairman.click('[data-testid=forwarded-reply] a');
    await chairman.waitForFunction(() => document.querySelector('[data-testid=document-subject]')?.textContent?.includes('V/v trả lời'));
  }, 240_000);

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
    const up = await clerk.agent
      .post('/api/incoming')
      .set('X-XSRF-TOKEN', clerk.xsrf!)
      .field('channel', 'PAPER')
      .attach('main', pdf, 'Cong van Bo.pdf');
    expect(up.status).toBe(201);
    const incomingId = up.body.id;
    await apiOk('stc.vanthu', 'post', `/api/incoming/${incomingId}/register`, {
      registerId: 'qn-stc-den',
      issuerName: 'Bộ Tài chính',
      issueDate: todayInVietnam(),
      documentType: 'Công văn',
      subject: 'V/v quyết toán ngân sách',
    });
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
