import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { renderPage } from '../../api/src/incoming/pdf';
import { findLayout, layoutOf } from '../../api/src/outgoing/layout';
import { expectedAuthority } from '../../api/src/outgoing/layout-check';
import { SEAL_OUTGOING_JOB, SIGN_OUTGOING_JOB, type SealOutgoingJob, type SignOutgoingJob } from '../../api/src/outgoing/signing';
import { demoLeaders, demoSealOrganisations } from '../../api/src/signing/demo';
import { signingDeps } from '../../api/src/signing/deps';
import { completeLeaderSignature, sealOutgoing } from '../../api/src/signing/outgoing';
import { generateDevPki } from '../../api/src/signing/pki';
import { outgoingSealedFiles } from '../../api/src/signing/schema';
import { validatePdf } from '../../api/src/signing/validate';
import { openBlobStore } from '../../api/src/storage';
import { readAll } from '../../api/src/storage/blob-store';
import { textPdf } from '../support/documents';
import { libreOfficePdfs, paragraphs, pdfLibDraft, type DraftSpec } from '../support/drafts';
import { expectFilled, expectNoOverlap, expectPlacement, printedText } from '../support/issued-pdf';
import { DEMO_PASSWORD, loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';
import { signatureImage } from '../support/signing';
import { eq } from 'drizzle-orm';

let t: TestApp;
let work: string;
let pkiDir: string;
let nss: string;
const clients = new Map<string, ApiClient>();
const drafts: Record<string, Buffer> = {};

const congVan: DraftSpec = {
  parent: 'ỦY BAN NHÂN DÂN',
  issuer: 'TỈNH QUẢNG NINH',
  symbol: 'UBND-VX',
  place: 'Quảng Ninh',
  vv: 'V/v tổ chức Tết Nguyên đán',
  kinhGui: 'Sở Tài chính',
  body: paragraphs('Tổ chức Tết Nguyên đán', 2),
  recipients: ['- Như trên;', '- Lưu: VT, VX.'],
  block: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'],
  name: 'Lê Thu Hà',
};
const quyetDinh: DraftSpec = {
  issuer: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH',
  symbol: 'QĐ-UBND',
  place: 'Quảng Ninh',
  yearBlank: true,
  title: ['QUYẾT ĐỊNH', 'Về việc khen thưởng tập thể'],
  body: paragraphs('Khen thưởng tập thể', 2),
  recipients: ['- Như Điều 3;', '- Lưu: VT, VX.'],
  block: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'],
  name: 'Trần Minh Khoa',
};
const keHoach: DraftSpec = {
  parent: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH',
  issuer: 'SỞ TÀI CHÍNH',
  symbol: 'KH-STC',
  place: 'Quảng Ninh',
  title: ['KẾ HOẠCH', 'Kiểm tra tài chính năm 2027'],
  body: paragraphs('Kiểm tra tài chính', 9),
  recipients: ['- UBND tỉnh (b/c);', '- Lưu: VT, QLNS.'],
  block: ['GIÁM ĐỐC'],
  name: 'Bùi Văn Long',
};

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-layout-'));
  pkiDir = path.join(work, 'pki');
  // LibreOffice drafts in one soffice run, while the keys are made.
  Object.assign(drafts, libreOfficePdfs({ congVan, quyetDinh, keHoach }));
  drafts.pdfLibDeputy = await pdfLibDraft(
    { ...keHoach, title: ['KẾ HOẠCH', 'Quyết toán ngân sách'], block: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: 'Đặng Thị Hương' },
    'embedded',
  );
  drafts.standardFontActing = await pdfLibDraft({ ...congVan, block: ['Q. CHỦ TỊCH'], name: 'Lê Thu Hà' }, 'standard');
  drafts.noBlock = await textPdf(['Thông báo nội bộ không theo thể thức', 'Trang hai']);
  await generateDevPki({
    dir: pkiDir,
    password: DEMO_PASSWORD,
    leaders: demoLeaders().filter((l) => ['stc.gd', 'stc.pgd', 'qn.chutich', 'qn.pct1'].includes(l.username)),
    organisations: demoSealOrganisations().filter((o) => ['qn-stc', 'qn-ubnd'].includes(o.id)),
  });
  nss = path.join(work, 'nss');
  fs.mkdirSync(nss);
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'vanthu-dev-root', '-t', 'CT,C,C', '-i', path.join(pkiDir, 'root-ca.pem')]);
  t = await startTestApp({ env: { DATA_DIR: path.join(work, 'data'), PKI_DIR: pkiDir, TRUST_STORE_DIR: path.join(pkiDir, 'trust') } });
}, 240_000);
afterAll(async () => {
  await t?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  const c = clients.get(username)!;
  if (!c.xsrf) await c.get('/api/me');
  return c;
}

interface LayoutView {
  signatureBlock: { page: number; authority: string[]; position: string; name: string } | null;
  numberBlank: boolean;
  dateBlank: boolean;
  expectedAuthority: string | null;
  warnings: { code: string; vi: string; en: string }[];
}
interface Doc {
  id: string;
  status: string;
  issued: { number: number; numberAndSymbol: string; issueDate: string } | null;
  layout: LayoutView | null;
}
const ok = (res: { status: number; body: unknown }, status = 200) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Doc;
};
const act = async (username: string, id: string, action: string, body: object = {}) =>
  (await as(username)).post(`/api/outgoing/${id}/${action}`, body);
const view = async (username: string, id: string) => ok(await (await as(username)).get(`/api/outgoing/${id}`));

interface Flow {
  org: 'qn-ubnd' | 'qn-stc';
  documentType: string;
  signer: string;
  attachment?: boolean;
}
const chains = {
  'qn-ubnd': { author: 'qn.cv.vx1', reviewers: ['qn.tp.vx', 'qn.cvp'], clerk: 'qn.vanthu' },
  'qn-stc': { author: 'stc.cv.qlns', reviewers: ['stc.tp.qlns'], clerk: 'stc.vanthu' },
};

/** Draft → chain → the signer signs (job completed) → the clerk issues (seal job run) → the issued PDF. */
async function issue(pdf: Buffer, flow: Flow, atFormCheck?: (id: string, reviewer: string) => Promise<void>) {
  const chain = chains[flow.org];
  const author = await as(chain.author);
  let req = author.agent
    .post('/api/outgoing')
    .set('X-XSRF-TOKEN', author.xsrf!)
    .field(
      'metadata',
      JSON.stringify({
        documentType: flow.documentType,
        subject: `Dự thảo ${flow.documentType} ${flow.signer}`,
        recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }],
        urgency: 'THUONG',
      }),
    )
    .attach('main', pdf, 'du-thao.pdf');
  if (flow.org === 'qn-ubnd') req = req.field('organisationId', 'qn-ubnd');
  if (flow.attachment) req = req.attach('attachments', await textPdf(['Phụ lục: danh sách đơn vị được kiểm tra']), 'phu-luc.pdf');
  const id = ok(await req, 201).id;
  ok(await act(chain.author, id, 'submit'));
  for (const r of chain.reviewers) {
    await atFormCheck?.(id, r);
    ok(await act(r, id, 'approve'));
  }
  ok(await act(flow.signer, id, 'approve'));
  const beforeSigning = await view(flow.signer, id);
  ok(await act(flow.signer, id, 'sign', { passphrase: DEMO_PASSWORD }), 202);
  const jobs = await t.queues.signing.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  const job = jobs.find((j) => j.name === SIGN_OUTGOING_JOB && j.data.documentId === id && j.data.requestId)!;
  expect(await completeLeaderSignature(t.database.db, openBlobStore(t.config), signingDeps(t.config), job.data as SignOutgoingJob)).toEqual(
    { state: 'DONE' },
  );
  const issued = ok(await act(chain.clerk, id, 'issue'));
  const seal = (await t.queues.signing.getJob(`seal-${id}`))!;
  expect(seal.name).toBe(SEAL_OUTGOING_JOB);
  expect(await sealOutgoing(t.database.db, openBlobStore(t.config), signingDeps(t.config), seal.data as SealOutgoingJob)).toMatchObject({
    sealed: true,
  });
  const file = await (await as(chain.clerk)).agent.get(`/api/outgoing/${id}/issued`).buffer(true);
  expect(file.status).toBe(200);
  const out = file.body as Buffer;
  fs.writeFileSync(path.join(work, `${id}.pdf`), out);
  return { id, pdf: out, issued, beforeSigning };
}

/** Both signatures valid for our validator, for Poppler's pdfsig, and a well-formed file for qpdf. */
async function expectValid(pdf: Buffer, signatures = 2) {
  const report = await validatePdf(pdf, await signingDeps(t.config).trustStore());
  expect(report).toMatchObject({ verdict: 'valid', signatureCount: signatures });
  // The leader's signature sees a form fill and a later signature, no change of content.
  if (signatures > 1) {
    expect(report.signatures[0].modifiedAfter.kinds).toContain('form_fill');
    expect(report.signatures[0].modifiedAfter.kinds).not.toContain('other_content');
  }
  const file = path.join(work, `check-${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  const sig = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' });
  expect(sig.stdout.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(signatures);
  const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  expect(check.status).toBe(0);
  expect(check.stdout).toContain('No syntax or stream encoding errors found');
  return file;
}

async function checkIssued(
  name: string,
  flow: Flow,
  options: { warnings?: string[]; atFormCheck?: (id: string, reviewer: string) => Promise<void> } = {},
) {
  const draft = drafts[name];
  const layout = await findLayout(draft);
  expect(layout.signature).toBeDefined();
  expect(layout.number).toBeDefined();
  expect(layout.date).toBeDefined();
  const { pdf, issued, beforeSigning } = await issue(draft, flow, options.atFormCheck);
  // ISSUED_PDF_DIR=… keeps the drafts and issued files to look at (pdftoppm -png -r 80).
  if (process.env.ISSUED_PDF_DIR) {
    fs.writeFileSync(path.join(process.env.ISSUED_PDF_DIR, `${name}.draft.pdf`), draft);
    fs.writeFileSync(path.join(process.env.ISSUED_PDF_DIR, `${name}.issued.pdf`), pdf);
  }
  expect(beforeSigning.layout!.warnings.map((w) => w.code)).toEqual(options.warnings ?? []);
  expect(issued.layout!.signatureBlock).toMatchObject({ name: layout.signature!.name, position: layout.signature!.position });
  const file = await expectValid(pdf);
  const printed = await printedText(file);
  expectNoOverlap(printed);
  expectFilled(printed, layout, issued.issued!.number, issued.issued!.issueDate);
  // The draft's own title and name are printed once: the signature appearance repeats neither.
  const all = printed.flat().map((r) => r.str);
  const caption = printed[layout.signature!.page].find((r) => r.str.startsWith('Cơ quan:'));
  expect(caption).toBeDefined();
  expect(all.filter((s) => s.includes(layout.signature!.name.split(' ').pop()!)).length).toBeLessThanOrEqual(
    layout.signature!.name.split(' ').length,
  );
  await expectPlacement(pdf, layout);
  return { pdf, file, layout, issued };
}

describe('the issued document, right on paper', () => {
  it('công văn exported by LibreOffice, signed by a deputy under "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", with her signature image', async () => {
    const c = await as('qn.pct1');
    expect(
      (
        await c.agent
          .put('/api/me/signature-image')
          .set('X-XSRF-TOKEN', c.xsrf!)
          .attach('image', await signatureImage(), 'chu-ky.png')
      ).status,
    ).toBe(200);
    await checkIssued('congVan', { org: 'qn-ubnd', documentType: 'CV', signer: 'qn.pct1' });
  }, 90_000);

  it('quyết định "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" (year left blank too), signed by the chairman without an image: "Đã ký số"', async () => {
    const { printed } = await checkIssued('quyetDinh', { org: 'qn-ubnd', documentType: 'QD', signer: 'qn.chutich' }).then(async (r) => ({
      ...r,
      printed: await printedText(r.file),
    }));
    expect(printed.flat().map((r) => r.str)).toContain('Đã ký số');
  }, 90_000);

  it('a multi-page plan: block on the last page; the separate attachment carries the number and time top right, size 10', async () => {
    const { layout, issued } = await checkIssued('keHoach', { org: 'qn-stc', documentType: 'KH', signer: 'stc.gd', attachment: true });
    expect(layout.pageBoxes.length).toBeGreaterThan(1);
    expect(layout.signature!.page).toBe(layout.pageBoxes.length - 1);
    expect(layout.number!.page).toBe(0);
    const [sealed] = await t.database.db.select().from(outgoingSealedFiles).where(eq(outgoingSealedFiles.documentId, issued.id));
    const attachment = await readAll(await openBlobStore(t.config).get(sealed.sealedSha256));
    const attachmentFile = await expectValid(attachment, 1);
    const printed = await printedText(attachmentFile);
    expectNoOverlap(printed);
    const label = printed[0].find((r) => r.str === issued.issued!.numberAndSymbol)!;
    expect(label).toBeDefined();
    expect(label.box[3] - label.box[1]).toBeCloseTo(0.95 * 10, 0);
    expect(label.box[2]).toBeGreaterThan(layout.pageBoxes[0][2] * 0.7);
    expect(label.y).toBeGreaterThan(layout.pageBoxes[0][3] * 0.9);
    expect(printed[0].some((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/.test(r.str))).toBe(true);
  }, 90_000);

  it('a pdf-lib draft (blanks inside one text run, DejaVu embedded) under "KT. GIÁM ĐỐC", signed by the deputy director', async () => {
    await checkIssued('pdfLibDeputy', { org: 'qn-stc', documentType: 'KH', signer: 'stc.pgd' });
  }, 90_000);

  it('a draft in a standard, non-embedded font saying "Q. CHỦ TỊCH": the reviewer at the format check and the signer are warned; placement still right', async () => {
    const seen: LayoutView[] = [];
    await checkIssued(
      'standardFontActing',
      { org: 'qn-ubnd', documentType: 'CV', signer: 'qn.pct1' },
      {
        warnings: ['authority_mismatch'],
        atFormCheck: async (id, reviewer) => {
          if (reviewer !== 'qn.cvp') return;
          seen.push((await view('qn.cvp', id)).layout!);
          // The preview of the signature page: the blanks and the planned signature in blue, the seal in red.
          const res = await (await as('qn.cvp')).agent.get(`/api/outgoing/${id}/layout-preview/signature`).buffer(true);
          expect(res.status).toBe(200);
          expect(res.headers['content-type']).toMatch(/^image\/png/);
          const { loadImage, createCanvas } = await import('@napi-rs/canvas');
          const img = await loadImage(res.body as Buffer);
          const ctx = createCanvas(img.width, img.height).getContext('2d');
          ctx.drawImage(img, 0, 0);
          const px = ctx.getImageData(0, 0, img.width, img.height).data;
          let red = 0;
          let blue = 0;
          for (let i = 0; i < px.length; i += 4) {
            if (px[i] > 150 && px[i + 1] < 90 && px[i + 2] < 90) red++;
            if (px[i + 2] > 150 && px[i] < 90 && px[i + 1] < 120) blue++;
          }
          expect(img.width).toBeGreaterThan(700);
          expect(red).toBeGreaterThan(200);
          expect(blue).toBeGreaterThan(200);
          fs.writeFileSync(path.join(process.env.ISSUED_PDF_DIR ?? work, 'preview-signature.png'), res.body as Buffer);
        },
      },
    );
    expect(seen).toHaveLength(1);
    expect(seen[0].warnings).toEqual([
      expect.objectContaining({
        code: 'authority_mismatch',
        vi: expect.stringContaining('Q. CHU TICH'),
        en: expect.stringContaining('KT. CHỦ TỊCH / PHÓ CHỦ TỊCH'),
      }),
    ]);
  }, 90_000);

  it('issued on a declared paper signature: the copy gets the number and date drawn in the blanks, nothing over text', async () => {
    const id = ok(
      await (
        await as('qn.cv.vx1')
      ).agent
        .post('/api/outgoing')
        .set('X-XSRF-TOKEN', (await as('qn.cv.vx1')).xsrf!)
        .field('metadata', JSON.stringify({ documentType: 'CV', subject: 'Công văn ký tay', recipients: [], urgency: 'THUONG' }))
        .field('organisationId', 'qn-ubnd')
        .attach('main', drafts.congVan, 'cong-van.pdf'),
      201,
    ).id;
    ok(await act('qn.cv.vx1', id, 'submit'));
    for (const u of ['qn.tp.vx', 'qn.cvp', 'qn.pct1']) ok(await act(u, id, 'approve'));
    const issued = ok(await act('qn.vanthu', id, 'issue', { paperSignature: true }));
    const pdf = (await (await as('qn.vanthu')).agent.get(`/api/outgoing/${id}/issued`).buffer(true)).body as Buffer;
    const file = path.join(work, 'paper.pdf');
    fs.writeFileSync(file, pdf);
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
    const printed = await printedText(file);
    expectNoOverlap(printed);
    expectFilled(printed, await findLayout(drafts.congVan), issued.issued!.number, issued.issued!.issueDate);
  }, 60_000);

  it('a draft without a recognisable layout: today’s placement, and the view says so before signing and at issuance', async () => {
    const { pdf, issued, beforeSigning } = await issue(drafts.noBlock, { org: 'qn-stc', documentType: 'KH', signer: 'stc.pgd' });
    if (process.env.ISSUED_PDF_DIR) fs.writeFileSync(path.join(process.env.ISSUED_PDF_DIR, 'noBlock.issued.pdf'), pdf);
    const codes = ['no_signature_block', 'no_number_blank', 'no_date_blank'];
    expect(beforeSigning.layout!.warnings.map((w) => w.code)).toEqual(codes);
    expect(issued.layout!.warnings.map((w) => w.code)).toEqual(codes);
    expect(issued.layout!.warnings[0].vi).toContain('Không nhận ra khối chữ ký');
    const file = await expectValid(pdf);
    const form = (await PDFDocument.load(pdf)).getForm();
    expect(form.getTextField('SoKyHieu').getText()).toBe(`Số: ${issued.issued!.numberAndSymbol}`);
    expectNoOverlap(await printedText(file));
  }, 90_000);
});

describe('the authority prefix expected of who signs (docs/domain.md §2.6)', () => {
  const person = (position: string, roles: string[] = ['LANH_DAO_CO_QUAN']) => ({ position, roles: roles as never });
  it.each([
    ['the chairman of a People’s Committee', person('Chủ tịch'), null, true, ['TM.', ''], 'TM. … / CHỦ TỊCH'],
    ['the director of a department', person('Giám đốc'), null, false, [''], 'GIÁM ĐỐC'],
    ['a deputy', person('Phó Chủ tịch'), null, true, ['KT.'], 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH'],
    ['the acting director', person('Quyền Giám đốc'), null, false, ['Q.'], 'Q. GIÁM ĐỐC'],
    ['a unit head by order', person('Chánh Văn phòng', ['CHANH_VAN_PHONG']), null, true, ['TL.'], 'TL. … / CHÁNH VĂN PHÒNG'],
    ['a deputy on the head’s delegation', person('Phó Giám đốc'), person('Giám đốc'), false, ['KT.'], 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC'],
    [
      'anyone else on a written authorisation',
      person('Chánh Văn phòng', ['CHANH_VAN_PHONG']),
      person('Giám đốc'),
      false,
      ['TUQ.'],
      'TUQ. GIÁM ĐỐC / CHÁNH VĂN PHÒNG',
    ],
  ])('%s', (_, who, onBehalf, collective, accepted, text) => {
    expect(expectedAuthority(who, onBehalf, collective)).toEqual({ accepted, text });
  });
});

describe('a file the layout finder cannot read', () => {
  it('has no layout (issuance falls back and says so) and is not remembered', async () => {
    const layout = await layoutOf('unreadable', async () => Buffer.from('%PDF-1.7\nnot really a PDF\n%%EOF\n'));
    expect(layout).toMatchObject({ textBoxes: [[]], pageBoxes: [[0, 0, 595.28, 841.89]] });
    expect(layout.signature ?? layout.number ?? layout.date).toBeUndefined();
    await expect(layoutOf('missing', () => Promise.reject(new Error('blob missing')))).rejects.toThrow('blob missing');
  });
});

describe('the layout preview of a poster-sized page', () => {
  it('is drawn at most 2 million pixels, whatever size the page declares', async () => {
    const poster = await PDFDocument.create();
    poster.addPage([14400, 14400]).drawText('So:      /UBND-VX', { x: 100, y: 14000, size: 400 });
    const png = await renderPage(await poster.save(), 0, 1.25, []);
    // PNG header: width and height, big-endian, at bytes 16 and 20.
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(width * height).toBeLessThanOrEqual(2e6 + 2 * width);
    expect(width).toBeGreaterThan(1000);
  }, 60_000);
});
