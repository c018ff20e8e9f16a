import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { textPdf } from '../support/documents';
import { launchBrowser, signedInPage, startE2eSystem } from '../support/browser';
import { loggedIn } from '../support/harness';

let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let documentId: string;

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
  // A registered incoming document of Sở Nội vụ, received by its clerk through the API.
  const clerk = await loggedIn(env.url, 'snv.vanthu');
  await clerk.get('/api/me');
  const pdf = await textPdf(['Công văn về việc kiểm tra công tác văn thư, lưu trữ năm 2025']);
  const draft = await clerk.agent.post('/api/incoming').set('X-XSRF-TOKEN', clerk.xsrf!).attach('main', pdf, 'kiem-tra-van-thu.pdf');
  documentId = draft.body.id;
  const registered = await clerk.post(`/api/incoming/${documentId}/register`, {
    registerId: 'qn-snv-den',
    issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
    number: '31',
    symbol: 'UBND-VX',
    issueDate: '2025-02-10',
    documentType: 'Công văn',
    subject: 'V/v kiểm tra công tác văn thư, lưu trữ năm 2025',
  });
  expect(registered.status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('a case file from filing to the archive', () => {
  it('the archivist searches without diacritics, opens the result, files it into 02.VTLT, closes the file, transfers it, finds it in the archive and exports it', async () => {
    const archivist = await signedInPage(browser, env.url, 'snv.luutru');
    await archivist.click('[data-testid=nav-search]');
    await archivist.fill('[data-testid=search-box]', 'kiem tra cong tac van thu');
    await archivist.click('[data-testid=search-submit]');
    const hit = archivist.locator(`[data-testid=search-result][data-id="${documentId}"]`);
    // The page may still show an earlier (unfiltered) list: wait for this query's answer, which marks the words.
    await hit.locator('mark').first().waitFor();
    expect(await archivist.locator('[data-testid=search-result]').count()).toBe(1);
    // The words typed without diacritics are marked in the subject as it is written, with them.
    expect(await hit.locator('mark').allTextContents()).toEqual(expect.arrayContaining(['kiểm', 'tra']));
    await hit.locator('[data-testid=search-result-link]').click();
    await archivist.waitForURL(`${env.url}/incoming/${documentId}`);
    await archivist.click('[data-testid=file-into-case-file]');
    const option = await archivist.waitForSelector('[data-testid=case-file-select] option:has-text("02.VTLT")', { state: 'attached' });
    await archivist.selectOption('[data-testid=case-file-select]', (await option.getAttribute('value'))!);
    await archivist.click('[data-testid=file-submit]');
    expect(await archivist.textContent('[data-testid=file-into-done]')).toContain('000.00.03.H49.2025.02.VTLT');

    await archivist.click('[data-testid=nav-case-files]');
    const row = archivist.locator('[data-testid=case-file-row]', { hasText: 'Hồ sơ kiểm tra công tác văn thư' });
    await row.locator('a').click();
    await archivist.waitForSelector('[data-testid=case-file-document][data-ordinal="1"]');
    expect(await archivist.textContent('[data-testid=case-file-documents]')).toContain('31/UBND-VX');
    expect((await archivist.textContent('[data-testid=case-file-retention]'))!.trim()).toBe('20 năm');

    await archivist.click('[data-testid=case-file-close]');
    await archivist.fill('[data-testid=close-end-date]', '2025-12-31');
    await archivist.click('[data-testid=close-submit]');
    await archivist.waitForSelector('[data-testid=case-file-status][data-status=CLOSED]');
    expect(await archivist.getAttribute('[data-testid=transfer-badge]', 'data-state')).not.toBeNull();
    await archivist.click('[data-testid=case-file-transfer]');
    await archivist.waitForSelector('[data-testid=case-file-status][data-status=TRANSFERRED]');

    const exportHref = (await archivist.getAttribute('[data-testid=case-file-export]', 'href'))!;
    const zip = await archivist.request.get(`${env.url}${exportHref}`);
    expect(zip.status()).toBe(200);
    const files = Object.keys((await JSZip.loadAsync(await zip.body())).files);
    expect(files).toEqual(expect.arrayContaining(['metadata.xml', 'metadata.csv', 'manifest-sha256.txt']));

    await archivist.goto(`${env.url}/case-files/archive`);
    const holding = archivist.locator('[data-testid=archive-holding]', { hasText: '02.VTLT' });
    expect(await holding.getAttribute('data-status')).toBe('TRANSFERRED');

    // The unit's specialist sees the archived file read-only.
    const specialist = await signedInPage(browser, env.url, 'snv.cv.tcbc');
    await specialist.goto(`${env.url}/case-files`);
    await specialist.locator('[data-testid=case-file-row]', { hasText: 'Hồ sơ kiểm tra công tác văn thư' }).locator('a').click();
    await specialist.waitForSelector('[data-testid=case-file-read-only]');
    expect(await specialist.locator('[data-testid=case-file-actions] [data-testid]').count()).toBe(0);
  });
});
