import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { todayInVietnam } from '../../api/src/calendar/working-days';
import { textPdf } from '../support/documents';
import { launchBrowser, startE2eSystem, signedInPage } from '../support/browser';

let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let pdfPath: string;
const shots = process.env.E2E_SCREENSHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-copies-shots-'));

beforeAll(async () => {
  [env, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
  pdfPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-')), 'cong-van.pdf');
  fs.writeFileSync(pdfPath, await textPdf(['Công văn số 88/SNV-VP về việc rà soát hồ sơ công việc']));
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('Sao văn bản', () => {
  it('the clerk registers a received document, makes a SAO Y from its page and sees it listed with its copy number', async () => {
    const clerk = await signedInPage(browser, env.url, 'stc.vanthu');
    await clerk.click('[data-testid=nav-incoming]');
    await clerk.click('[data-testid=incoming-new]');
    await clerk.setInputFiles('[data-testid=upload-main]', pdfPath);
    await clerk.click('[data-testid=upload-submit]');
    await clerk.waitForURL(/\/incoming\/[^/]+\/register$/);
    const documentId = clerk.url().split('/').at(-2)!;
    await clerk.waitForSelector('[data-testid=extraction-state]');
    await clerk.fill('[data-testid=register-issuer]', 'Sở Nội vụ tỉnh Quảng Ninh');
    await clerk.fill('[data-testid=register-number]', '88');
    await clerk.fill('[data-testid=register-symbol]', 'SNV-VP');
    await clerk.fill('[data-testid=register-issue-date]', todayInVietnam());
    await clerk.fill('[data-testid=register-type]', 'Công văn');
    await clerk.fill('[data-testid=register-subject]', 'V/v rà soát hồ sơ công việc');
    await clerk.click('[data-testid=register-submit]');
    await clerk.waitForSelector('[data-testid=arrival-number]');

    await clerk.goto(`${env.url}/incoming/${documentId}`);
    await clerk.waitForSelector('[data-testid=copies]');
    expect(await clerk.getAttribute('[data-testid=download-reading]', 'href')).toContain('?watermark=1');
    await clerk.click('[data-testid=copy-make]');
    await clerk.click('[data-testid=copy-submit]');
    await clerk.waitForSelector('[data-testid=copy]');
    const item = (await clerk.textContent('[data-testid=copy]'))!;
    expect(item).toContain('/SY-STC');
    expect(item).toContain('Sao y');
    expect(item).toContain('Chờ ký');
    await clerk.locator('[data-testid=copies]').scrollIntoViewIfNeeded();
    await clerk.setViewportSize({ width: 1366, height: 768 });
    await clerk.screenshot({ path: path.join(shots, 'copies-1366.png') });
    await clerk.setViewportSize({ width: 390, height: 844 });
    await clerk.locator('[data-testid=copies]').scrollIntoViewIfNeeded();
    await clerk.screenshot({ path: path.join(shots, 'copies-390.png') });

  }, 120_000);
});
