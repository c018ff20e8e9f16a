import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { textPdf } from '../support/documents';
import { launchBrowser, startE2eSystem, signedInPage } from '../support/browser';

/*
 * Sở Tài chính's seeded chain (api/src/seed/seed.ts): step 1 "Lãnh đạo phòng kiểm tra nội dung" = TRUONG_PHONG
 * of the author's unit (stc.tp.qlns for stc.cv.qlns), step 2 "Lãnh đạo ký ban hành" = any LANH_DAO_CO_QUAN
 * (stc.gd or stc.pgd), the signer. A resubmission after a return runs the chain again from step 1 (the chain's
 * default afterReturn RESTART), and the reviewers see what changed. Until digital signing lands the
 * clerk issues from "approved, awaiting signature" on a declared paper signature (issue_paper_signature).
 */
let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let draftPdf: string;
let revisedPdf: string;

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-out-'));
  draftPdf = path.join(dir, 'du-thao-v1.pdf');
  revisedPdf = path.join(dir, 'du-thao-v2.pdf');
  fs.writeFileSync(draftPdf, await textPdf(['Dự thảo Công văn về việc hướng dẫn lập dự toán ngân sách năm 2027']));
  fs.writeFileSync(revisedPdf, await textPdf(['Dự thảo Công văn (sửa) về việc hướng dẫn lập dự toán ngân sách năm 2027']));
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** Each person works in a browser context of their own, signed in through the login page. */
const as = (username: string) => signedInPage(browser, env.url, username);

/** Open an action's dialog, fill it, confirm, and wait until the page shows the new state. */
async function act(page: Page, action: string, fill: (p: Page) => Promise<unknown> = async () => {}) {
  await page.click(`[data-testid=action-${action}]`);
  await page.waitForSelector(`[data-testid=action-dialog][data-action=${action}]`);
  await fill(page);
  await page.click('[data-testid=dialog-submit]');
  await page.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });
  await page.waitForSelector('[data-testid=document-notice]');
}

const statusOf = async (page: Page) => (await page.getAttribute('[data-testid=document-status]', 'data-status'))!;

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

/** The approver finds the document in "my approvals" and opens it. */
async function openFromQueue(page: Page, documentId: string) {
  await page.click('[data-testid=nav-approvals]');
  await page.click(`[data-testid=approval-item][data-document-id="${documentId}"] a`);
  await page.waitForSelector('[data-testid=approval-timeline]');
}

describe('an outgoing document from draft to the recipient’s incoming', () => {
  it('specialist drafts → unit head approves → leader returns → specialist revises → leader approves → clerk issues and dispatches → recipient clerk sees it', async () => {
    const subject = 'V/v hướng dẫn lập dự toán ngân sách năm 2027';

    // 1. The specialist of Sở Tài chính drafts a công văn to Sở Nội vụ and an external ministry.
    const specialist = await as('stc.cv.qlns');
    await specialist.click('[data-testid=nav-outgoing]');
    await specialist.click('[data-testid=outgoing-new]');
    await specialist.selectOption('[data-testid=draft-type]', 'CV');
    await specialist.fill('[data-testid=draft-subject]', subject);
    await specialist.selectOption('[data-testid=draft-urgency]', 'KHAN');
    await specialist.selectOption('[data-testid=recipient-kind]', 'ORGANISATION');
    await specialist.selectOption('[data-testid=recipient-organisation]', 'qn-snv');
    await specialist.click('[data-testid=recipient-add]');
    await specialist.selectOption('[data-testid=recipient-kind]', 'EXTERNAL');
    await specialist.fill('[data-testid=recipient-organ-code]', '000.00.00.G12');
    await specialist.fill('[data-testid=recipient-name]', 'Bộ Tài chính');
    await specialist.click('[data-testid=recipient-add]');
    await specialist.locator('[data-testid=recipient-item]').nth(1).waitFor();
    expect(await specialist.locator('[data-testid=recipient-item]').allTextContents()).toEqual([
      expect.stringContaining('Sở Nội vụ'),
      expect.stringContaining('Bộ Tài chính (000.00.00.G12)'),
    ]);
    await specialist.setInputFiles('[data-testid=draft-main]', draftPdf);
    await specialist.click('[data-testid=draft-submit]');
    await specialist.waitForURL(/\/outgoing\/[0-9a-f-]{36}$/);
    const documentId = specialist.url().split('/').at(-1)!;
    await specialist.waitForSelector('[data-testid=document-status]');
    expect(await statusOf(specialist)).toBe('DRAFT');

    // 2. … and submits it: the chain is taken, the unit head's step is active.
    await act(specialist, 'submit');
    expect(await statusOf(specialist)).toBe('IN_REVIEW');
    expect(await specialist.getAttribute('[data-testid=approval-step][data-ordinal="1"]', 'data-status')).toBe('ACTIVE');

    // 3. The unit head approves from "my approvals".
    const head = await as('stc.tp.qlns');
    await openFromQueue(head, documentId);
    await act(head, 'approve', (p) => p.fill('[data-testid=dialog-note]', 'Nội dung phù hợp.'));
    expect(await head.getAttribute('[data-testid=approval-step][data-ordinal="1"]', 'data-status')).toBe('DONE');
    expect(await head.getAttribute('[data-testid=approval-step][data-ordinal="1"] [data-testid=step-assignee]', 'data-decision')).toBe(
      'APPROVED',
    );

    // 4. The director returns it with a comment.
    const leader = await as('stc.gd');
    await openFromQueue(leader, documentId);
    await act(leader, 'return', (p) => p.fill('[data-testid=dialog-comment]', 'Bổ sung căn cứ Luật Ngân sách nhà nước.'));
    expect(await statusOf(leader)).toBe('RETURNED');
    expect(await leader.locator('[data-testid=action-approve]').count()).toBe(0);

    // 5. The specialist sees the comment on version 1, uploads version 2 with a reason and resubmits.
    await specialist.reload();
    await specialist.waitForSelector('[data-testid=version][data-version="1"] [data-testid=version-comment]');
    expect(await specialist.textContent('[data-testid=version][data-version="1"]')).toContain('Bổ sung căn cứ Luật Ngân sách nhà nước.');
    await act(specialist, 'revise', async (p) => {
      await p.fill('[data-testid=dialog-reason]', 'Đã bổ sung căn cứ theo ý kiến Giám đốc');
      await p.setInputFiles('[data-testid=dialog-main]', revisedPdf);
    });
    await specialist.waitForSelector('[data-testid=version][data-version="2"]');
    expect(await specialist.textContent('[data-testid=current-version]')).toBe('2');
    expect(await specialist.textContent('[data-testid=version][data-version="2"] [data-testid=version-reason]')).toContain(
      'Đã bổ sung căn cứ',
    );
    // Version 1 stays downloadable.
    const v1File = await specialist.getAttribute('[data-testid=version][data-version="1"] [data-testid=download-file]', 'href');
    expect((await specialist.request.get(`${env.url}${v1File}`)).status()).toBe(200);
    await act(specialist, 'submit');
    expect(await statusOf(specialist)).toBe('IN_REVIEW');

    // 6. The resubmission starts the chain again: the unit head sees version 2 and what changed, and approves it first.
    await head.goto(`${env.url}/approvals`);
    await openFromQueue(head, documentId);
    expect(await head.getAttribute('[data-testid=approval-step][data-ordinal="1"]', 'data-status')).toBe('ACTIVE');
    await head.waitForSelector('[data-testid=revision][data-from="1"][data-to="2"]');
    expect(await head.getAttribute('[data-testid=revision-file][data-role=MAIN]', 'data-change')).toBe('CHANGED');
    expect(await head.textContent('[data-testid=revision-comments]')).toContain('Bổ sung căn cứ Luật Ngân sách nhà nước.');
    expect(await head.textContent('[data-testid=revision-reasons]')).toContain('Đã bổ sung căn cứ');
    await screenshots(head, 'issue17-revision');
    await act(head, 'approve');
    await leader.goto(`${env.url}/approvals`);
    await openFromQueue(leader, documentId);
    expect(await leader.getAttribute('[data-testid=approval-step][data-ordinal="1"]', 'data-status')).toBe('DONE');
    await act(leader, 'approve');
    expect(await statusOf(leader)).toBe('APPROVED_AWAITING_SIGNATURE');
    expect(await leader.textContent('[data-testid=signer]')).toContain('Bùi Văn Long');

    // 7. The clerk issues on the paper signature: number and symbol from the register (công văn: STC-QLNS).
    const clerk = await as('stc.vanthu');
    await clerk.goto(`${env.url}/outgoing/${documentId}`);
    await clerk.waitForSelector('[data-testid=issuance]');
    await act(clerk, 'issue_paper_signature', (p) => p.check('[data-testid=dialog-paper-confirm]'));
    expect(await statusOf(clerk)).toBe('ISSUED');
    const numberAndSymbol = (await clerk.textContent('[data-testid=issued-number]'))!.trim();
    expect(numberAndSymbol).toMatch(/^\d{2,}\/[^/]+-[^/]+$/);
    expect(numberAndSymbol).toContain('/STC');
    expect(await clerk.textContent('[data-testid=document-notice]')).toContain(numberAndSymbol);

    // 8. … and dispatches. The exchange is not configured: the dialog says the ministry cannot be reached
    //    electronically; Sở Nội vụ is delivered, the ministry awaits a send by the clerk.
    await clerk.click('[data-testid=action-dispatch]');
    await clerk.waitForSelector('[data-testid=dispatch-manual-warning]');
    expect(await clerk.getAttribute('[data-testid=dispatch-plan-item]:nth-child(2)', 'data-channel')).toBe('MANUAL');
    expect(await clerk.textContent('[data-testid=dispatch-plan]')).toContain('trục liên thông chưa được cấu hình');
    await screenshots(clerk, 'issue17-dispatch-plan');
    await clerk.click('[data-testid=dialog-submit]');
    await clerk.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });
    expect(await statusOf(clerk)).toBe('DISPATCHED');
    const internal = clerk.locator('[data-testid=recipient-row][data-kind=ORGANISATION] [data-testid=delivery-status]');
    expect(await internal.getAttribute('data-status')).toBe('DELIVERED');
    const incomingId = (await internal.getAttribute('data-incoming-id'))!;
    expect(incomingId).toBeTruthy();
    const external = '[data-testid=recipient-row][data-kind=EXTERNAL]';
    expect(await clerk.getAttribute(`${external} [data-testid=delivery-status]`, 'data-status')).toBe('AWAITING_MANUAL_SEND');

    // 8b. The clerk posts the paper copy, records it and prints the phiếu gửi.
    await clerk.click(`${external} [data-testid=manual-record]`);
    await clerk.waitForSelector('[data-testid=manual-send-dialog]');
    await clerk.check('[data-testid=manual-method][data-method=POST]');
    await clerk.fill('[data-testid=manual-note]', 'Bưu điện VNPost, số biên nhận EA123456789VN');
    await screenshots(clerk, 'issue17-record-send');
    await clerk.click('[data-testid=manual-save]');
    await clerk.waitForSelector('[data-testid=manual-send-dialog]', { state: 'detached' });
    expect(await clerk.getAttribute(`${external} [data-testid=delivery-status]`, 'data-status')).toBe('SENT_MANUALLY');
    expect(await clerk.textContent(`${external} [data-testid=manual-send]`)).toMatch(
      /Bưu chính, ngày \d{2}\/\d{2}\/\d{4} — Bưu điện VNPost/,
    );
    const slipHref = (await clerk.getAttribute(`${external} [data-testid=manual-slip]`, 'href'))!;
    const slip = await clerk.request.get(`${env.url}${slipHref}`);
    expect(slip.status()).toBe(200);
    expect(slip.headers()['content-type']).toBe('application/pdf');
    fs.writeFileSync('test-results/issue17-phieu-gui.pdf', await slip.body());

    // 9. The outgoing register lists it with its recipients.
    await clerk.click('[data-testid=nav-outgoing]');
    await clerk.click('[data-testid=outgoing-register-link]');
    await clerk.waitForSelector(`[data-testid=register-row][data-document-id="${documentId}"]`);
    expect(await clerk.textContent(`[data-testid=register-row][data-document-id="${documentId}"] [data-testid=register-number]`)).toBe(
      numberAndSymbol,
    );

    // 10. The clerk of Sở Nội vụ finds it in the incoming documents.
    const recipient = await as('snv.vanthu');
    await recipient.click('[data-testid=nav-incoming]');
    await recipient.waitForSelector(`[data-testid=incoming-row][data-id="${incomingId}"]`);
    expect(await recipient.textContent(`[data-testid=incoming-row][data-id="${incomingId}"]`)).toContain(subject);
    await recipient.screenshot({ path: 'test-results/e2e-outgoing-received.png', fullPage: true });
  });
});
