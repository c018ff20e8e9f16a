import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { extractFileText } from '../../api/src/incoming/extraction';
import { extractPdfText } from '../../api/src/incoming/pdf';
import { incomingDocuments, incomingFiles } from '../../api/src/incoming/schema';
import type { Actor } from '../../api/src/auth/context';
import { registerDocument } from '../../api/src/incoming/service';
import { registers } from '../../api/src/registers/schema';
import { openBlobStore } from '../../api/src/storage';
import { startWorkers, type RunningWorkers } from '../../workers/src';
import { brokenPdf, docxBytes, encryptedPdf, odtBytes, pngBytes, scannedPdf, textPdf, xlsxBytes, zip } from '../support/documents';
import { ApiClient, loggedIn, REDIS_URL, reinstateUsers, startTestApp, type TestApp } from '../support/harness';
import { pageBoxes } from '../support/stamp-checks';

let t: TestApp;
let dataDir: string;
let clerk: ApiClient;
let pdf: Buffer;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-incoming-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir, UPLOAD_MAX_FILE_MB: '1', UPLOAD_MAX_FILES: '4' } });
  clerk = await loggedIn(t.app, 'stc.vanthu');
  pdf = await textPdf();
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Part = [name: string, bytes: Buffer];
async function upload(client: ApiClient, files: { main?: Part; attachments?: Part[] }, fields: Record<string, string> = {}) {
  if (!client.xsrf) await client.get('/api/me');
  let req = client.agent.post('/api/incoming').set('X-XSRF-TOKEN', client.xsrf!);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (files.main) req = req.attach('main', files.main[1], files.main[0]);
  for (const [name, bytes] of files.attachments ?? []) req = req.attach('attachments', bytes, name);
  return req;
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const blobFiles = (): string[] => {
  const root = path.join(dataDir, 'blobs');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(p));
};
const tempFiles = () =>
  [path.join(dataDir, 'tmp', 'uploads'), path.join(dataDir, 'blobs', 'tmp')].flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : []));

const registration = (over: Record<string, unknown> = {}) => ({
  registerId: 'qn-stc-den',
  issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
  issuerOrganCode: '000.00.00.H49',
  number: '07',
  symbol: 'UBND-VX',
  issueDate: '2025-01-09',
  documentType: 'Công văn',
  subject: 'V/v triển khai công tác phòng, chống dịch bệnh',
  signerName: 'Trần Văn Chủ',
  signerPosition: 'Chủ tịch',
  urgency: 'KHAN',
  ...over,
});

async function draft(client = clerk, main: Buffer = pdf) {
  const res = await upload(client, { main: ['văn bản.pdf', main] });
  expect(res.status).toBe(201);
  return res.body as { id: string; files: { id: string; sha256: string }[] };
}

describe('intake (upload of a draft)', () => {
  it('stores the main PDF and attachments by content, keeps Vietnamese names, and leaves no temp file', async () => {
    const png = pngBytes();
    const res = await upload(
      clerk,
      {
        main: ['Công văn số 07 – UBND tỉnh.pdf', pdf],
        attachments: [
          ['Phụ lục kèm theo.docx', docxBytes()],
          ['Bảng số liệu.xlsx', xlsxBytes()],
          ['ảnh chụp.png', png],
        ],
      },
      { channel: 'EMAIL' },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'DRAFT', channel: 'EMAIL', organisationId: 'qn-stc', register: null, pageCount: 1 });
    expect(
      res.body.files.map((f: { role: string; originalName: string; mediaType: string; extractionState: string }) => [
        f.role,
        f.originalName,
        f.mediaType,
        f.extractionState,
      ]),
    ).toEqual([
      ['MAIN', 'Công văn số 07 – UBND tỉnh.pdf', 'application/pdf', 'PENDING'],
      ['ATTACHMENT', 'Phụ lục kèm theo.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'NOT_APPLICABLE'],
      ['ATTACHMENT', 'Bảng số liệu.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'NOT_APPLICABLE'],
      // An image is a scan: queued for OCR through the extraction job (test/api/ocr.test.ts).
      ['ATTACHMENT', 'ảnh chụp.png', 'image/png', 'PENDING'],
    ]);
    const main = res.body.files[0];
    expect(main).toMatchObject({ sha256: sha256(pdf), size: pdf.length, pageCount: 1 });
    expect(blobFiles()).toContain(path.join(main.sha256.slice(0, 2), main.sha256.slice(2, 4), main.sha256));
    expect(tempFiles()).toEqual([]);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, res.body.id));
    expect(audit.map((a) => a.action)).toEqual(['incoming.create']);
    expect((await t.queues.incomingFiles.getJob(`extract-${main.id}`))?.data).toEqual({ fileId: main.id });
  });

  it('accepts an ODT and a JPEG attachment', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 7)]);
    const res = await upload(clerk, {
      main: ['a.pdf', pdf],
      attachments: [
        ['Tờ trình.odt', odtBytes()],
        ['scan.JPG', jpeg],
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.files.slice(1).map((f: { mediaType: string }) => f.mediaType)).toEqual([
      'application/vnd.oasis.opendocument.text',
      'image/jpeg',
    ]);
  });

  it('answers a file whose content left the blob store with a problem that says so, not a bare server error', async () => {
    const only = crypto.randomBytes(8).toString('hex');
    const res = await upload(clerk, {
      main: ['a.pdf', pdf],
      attachments: [['ghi chú.png', Buffer.concat([pngBytes(), Buffer.from(only)])]],
    });
    expect(res.status).toBe(201);
    const attachment = res.body.files[1];
    fs.rmSync(path.join(dataDir, 'blobs', attachment.sha256.slice(0, 2), attachment.sha256.slice(2, 4), attachment.sha256));
    const download = await clerk.agent.get(`/api/incoming/${res.body.id}/files/${attachment.id}`);
    expect(download.status).toBe(500);
    expect(download.type).toBe('application/problem+json');
    expect(download.body).toMatchObject({ code: 'storage.file_missing', title: expect.stringContaining('kho lưu trữ') });
  });

  const refusals: [string, () => Promise<{ main?: Part; attachments?: Part[] }>, number, string][] = [
    [
      'a main file that is neither a PDF nor a scan, whatever its name',
      async () => ({ main: ['giả.pdf', docxBytes()] }),
      415,
      'upload.unsupported_type',
    ],
    ['a scan named as a PDF', async () => ({ main: ['giả.pdf', pngBytes()] }), 415, 'upload.type_mismatch'],
    [
      'a PDF as main with a DOCX in disguise as attachment',
      async () => ({ main: ['a.pdf', pdf], attachments: [['ảnh.png', docxBytes()]] }),
      415,
      'upload.type_mismatch',
    ],
    [
      'an archive that is no office document',
      async () => ({ main: ['a.pdf', pdf], attachments: [['x.docx', zip({ 'readme.txt': 'hello' })]] }),
      415,
      'upload.unsupported_type',
    ],
    [
      'an executable attachment',
      async () => ({ main: ['a.pdf', pdf], attachments: [['run.exe', Buffer.from('MZ\x90\x00 program')]] }),
      415,
      'upload.unsupported_type',
    ],
    ['an empty file', async () => ({ main: ['a.pdf', pdf], attachments: [['trống.pdf', Buffer.alloc(0)]] }), 422, 'upload.empty'],
    ['an encrypted PDF', async () => ({ main: ['mật khẩu.pdf', await encryptedPdf()] }), 422, 'upload.pdf_encrypted'],
    ['a truncated PDF', async () => ({ main: ['hỏng.pdf', await brokenPdf()] }), 422, 'upload.pdf_invalid'],
    [
      'a file over the size limit',
      async () => ({ main: ['a.pdf', pdf], attachments: [['lớn.png', Buffer.concat([pngBytes(), Buffer.alloc(1_100_000)])]] }),
      413,
      'upload.file_too_large',
    ],
    [
      'more files than allowed',
      async () => ({ main: ['a.pdf', pdf], attachments: [1, 2, 3, 4].map((i) => [`${i}.pdf`, pdf] as Part) }),
      413,
      'upload.too_many_files',
    ],
    ['no main file', async () => ({ attachments: [['a.pdf', pdf]] }), 422, 'upload.main_required'],
  ];
  it.each(refusals)('refuses %s with a bilingual problem and leaves no file, blob or row', async (_what, files, status, code) => {
    const blobsBefore = blobFiles().length;
    const rowsBefore = await t.database.db.$count(incomingDocuments);
    const res = await upload(clerk, await files());
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code, title: expect.any(String), detail: expect.any(String) });
    expect(res.body.title).not.toBe(res.body.detail);
    expect(blobFiles()).toHaveLength(blobsBefore);
    expect(await t.database.db.$count(incomingDocuments)).toBe(rowsBefore);
    expect(tempFiles()).toEqual([]);
  });

  it('removes the partial file when the client goes away in the middle of an upload', async () => {
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const first = await fetch(`${base}/api/me`);
      const xsrf = /XSRF-TOKEN=([^;]+)/.exec(first.headers.get('set-cookie') ?? '')![1];
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-xsrf-token': xsrf, cookie: `XSRF-TOKEN=${xsrf}` },
        body: JSON.stringify({ username: 'stc.vanthu', password: 'vanthu-demo' }),
      });
      const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]);
      const session = cookies.find((c) => c.startsWith('vanthu_sid='))!;
      const token = /XSRF-TOKEN=(.+)/.exec(cookies.find((c) => c.startsWith('XSRF-TOKEN=')) ?? `XSRF-TOKEN=${xsrf}`)![1];
      const rowsBefore = await t.database.db.$count(incomingDocuments);
      const req = http.request(`${base}/api/incoming`, {
        method: 'POST',
        headers: {
          'content-type': 'multipart/form-data; boundary=XyZ',
          'content-length': 900_000,
          'x-xsrf-token': token,
          cookie: `${session}; XSRF-TOKEN=${token}`,
        },
      });
      req.on('error', () => undefined);
      req.write('--XyZ\r\nContent-Disposition: form-data; name="main"; filename="dở dang.pdf"\r\nContent-Type: application/pdf\r\n\r\n');
      req.write(pdf.subarray(0, 2000));
      for (let i = 0; i < 50 && !fs.readdirSync(path.join(dataDir, 'tmp', 'uploads')).length; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(fs.readdirSync(path.join(dataDir, 'tmp', 'uploads'))).toHaveLength(1);
      req.destroy();
      for (let i = 0; i < 50 && tempFiles().length; i++) await new Promise((r) => setTimeout(r, 20));
      expect(tempFiles()).toEqual([]);
      expect(await t.database.db.$count(incomingDocuments)).toBe(rowsBefore);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('lets only clerks receive documents', async () => {
    const leader = await loggedIn(t.app, 'stc.gd');
    const res = await upload(leader, { main: ['a.pdf', pdf] });
    expect(res.status).toBe(403);
    expect(tempFiles()).toEqual([]);
  });
});

describe('visibility', () => {
  it('shows a document to the clerks and leaders of the receiving organisation and to nobody else (404)', async () => {
    const { id } = await draft();
    expect((await clerk.get(`/api/incoming/${id}`)).status).toBe(200);
    expect((await (await loggedIn(t.app, 'stc.gd')).get(`/api/incoming/${id}`)).status).toBe(200);
    for (const outsider of ['snv.vanthu', 'stc.cv.qlns', 'qn.admin']) {
      const c = await loggedIn(t.app, outsider);
      const res = await c.get(`/api/incoming/${id}`);
      expect(res.status).toBe(404);
      expect((await c.get('/api/incoming')).body.items.map((d: { id: string }) => d.id)).not.toContain(id);
    }
    expect((await (await loggedIn(t.app, 'snv.vanthu')).post(`/api/incoming/${id}/register`, registration())).status).toBe(404);
  });
});

describe('registration (vào sổ)', () => {
  it('gives the next số đến, stamps a copy and never changes the original', async () => {
    const { id, files } = await draft();
    const res = await clerk.post(`/api/incoming/${id}/register`, registration());
    expect(res.status).toBe(200);
    const year = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
    expect(res.body).toMatchObject({
      status: 'REGISTERED',
      register: { id: 'qn-stc-den', name: 'Sổ văn bản đến', year, number: 1 },
      urgency: 'KHAN',
      number: '07',
    });
    expect(res.body.files[0].stamped).toBe(true);

    const original = await clerk.agent.get(`/api/incoming/${id}/files/${files[0].id}`).buffer(true);
    expect(original.status).toBe(200);
    expect(original.headers['content-type']).toBe('application/pdf');
    expect(original.headers['content-disposition']).toContain("filename*=UTF-8''v%C4%83n%20b%E1%BA%A3n.pdf");
    expect(sha256(original.body)).toBe(sha256(pdf));

    const stamped = await clerk.agent.get(`/api/incoming/${id}/files/${files[0].id}/stamped`).buffer(true);
    expect(stamped.status).toBe(200);
    expect(stamped.headers['content-disposition']).toMatch(/^attachment; /);
    // The viewer shows the same copy inline, to the same people only.
    const shown = await clerk.agent.get(`/api/incoming/${id}/files/${files[0].id}/stamped?disposition=inline`).buffer(true);
    expect(shown.headers['content-disposition']).toMatch(
      /^inline; filename=.*filename\*=UTF-8''v%C4%83n%20b%E1%BA%A3n%20-%20%C4%90%E1%BA%BEN%201\.pdf$/,
    );
    expect(sha256(shown.body)).toBe(sha256(stamped.body));
    expect(
      (await (await loggedIn(t.app, 'snv.vanthu')).agent.get(`/api/incoming/${id}/files/${files[0].id}/stamped?disposition=inline`)).status,
    ).toBe(404);
    expect(sha256(stamped.body)).not.toBe(sha256(pdf));
    // The stamp is a locked stamp annotation over blank paper; the page's own text is unchanged.
    const { text } = await extractPdfText(new Uint8Array(stamped.body));
    expect(text).toContain('Công văn số 12/UBND-VX');
    const stamps = pageBoxes(stamped.body).annotations.filter((a) => a.subtype === 'Stamp');
    expect(stamps.map((a) => a.contents)).toEqual([expect.stringMatching(/^ĐẾN — Số: 1 — Ngày: \d\d\/\d\d\/\d{4} \d\d:\d\d$/)]);
    const [row] = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, files[0].id));
    expect(row.sha256).toBe(sha256(pdf));
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audit.map((a) => a.action)).toEqual(['incoming.create', 'incoming.register']);
  });

  it('numbers 50 concurrent registrations exactly 1..50 more, without gaps or repeats', async () => {
    const before = (await clerk.get('/api/registers')).body.items.find((r: { id: string }) => r.id === 'qn-stc-den').nextNumber - 1;
    const drafts = [];
    for (let i = 0; i < 50; i++) drafts.push(await draft());
    const results = await Promise.all(
      drafts.map((d, i) => clerk.post(`/api/incoming/${d.id}/register`, registration({ number: String(100 + i) }))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    const numbers = results.map((r) => r.body.register.number - before).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('gives back the number of a registration that loses a race (no gap)', async () => {
    const a = await draft();
    const b = await draft();
    const [first, second] = await Promise.all([
      clerk.post(`/api/incoming/${a.id}/register`, registration({ number: '900' })),
      clerk.post(`/api/incoming/${a.id}/register`, registration({ number: '900' })),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const winner = first.status === 200 ? first : second;
    const next = await clerk.post(`/api/incoming/${b.id}/register`, registration({ number: '901' }));
    expect(next.body.register.number).toBe(winner.body.register.number + 1);
  });

  it('keeps independent sequences per register, and secret documents in the secret register', async () => {
    await t.database.db
      .insert(registers)
      .values({ id: 'qn-stc-den-mat', organisationId: 'qn-stc', direction: 'DEN', name: 'Sổ văn bản đến mật', scope: 'SECRET' });
    const secret = await draft();
    const wrong = await clerk.post(`/api/incoming/${secret.id}/register`, registration({ number: '1', secrecy: 'MAT' }));
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('incoming.register_scope');
    const ok = await clerk.post(
      `/api/incoming/${secret.id}/register`,
      registration({ number: '1', secrecy: 'MAT', registerId: 'qn-stc-den-mat' }),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.register).toMatchObject({ id: 'qn-stc-den-mat', number: 1 });
    const plain = await draft();
    const other = await clerk.post(`/api/incoming/${plain.id}/register`, registration({ number: '2', registerId: 'qn-snv-den' }));
    expect(other.status).toBe(422);
    expect(other.body.errors[0].path).toBe('registerId');
  });

  it('warns of a probable duplicate before saving, and registers it when the clerk confirms', async () => {
    const first = await draft();
    expect(
      (await clerk.post(`/api/incoming/${first.id}/register`, registration({ number: '05', symbol: 'QĐ-UBND', issueDate: '2025-03-05' })))
        .status,
    ).toBe(200);
    const again = await draft();
    const refused = await clerk.post(
      `/api/incoming/${again.id}/register`,
      registration({ number: '5', symbol: 'qd-ubnd', issueDate: '2025-03-05', issuerName: 'ủy ban nhân dân  tỉnh Quảng Ninh' }),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('incoming.probable_duplicate');
    expect(refused.body.title).toBe('Văn bản số 5/qd-ubnd của ủy ban nhân dân  tỉnh Quảng Ninh ngày 05/03/2025 có thể đã được vào sổ');
    expect(refused.body.errors).toEqual([{ path: 'duplicateOf', message: expect.stringContaining(first.id) }]);
    expect((await clerk.get(`/api/incoming/${again.id}`)).body.status).toBe('DRAFT');
    const confirmed = await clerk.post(
      `/api/incoming/${again.id}/register`,
      registration({ number: '5', symbol: 'QĐ-UBND', issueDate: '2025-03-05', confirmDuplicate: true }),
    );
    expect(confirmed.status).toBe(200);
    const [firstRow] = await t.database.db.select().from(incomingDocuments).where(eq(incomingDocuments.id, first.id));
    expect(confirmed.body.register.number).toBe(firstRow.arrivalNumber! + 1);
    expect((await clerk.post(`/api/incoming/${again.id}/register`, registration())).body.code).toBe('incoming.already_registered');
  });

  it('restarts numbering on 1 January in Vietnam time', async () => {
    const snv = await loggedIn(t.app, 'snv.vanthu');
    const me = (await snv.get('/api/me')).body;
    const actor: Actor = { userId: me.id, roles: me.roles };
    const input = (n: string) => ({
      ...registration({ registerId: 'qn-snv-den', number: n }),
      urgency: 'THUONG' as const,
      secrecy: 'KHONG' as const,
      confirmDuplicate: false,
      issueDate: '2030-12-30',
    });
    const lastEvening = await registerDocument(
      t.database.db,
      t.queues.incomingFiles,
      actor,
      (await draft(snv)).id,
      input('1'),
      new Date('2030-12-31T16:59:59Z'),
    );
    const newYear = await registerDocument(
      t.database.db,
      t.queues.incomingFiles,
      actor,
      (await draft(snv)).id,
      input('2'),
      new Date('2030-12-31T17:00:00Z'),
    );
    expect(lastEvening.register).toMatchObject({ year: 2030, number: 1 });
    expect(newYear.register).toMatchObject({ year: 2031, number: 1 });
  });

  it('lets only a clerk register, and validates the metadata', async () => {
    const { id } = await draft();
    const leader = await loggedIn(t.app, 'stc.gd');
    expect((await leader.post(`/api/incoming/${id}/register`, registration())).status).toBe(403);
    const bad = await clerk.post(`/api/incoming/${id}/register`, registration({ issueDate: '09/01/2025', subject: '' }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['issueDate', 'subject']);
  });
});

describe('lists and registers', () => {
  it('lists the registers of my organisation with the next number', async () => {
    await reinstateUsers(t.database.db, ['hl.vanthu']);
    const res = await (await loggedIn(t.app, 'hl.vanthu')).get('/api/registers');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: 'qn-halong-den', name: 'Sổ văn bản đến', direction: 'DEN', scope: 'ALL', nextNumber: 1 }),
      expect.objectContaining({ id: 'qn-halong-di', name: 'Sổ văn bản đi', direction: 'DI', scope: 'ALL', nextNumber: 1 }),
    ]);
  });

  it('filters incoming documents by status, register, year and text', async () => {
    const drafts = await clerk.get('/api/incoming?status=DRAFT&limit=200');
    expect(drafts.status).toBe(200);
    expect(drafts.body.items.every((d: { status: string }) => d.status === 'DRAFT')).toBe(true);
    const secret = await clerk.get('/api/incoming?registerId=qn-stc-den-mat');
    expect(secret.body).toMatchObject({ total: 1, items: [expect.objectContaining({ secrecy: 'MAT' })] });
    expect((await clerk.get('/api/incoming?year=2031')).body.total).toBe(0);
    const text = await clerk.get(`/api/incoming?q=${encodeURIComponent('QĐ-UBND')}`);
    expect(text.body.total).toBe(2);
  });
});

describe('text extraction', () => {
  let workers: RunningWorkers;
  beforeAll(async () => {
    workers = await startWorkers({
      db: t.database.db,
      redisUrl: REDIS_URL,
      prefix: t.config.QUEUE_PREFIX,
      queues: t.queues,
      blobs: openBlobStore(t.config),
      log: pino({ level: 'silent' }),
      config: t.config,
    });
  });
  afterAll(() => workers.close());

  async function settled(docId: string, fileId: string) {
    for (let i = 0; i < 200; i++) {
      const res = await clerk.get(`/api/incoming/${docId}/files/${fileId}/extraction`);
      if (res.body.state !== 'PENDING') return res.body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('extraction did not finish');
  }

  it('extracts the text layer and page count in the worker, and marks a scan as having no text', async () => {
    const vietnamese = await textPdf(['Trang một: Kế hoạch chuyển đổi số năm 2025', 'Trang hai: Sở Tài chính đề nghị']);
    const res = await upload(clerk, { main: ['kế hoạch.pdf', vietnamese], attachments: [['bản quét.pdf', await scannedPdf(3)]] });
    const [main, scan] = res.body.files;
    expect(await settled(res.body.id, main.id)).toMatchObject({ state: 'DONE', pageCount: 2, error: null, textLength: expect.any(Number) });
    expect(await settled(res.body.id, scan.id)).toMatchObject({ state: 'NO_TEXT', pageCount: 3 });
    const [row] = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, main.id));
    expect(row.extractedText).toContain('Kế hoạch chuyển đổi số năm 2025');
    // Running the job again (a retry after a crash) changes nothing.
    expect(await extractFileText(t.database.db, openBlobStore(t.config), main.id)).toEqual({ state: 'DONE', skipped: true });
    const found = await clerk.get(`/api/incoming?q=${encodeURIComponent('đề nghị')}`);
    expect(found.body.items.map((d: { id: string }) => d.id)).toContain(res.body.id);
  });

  it('draws the ĐẾN stamp in the worker once registered, before anyone asks for the copy, and serves that very copy', async () => {
    const d = await draft();
    const reg = await clerk.post(`/api/incoming/${d.id}/register`, registration({ number: '4711', symbol: 'UBND-STAMP' }));
    expect(reg.status).toBe(200);
    let stampedSha256: string | null = null;
    for (let i = 0; i < 200 && !stampedSha256; i++) {
      [{ stampedSha256 }] = await t.database.db
        .select({ stampedSha256: incomingFiles.stampedSha256 })
        .from(incomingFiles)
        .where(eq(incomingFiles.id, d.files[0].id));
      if (!stampedSha256) await new Promise((r) => setTimeout(r, 50));
    }
    expect(stampedSha256).toMatch(/^[0-9a-f]{64}$/);
    const copy = (await clerk.agent.get(`/api/incoming/${d.id}/files/${d.files[0].id}/stamped`).buffer(true)).body as Buffer;
    expect(crypto.createHash('sha256').update(copy).digest('hex')).toBe(stampedSha256);
  });

  it('reports NOT_APPLICABLE for attachments that are neither PDF nor image', async () => {
    const res = await upload(clerk, { main: ['a.pdf', pdf], attachments: [['b.docx', docxBytes()]] });
    const [f] = await t.database.db
      .select()
      .from(incomingFiles)
      .where(and(eq(incomingFiles.documentId, res.body.id), eq(incomingFiles.role, 'ATTACHMENT')));
    expect((await clerk.get(`/api/incoming/${res.body.id}/files/${f.id}/extraction`)).body.state).toBe('NOT_APPLICABLE');
  });
});

it('documents the incoming and register routes in OpenAPI', async () => {
  const doc = (await new ApiClient(t.app).get('/api/openapi.json')).body;
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(['/api/incoming', '/api/incoming/{id}/register', '/api/incoming/{id}/files/{fileId}/stamped', '/api/registers']),
  );
});
