import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { users } from '../../api/src/users/schema';
import { todayInVietnam, addDays } from '../../api/src/calendar/working-days';
import { textPdf } from '../support/documents';
import { launchBrowser, startE2eSystem, signedInPage, registerAtDesk } from '../support/browser';

let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let pdfPath: string;
const ids = new Map<string, string>();

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
  for (const u of await env.system.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
  pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-')), 'cong-van-ngan-sach.pdf');
  fs.writeFileSync(pdfPath, await textPdf(['Công văn số 215/UBND-KT về việc lập dự toán ngân sách năm 2027']));
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** Each person works in a browser context of their own, signed in through the login page. */
const as = (username: string) => signedInPage(browser, env.url, username);

async function act(page: Page, action: string, fill: (p: Page) => Promise<unknown> = async () => {}) {
  await page.click(`[data-testid=action-${action}]`);
  await fill(page);
  await page.click('[data-testid=dialog-submit]');
  await page.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });
}

const statusOf = async (page: Page) => (await page.textContent('[data-testid=document-status]'))!.trim();

describe('an incoming document from the clerk’s desk to completion', () => {
  it('clerk registers → leader assigns → unit head passes on → specialist completes → clerk sees it completed; informed leader sees it for information', async () => {
    // 1. The clerk of Sở Tài chính receives the PDF and registers it.
    const clerk = await as('stc.vanthu');
    const documentId = await registerAtDesk(clerk, pdfPath, {
      issuer: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      number: '215',
      symbol: 'UBND-KT',
      issueDate: todayInVietnam(),
      subject: 'V/v lập dự toán ngân sách năm 2027',
    });
    expect((await clerk.textContent('[data-testid=arrival-number]'))!).toContain('1');

    // 2. … and presents it to the director.
    await clerk.goto(`${env.url}/incoming/${documentId}`);
    await act(clerk, 'submit', (p) => p.selectOption('[data-testid=dialog-leader]', ids.get('stc.gd')!));
    await clerk.waitForFunction(() => document.querySelector('[data-testid=document-status]')?.textContent?.includes('Chờ chỉ đạo'));

    // 3. The director finds it in "my work" and directs: budget unit leads, deputy informed, deadline.
    const leader = await as('stc.gd');
    await leader.goto(`${env.url}/incoming/queue`);
    await leader.click(`[data-testid=queue-item][data-document-id="${documentId}"] a`);
    await leader.click('[data-testid=action-assign]');
    await leader.selectOption('[data-testid=assign-lead]', 'unit:stc-qlns');
    await leader.check(`[data-testid=assign-inform][value="user:${ids.get('stc.pgd')}"]`);
    await leader.fill('[data-testid=assign-due-date]', addDays(todayInVietnam(), 7));
    await leader.fill('[data-testid=assign-instruction]', 'Phòng Quản lý ngân sách chủ trì tham mưu.');
    await leader.click('[data-testid=assign-submit]');
    await leader.waitForSelector('[data-testid=assign-dialog]', { state: 'detached' });
    await leader.waitForSelector('[data-testid=assignment-row]');

    // 4. The unit head passes it to the specialist.
    const head = await as('stc.tp.qlns');
    await head.goto(`${env.url}/incoming/${documentId}`);
    await act(head, 'delegate', (p) => p.selectOption('[data-testid=dialog-user]', ids.get('stc.cv.qlns')!));

    // 5. The specialist starts and completes it with a result note.
    const specialist = await as('stc.cv.qlns');
    await specialist.goto(`${env.url}/incoming/queue`);
    await specialist.click(`[data-testid=queue-item][data-document-id="${documentId}"] a`);
    await act(specialist, 'start');
    await specialist.waitForFunction(() => document.querySelector('[data-testid=document-status]')?.textContent?.includes('Đang xử lý'));
    await act(specialist, 'complete', (p) => p.fill('[data-testid=dialog-result-note]', 'Đã tham mưu Công văn trả lời số 42/STC-QLNS'));
    await specialist.waitForFunction(() => document.querySelector('[data-testid=document-status]')?.textContent?.includes('Đã hoàn thành'));

    // 6. The clerk sees it completed, with the whole history.
    await clerk.reload();
    await clerk.waitForSelector('[data-testid=history]');
    expect(await statusOf(clerk)).toContain('Đã hoàn thành');
    const history = (await clerk.textContent('[data-testid=history]'))!;
    expect(history).toContain('Bùi Văn Long');
    expect(history).toContain('Lý Thị Ngọc');

    // 7. The deputy director, informed, finds it under "for information" and the bell has told her.
    const informed = await as('stc.pgd');
    await informed.goto(`${env.url}/incoming/queue`);
    await informed.click('[data-testid=queue-tab-info]');
    await informed.waitForSelector(`[data-testid=queue-item][data-document-id="${documentId}"]`);
    await informed.waitForSelector('[data-testid=notifications-unread]');
    await informed.screenshot({ path: 'test-results/e2e-incoming-info.png', fullPage: true });
  });
});
