import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../api/src/config';
import { hubMigrationsFolder, startHub, type RunningHub } from '../../api/src/exchange-hub/app';
import { HubHttpTransport } from '../../api/src/exchange/transport';
import { incomingDocuments } from '../../api/src/incoming/schema';
import { openPkcs12 } from '../../api/src/signing/cms';
import { generateDevPki } from '../../api/src/signing/pki';
import { signPdf } from '../../api/src/signing/signer';
import { DISTRICT, PROVINCE } from '../support/edxml';
import { SHAPES, Xmlsec, corpusPackage, type Facts } from '../support/edxml-conformance';
import { DEMO_PASSWORD, createTestDatabase, freePort } from '../support/harness';
import { makePdf } from '../support/signing';
import { launchBrowser, signedInPage, startE2eSystem } from '../support/browser';

/*
 * The clerk's screen for a package received over the exchange in the vendors' SDK shape (no manifest digests,
 * docs/domain.md §6.7): the notice that the package signature does not protect the attachments, the sender, the
 * DocumentId and the signer read as written — and at a phone's width nothing is wider than the screen (the
 * DocumentId is one long unbroken word). The province sends through a real hub; the app's own workers poll it.
 */
let env: Awaited<ReturnType<typeof startE2eSystem>>;
let browser: Browser;
let pkiDir: string;
let dataDir: string;
let hubDb: Awaited<ReturnType<typeof createTestDatabase>>;
let hub: RunningHub;

beforeAll(async () => {
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-intake-pki-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-intake-data-'));
  await generateDevPki({
    dir: pkiDir,
    password: DEMO_PASSWORD,
    leaders: [],
    organisations: [
      { id: 'qn-ubnd', name: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
      { id: 'qn-vpubnd', name: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh' },
    ],
  });
  hubDb = await createTestDatabase(hubMigrationsFolder);
  hub = await startHub(
    loadConfig({
      HUB_DATABASE_URL: hubDb.url,
      HUB_PORT: String(await freePort()),
      HUB_HOST: '127.0.0.1',
      HUB_AGENCIES: `${PROVINCE.organId}=tinh-secret,${DISTRICT.organId}=vp-secret`,
      LOG_LEVEL: 'silent',
    }),
  );
  [env, browser] = await Promise.all([
    startE2eSystem({
      PKI_DIR: pkiDir,
      TRUST_STORE_DIR: path.join(pkiDir, 'trust'),
      DATA_DIR: dataDir,
      EXCHANGE_HUB_URL: hub.url,
      EXCHANGE_AGENCIES: `${DISTRICT.organId}=vp-secret`,
      EXCHANGE_POLL_SECONDS: '1',
    }),
    launchBrowser(),
  ]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
  await hub?.close();
  await hubDb?.drop();
  fs.rmSync(pkiDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/**
 * What makes the page wider than the screen at this width (nothing: on a phone the page scrolls only downwards).
 * Text running out of its box (a long unbroken word) widens the page without any element's box doing so, so
 * the page's scroll width is what counts; the containers whose content overflows are named to say where.
 */
async function tooWide(page: Page, width: number): Promise<{ widerBy: number; overflowing: string[] }> {
  await page.setViewportSize({ width, height: 844 });
  return page.evaluate((w) => {
    const scrollWidth = document.documentElement.scrollWidth;
    const overflowing =
      scrollWidth <= w
        ? []
        : Array.from(document.querySelectorAll('main *'))
            .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')
            .slice(0, 8)
            .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}[${el.getAttribute('data-testid') ?? ''}]`);
    return { widerBy: Math.max(0, scrollWidth - w), overflowing };
  }, width);
}

describe('a package without manifest digests, as the clerk sees it', () => {
  it('shows the notice, the DocumentId and the signer; nothing wider than a phone', async () => {
    const identity = openPkcs12(fs.readFileSync(path.join(pkiDir, 'orgs', 'qn-ubnd.p12')), DEMO_PASSWORD);
    const main = (await signPdf(await makePdf(2), { identity, appearance: { kind: 'invisible' }, reason: 'Phát hành' })).pdf;
    const facts: Facts = {
      from: PROVINCE,
      to: DISTRICT,
      codeNumber: '5123',
      codeNotation: 'UBND-VX',
      attachments: [
        { contentId: 'c-1', name: 'van-ban.signed.pdf', contentType: 'application/pdf', description: 'Văn bản chính', data: main },
        { contentId: 'c-2', name: 'phu-luc-I.pdf', contentType: 'application/pdf', description: 'Phụ lục I', data: await makePdf(1) },
      ],
    };
    const sdkShape = SHAPES.find((s) => s.manifestDigest === 'none')!;
    const xmlsec = new Xmlsec(identity, path.join(pkiDir, 'trust'));
    try {
      const province = new HubHttpTransport(hub.url, PROVINCE.organId, 'tinh-secret', 5000);
      await province.send({
        type: 'edoc',
        messageId: 'msg-intake-1',
        to: [DISTRICT.organId],
        package: corpusPackage(xmlsec, sdkShape, facts),
      });
    } finally {
      xmlsec.remove();
    }
    let record: { id: string } | undefined;
    for (let i = 0; i < 60 && !record; i++) {
      [record] = await env.system.database.db.select().from(incomingDocuments).where(eq(incomingDocuments.number, '5123'));
      if (!record) await new Promise((r) => setTimeout(r, 500));
    }
    expect(record).toBeDefined();

    const clerk = await signedInPage(browser, env.url, 'qn.vanthu');
    await clerk.goto(`${env.url}/incoming/${record!.id}`);
    await clerk.waitForSelector('[data-testid=exchange-notice]');
    expect(await clerk.textContent('[data-testid=exchange-notice]')).toContain(
      'tệp đính kèm không được chữ ký gói tin bảo vệ (van-ban.signed.pdf, phu-luc-I.pdf)',
    );
    expect(await clerk.textContent('[data-testid=exchange-document-id]')).toBe('000.00.00.H49,2025/03/05,5123/UBND-VX');
    // The signer as the package names him: the comma right after the name.
    expect((await clerk.innerText('[data-testid=signer]')).replace(/\s+/g, ' ').trim()).toBe('KT. CHỦ TỊCH Trần Minh Khoa, Phó Chủ tịch');
    // Before the DocumentId could wrap, the page was 523 px wide on a 390 px phone (dl.meta of exchange-origin).
    expect(await tooWide(clerk, 1366)).toEqual({ widerBy: 0, overflowing: [] });
    expect(await tooWide(clerk, 390)).toEqual({ widerBy: 0, overflowing: [] });
  });
});
