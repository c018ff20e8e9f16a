import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { incomingDocuments } from '../../api/src/incoming/schema';
import { textPdf } from '../support/documents';
import { loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';

/** Odd text and dates at the edge: a clear 422 problem (Vietnamese title, English detail), never a 500, nothing written. */
let t: TestApp;
let dataDir: string;
let clerk: ApiClient;
let author: ApiClient;
let admin: ApiClient;
let pdf: Buffer;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-input-guard-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  clerk = await loggedIn(t.app, 'stc.vanthu');
  author = await loggedIn(t.app, 'stc.cv.qlns');
  admin = await loggedIn(t.app, 'qn.admin');
  pdf = await textPdf(['Công văn số 12/UBND-VX']);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const NUL = '\u0000';
function expectRefused(
  res: {
    status: number;
    headers: Record<string, string>;
    body: { code: string; title: string; detail: string; errors?: { path: string }[] };
  },
  fieldPath: string,
) {
  expect(res.status).toBe(422);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body).toMatchObject({
    code: 'validation',
    title: expect.stringMatching(/không hợp lệ/),
    detail: expect.stringMatching(/^Invalid request/),
  });
  expect(res.body.errors!.map((e) => e.path)).toContain(fieldPath);
}

const upload = (c: ApiClient, fields: Record<string, string>, name = 'văn bản.pdf') => {
  let req = c.agent.post('/api/incoming').set('X-XSRF-TOKEN', c.xsrf!);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('main', pdf, name);
};
const registration = (over: Record<string, unknown> = {}) => ({
  registerId: 'qn-stc-den',
  issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
  number: '07',
  symbol: 'UBND-VX',
  issueDate: '2025-01-09',
  documentType: 'Công văn',
  subject: 'V/v triển khai công tác phòng, chống dịch bệnh',
  ...over,
});

describe('NUL and other control characters', () => {
  it('in a search query', async () => {
    expectRefused(await clerk.get(`/api/search?q=${encodeURIComponent(`quyết${NUL}định`)}`), 'q');
  });

  it('in the subject or issuer at registration, leaving the draft a draft; tab and line breaks stay allowed', async () => {
    const draft = await upload(clerk, {});
    expect(draft.status).toBe(201);
    expectRefused(await clerk.post(`/api/incoming/${draft.body.id}/register`, registration({ subject: `V/v${NUL} thử` })), 'subject');
    expectRefused(await clerk.post(`/api/incoming/${draft.body.id}/register`, registration({ issuerName: `UBND${NUL}` })), 'issuerName');
    expectRefused(await clerk.post(`/api/incoming/${draft.body.id}/register`, registration({ signerName: 'Trần\u0007Văn' })), 'signerName');
    const [row] = await t.database.db.select().from(incomingDocuments).where(eq(incomingDocuments.id, draft.body.id));
    expect(row.status).toBe('DRAFT');
    const ok = await clerk.post(`/api/incoming/${draft.body.id}/register`, registration({ subject: 'V/v\tthử\r\ndòng hai' }));
    expect(ok.status).toBe(200);
  });

  it('in a comment, in JSON carried by a multipart field and in an uploaded file name', async () => {
    const meta = { documentType: 'CV', subject: 'V/v lập dự toán', recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }] };
    const multipart = (m: object, name = 'Dự thảo.pdf') =>
      author.agent.post('/api/outgoing').set('X-XSRF-TOKEN', author.xsrf!).field('metadata', JSON.stringify(m)).attach('main', pdf, name);
    // JSON.stringify writes the NUL as \u0000: the schema decodes it, and the guard sees what the service would get.
    expectRefused(await multipart({ ...meta, subject: `V/v${NUL}` }), 'metadata.subject');
    const before = await t.database.db.$count(incomingDocuments);
    const doc = await multipart(meta);
    expect(doc.status).toBe(201);
    expectRefused(await author.post(`/api/outgoing/${doc.body.id}/comments`, { body: `Ý kiến${NUL}` }), 'body');
    expect((await author.get(`/api/outgoing/${doc.body.id}`)).body.comments ?? []).toEqual([]);
    // A control character in the part header is malformed multipart already; one percent-encoded (RFC 5987) is decoded, then refused.
    expect((await upload(clerk, {}, `tệp${NUL}.pdf`)).body).toMatchObject({ status: 400, code: 'upload.malformed' });
    const raw = Buffer.concat([
      Buffer.from(
        `--B\r\nContent-Disposition: form-data; name="main"; filename*=UTF-8''t%E1%BB%87p%00.pdf\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from('\r\n--B--\r\n'),
    ]);
    const named = await clerk.agent
      .post('/api/incoming')
      .set('X-XSRF-TOKEN', clerk.xsrf!)
      .set('Content-Type', 'multipart/form-data; boundary=B')
      .send(raw);
    expectRefused(named, 'main[0].filename');
    expect(await t.database.db.$count(incomingDocuments)).toBe(before);
  });

  it('in any path parameter or text query parameter of any route (walked from the OpenAPI document)', async () => {
    const openapi = (await admin.get('/api/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string; schema: { type?: string; enum?: unknown; format?: string } }[] }>
      >;
    };
    const answers: string[] = [];
    for (const [p, ops] of Object.entries(openapi.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const params = op.parameters ?? [];
        const texts = params.filter((x) => x.in === 'query' && x.schema.type === 'string' && !x.schema.enum && !x.schema.format);
        if (!params.some((x) => x.in === 'path') && (method !== 'get' || !texts.length)) continue;
        const url =
          p.replace(/\{\w+\}/g, `x${encodeURIComponent(NUL)}y`) + (texts.length ? `?${texts.map((x) => `${x.name}=a%00b`).join('&')}` : '');
        const res = method === 'get' ? await admin.get(url) : await admin.send(method as 'post', url, {});
        answers.push(`${res.status} ${method.toUpperCase()} ${p}`);
      }
    }
    expect(answers.length).toBeGreaterThan(50);
    expect(answers.filter((a) => !a.startsWith('422 '))).toEqual([]);
  });
});

describe('dates out of range (year 0000)', () => {
  it('at registration, upload and in a register book range, with the field named', async () => {
    const draft = await upload(clerk, {});
    expectRefused(await clerk.post(`/api/incoming/${draft.body.id}/register`, registration({ issueDate: '0000-01-09' })), 'issueDate');
    expectRefused(
      await clerk.post(`/api/incoming/${draft.body.id}/register`, registration({ receivedAt: '0000-01-09T08:00:00+07:00' })),
      'receivedAt',
    );
    expectRefused(await upload(clerk, { receivedAt: '0000-03-01T08:00:00+07:00' }), 'receivedAt');
    for (const format of ['pdf', 'xlsx'])
      expectRefused(await clerk.get(`/api/registers/qn-stc-den/book.${format}?from=0000-01-01&to=2025-12-31`), 'from');
    expect((await clerk.get('/api/registers/qn-stc-den/book.xlsx?from=2025-01-01&to=2025-12-31')).status).toBe(200);
  });

  it('in every date query parameter of every route (walked from the OpenAPI document)', async () => {
    const openapi = (await admin.get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: { format?: string } }[] }>>;
    };
    const answers: string[] = [];
    for (const [p, ops] of Object.entries(openapi.paths)) {
      const op = ops.get;
      const dates = (op?.parameters ?? []).filter(
        (x) => x.in === 'query' && (x.schema.format === 'date' || x.schema.format === 'date-time'),
      );
      if (!dates.length || p.includes('{')) continue;
      const res = await admin.get(
        `${p}?${dates.map((x) => `${x.name}=${x.schema.format === 'date' ? '0000-01-01' : '0000-01-01T00:00:00Z'}`).join('&')}`,
      );
      answers.push(`${res.status} ${p} ${res.body.errors?.map((e: { path: string }) => e.path).join(',')}`);
    }
    expect(answers.length).toBeGreaterThan(3);
    expect(answers.filter((a) => !a.startsWith('422 '))).toEqual([]);
  });

  it('every request schema takes its dates from the shared http/fields.ts (no bare z.iso.date / datetime / coerce.date elsewhere)', () => {
    const root = path.resolve(__dirname, '../../api/src');
    const offenders = (fs.readdirSync(root, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && f !== path.join('http', 'fields.ts'))
      .filter((f) => /z\.iso\.(date|datetime)\(|z\.coerce\.date\(|z\.date\(/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
