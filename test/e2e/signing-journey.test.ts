import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { findLayout } from '../../api/src/outgoing/layout';
import { demoLeaders, demoSealOrganisations } from '../../api/src/signing/demo';
import { generateDevPki } from '../../api/src/signing/pki';
import { loadTrustStore, validatePdf } from '../../api/src/signing/validate';
import { textPdf } from '../support/documents';
import { financePlan, financePlanMetadata } from '../support/drafts';
import { DEMO_PASSWORD } from '../support/harness';
import { expectFilled, expectNoOverlap, expectPlacement, printedText } from '../support/issued-pdf';
import { launchBrowser, startE2eSystem, signedInPage, postAs, type PostBody } from '../support/browser';

/*
 * Digital signatures end to end, on a dev PKI made for the run in a temporary PKI_DIR: the director approves
 * and signs with his key's passphrase (the key is used in the request, the worker timestamps and embeds),
 * the clerk issues, the seal worker adds số/date and the organisation's signature, and the signature panel
 * of the outgoing page shows both signatures valid. The draft has the standard layout: the issued PDF has the
 * number and date in its blanks and the signatures in its signature block.
 */
let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let pkiDir: string;

beforeAll(async () => {
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-pki-'));
  await generateDevPki({
    dir: pkiDir,
    password: DEMO_PASSWORD,
    leaders: demoLeaders().filter((l) => ['stc.gd', 'stc.pgd'].includes(l.username)),
    organisations: demoSealOrganisations().filter((o) => o.id === 'qn-stc'),
  });
  [env, browser] = await Promise.all([startE2eSystem({ PKI_DIR: pkiDir, TRUST_STORE_DIR: path.join(pkiDir, 'trust') }), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

/** Each person works in a browser context of their own, signed in through the login page. */
const as = (username: string) => signedInPage(browser, env.url, username);

const api = (page: Page, url: string, body?: PostBody) => postAs(page, env.url, url, body);

async function act(page: Page, action: string) {
  await page.click(`[data-testid=action-${action}]`);
  await page.waitForSelector(`[data-testid=action-dialog][data-action=${action}]`);
  await page.click('[data-testid=dialog-submit]');
  await page.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });
}

/** Screenshots at a desktop and a phone size (test-results/, looked at by a person). */
async function shots(page: Page, name: string) {
  for (const [w, h] of [
    [1366, 768],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/e2e-${name}-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

describe('digital signatures on an outgoing document', () => {
  it('leader approves and signs with a passphrase → clerk issues → seal added → the panel shows two valid signatures', async () => {
    // The plan is drafted and checked by the unit head (through the API: the outgoing journey covers those screens).
    const specialist = await as('stc.cv.qlns');
    const draft = await financePlan(3);
    const created = await api(specialist, '/api/outgoing', {
      multipart: {
        metadata: financePlanMetadata,
        main: { name: 'ke-hoach.pdf', mimeType: 'application/pdf', buffer: draft },
      },
    });
    const id = created.id as string;
    await api(specialist, `/api/outgoing/${id}/submit`);
    await api(await as('stc.tp.qlns'), `/api/outgoing/${id}/approve`);

    // 1. The director approves at the signing step, then signs with his key's passphrase.
    const leader = await as('stc.gd');
    await leader.goto(`${env.url}/outgoing/${id}`);
    await leader.waitForSelector('[data-testid=action-approve]');
    await act(leader, 'approve');
    await leader.waitForSelector('[data-testid=document-status][data-status=APPROVED_AWAITING_SIGNATURE]');
    // A wrong passphrase is refused in the dialog; nothing is signed.
    await leader.click('[data-testid=action-sign]');
    // Before typing the passphrase the signer reads where the signature goes: between "GIÁM ĐỐC" and his name.
    expect(await leader.textContent('[data-testid=sign-dialog] [data-testid=layout-summary]')).toContain('"GIÁM ĐỐC" và "Bùi Văn Long"');
    // …and sees it on the page: the preview image of the signature page has loaded.
    await leader.waitForFunction(
      () =>
        ((document.querySelector('[data-testid=sign-dialog] [data-testid=layout-preview-signature]') as HTMLImageElement | null)
          ?.naturalWidth ?? 0) > 500,
    );
    await shots(leader, 'sign-dialog');
    await leader.fill('[data-testid=sign-passphrase]', 'khong-dung');
    await leader.click('[data-testid=sign-submit]');
    expect(await leader.getAttribute('[data-testid=sign-error]', 'data-code')).toBe('signing.wrong_passphrase');
    await leader.fill('[data-testid=sign-passphrase]', DEMO_PASSWORD);
    await leader.click('[data-testid=sign-submit]');
    await leader.waitForSelector('[data-testid=document-status][data-status=SIGNED]', { timeout: 30_000 });
    await leader.waitForSelector('[data-testid=signature-panel][data-verdict=valid]');
    expect(await leader.locator('[data-testid=signature]').count()).toBe(1);
    expect(await leader.textContent('[data-testid=signature-signer]')).toBe('Bùi Văn Long');

    // 2. The clerk issues it; the seal worker adds số/date and the organisation's signature.
    const clerk = await as('stc.vanthu');
    await clerk.goto(`${env.url}/outgoing/${id}`);
    await clerk.waitForSelector('[data-testid=action-issue]');
    await act(clerk, 'issue');
    await clerk.waitForSelector('[data-testid=document-status][data-status=ISSUED]');
    await clerk.waitForSelector('[data-testid=action-dispatch]', { timeout: 30_000 });

    // 3. The signature panel: two valid signatures, the director's and Sở Tài chính's.
    await clerk.waitForFunction(() => document.querySelectorAll('[data-testid=signature][data-verdict=valid]').length === 2, undefined, {
      timeout: 30_000,
    });
    expect(await clerk.getAttribute('[data-testid=signature-panel]', 'data-verdict')).toBe('valid');
    expect(await clerk.locator('[data-testid=signature-signer]').allTextContents()).toEqual([
      'Bùi Văn Long',
      'Sở Tài chính tỉnh Quảng Ninh',
    ]);
    await clerk.screenshot({ path: 'test-results/e2e-signatures.png', fullPage: true });
    expect(await clerk.textContent('[data-testid=issuance] [data-testid=layout-summary]')).toContain('chỗ trống');
    await shots(clerk, 'issued');

    // 4. The issued PDF as a recipient gets it: number and date in the draft's blanks, the signature in the block.
    const file = await clerk.request.get(`${env.url}/api/outgoing/${id}/issued`);
    const pdf = Buffer.from(await file.body());
    const doc = await (await clerk.request.get(`${env.url}/api/outgoing/${id}`)).json();
    expect(await validatePdf(pdf, await loadTrustStore(path.join(pkiDir, 'trust')))).toMatchObject({ verdict: 'valid', signatureCount: 2 });
    const out = path.join('test-results', 'e2e-issued.pdf');
    fs.writeFileSync(out, pdf);
    expect(spawnSync('qpdf', ['--check', out]).status).toBe(0);
    const layout = await findLayout(draft);
    const printed = await printedText(out);
    expectNoOverlap(printed);
    expectFilled(printed, layout, doc.issued.number, doc.issued.issueDate);
    await expectPlacement(pdf, layout);
    // Page 1 and the signature page as images, compared with the draft by a person once (see the report of issue 15).
    spawnSync('pdftoppm', ['-png', '-r', '80', out, path.join('test-results', 'e2e-issued-page')]);
  });

  it('a draft without a signature block: the signer and the clerk are told before signing and issuing', async () => {
    const specialist = await as('stc.cv.qlns');
    const created = await api(specialist, '/api/outgoing', {
      multipart: {
        metadata: JSON.stringify({ documentType: 'KH', subject: 'Kế hoạch không theo thể thức', recipients: [], urgency: 'THUONG' }),
        main: { name: 'khong-the-thuc.pdf', mimeType: 'application/pdf', buffer: await textPdf(['Kế hoạch không theo thể thức']) },
      },
    });
    const id = created.id as string;
    await api(specialist, `/api/outgoing/${id}/submit`);
    await api(await as('stc.tp.qlns'), `/api/outgoing/${id}/approve`);
    const leader = await as('stc.gd');
    await api(leader, `/api/outgoing/${id}/approve`);
    await leader.goto(`${env.url}/outgoing/${id}`);
    await leader.waitForSelector('[data-testid=issuance] [data-testid=layout-warnings] [data-code=no_signature_block]');
    await leader.click('[data-testid=action-sign]');
    expect(await leader.textContent('[data-testid=sign-dialog] [data-testid=layout-warnings]')).toContain('Không nhận ra khối chữ ký');
    await shots(leader, 'layout-warning');
  });
});
