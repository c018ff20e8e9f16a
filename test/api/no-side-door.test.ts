// No side door to secret or foreign documents: every GET endpoint of the API (read from the OpenAPI document, so
// a new endpoint cannot be forgotten: an unclassified one fails the test) is called, with every document id,
// register and format of the fixtures, by people who may not open a secret document of Sở Tài chính (its
// director, without a grant) or any document of it (people and an administrator of Sở Nội vụ, and the
// province's administrator, who holds no document role). No answer — JSON, the text of a PDF, the XML inside an
// XLSX or a ZIP — may carry a marker word of a document they may not open, misspelt searches included (the
// "did you mean" correction). The clerk who holds the grant reads the same markers through the same endpoints,
// so the markers are there to be found.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import type request from 'supertest';
import { addDays, todayInVietnam } from '../../api/src/calendar/working-days';
import { caseFileDocuments, caseFiles } from '../../api/src/case-files/schema';
import { exchangeOutbox } from '../../api/src/exchange/outbox-schema';
import { extractPdfText } from '../../api/src/incoming/pdf';
import { incomingAccessGrants } from '../../api/src/incoming/processing-schema';
import { incomingFiles } from '../../api/src/incoming/schema';
import { outgoingDocuments, outgoingFiles, outgoingReplies, outgoingVersions } from '../../api/src/outgoing/schema';
import { registers } from '../../api/src/registers/schema';
import { openBlobStore } from '../../api/src/storage';
import { users } from '../../api/src/users/schema';
import { insertRegisteredIncoming } from '../support/records';
import { textPdf } from '../support/documents';
import { ApiClient, loggedIn, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
let dataDir: string;
const ids = new Map<string, string>();
const today = todayInVietnam();
const year = Number(today.slice(0, 4));

/** Words no other document carries, one per document (folded: lower case, no diacritics). */
const M = {
  secretIncoming: 'zaphirendo',
  secretOutgoing: 'quorvantix',
  ordinaryIncoming: 'belmondraxi',
  ordinaryOutgoing: 'tirrelvaxo',
};
const ALL = Object.values(M);
const SECRET = [M.secretIncoming, M.secretOutgoing];

/** Who calls, and which markers no answer to them may carry. */
const OBSERVERS: { username: string; mustNotSee: string[]; why: string }[] = [
  { username: 'stc.gd', mustNotSee: SECRET, why: 'leader of the organisation without a grant on its secret documents' },
  { username: 'snv.gd', mustNotSee: ALL, why: 'leader of another organisation' },
  { username: 'snv.vanthu', mustNotSee: ALL, why: 'clerk of another organisation' },
  { username: 'snv.admin', mustNotSee: ALL, why: 'administrator of another organisation' },
  { username: 'qn.admin', mustNotSee: ALL, why: "the province's administrator, who holds no document role" },
];

const fx = {
  secretIncoming: '',
  secretOutgoing: '',
  ordinaryIncoming: '',
  ordinaryOutgoing: '',
  caseFile: '',
  entry: '',
  /** The main file of each document. */
  files: new Map<string, string>(),
};

/** How each GET route is called: the URLs to try (every fixture id for a path parameter), or why it is not. */
const range = `from=${addDays(today, -30)}&to=${today}`;
const documentIds = () => [fx.secretIncoming, fx.ordinaryIncoming];
const outgoingIds = () => [fx.secretOutgoing, fx.ordinaryOutgoing];
const searches = () =>
  ALL.flatMap((m) => [m, `${m}s`, `${m.slice(0, -1)}`, `"${m}"`, `${m.slice(0, 4)}x${m.slice(5)}`]).map(
    (q) => `/api/search?q=${encodeURIComponent(q)}`,
  );
const EXPORT_COLUMNS = 'reference,arrival,date,subject,issuer,type,signer,kind,secrecy,status,dueDate';
const ROUTES: Record<string, (() => string[]) | { skip: string }> = {
  '/api/me': () => ['/api/me'],
  '/api/me/signature-image': () => ['/api/me/signature-image'],
  '/api/organisations': () => ['/api/organisations'],
  '/api/organisations/{organisationId}/people': () => ['/api/organisations/qn-stc/people'],
  '/api/admin/users': () => ['/api/admin/users'],
  '/api/registers': () => ['/api/registers'],
  '/api/registers/{registerId}/book.{format}': () =>
    ['qn-stc-den-mat', 'qn-stc-di-mat', 'qn-stc-den', 'qn-stc-di'].flatMap((r) =>
      ['pdf', 'xlsx'].map((f) => `/api/registers/${r}/book.${f}?${range}`),
    ),
  '/api/reports/handling': () => [`/api/reports/handling?organisationId=qn-stc&${range}`],
  '/api/reports/handling.{format}': () => ['pdf', 'xlsx'].map((f) => `/api/reports/handling.${f}?organisationId=qn-stc&${range}`),
  '/api/dashboard': () => ['/api/dashboard', '/api/dashboard?organisationId=qn-stc'],
  '/api/incoming/queue': () => ['/api/incoming/queue'],
  '/api/incoming/{id}/routing-options': () => documentIds().map((id) => `/api/incoming/${id}/routing-options`),
  '/api/incoming': () => ['/api/incoming', '/api/incoming?organisationId=qn-stc'],
  '/api/incoming/{id}': () => documentIds().map((id) => `/api/incoming/${id}`),
  '/api/incoming/{id}/views': () => documentIds().map((id) => `/api/incoming/${id}/views`),
  '/api/incoming/{id}/proposal': () => documentIds().map((id) => `/api/incoming/${id}/proposal`),
  '/api/incoming/{id}/files/{fileId}': () => documentIds().map((id) => `/api/incoming/${id}/files/${fx.files.get(id)}`),
  '/api/incoming/{id}/files/{fileId}/stamped': () => documentIds().map((id) => `/api/incoming/${id}/files/${fx.files.get(id)}/stamped`),
  '/api/incoming/{id}/files/{fileId}/searchable': () =>
    documentIds().map((id) => `/api/incoming/${id}/files/${fx.files.get(id)}/searchable`),
  // The fixtures' assignments carry no result files: the walk checks that an unknown one answers without data.
  '/api/incoming/{id}/assignments/{assignmentId}/files/{fileId}': () =>
    documentIds().map((id) => `/api/incoming/${id}/assignments/none/files/none`),
  '/api/incoming/{id}/files/{fileId}/extraction': () =>
    documentIds().map((id) => `/api/incoming/${id}/files/${fx.files.get(id)}/extraction`),
  '/api/outgoing/document-types': () => ['/api/outgoing/document-types'],
  '/api/outgoing/approvals': () => ['/api/outgoing/approvals'],
  '/api/outgoing/register': () => [
    '/api/outgoing/register',
    `/api/outgoing/register?organisationId=qn-stc&year=${year}`,
    `/api/outgoing/register?registerId=qn-stc-di-mat&year=${year}`,
  ],
  '/api/outgoing': () => ['/api/outgoing', '/api/outgoing?status=DISPATCHED'],
  '/api/outgoing/{id}': () => outgoingIds().map((id) => `/api/outgoing/${id}`),
  '/api/outgoing/{id}/views': () => outgoingIds().map((id) => `/api/outgoing/${id}/views`),
  '/api/outgoing/{id}/signatures': () => outgoingIds().map((id) => `/api/outgoing/${id}/signatures`),
  '/api/outgoing/{id}/issued': () => outgoingIds().map((id) => `/api/outgoing/${id}/issued`),
  '/api/outgoing/{id}/signed': () => outgoingIds().map((id) => `/api/outgoing/${id}/signed`),
  '/api/outgoing/{id}/layout-preview/{which}': () =>
    outgoingIds().flatMap((id) => ['first', 'signature'].map((w) => `/api/outgoing/${id}/layout-preview/${w}`)),
  '/api/outgoing/{id}/dispatch-plan': () => outgoingIds().map((id) => `/api/outgoing/${id}/dispatch-plan`),
  // The fixtures are not dispatched: an unknown delivery must answer without the document's data.
  '/api/outgoing/{id}/deliveries/{deliveryId}/slip.pdf': () => outgoingIds().map((id) => `/api/outgoing/${id}/deliveries/none/slip.pdf`),
  '/api/outgoing/{id}/files/{fileId}': () => outgoingIds().map((id) => `/api/outgoing/${id}/files/${fx.files.get(id)}`),
  '/api/copies': () => [
    '/api/copies',
    ...documentIds().map((id) => `/api/copies?sourceKind=INCOMING&sourceId=${id}`),
    ...outgoingIds().map((id) => `/api/copies?sourceKind=OUTGOING&sourceId=${id}`),
  ],
  // The fixtures have no copies: an unknown one must answer without data.
  '/api/copies/{id}': () => [`/api/copies/${crypto.randomUUID()}`],
  '/api/copies/{id}/file': () => [`/api/copies/${crypto.randomUUID()}/file`],
  '/api/case-files': () => ['/api/case-files', `/api/case-files?organisationId=qn-stc&year=${year}`],
  '/api/case-files/catalogue': () => [`/api/case-files/catalogue?organisationId=qn-stc&year=${year}`],
  '/api/case-files/catalogue.{format}': () =>
    ['pdf', 'xlsx'].map((f) => `/api/case-files/catalogue.${f}?organisationId=qn-stc&year=${year}`),
  '/api/case-files/transfers-due': () => ['/api/case-files/transfers-due', '/api/case-files/transfers-due?organisationId=qn-stc'],
  '/api/case-files/archive': () => ['/api/case-files/archive', '/api/case-files/archive?organisationId=qn-stc'],
  '/api/case-files/disposition': () => ['/api/case-files/disposition', '/api/case-files/disposition?organisationId=qn-stc'],
  '/api/case-files/disposition.{format}': () => ['pdf', 'xlsx'].map((f) => `/api/case-files/disposition.${f}?organisationId=qn-stc`),
  '/api/case-files/targets': () => [
    ...documentIds().map((id) => `/api/case-files/targets?kind=INCOMING&documentId=${id}`),
    ...outgoingIds().map((id) => `/api/case-files/targets?kind=OUTGOING&documentId=${id}`),
  ],
  '/api/case-files/{id}': () => [`/api/case-files/${fx.caseFile}`],
  '/api/case-files/{id}/documents/{entryId}/files/{ordinal}': () => [`/api/case-files/${fx.caseFile}/documents/${fx.entry}/files/1`],
  '/api/case-files/{id}/export': () => [`/api/case-files/${fx.caseFile}/export`],
  '/api/legal-holds': () => [
    `/api/legal-holds?caseFileId=${fx.caseFile}`,
    '/api/legal-holds?organisationId=qn-stc',
    ...documentIds().map((id) => `/api/legal-holds?documentKind=INCOMING&documentId=${id}`),
    ...outgoingIds().map((id) => `/api/legal-holds?documentKind=OUTGOING&documentId=${id}`),
  ],
  '/api/legal-holds/organisations': () => ['/api/legal-holds/organisations'],
  '/api/search': () => [...searches(), '/api/search?secrecy=MAT', '/api/search?organisationId=qn-stc'],
  // Without words: the list prints its criteria, and a marker typed as a query would be read back from there.
  '/api/search/export.{format}': () =>
    ['pdf', 'docx'].flatMap((f) =>
      ['sort=date', 'secrecy=MAT', 'kind=INCOMING', 'organisationId=qn-stc'].map(
        (c) => `/api/search/export.${f}?${c}&columns=${EXPORT_COLUMNS}`,
      ),
    ),
  // The clerk saved a search for the secret marker (fixtures): each caller lists only their own.
  '/api/search/saved': () => ['/api/search/saved'],
  // For the heads of an organisation, who read the queries of its searches on secret material as typed
  // (search/usage-log.ts says why); the walk's own searches are all it holds here.
  '/api/search/secret-log': () => ['/api/search/secret-log', '/api/search/secret-log?organisationId=qn-stc'],
  '/api/admin/approval-chains': () => ['/api/admin/approval-chains'],
  '/api/delegations': () => ['/api/delegations'],
  '/api/admin/permission-alerts': () => ['/api/admin/permission-alerts', '/api/admin/permission-alerts?all=true'],
  '/api/admin/audit/verify': () => ['/api/admin/audit/verify'],
  '/api/admin/integrity': () => ['/api/admin/integrity'],
  '/api/notifications': () => ['/api/notifications'],
  '/api/notifications/stream': { skip: 'an event stream that never ends: it pushes the rows of /api/notifications, walked above' },
  '/api/calendar/days': () => [`/api/calendar/days?year=${year}`],
  '/api/admin/exchange/traffic': () => ['/api/admin/exchange/traffic'],
  '/api/admin/exchange/jobs/failed': () => ['/api/admin/exchange/jobs/failed'],
  '/api/admin/exchange/dead-letter': () => ['/api/admin/exchange/dead-letter'],
  '/api/health': () => ['/api/health'],
  '/api/crl': { skip: 'the dev CA’s CRL, public by nature (serial numbers and dates, no document data); test/api/signing-ocsp.test.ts' },
};

/** Binary bodies as a Buffer, whatever the media type. */
const raw = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** What a person reads in a response: JSON as text, a PDF's text, the XML and text files inside an XLSX or a ZIP. */
async function readable(contentType: string, body: Buffer): Promise<string> {
  if (contentType.startsWith('application/pdf')) return (await extractPdfText(new Uint8Array(body))).text;
  if (body.subarray(0, 2).toString('latin1') === 'PK') {
    const zip = await JSZip.loadAsync(body);
    const parts = await Promise.all(
      Object.values(zip.files)
        .filter((f) => !f.dir)
        .map(async (f) =>
          f.name.toLowerCase().endsWith('.pdf') ? (await extractPdfText(await f.async('uint8array'))).text : f.async('string'),
        ),
    );
    return parts.join('\n');
  }
  return body.toString('utf8');
}

/** Lower case without diacritics, as the markers are written. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

async function walk(client: ApiClient, urls: string[]) {
  const out: { url: string; status: number; text: string }[] = [];
  for (const url of urls) {
    const res = await raw(client.agent.get(url));
    out.push({ url, status: res.status, text: fold(await readable(String(res.headers['content-type'] ?? ''), res.body as Buffer)) });
  }
  return out;
}

async function seedFixtures() {
  const db = t.database.db;
  await db.insert(registers).values([
    { id: 'qn-stc-den-mat', organisationId: 'qn-stc', direction: 'DEN', name: 'Sổ văn bản đến mật', scope: 'SECRET' },
    { id: 'qn-stc-di-mat', organisationId: 'qn-stc', direction: 'DI', name: 'Sổ văn bản đi mật', scope: 'SECRET' },
  ]);
  const clerk = ids.get('stc.vanthu')!;
  const blobs = openBlobStore(t.config);
  /** A PDF whose text carries the marker. */
  const mainFile = async (marker: string) => {
    const bytes = await textPdf([`Nội dung văn bản ${marker}`]);
    return { bytes, stored: await blobs.put(Readable.from([bytes])) };
  };
  const incoming = async (marker: string, secret: boolean, arrivalNumber: number) => {
    const id = await insertRegisteredIncoming(db, {
      subject: `V/v kế hoạch ${marker} năm ${year}`,
      secret,
      registerId: secret ? 'qn-stc-den-mat' : 'qn-stc-den',
      arrivalNumber,
      clerk,
    });
    const main = await mainFile(marker);
    const [f] = await db
      .insert(incomingFiles)
      .values({
        documentId: id,
        role: 'MAIN',
        ordinal: 0,
        sha256: main.stored.sha256,
        size: main.bytes.length,
        originalName: 'van-ban.pdf',
        mediaType: 'application/pdf',
        extractionState: 'DONE',
        extractedText: `Nội dung văn bản ${marker}`,
      })
      .returning();
    fx.files.set(id, f.id);
    return id;
  };
  fx.secretIncoming = await incoming(M.secretIncoming, true, 1);
  fx.ordinaryIncoming = await incoming(M.ordinaryIncoming, false, 1);
  // The clerk who registered the secret document holds its grant (as registration gives it).
  await db.insert(incomingAccessGrants).values({ documentId: fx.secretIncoming, userId: clerk, grantedBy: clerk });

  const outgoing = async (marker: string, secret: boolean, issuedNumber: number) => {
    const [d] = await db
      .insert(outgoingDocuments)
      .values({
        organisationId: 'qn-stc',
        draftingUnitId: 'stc-qlns',
        authorId: ids.get('stc.cv.qlns')!,
        status: 'DISPATCHED',
        documentType: 'CV',
        subject: `V/v triển khai ${marker}`,
        secrecy: secret ? 'MAT' : 'KHONG',
        signerId: ids.get('stc.pgd')!,
        registerId: secret ? 'qn-stc-di-mat' : 'qn-stc-di',
        issuedYear: year,
        issuedNumber,
        symbol: 'STC-QLNS',
        issueDate: today,
        issuedAt: new Date(),
        paperSignature: true,
        dispatchedAt: new Date(),
      })
      .returning();
    const main = await mainFile(marker);
    const [v] = await db
      .insert(outgoingVersions)
      .values({ documentId: d.id, number: 1, createdBy: ids.get('stc.cv.qlns')! })
      .returning();
    const [f] = await db
      .insert(outgoingFiles)
      .values({
        documentId: d.id,
        versionId: v.id,
        role: 'MAIN',
        ordinal: 0,
        sha256: main.stored.sha256,
        size: main.bytes.length,
        originalName: 'du-thao.pdf',
        mediaType: 'application/pdf',
      })
      .returning();
    fx.files.set(d.id, f.id);
    // Its issued copy holds the marker too, so the walk of /issued reads a real PDF.
    await db.update(outgoingDocuments).set({ issuedSha256: main.stored.sha256 }).where(eq(outgoingDocuments.id, d.id));
    await db.insert(exchangeOutbox).values({
      documentId: d.id,
      organisationId: 'qn-stc',
      senderOrganCode: '000.00.12.H49',
      receiverOrganCode: '000.00.00.G12',
      receiverName: 'Bộ Tài chính',
      edxmlDocumentId: `000.00.12.H49,${today.replaceAll('-', '/')},${issuedNumber}/STC-QLNS`,
      messageId: crypto.randomUUID(),
      status: 'SENT',
    });
    return d.id;
  };
  fx.secretOutgoing = await outgoing(M.secretOutgoing, true, 1);
  fx.ordinaryOutgoing = await outgoing(M.ordinaryOutgoing, false, 1);
  // Replies linked across secrecy (văn bản trả lời): the ordinary pages list their replies and answers, never a secret one.
  await db.insert(outgoingReplies).values([
    { outgoingId: fx.secretOutgoing, incomingId: fx.ordinaryIncoming, completeOnIssue: false, linkedBy: clerk },
    { outgoingId: fx.ordinaryOutgoing, incomingId: fx.secretIncoming, completeOnIssue: false, linkedBy: clerk },
  ]);

  // A case file of the organisation holding all four.
  const [cf] = await db
    .insert(caseFiles)
    .values({
      organisationId: 'qn-stc',
      organId: '000.00.12.H49',
      year,
      notation: 'KHTC-01',
      title: 'Hồ sơ kế hoạch tài chính',
      rights: 'Hạn chế',
      language: 'Tiếng Việt',
      creatorId: clerk,
      creatorName: 'Văn thư',
      createdBy: clerk,
      retentionYears: 10,
    })
    .returning();
  fx.caseFile = cf.id;
  const entries = await db
    .insert(caseFileDocuments)
    .values([
      { caseFileId: cf.id, ordinal: 1, incomingDocumentId: fx.secretIncoming, filedBy: clerk },
      { caseFileId: cf.id, ordinal: 2, incomingDocumentId: fx.ordinaryIncoming, filedBy: clerk },
      { caseFileId: cf.id, ordinal: 3, outgoingDocumentId: fx.secretOutgoing, filedBy: clerk },
      { caseFileId: cf.id, ordinal: 4, outgoingDocumentId: fx.ordinaryOutgoing, filedBy: clerk },
    ])
    .returning();
  fx.entry = entries[0].id;
  const saved = await (
    await loggedIn(t.app, 'stc.vanthu')
  ).post('/api/search/saved', { name: `Tìm ${M.secretIncoming}`, criteria: { q: M.secretIncoming }, columns: ['subject'] });
  expect(saved.status).toBe(201);

  // An administrator of Sở Nội vụ only.
  const admin = await loggedIn(t.app, 'qn.admin');
  const created = await admin.post('/api/admin/users', {
    username: 'snv.admin',
    fullName: 'Quản trị Sở Nội vụ',
    position: 'Quản trị hệ thống',
    organisationId: 'qn-snv',
    password: 'vanthu-demo',
    roles: [{ role: 'QUAN_TRI', organisationId: 'qn-snv' }],
  });
  expect(created.status).toBe(201);
  // An account an administrator creates must change its password first; that is not what this walk is about.
  await t.database.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, 'snv.admin'));
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-side-door-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
  await seedFixtures();
}, 60_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('no side door to secret or foreign documents', () => {
  it('classifies every GET route of the API (a new one must be added here, with the calls that walk it)', async () => {
    const doc = (await new ApiClient(t.app).get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const gets = Object.entries(doc.paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([p]) => p);
    expect(gets.filter((p) => !(p in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((p) => !gets.includes(p))).toEqual([]);
  });

  for (const o of OBSERVERS) {
    it(`shows ${o.username} (${o.why}) no marker of a document they may not open, on any GET endpoint`, async () => {
      const client = await loggedIn(t.app, o.username);
      const urls = Object.values(ROUTES).flatMap((r) => (typeof r === 'function' ? r() : []));
      const answers = await walk(client, urls);
      expect(answers.filter((a) => a.status >= 500).map((a) => `${a.url} → ${a.status}`)).toEqual([]);
      const leaks = answers.flatMap((a) => o.mustNotSee.filter((m) => a.text.includes(m)).map((m) => `${a.url} shows "${m}"`));
      expect(leaks).toEqual([]);
    }, 180_000);
  }

  it('shows the same markers to those who may open the documents, through the same endpoints (the walk can find them)', async () => {
    const clerk = await loggedIn(t.app, 'stc.vanthu');
    const [pdf, xlsx, outBook] = await walk(clerk, [
      `/api/registers/qn-stc-den-mat/book.pdf?${range}`,
      `/api/registers/qn-stc-den-mat/book.xlsx?${range}`,
      `/api/registers/qn-stc-di-mat/book.pdf?${range}`,
    ]);
    expect(pdf.text).toContain(M.secretIncoming);
    expect(xlsx.text).toContain(M.secretIncoming);
    expect(outBook.text).toContain(M.secretOutgoing);
    const [found, pdfList, docxList, saved] = await walk(clerk, [
      `/api/search?q=${M.secretIncoming}`,
      `/api/search/export.pdf?secrecy=MAT&columns=${EXPORT_COLUMNS}`,
      `/api/search/export.docx?sort=date&columns=${EXPORT_COLUMNS}`,
      '/api/search/saved',
    ]);
    expect(found.text).toContain(M.secretIncoming);
    for (const m of SECRET) expect(pdfList.text).toContain(m);
    for (const m of ALL) expect(docxList.text).toContain(m);
    expect(saved.text).toContain(M.secretIncoming);
    const [issued] = await walk(clerk, [`/api/outgoing/${fx.secretOutgoing}/issued`]);
    expect(issued.text).toContain(M.secretOutgoing);

    // The director reads the organisation's ordinary documents, and a misspelt word of them is corrected.
    const director = await loggedIn(t.app, 'stc.gd');
    const [book, typo] = await walk(director, [`/api/registers/qn-stc-den/book.xlsx?${range}`, `/api/search?q=${M.ordinaryIncoming}s`]);
    expect(book.text).toContain(M.ordinaryIncoming);
    expect(JSON.parse(typo.text)).toMatchObject({ match: 'fuzzy', corrected: M.ordinaryIncoming, total: 1 });
    // Without a grant the secret register prints empty for him, and a misspelt secret word is not corrected.
    const [secretBook, secretTypo] = await walk(director, [
      `/api/registers/qn-stc-den-mat/book.pdf?${range}`,
      `/api/search?q=${M.secretIncoming}s`,
    ]);
    expect(secretBook.status).toBe(200);
    expect(secretBook.text).toContain('khong co van ban nao');
    expect(JSON.parse(secretTypo.text)).toMatchObject({ match: 'text', corrected: null, total: 0 });
    // A case file holding a document he may not open is not exported to him (its package would carry it).
    const export403 = await director.get(`/api/case-files/${fx.caseFile}/export`);
    expect({ status: export403.status, code: export403.body.code }).toEqual({ status: 403, code: 'case_file.export_restricted' });
  });

  it("scopes the exchange traffic to the administrator's organisations, and names a package only to who may open it", async () => {
    const scoped = (await (await loggedIn(t.app, 'snv.admin')).get('/api/admin/exchange/traffic')).body;
    expect(scoped).toEqual({ organisations: [], latest: [] });
    const province = (await (await loggedIn(t.app, 'qn.admin')).get('/api/admin/exchange/traffic')).body;
    expect(province.organisations).toEqual([expect.objectContaining({ organisationId: 'qn-stc', sent: 2, pending: 2, received: 2 })]);
    expect(province.latest).toHaveLength(4);
    expect(province.latest.every((l: { subject: string | null; label: string }) => l.subject === null && l.label === '')).toBe(true);
  });
});
