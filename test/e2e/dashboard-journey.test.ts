import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { todayInVietnam } from '../../api/src/calendar/working-days';
import { incomingAssignments } from '../../api/src/incoming/processing-schema';
import { incomingDocuments } from '../../api/src/incoming/schema';
import { outgoingDocuments } from '../../api/src/outgoing/schema';
import { users } from '../../api/src/users/schema';
import { launchBrowser, signedInPage, startE2eSystem } from '../support/browser';

/**
 * The statistics on the home page in Chromium. The figures themselves are proven in test/api/dashboard.test.ts;
 * here a few rows written straight into the database are enough to see the tiles, the SVG charts and the
 * pickers each role gets.
 */
let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
const pages: Page[] = [];
const today = todayInVietnam();
const thisMonth = new Date(`${today}T09:00:00+07:00`);

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
  const db = env.system.database.db;
  const id = async (username: string) => (await db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0].id;
  const clerk = await id('stc.vanthu');
  const docs = await db
    .insert(incomingDocuments)
    .values(
      (['AXIS', 'PAPER', 'AXIS', 'EMAIL'] as const).map((channel) => ({
        organisationId: 'qn-stc',
        status: 'ASSIGNED' as const,
        channel,
        registeredAt: thisMonth,
        receivedAt: thisMonth,
        createdBy: clerk,
      })),
    )
    .returning();
  await db.insert(incomingAssignments).values([
    {
      documentId: docs[0].id,
      role: 'CHU_TRI',
      unitId: 'stc-qlns',
      dueDate: today,
      status: 'DONE',
      completedAt: thisMonth,
      assignedBy: clerk,
    },
    { documentId: docs[1].id, role: 'CHU_TRI', unitId: 'stc-qlns', dueDate: '2025-01-02', status: 'OPEN', assignedBy: clerk },
    { documentId: docs[2].id, role: 'CHU_TRI', unitId: 'stc-hcsn', status: 'OPEN', assignedBy: clerk },
  ]);
  await db.insert(outgoingDocuments).values([
    {
      organisationId: 'qn-stc',
      draftingUnitId: 'stc-qlns',
      authorId: clerk,
      status: 'ISSUED',
      documentType: 'CV',
      subject: 'Ký số',
      issuedAt: thisMonth,
      signedSha256: 'a'.repeat(64),
      paperSignature: false,
    },
    {
      organisationId: 'qn-stc',
      draftingUnitId: 'stc-qlns',
      authorId: clerk,
      status: 'ISSUED',
      documentType: 'CV',
      subject: 'Ký tay',
      issuedAt: thisMonth,
      paperSignature: true,
    },
  ]);
});
afterAll(async () => {
  for (const p of pages) await p.context().close();
  await browser?.close();
  await env?.close();
});

async function as(username: string) {
  const page = await signedInPage(browser, env.url, username);
  pages.push(page);
  return page;
}
const kpi = (page: Page, id: string) => page.locator(`[data-testid=kpi-${id}] .kpi-value`).innerText();

describe('dashboard statistics in the browser', () => {
  it('a director sees the tiles and charts of his organisation and narrows them to a unit and to weeks', async () => {
    const page = await as('stc.gd');
    await page.waitForSelector('[data-testid=kpi-received]');
    // The welcome line and the signature card stay.
    expect(await page.locator('[data-testid=welcome]').innerText()).toContain('Bùi Văn Long');
    await page.waitForSelector('[data-testid=my-signature]');
    expect(await kpi(page, 'received')).toBe('4');
    expect(await kpi(page, 'issued')).toBe('2');
    expect(await kpi(page, 'on-time')).toBe('100%');
    expect(await kpi(page, 'overdue')).toBe('1');
    expect(await kpi(page, 'signed')).toBe('50%');
    // 12 months × received and issued; this month's bars have a height.
    const bars = page.locator('[data-testid=chart-volume] [data-testid=chart-bar]');
    expect(await bars.count()).toBe(24);
    const last = page.locator('[data-testid=chart-volume] [data-testid=chart-bar][data-index="11"]');
    expect(await last.evaluateAll((els) => els.map((e) => [e.getAttribute('data-value'), Number(e.getAttribute('height')) > 0]))).toEqual([
      ['4', true],
      ['2', true],
    ]);
    expect(await page.locator('[data-testid=chart-rates] [data-testid=chart-line]').count()).toBe(3);

    await page.selectOption('[data-testid=dash-unit]', 'stc-hcsn');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=dash-caption]')?.textContent?.includes('Phòng Tài chính hành chính sự nghiệp'),
    );
    expect(await kpi(page, 'received')).toBe('1');
    expect(await kpi(page, 'issued')).toBe('0');
    expect(await kpi(page, 'signed')).toBe('—');

    await page.selectOption('[data-testid=dash-period]', 'week');
    // Twelve months by ISO week: some fifty weeks of two bars each, labelled like W05/2026.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=chart-volume] [data-testid=chart-bar]').length > 80);
    expect(await page.locator('[data-testid=chart-volume] [data-testid=chart-label]').first().textContent()).toMatch(/^W\d{2}\/\d{4}$/);
  });

  it('a unit head gets only his unit; a specialist no statistics at all', async () => {
    const head = await as('stc.tp.qlns');
    await head.waitForSelector('[data-testid=kpi-received]');
    expect(await head.locator('[data-testid=dash-unit] option').allInnerTexts()).toEqual(['Phòng Quản lý ngân sách']);
    expect(await kpi(head, 'received')).toBe('2');
    expect(await kpi(head, 'overdue')).toBe('1');

    const specialist = await as('stc.cv.qlns');
    await specialist.waitForSelector('[data-testid=welcome]');
    expect(await specialist.locator('[data-testid=dashboard-stats]').count()).toBe(0);
  });
});
