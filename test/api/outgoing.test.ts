import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { verifyAuditChain } from '../../api/src/audit/service';
import { extractPdfText } from '../../api/src/incoming/pdf';
import { outgoingDocuments, outgoingFiles, outgoingVersions } from '../../api/src/outgoing/schema';
import { markSealed } from '../../api/src/outgoing/issuance';
import { SEAL_OUTGOING_JOB, SIGN_OUTGOING_JOB, signingJobId } from '../../api/src/outgoing/signing';
import { markSigned } from '../../api/src/outgoing/workflow';
import { registers } from '../../api/src/registers/schema';
import { openBlobStore } from '../../api/src/storage';
import { users } from '../../api/src/users/schema';
import { textPdf, zip } from '../support/documents';
import { loggedIn, reinstateUsers, startTestApp, type ApiClient, type TestApp } from '../support/harness';

let t: TestApp;
let dataDir: string;
let pdf: Buffer;
const ids = new Map<string, string>();
const clients = new Map<string, ApiClient>();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-outgoing-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  // UBND TP Hạ Long (dissolved in 2025) serves as a second issuing committee here.
  await reinstateUsers(t.database.db, ['hl.cv.nv', 'hl.chutich', 'hl.vanthu']);
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
  pdf = await textPdf(['Dự thảo công văn về việc lập dự toán ngân sách năm 2027']);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** One logged-in client per user, kept for the file (logins are rate-limited). */
async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}

const docx = () =>
  zip({
    '[Content_Types].xml':
      '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    'word/document.xml': '<w:document/>',
  });

type Part = [name: string, bytes: Buffer];
async function multipart(
  client: ApiClient,
  url: string,
  files: { main?: Part; source?: Part; attachments?: Part[] },
  fields: Record<string, string>,
) {
  if (!client.xsrf) await client.get('/api/me');
  let req = client.agent.post(url).set('X-XSRF-TOKEN', client.xsrf!);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (files.main) req = req.attach('main', files.main[1], files.main[0]);
  if (files.source) req = req.attach('source', files.source[1], files.source[0]);
  for (const [name, bytes] of files.attachments ?? []) req = req.attach('attachments', bytes, name);
  return req;
}

const metadata = (over: Record<string, unknown> = {}) => ({
  documentType: 'CV',
  subject: 'V/v lập dự toán ngân sách năm 2027',
  recipients: [
    { kind: 'ORGANISATION', organisationId: 'qn-snv' },
    { kind: 'EXTERNAL', organCode: '000.00.00.G12', name: 'Bộ Tài chính' },
  ],
  urgency: 'KHAN',
  ...over,
});

async function createDraft(username = 'stc.cv.qlns', meta = metadata(), extra: Record<string, string> = {}) {
  const res = await multipart(
    await as(username),
    '/api/outgoing',
    { main: ['Dự thảo.pdf', pdf], source: ['Dự thảo.docx', docx()] },
    { metadata: JSON.stringify(meta), ...extra },
  );
  expect(res.status).toBe(201);
  return res.body as Doc;
}

interface Doc {
  id: string;
  status: string;
  currentStep: number | null;
  returnedStep: number | null;
  currentVersion: number;
  allowedActions: string[];
  versions: {
    number: number;
    reason: string | null;
    files: { id: string; role: string; originalName: string; sha256: string }[];
    comments: { body: string }[];
  }[];
  steps: {
    ordinal: number;
    label: string;
    status: string;
    mode: string;
    isSigner: boolean;
    assignees: { user: { id: string }; decision: string; actedBy: { id: string } | null }[];
  }[];
  recipients: { kind: string; name: string; delivery: { status: string; incomingDocumentId: string | null } | null }[];
  signer: { id: string } | null;
  signedOnBehalfOf: { id: string } | null;
  issued: { number: number; numberAndSymbol: string; symbol: string; paperSignature: boolean } | null;
  history: { action: string }[];
}

const act = async (username: string, id: string, action: string, body: object = {}) =>
  (await as(username)).post(`/api/outgoing/${id}/${action}`, body);
const view = async (username: string, id: string) => (await (await as(username)).get(`/api/outgoing/${id}`)).body as Doc;
const ok = (res: { status: number; body: unknown }, status = 200) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Doc;
};

describe('drafting, approval, issuance and dispatch', () => {
  it('goes draft → review → returned → revised → resumed → approved → issued on paper → dispatched, every step by the right person', async () => {
    const created = await createDraft();
    expect(created).toMatchObject({ status: 'DRAFT', currentVersion: 1, allowedActions: expect.arrayContaining(['revise', 'submit']) });
    expect(created.versions[0].files.map((f) => f.role)).toEqual(['MAIN', 'SOURCE']);
    const id = created.id;
    // Nobody else sees a draft that was never submitted.
    expect((await (await as('stc.gd')).get(`/api/outgoing/${id}`)).status).toBe(404);

    const submitted = ok(await act('stc.cv.qlns', id, 'submit'));
    expect(submitted).toMatchObject({ status: 'IN_REVIEW', currentStep: 1 });
    expect(submitted.steps.map((s) => [s.label, s.status, s.isSigner])).toEqual([
      ['Lãnh đạo phòng kiểm tra nội dung', 'ACTIVE', false],
      ['Lãnh đạo ký ban hành', 'PENDING', true],
    ]);
    expect(submitted.steps[1].assignees.map((a) => a.user.id).sort()).toEqual([ids.get('stc.gd'), ids.get('stc.pgd')].sort());
    expect(ok(await act('stc.cv.qlns', id, 'submit'), 409)).toMatchObject({ code: 'outgoing.not_submittable' });

    // The director may see it but it is not his turn yet.
    const early = await act('stc.gd', id, 'approve');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('outgoing.not_your_turn');
    expect((await view('stc.gd', id)).allowedActions).not.toContain('approve');
    expect((await view('stc.tp.qlns', id)).allowedActions).toEqual(expect.arrayContaining(['approve', 'return', 'forward', 'reject']));

    expect(ok(await act('stc.tp.qlns', id, 'approve', { note: 'Nội dung đạt' }))).toMatchObject({ currentStep: 2 });
    const queue = (await (await as('stc.gd')).get('/api/outgoing/approvals')).body.items;
    expect(queue.map((i: { documentId: string }) => i.documentId)).toContain(id);
    expect(
      (await (await as('stc.tp.qlns')).get('/api/outgoing/approvals')).body.items.map((i: { documentId: string }) => i.documentId),
    ).not.toContain(id);

    // Issuing before approval: 409 with the reason.
    expect(ok(await act('stc.vanthu', id, 'issue', { paperSignature: true }), 409)).toMatchObject({ code: 'outgoing.not_approved' });

    const returned = ok(await act('stc.gd', id, 'return', { comment: 'Bổ sung số liệu năm 2026' }));
    expect(returned).toMatchObject({ status: 'RETURNED', returnedStep: 2, currentStep: null });
    expect(returned.versions[0].comments.map((c) => c.body)).toEqual(['Bổ sung số liệu năm 2026']);
    const stale = await act('stc.pgd', id, 'approve');
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'outgoing.not_in_review', title: expect.stringContaining('trả lại') });

    // Revision: a new main PDF; the source carries over; version 1 stays readable.
    const v2pdf = await textPdf(['Dự thảo lần 2 — đã bổ sung số liệu']);
    const revised = ok(
      await multipart(
        await as('stc.cv.qlns'),
        `/api/outgoing/${id}/versions`,
        { main: ['Dự thảo v2.pdf', v2pdf] },
        { reason: 'Bổ sung số liệu theo ý kiến Giám đốc' },
      ),
      201,
    );
    expect(revised.currentVersion).toBe(2);
    expect(revised.versions[1]).toMatchObject({ number: 2, reason: 'Bổ sung số liệu theo ý kiến Giám đốc' });
    expect(revised.versions[1].files.map((f) => f.originalName)).toEqual(['Dự thảo v2.pdf', 'Dự thảo.docx']);
    const v1main = revised.versions[0].files.find((f) => f.role === 'MAIN')!;
    const old = await (await as('stc.gd')).agent.get(`/api/outgoing/${id}/files/${v1main.id}`).buffer(true);
    expect(old.status).toBe(200);
    expect(Buffer.compare(old.body as Buffer, pdf)).toBe(0);
    expect(old.headers['content-disposition']).toMatch(/^attachment; /);
    // The viewer asks for the same bytes to show (inline); an outsider learns nothing either way.
    const shown = await (await as('stc.gd')).agent.get(`/api/outgoing/${id}/files/${v1main.id}?disposition=inline`).buffer(true);
    expect(shown.headers['content-disposition']).toMatch(/^inline; filename=.*filename\*=UTF-8''D%E1%BB%B1%20th%E1%BA%A3o\.pdf$/);
    expect(Buffer.compare(shown.body as Buffer, pdf)).toBe(0);
    expect((await (await as('snv.vanthu')).agent.get(`/api/outgoing/${id}/files/${v1main.id}?disposition=inline`)).status).toBe(404);

    // Resubmission restarts the chain (its default): the unit head approves version 2 before the director decides.
    const resumed = ok(await act('stc.cv.qlns', id, 'submit'));
    expect(resumed).toMatchObject({ status: 'IN_REVIEW', currentStep: 1 });
    expect(ok(await act('stc.pgd', id, 'approve'), 409)).toMatchObject({ code: 'outgoing.not_your_turn' });
    ok(await act('stc.tp.qlns', id, 'approve'));

    const approved = ok(await act('stc.pgd', id, 'approve'));
    expect(approved).toMatchObject({ status: 'APPROVED_AWAITING_SIGNATURE', signer: { id: ids.get('stc.pgd') }, signedOnBehalfOf: null });
    const job = await t.queues.signing.getJob(signingJobId(id, 2));
    expect(job).toMatchObject({ name: SIGN_OUTGOING_JOB, data: { documentId: id, version: 2, signerId: ids.get('stc.pgd') } });

    // The clerk sees it now; without a signature it needs the explicit paper-signature option.
    expect((await view('stc.vanthu', id)).allowedActions).toContain('issue_paper_signature');
    expect(ok(await act('stc.vanthu', id, 'issue'), 409)).toMatchObject({ code: 'outgoing.not_signed' });
    expect((await act('stc.cv.qlns', id, 'issue', { paperSignature: true })).status).toBe(403);
    const issued = ok(await act('stc.vanthu', id, 'issue', { paperSignature: true, note: 'Giám đốc ký tay bản giấy' }));
    expect(issued.status).toBe('ISSUED');
    expect(issued.issued).toMatchObject({ symbol: 'STC-QLNS', paperSignature: true });
    expect(issued.issued!.numberAndSymbol).toMatch(/^\d{2,}\/STC-QLNS$/);
    expect(await t.queues.signing.getJob(signingJobId(id, 2))).toBeUndefined();
    expect(ok(await act('stc.vanthu', id, 'issue', { paperSignature: true }), 409)).toMatchObject({ code: 'outgoing.already_issued' });
    const told = (await (await as('stc.cv.qlns')).get('/api/notifications')).body.items.map((n: { kind: string }) => n.kind);
    expect(told).toEqual(expect.arrayContaining(['outgoing.returned', 'outgoing.approved', 'outgoing.issued']));

    const file = await (await as('stc.vanthu')).agent.get(`/api/outgoing/${id}/issued?disposition=inline`).buffer(true);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^inline; filename=.*STC-QLNS\.pdf"?/);
    const { text } = await extractPdfText(file.body as Buffer);
    expect(text).toContain(`Số: ${issued.issued!.numberAndSymbol}`);
    expect(text).toMatch(/Quảng Ninh, ngày \d{2} tháng \d{1,2} năm \d{4}/);
    expect(text).toContain('Dự thảo lần 2');

    const dispatched = ok(await act('stc.vanthu', id, 'dispatch'));
    expect(dispatched.status).toBe('DISPATCHED');
    expect(dispatched.recipients.map((r) => [r.kind, r.delivery?.status])).toEqual([
      ['ORGANISATION', 'DELIVERED'],
      ['EXTERNAL', 'AWAITING_MANUAL_SEND'],
    ]);
    expect(ok(await act('stc.vanthu', id, 'dispatch'), 409)).toMatchObject({ code: 'outgoing.already_dispatched' });

    // The recipient organisation's clerk finds it among received drafts, linked back, with the issued PDF.
    const incomingId = dispatched.recipients[0].delivery!.incomingDocumentId!;
    const inbox = (await (await as('snv.vanthu')).get('/api/incoming?status=DRAFT')).body.items;
    const received = inbox.find((d: { id: string }) => d.id === incomingId);
    expect(received).toMatchObject({
      channel: 'INTERNAL',
      sourceOutgoingId: id,
      organisationId: 'qn-snv',
      symbol: 'STC-QLNS',
      issuerName: 'Sở Tài chính tỉnh Quảng Ninh',
    });
    const bell = (await (await as('snv.vanthu')).get('/api/notifications')).body.items;
    expect(bell.find((n: { kind: string }) => n.kind === 'incoming.internal')).toMatchObject({ link: `/incoming/${incomingId}` });
    const incoming = (await (await as('snv.vanthu')).get(`/api/incoming/${incomingId}`)).body;
    const [main] = incoming.files;
    const got = await (await as('snv.vanthu')).agent.get(`/api/incoming/${incomingId}/files/${main.id}`).buffer(true);
    expect(Buffer.compare(got.body as Buffer, file.body as Buffer)).toBe(0);

    const register = (await (await as('stc.vanthu')).get('/api/outgoing/register')).body;
    const entry = register.items.find((e: { documentId: string }) => e.documentId === id);
    expect(entry).toMatchObject({ numberAndSymbol: issued.issued!.numberAndSymbol, paperSignature: true, status: 'DISPATCHED' });
    expect(entry.recipients.map((r: { deliveryStatus: string }) => r.deliveryStatus)).toEqual(['DELIVERED', 'AWAITING_MANUAL_SEND']);

    const history = (await view('stc.cv.qlns', id)).history.map((h) => h.action);
    expect(history).toEqual([
      'outgoing.create',
      'outgoing.submit',
      'outgoing.approve',
      'outgoing.return',
      'outgoing.revise',
      'outgoing.resubmit',
      'outgoing.approve',
      'outgoing.approve_final',
      'outgoing.issue_paper_signature',
      'outgoing.dispatch',
    ]);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
  });

  it('issues a digitally signed document: markSigned, issue without the paper option, seal job, markSealed, dispatch', async () => {
    const { id } = await createDraft(
      'stc.cv.qlns',
      metadata({ documentType: 'KH', subject: 'Kế hoạch kiểm tra tài chính', recipients: [] }),
    );
    ok(await act('stc.cv.qlns', id, 'submit'));
    ok(await act('stc.tp.qlns', id, 'approve'));
    ok(await act('stc.gd', id, 'approve'));
    const blobs = openBlobStore(t.config);
    const signed = await textPdf(['Kế hoạch kiểm tra — đã ký số']);
    await markSigned(t.database.db, blobs, id, signed);
    await expect(markSigned(t.database.db, blobs, id, signed)).rejects.toMatchObject({
      status: 409,
      code: 'outgoing.not_awaiting_signature',
    });
    const doc = await view('stc.vanthu', id);
    expect(doc).toMatchObject({ status: 'SIGNED', allowedActions: expect.arrayContaining(['issue']) });
    const issued = ok(await act('stc.vanthu', id, 'issue'));
    expect(issued.issued).toMatchObject({ symbol: 'KH-STC', paperSignature: false });
    // Số and date go onto the signed PDF by the signing capability (incremental update + seal), not redrawn here.
    const seal = await t.queues.signing.getJob(`seal-${id}`);
    expect(seal).toMatchObject({
      name: SEAL_OUTGOING_JOB,
      data: { documentId: id, numberLine: `Số: ${issued.issued!.numberAndSymbol}`, dateLine: expect.stringMatching(/^Quảng Ninh, ngày /) },
    });
    expect((await view('stc.vanthu', id)).allowedActions).not.toContain('dispatch');
    expect(ok(await act('stc.vanthu', id, 'dispatch'), 409)).toMatchObject({ code: 'outgoing.awaiting_seal' });
    expect((await (await as('stc.vanthu')).get(`/api/outgoing/${id}/issued`)).status).toBe(409);
    const sealed = await textPdf([`Số: ${issued.issued!.numberAndSymbol} — đã ký số và đóng dấu số`]);
    await markSealed(t.database.db, blobs, id, sealed);
    await expect(markSealed(t.database.db, blobs, id, sealed)).rejects.toMatchObject({ status: 409 });
    const file = await (await as('stc.vanthu')).agent.get(`/api/outgoing/${id}/issued`).buffer(true);
    expect((await extractPdfText(file.body as Buffer)).text).toContain('đã ký số và đóng dấu số');
    expect(ok(await act('stc.vanthu', id, 'dispatch')).status).toBe('DISPATCHED');
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'outgoing.signed')));
    expect(audit.actorId).toBeNull();
  });

  it('builds the ký hiệu of a committee’s công văn from the drafting unit of its office: UBND-VX, issued by the office clerk', async () => {
    const { id } = await createDraft(
      'qn.cv.vx1',
      metadata({ subject: 'V/v tổ chức Tết Nguyên đán', recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-stc' }] }),
      { organisationId: 'qn-ubnd' },
    );
    const submitted = ok(await act('qn.cv.vx1', id, 'submit'));
    expect(submitted.steps.map((s) => s.label)).toEqual([
      'Lãnh đạo phòng kiểm tra nội dung',
      'Chánh Văn phòng kiểm tra thể thức',
      'Lãnh đạo ký ban hành',
    ]);
    ok(await act('qn.tp.vx', id, 'approve'));
    ok(await act('qn.cvp', id, 'approve'));
    ok(await act('qn.pct1', id, 'approve'));
    const issued = ok(await act('qn.vanthu', id, 'issue', { paperSignature: true }));
    expect(issued.issued!.numberAndSymbol).toMatch(/^0\d\/UBND-VX$/);
    // A decision of the same committee: type abbreviation + issuer.
    const qd = await createDraft('qn.cv.vx1', metadata({ documentType: 'QD', subject: 'Quyết định khen thưởng', recipients: [] }), {
      organisationId: 'qn-ubnd',
    });
    ok(await act('qn.cv.vx1', qd.id, 'submit'));
    ok(await act('qn.tp.vx', qd.id, 'approve'));
    ok(await act('qn.cvp', qd.id, 'approve'));
    ok(await act('qn.chutich', qd.id, 'approve'));
    const qdIssued = ok(await act('qn.vanthu', qd.id, 'issue', { paperSignature: true }));
    expect(qdIssued.issued!.numberAndSymbol).toBe(`${String(issued.issued!.number + 1).padStart(2, '0')}/QĐ-UBND`);
  });

  it('refuses revisions in review, wrong file types, and actions by people outside the chain', async () => {
    const { id } = await createDraft();
    const docxAsMain = await multipart(
      await as('stc.cv.qlns'),
      '/api/outgoing',
      { main: ['Dự thảo.docx', docx()] },
      { metadata: JSON.stringify(metadata()) },
    );
    expect(docxAsMain.status).toBe(415);
    const pdfAsSource = await multipart(
      await as('stc.cv.qlns'),
      `/api/outgoing/${id}/versions`,
      { source: ['nguon.pdf', pdf] },
      { reason: 'x' },
    );
    expect(pdfAsSource.status).toBe(415);
    const badType = await multipart(
      await as('stc.cv.qlns'),
      '/api/outgoing',
      { main: ['a.pdf', pdf] },
      { metadata: JSON.stringify(metadata({ documentType: 'XX' })) },
    );
    expect(badType.status).toBe(422);
    ok(await act('stc.cv.qlns', id, 'submit'));
    const inReview = await multipart(await as('stc.cv.qlns'), `/api/outgoing/${id}/versions`, { main: ['v2.pdf', pdf] }, { reason: 'sửa' });
    expect(inReview.status).toBe(409);
    expect(inReview.body.code).toBe('outgoing.not_editable');
    expect((await act('snv.gd', id, 'approve')).status).toBe(404);
    expect((await act('snv.vanthu', id, 'issue', { paperSignature: true })).status).toBe(404);
    expect(ok(await act('stc.vanthu', id, 'issue', { paperSignature: true }), 409)).toMatchObject({ code: 'outgoing.not_approved' });
    // Reject ends it.
    const rejected = ok(await act('stc.tp.qlns', id, 'reject', { comment: 'Không cần ban hành' }));
    expect(rejected.status).toBe('REJECTED');
    expect(ok(await act('stc.tp.qlns', id, 'approve'), 409)).toMatchObject({ code: 'outgoing.not_in_review' });
  });

  it('lets the author leave out optional steps and add reviewers before the signer where the chain allows; comments attach to a version', async () => {
    const { id } = await createDraft();
    const bad = await act('stc.cv.qlns', id, 'submit', { skipOptionalSteps: [2] });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('outgoing.step_not_optional');
    const submitted = ok(await act('stc.cv.qlns', id, 'submit', { skipOptionalSteps: [1], extraReviewers: [ids.get('stc.vanthu')] }));
    expect(submitted.steps.map((s) => [s.label, s.status, s.mode, s.isSigner])).toEqual([
      ['Lãnh đạo phòng kiểm tra nội dung', 'SKIPPED', 'ANY_ONE', false],
      ['Góp ý bổ sung', 'ACTIVE', 'ALL_OF', false],
      ['Lãnh đạo ký ban hành', 'PENDING', 'ANY_ONE', true],
    ]);
    expect(submitted.currentStep).toBe(2);
    const commented = ok(await (await as('stc.vanthu')).post(`/api/outgoing/${id}/comments`, { body: 'Sai thể thức phần nơi nhận' }), 201);
    expect(commented.versions[0].comments.map((c) => c.body)).toEqual(['Sai thể thức phần nơi nhận']);
    ok(await act('stc.vanthu', id, 'approve'));
    expect((await view('stc.cv.qlns', id)).currentStep).toBe(3);
  });

  it('delivers a secret document only to the receiving clerks, by grant, and numbers it in the secret register', async () => {
    await t.database.db
      .insert(registers)
      .values({ id: 'qn-stc-di-mat', organisationId: 'qn-stc', direction: 'DI', name: 'Sổ văn bản đi mật', scope: 'SECRET' });
    const { id } = await createDraft(
      'stc.cv.qlns',
      metadata({
        secrecy: 'MAT',
        subject: 'Báo cáo mật',
        documentType: 'BC',
        recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }],
      }),
    );
    ok(await act('stc.cv.qlns', id, 'submit'));
    expect((await (await as('stc.vanthu')).get(`/api/outgoing/${id}`)).status).toBe(404);
    ok(await act('stc.tp.qlns', id, 'approve'));
    ok(await act('stc.gd', id, 'approve'));
    const issued = ok(await act('stc.vanthu', id, 'issue', { paperSignature: true }));
    expect(issued.issued).toMatchObject({ number: 1, symbol: 'BC-STC' });
    const dispatched = ok(await act('stc.vanthu', id, 'dispatch'));
    const incomingId = dispatched.recipients[0].delivery!.incomingDocumentId!;
    expect((await (await as('snv.vanthu')).get(`/api/incoming/${incomingId}`)).body).toMatchObject({
      secrecy: 'MAT',
      sourceOutgoingId: id,
    });
    expect((await (await as('snv.gd')).get(`/api/incoming/${incomingId}`)).status).toBe(404);
  });

  it('forwards a reviewer’s part to a colleague, who then decides in their place', async () => {
    const { id } = await createDraft();
    ok(await act('stc.cv.qlns', id, 'submit'));
    const fwd = ok(await act('stc.tp.qlns', id, 'forward', { userId: ids.get('stc.pgd'), note: 'Nhờ chị xem giúp' }));
    expect(fwd.steps[0].assignees.map((a) => [a.user.id, a.decision])).toEqual([
      [ids.get('stc.tp.qlns'), 'FORWARDED'],
      [ids.get('stc.pgd'), 'PENDING'],
    ]);
    expect(ok(await act('stc.tp.qlns', id, 'approve'), 409)).toMatchObject({ code: 'outgoing.not_your_turn' });
    expect(ok(await act('stc.pgd', id, 'approve'))).toMatchObject({ currentStep: 2 });
  });
});

describe('approval chains, delegation and concurrency', () => {
  it('lets administrators define chains per type; the signer step cannot be optional; one active chain per type', async () => {
    const admin = await as('qn.admin');
    const bad = await admin.post('/api/admin/approval-chains', {
      organisationId: 'qn-snv',
      documentType: 'TB',
      name: 'x',
      steps: [{ label: 'Ký', assignees: { kind: 'ROLE', role: 'LANH_DAO_CO_QUAN' }, optional: true }],
    });
    expect(bad.status).toBe(422);
    const created = await admin.post('/api/admin/approval-chains', {
      organisationId: 'qn-snv',
      documentType: 'TB',
      name: 'Thông báo: góp ý song song rồi ký',
      steps: [
        {
          label: 'Góp ý song song',
          assignees: { kind: 'USERS', userIds: [ids.get('snv.tp.tcbc'), ids.get('snv.luutru')] },
          mode: 'ALL_OF',
        },
        { label: 'Giám đốc ký', assignees: { kind: 'ROLE', role: 'LANH_DAO_CO_QUAN' } },
      ],
    });
    expect(created.status).toBe(201);
    const again = await admin.post('/api/admin/approval-chains', {
      organisationId: 'qn-snv',
      documentType: 'TB',
      name: 'y',
      steps: created.body.steps,
    });
    expect(again.status).toBe(409);
    expect(
      (await (await as('stc.gd')).post('/api/admin/approval-chains', { organisationId: 'qn-stc', name: 'z', steps: created.body.steps }))
        .status,
    ).toBe(403);
    const list = (await admin.get('/api/admin/approval-chains?organisationId=qn-snv')).body.items;
    expect(list.map((c: { documentType: string | null }) => c.documentType).sort()).toEqual(['TB', null].sort());
  });

  it('completes an ALL_OF step once, when both parallel reviewers approve at the same moment', async () => {
    const { id } = await createDraft('snv.cv.tcbc', metadata({ documentType: 'TB', subject: 'Thông báo tuyển dụng', recipients: [] }));
    const submitted = ok(await act('snv.cv.tcbc', id, 'submit'));
    expect(submitted.steps[0]).toMatchObject({ label: 'Góp ý song song', mode: 'ALL_OF', status: 'ACTIVE' });
    const [a, b] = await Promise.all([act('snv.tp.tcbc', id, 'approve'), act('snv.luutru', id, 'approve')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const doc = await view('snv.cv.tcbc', id);
    expect(doc).toMatchObject({ status: 'IN_REVIEW', currentStep: 2 });
    expect(doc.steps[0].assignees.every((x) => x.decision === 'APPROVED')).toBe(true);
    const stepDone = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'outgoing.approve')));
    expect(stepDone.filter((e) => (e.data as { stepDone: boolean }).stepDone)).toHaveLength(1);
  });

  it('lets only one of two ANY_ONE signers approving at once advance the document, and one double-click count once', async () => {
    const { id } = await createDraft();
    ok(await act('stc.cv.qlns', id, 'submit'));
    const double = await Promise.all([act('stc.tp.qlns', id, 'approve'), act('stc.tp.qlns', id, 'approve')]);
    expect(double.map((r) => r.status).sort()).toEqual([200, 409]);
    const both = await Promise.all([act('stc.gd', id, 'approve'), act('stc.pgd', id, 'approve')]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)!.body.code).toMatch(/^outgoing\.(not_in_review|not_your_turn)$/);
    const doc = await view('stc.cv.qlns', id);
    expect(doc.status).toBe('APPROVED_AWAITING_SIGNATURE');
    expect(doc.history.filter((h) => h.action === 'outgoing.approve_final')).toHaveLength(1);
  });

  it('lets a deputy approve and sign on behalf of a leader for the delegated dates, and records it', async () => {
    const admin = await as('qn.admin');
    ok(
      await admin.post('/api/admin/approval-chains', {
        organisationId: 'qn-stc',
        documentType: 'QD',
        name: 'Quyết định: Giám đốc ký',
        steps: [{ label: 'Giám đốc ký', assignees: { kind: 'USERS', userIds: [ids.get('stc.gd')] } }],
      }),
      201,
    );
    const { id } = await createDraft(
      'stc.cv.qlns',
      metadata({ documentType: 'QD', subject: 'Quyết định phân bổ kinh phí', recipients: [] }),
    );
    ok(await act('stc.cv.qlns', id, 'submit'));
    expect(ok(await act('stc.pgd', id, 'approve'), 409)).toMatchObject({ code: 'outgoing.not_your_turn' });

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const noSign = await (
      await as('stc.gd')
    ).post('/api/delegations', { deputyId: ids.get('stc.pgd'), fromDate: today, toDate: today, canSign: false });
    expect(noSign.status).toBe(201);
    expect(ok(await act('stc.pgd', id, 'approve'), 409)).toMatchObject({ code: 'outgoing.not_your_turn' });
    await (await as('stc.gd')).post(`/api/delegations/${noSign.body.id}/revoke`);
    const deleg = await (
      await as('stc.gd')
    ).post('/api/delegations', { deputyId: ids.get('stc.pgd'), fromDate: today, toDate: today, note: 'Đi công tác' });
    expect(deleg.body).toMatchObject({ activeToday: true, canSign: true, delegator: { id: ids.get('stc.gd') } });
    expect(
      (await (await as('stc.cv.qlns')).post('/api/delegations', { deputyId: ids.get('stc.pgd'), fromDate: today, toDate: today })).status,
    ).toBe(403);

    const queue = (await (await as('stc.pgd')).get('/api/outgoing/approvals')).body.items;
    expect(queue.find((i: { documentId: string }) => i.documentId === id)).toMatchObject({
      onBehalfOf: { id: ids.get('stc.gd') },
      step: { isSigner: true },
    });
    const signed = ok(await act('stc.pgd', id, 'approve'));
    expect(signed).toMatchObject({
      status: 'APPROVED_AWAITING_SIGNATURE',
      signer: { id: ids.get('stc.pgd') },
      signedOnBehalfOf: { id: ids.get('stc.gd') },
    });
    expect(signed.steps[0].assignees[0]).toMatchObject({
      user: { id: ids.get('stc.gd') },
      decision: 'APPROVED',
      actedBy: { id: ids.get('stc.pgd') },
    });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'outgoing.approve_final')));
    expect(audit).toMatchObject({ actorId: ids.get('stc.pgd'), data: expect.objectContaining({ onBehalfOf: ids.get('stc.gd') }) });
    await (await as('stc.gd')).post(`/api/delegations/${deleg.body.id}/revoke`);
  });

  it('gives 50 concurrent issuances exactly the numbers 1..50 of the year', async () => {
    const db = t.database.db;
    // One real draft supplies a stored PDF; 49 more approved documents share it.
    const seedDoc = await createDraft('hl.cv.nv', metadata({ subject: 'Văn bản 0', recipients: [] }));
    const [main] = await db
      .select()
      .from(outgoingFiles)
      .where(and(eq(outgoingFiles.documentId, seedDoc.id), eq(outgoingFiles.role, 'MAIN')));
    await db
      .update(outgoingDocuments)
      .set({ status: 'APPROVED_AWAITING_SIGNATURE', signerId: ids.get('hl.chutich') })
      .where(eq(outgoingDocuments.id, seedDoc.id));
    const docIds = [seedDoc.id];
    for (let i = 1; i < 50; i++) {
      const [d] = await db
        .insert(outgoingDocuments)
        .values({
          organisationId: 'qn-halong',
          authorId: ids.get('hl.cv.nv')!,
          documentType: i % 2 ? 'TB' : 'CV',
          subject: `Văn bản ${i}`,
          status: 'APPROVED_AWAITING_SIGNATURE',
          signerId: ids.get('hl.chutich'),
        })
        .returning();
      const [v] = await db
        .insert(outgoingVersions)
        .values({ documentId: d.id, number: 1, createdBy: ids.get('hl.cv.nv')! })
        .returning();
      await db.insert(outgoingFiles).values({ ...main, id: undefined, documentId: d.id, versionId: v.id });
      docIds.push(d.id);
    }
    const clerk = await as('hl.vanthu');
    await clerk.get('/api/me');
    const started = Date.now();
    const results = await Promise.all(docIds.map((id) => clerk.post(`/api/outgoing/${id}/issue`, { paperSignature: true })));
    const elapsed = Date.now() - started;
    expect(results.map((r) => r.status)).toEqual(docIds.map(() => 200));
    const numbers = results.map((r) => (r.body as Doc).issued!.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const labels = results.map((r) => (r.body as Doc).issued!.numberAndSymbol);
    expect(new Set(labels).size).toBe(50);
    expect(labels).toEqual(expect.arrayContaining(['01/TB-UBND', '10/UBND', '50/UBND'].filter((l) => labels.includes(l))));
    console.log(`50 concurrent issuances (number + stamp) in ${elapsed} ms (${Math.round((50 / elapsed) * 1000)}/s)`);
  });
});
