import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { copiesRecovery } from '../../api/src/copies/recovery';
import { sealCopy } from '../../api/src/copies/sealing';
import { documentCopies } from '../../api/src/copies/schema';
import { SEAL_COPY_JOB, createCopy, type SealCopyJob } from '../../api/src/copies/service';
import { incomingDocuments } from '../../api/src/incoming/schema';
import { openPkcs12 } from '../../api/src/signing/cms';
import { demoLeaders, demoSealOrganisations } from '../../api/src/signing/demo';
import { signingDeps } from '../../api/src/signing/deps';
import { generateDevPki } from '../../api/src/signing/pki';
import { signPdf } from '../../api/src/signing/signer';
import { validatePdf } from '../../api/src/signing/validate';
import { openBlobStore } from '../../api/src/storage';
import { roleGrants, users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { DEMO_PASSWORD, loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';
import { pageBoxes, pdfsig, qpdfCheck } from '../support/stamp-checks';
import { uploadAndRegister } from '../support/records';

let t: TestApp;
let dataDir: string;
let pkiDir: string;
const clients = new Map<string, ApiClient>();
const MM = 72 / 25.4;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-copies-'));
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-copies-pki-'));
  await generateDevPki({
    dir: pkiDir,
    password: DEMO_PASSWORD,
    leaders: demoLeaders().filter((l) => l.username === 'stc.gd'),
    organisations: demoSealOrganisations().filter((o) => o.id === 'qn-stc'),
  });
  t = await startTestApp({ env: { DATA_DIR: dataDir, PKI_DIR: pkiDir, TRUST_STORE_DIR: path.join(pkiDir, 'trust') } });
  // The head of the Sở names who signs its copies (ND 30 Điều 27): the director here.
  const [gd] = await t.database.db.select().from(users).where(eq(users.username, 'stc.gd'));
  await t.database.db.insert(roleGrants).values({ userId: gd.id, role: 'COPY_SIGN', organisationId: 'qn-stc' });
}, 120_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

async function as(username: string) {
  if (!clients.has(username)) {
    const c = await loggedIn(t.app, username);
    await c.get('/api/me');
    clients.set(username, c);
  }
  return clients.get(username)!;
}

let registered = 0;
/** A received document signed by the sender's leader, registered by the Sở Tài chính clerk. */
async function registeredIncoming(pdf: Buffer) {
  const { upload } = await uploadAndRegister(await as('stc.vanthu'), pdf, {
    fileName: 'công văn.pdf',
    number: ++registered,
    issueDate: '2026-12-01',
    subject: 'V/v rà soát hồ sơ công việc năm 2026',
  });
  return upload.id as string;
}

async function copy(username: string, fields: Record<string, string>, extract?: Buffer) {
  const c = await as(username);
  let req = c.agent.post('/api/copies').set('X-XSRF-TOKEN', c.xsrf!);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (extract) req = req.attach('main', extract, 'trích sao.pdf');
  return req;
}

async function signedSource() {
  const identity = openPkcs12(fs.readFileSync(path.join(pkiDir, 'users', 'stc.gd.p12')), DEMO_PASSWORD);
  return (
    await signPdf(await textPdf(['Công văn số 12/SNV-VP về việc rà soát hồ sơ', 'Trang hai']), {
      identity,
      appearance: { kind: 'leader', rect: [300, 70, 520, 190], name: 'Người ký' },
    })
  ).pdf;
}

describe('copies (sao y, sao lục, trích sao)', () => {
  let sourceId: string;
  let source: Buffer;
  beforeAll(async () => {
    source = await signedSource();
    sourceId = await registeredIncoming(source);
  }, 60_000);

  it('numbers copies in one register per organisation and year with ký hiệu SY / SL / TrS; only the clerk makes them', async () => {
    const sy = await copy('stc.vanthu', { sourceKind: 'INCOMING', sourceId, form: 'SAO_Y' });
    expect(sy.status).toBe(201);
    const sl = await copy('stc.vanthu', { sourceKind: 'INCOMING', sourceId, form: 'SAO_LUC' });
    const trs = await copy(
      'stc.vanthu',
      { sourceKind: 'INCOMING', sourceId, form: 'TRICH_SAO' },
      await textPdf(['Trích sao: đoạn 2 của Công văn số 12/SNV-VP']),
    );
    expect(trs.status).toBe(201);
    const year = sy.body.year as number;
    expect([sy.body, sl.body, trs.body].map((c) => c.numberAndSymbol)).toEqual(['01/SY-STC', '02/SL-STC', '03/TrS-STC']);
    expect(sy.body).toMatchObject({ state: 'AWAITING_SIGNATURE', allowedActions: [] });

    // A trích sao needs its extract; a sao y brings none.
    expect((await copy('stc.vanthu', { sourceKind: 'INCOMING', sourceId, form: 'TRICH_SAO' })).body.code).toBe('copies.extract_missing');
    expect((await copy('stc.vanthu', { sourceKind: 'INCOMING', sourceId, form: 'SAO_Y' }, await textPdf(['x']))).body.code).toBe(
      'copies.extract_unexpected',
    );
    // A leader sees the document but does not register copies; another organisation does not learn it exists.
    expect((await copy('stc.gd', { sourceKind: 'INCOMING', sourceId, form: 'SAO_Y' })).status).toBe(403);
    expect((await copy('snv.vanthu', { sourceKind: 'INCOMING', sourceId, form: 'SAO_Y' })).status).toBe(404);

    const list = await (await as('stc.gd')).get(`/api/copies?sourceKind=INCOMING&sourceId=${sourceId}`);
    // The page offers "Sao văn bản" on the server's word: to the clerk, not to the leader nor to another organisation.
    expect(list.body.mayCopy).toBe(false);
    expect((await (await as('stc.vanthu')).get(`/api/copies?sourceKind=INCOMING&sourceId=${sourceId}`)).body.mayCopy).toBe(true);
    expect((await (await as('snv.vanthu')).get(`/api/copies?sourceKind=INCOMING&sourceId=${sourceId}`)).body).toEqual({
      items: [],
      mayCopy: false,
    });
    expect(
      list.body.items.map((c: { numberAndSymbol: string; allowedActions: string[] }) => [c.numberAndSymbol, c.allowedActions]),
    ).toEqual([
      ['01/SY-STC', ['sign']],
      ['02/SL-STC', ['sign']],
      ['03/TrS-STC', ['sign']],
    ]);
    const rows = await t.database.db
      .select()
      .from(documentCopies)
      .where(and(eq(documentCopies.organisationId, 'qn-stc'), eq(documentCopies.year, year)));
    expect(rows).toHaveLength(3);
  });

  it('restarts at 01 on 1 January, Vietnam time', async () => {
    const [clerk] = await t.database.db.select().from(users).where(eq(users.username, 'stc.vanthu'));
    const actor = {
      userId: clerk.id,
      roles: [
        {
          id: 'x',
          role: 'VAN_THU' as const,
          organisationId: 'qn-stc',
          organisationName: 'Sở Tài chính tỉnh Quảng Ninh',
          unitId: null,
          unitName: null,
        },
      ],
    };
    const blobs = openBlobStore(t.config);
    const make = (at: string) =>
      createCopy(t.database.db, blobs, actor, { source: { kind: 'INCOMING', id: sourceId }, form: 'SAO_Y' }, [], new Date(at));
    // 23:59 on 31/12/2030 in Hà Nội is still 2030; one minute later it is 2031 (16:59 and 17:00 UTC).
    expect((await make('2030-12-31T16:59:00Z')).numberAndSymbol).toBe('01/SY-STC');
    expect((await make('2030-12-31T16:59:30Z')).numberAndSymbol).toBe('02/SY-STC');
    const next = await make('2030-12-31T17:00:00Z');
    expect(next).toMatchObject({ year: 2031, numberAndSymbol: '01/SY-STC' });
  });

  it('a secret document is copied only with a recorded authorisation', async () => {
    const secretId = await registeredIncoming(await textPdf(['Văn bản mật']));
    await t.database.db.update(incomingDocuments).set({ secrecy: 'MAT' }).where(eq(incomingDocuments.id, secretId));
    const refused = await copy('stc.vanthu', { sourceKind: 'INCOMING', sourceId: secretId, form: 'SAO_Y' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('copies.secret_not_authorised');
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    const allowed = await copy('stc.vanthu', {
      sourceKind: 'INCOMING',
      sourceId: secretId,
      form: 'SAO_Y',
      secretAuthorisation: 'Giám đốc Sở đồng ý, Phiếu trình số 45/PT-STC',
    });
    expect(allowed.status).toBe(201);
    expect(allowed.body.secretAuthorisation).toBe('Giám đốc Sở đồng ý, Phiếu trình số 45/PT-STC');

    // The copy is the secret document itself: a leader of the Sở not granted the document reads neither.
    const pgd = await as('stc.pgd');
    expect((await pgd.get(`/api/incoming/${secretId}`)).status).toBe(404);
    expect((await pgd.get(`/api/copies/${allowed.body.id}`)).status).toBe(404);
    expect((await pgd.agent.get(`/api/copies/${allowed.body.id}/file`)).status).toBe(404);
    expect((await pgd.get(`/api/copies?sourceKind=INCOMING&sourceId=${secretId}`)).body).toEqual({ items: [], mayCopy: false });
    expect((await pgd.get('/api/copies')).body.items.map((c: { id: string }) => c.id)).not.toContain(allowed.body.id);
    // The clerk who may open it still reads its copy.
    expect((await (await as('stc.vanthu')).agent.get(`/api/copies/${allowed.body.id}/file`)).status).toBe(200);
  });

  it('COPY_SIGN signs: the seal worker puts the organisation signature top right of page 1; the source signature stays valid', async () => {
    const made = await copy('stc.vanthu', { sourceKind: 'INCOMING', sourceId, form: 'SAO_Y' });
    const id = made.body.id as string;
    const refused = await (await as('stc.vanthu')).post(`/api/copies/${id}/sign`, {});
    expect(refused.status).toBe(403);
    const signing = await (await as('stc.gd')).post(`/api/copies/${id}/sign`, {});
    expect(signing.status).toBe(202);
    expect(signing.body.state).toBe('SIGNING');
    expect((await (await as('stc.gd')).post(`/api/copies/${id}/sign`, {})).status).toBe(409);

    const job = (await t.queues.signing.getJob(`seal-copy-${id}`))!;
    expect(job.name).toBe(SEAL_COPY_JOB);
    // A copy left SIGNING (its job lost with the queue) is what the recovery sweep queues again, under the same id.
    expect((await copiesRecovery.pending(t.database.db)).map((p) => [p.queue, p.opts.jobId, p.data])).toEqual([
      ['signing', `seal-copy-${id}`, { copyId: id }],
    ]);
    const deps = signingDeps(t.config);
    expect(await sealCopy(t.database.db, openBlobStore(t.config), deps, job.data as SealCopyJob)).toEqual({ sealed: true });
    expect(await sealCopy(t.database.db, openBlobStore(t.config), deps, job.data as SealCopyJob)).toEqual({ skipped: true });
    expect((await (await as('stc.vanthu')).get(`/api/copies/${id}`)).body).toMatchObject({ state: 'SIGNED' });
    expect(await copiesRecovery.pending(t.database.db)).toEqual([]);

    const pdf = (await (await as('stc.vanthu')).agent.get(`/api/copies/${id}/file`).buffer(true)).body as Buffer;
    expect(pdf.subarray(0, source.length).equals(source)).toBe(true);
    const root = path.join(pkiDir, 'root-ca.pem');
    const sigs = pdfsig(pdf, root);
    expect(sigs.map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    const report = await validatePdf(pdf, await deps.trustStore());
    expect(report).toMatchObject({ verdict: 'valid', signatureCount: 2 });
    expect(report.signatures[1].signer?.commonName).toContain('Sở Tài chính');
    expect(report.signatures[1].level).toBe('B-LT'); // the copy's seal, with its validation data in the DSS
    const check = qpdfCheck(pdf);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('No syntax or stream encoding errors found');

    // Page 1, top right, caption only: form of copy, copying organisation, ISO 8601 time in Vietnam's zone.
    const boxes = pageBoxes(pdf);
    const widgets = boxes.annotations.filter((a) => a.subtype === 'Widget');
    const copySig = widgets[widgets.length - 1];
    expect(copySig.box[0]).toBeGreaterThan(boxes.width / 2);
    expect(copySig.box[1]).toBeLessThan(40 * MM);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-copy-text-'));
    fs.writeFileSync(path.join(dir, 'c.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', path.join(dir, 'c.pdf'), '-'])
      .toString()
      .normalize('NFC');
    // Every word of the caption inside the signature's box (a caption measured in another font was clipped).
    const words = [
      ...execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', path.join(dir, 'c.pdf'), '-'])
        .toString()
        .matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g),
    ]
      .map((m) => ({ box: m.slice(1, 5).map(Number), word: m[5] }))
      .filter((w) => w.box[1] < copySig.box[3] && w.box[3] > copySig.box[1] && w.box[2] > copySig.box[0] - 30);
    expect(words.map((w) => w.word).join(' ')).toMatch(/^SAO Y S.+ Quảng Ninh \d{4}-/);
    for (const w of words) expect(w.box[0]).toBeGreaterThanOrEqual(copySig.box[0] - 0.5);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(text).toContain('SAO Y');
    expect(text).toContain('Sở Tài chính tỉnh Quảng Ninh');
    expect(text).toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00/);

    // A watermarked reading copy of the signed copy keeps both signatures valid.
    const marked = (await (await as('stc.vanthu')).agent.get(`/api/copies/${id}/file?watermark=1`).buffer(true)).body as Buffer;
    expect(pdfsig(marked, root).map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
  }, 60_000);

  it('a signed copy is dispatched once, by the clerk, into the recipient organisation’s incoming documents', async () => {
    const made = await copy('stc.vanthu', { sourceKind: 'INCOMING', sourceId, form: 'SAO_Y' });
    const id = made.body.id as string;
    const clerk = await as('stc.vanthu');
    const to = { recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }] };
    const early = await clerk.post(`/api/copies/${id}/dispatch`, to);
    expect([early.status, early.body.code]).toEqual([409, 'copies.not_signed']);
    await (await as('stc.gd')).post(`/api/copies/${id}/sign`, {});
    expect(await sealCopy(t.database.db, openBlobStore(t.config), signingDeps(t.config), { copyId: id })).toEqual({ sealed: true });
    expect((await clerk.get(`/api/copies/${id}`)).body.allowedActions).toEqual(['dispatch']);
    expect((await (await as('stc.gd')).get(`/api/copies/${id}`)).body.allowedActions).toEqual([]);

    // Only the clerk dispatches; with the exchange off an external agency is reached by neither path (a printed copy goes by post).
    expect((await (await as('stc.gd')).post(`/api/copies/${id}/dispatch`, to)).status).toBe(403);
    const external = await clerk.post(`/api/copies/${id}/dispatch`, {
      recipients: [{ kind: 'EXTERNAL', organCode: '000.00.00.G22', name: 'Văn phòng Chính phủ' }],
    });
    expect([external.status, external.body.code]).toEqual([422, 'copies.recipient_unreachable']);
    expect((await clerk.post(`/api/copies/${id}/dispatch`, { recipients: [] })).body.code).toBe('validation');
    const twice = await clerk.post(`/api/copies/${id}/dispatch`, { recipients: [...to.recipients, ...to.recipients] });
    expect([twice.status, twice.body.code, twice.body.detail]).toEqual([422, 'validation', expect.stringContaining('each recipient once')]);

    const sent = await clerk.post(`/api/copies/${id}/dispatch`, to);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      dispatchedAt: expect.any(String),
      allowedActions: [],
      recipients: [{ name: expect.stringContaining('Nội vụ'), route: 'INTERNAL', incomingDocumentId: expect.any(String), exchange: null }],
    });
    const again = await clerk.post(`/api/copies/${id}/dispatch`, to);
    expect([again.status, again.body.code]).toEqual([409, 'copies.already_dispatched']);

    // The Sở Nội vụ receives the copy as an incoming document of the Sở Tài chính: its number and ký hiệu, its signer, the signed copy as main file.
    const receiver = await as('snv.vanthu');
    const incoming = await receiver.get(`/api/incoming/${sent.body.recipients[0].incomingDocumentId}`);
    expect(incoming.status).toBe(200);
    expect(incoming.body).toMatchObject({
      channel: 'INTERNAL',
      status: 'DRAFT',
      issuerName: 'Sở Tài chính tỉnh Quảng Ninh',
      symbol: 'SY-STC',
      number: made.body.numberAndSymbol.split('/')[0],
      subject: 'V/v rà soát hồ sơ công việc năm 2026',
    });
    const main = incoming.body.files.find((f: { role: string }) => f.role === 'MAIN');
    const received = (await receiver.agent.get(`/api/incoming/${incoming.body.id}/files/${main.id}`).buffer(true)).body as Buffer;
    const signedCopy = (await clerk.agent.get(`/api/copies/${id}/file`).buffer(true)).body as Buffer;
    expect(received.equals(signedCopy)).toBe(true);
    expect(pdfsig(received, path.join(pkiDir, 'root-ca.pem')).map((s) => s.validation)).toEqual([
      'Signature is Valid.',
      'Signature is Valid.',
    ]);
    // Its list shows the recipients too.
    const listed = (await clerk.get(`/api/copies?sourceKind=INCOMING&sourceId=${sourceId}`)).body.items.find(
      (c: { id: string }) => c.id === id,
    );
    expect(listed.recipients).toHaveLength(1);
  }, 60_000);
});
