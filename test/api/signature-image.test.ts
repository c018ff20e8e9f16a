import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { eq } from 'drizzle-orm';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { auditEvents } from '../../api/src/audit/schema';
import { users } from '../../api/src/users/schema';
import { demoLeaders } from '../../api/src/signing/demo';
import { generateDevPki } from '../../api/src/signing/pki';
import { outgoingSigningRequests, userSignatureImages } from '../../api/src/signing/schema';
import { openBlobStore } from '../../api/src/storage';
import { readAll } from '../../api/src/storage/blob-store';
import { textPdf } from '../support/documents';
import { DEMO_PASSWORD, loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';

let t: TestApp;
let dataDir: string;
let pkiDir: string;
const clients = new Map<string, ApiClient>();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-sigimg-'));
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-sigimg-pki-'));
  await generateDevPki({
    dir: pkiDir,
    password: DEMO_PASSWORD,
    leaders: demoLeaders().filter((l) => l.username === 'stc.pgd'),
    organisations: [],
  });
  t = await startTestApp({ env: { DATA_DIR: dataDir, PKI_DIR: pkiDir, TRUST_STORE_DIR: path.join(pkiDir, 'trust') } });
}, 120_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  const c = clients.get(username)!;
  if (!c.xsrf) await c.get('/api/me');
  return c;
}

function scribble(type: 'png' | 'jpeg') {
  const canvas = createCanvas(300, 120);
  const ctx = canvas.getContext('2d');
  if (type === 'jpeg') {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 300, 120);
  }
  ctx.strokeStyle = '#1030a0';
  ctx.lineWidth = 4;
  ctx.beginPath();
  ctx.moveTo(20, 90);
  ctx.bezierCurveTo(80, 10, 140, 110, 280, 30);
  ctx.stroke();
  return type === 'png' ? canvas.toBuffer('image/png') : canvas.toBuffer('image/jpeg');
}

const upload = async (username: string, bytes: Buffer, name: string) => {
  const c = await as(username);
  return c.agent.put('/api/me/signature-image').set('X-XSRF-TOKEN', c.xsrf!).attach('image', bytes, name);
};

describe('my signature image', () => {
  it('uploads a PNG, reads it back, replaces it with a JPEG and removes it; the old blob goes when unused', async () => {
    const c = await as('stc.pgd');
    // None yet is an expected state (the dashboard card asks on every visit): 204, not an error in the console.
    expect((await c.get('/api/me/signature-image')).status).toBe(204);
    const documented = (await c.get('/api/openapi.json')).body.paths['/api/me/signature-image'].get.responses;
    expect(Object.keys(documented)).toEqual(expect.arrayContaining(['200', '204']));
    expect(Object.keys(documented)).not.toContain('404');
    const png = scribble('png');
    const put = await upload('stc.pgd', png, 'chu-ky.png');
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ mediaType: 'image/png', size: png.length });
    const got = await c.agent.get('/api/me/signature-image').buffer(true);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toMatch(/^image\/png/);
    expect(Buffer.compare(got.body as Buffer, png)).toBe(0);
    // Someone else has none.
    expect((await (await as('stc.gd')).get('/api/me/signature-image')).status).toBe(204);

    const jpeg = scribble('jpeg');
    const replaced = await upload('stc.pgd', jpeg, 'chu-ky.jpg');
    expect(replaced.body).toMatchObject({ mediaType: 'image/jpeg', size: jpeg.length });
    expect(await openBlobStore(t.config).has(put.body.sha256)).toBe(false);
    expect((await c.agent.get('/api/me/signature-image')).headers['content-type']).toMatch(/^image\/jpeg/);

    expect((await c.delete('/api/me/signature-image')).status).toBe(204);
    expect((await c.get('/api/me/signature-image')).status).toBe(204);
    expect((await c.delete('/api/me/signature-image')).status).toBe(404);
    expect(await openBlobStore(t.config).has(replaced.body.sha256)).toBe(false);
    const [me] = await t.database.db.select().from(users).where(eq(users.username, 'stc.pgd'));
    const audit = await t.database.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, me.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.signature_image.set', 'user.signature_image.delete']));
  });

  it('checks the bytes, not the name: a PDF, a renamed PNG, an empty file and more than 1 MiB are refused', async () => {
    const pdf = await upload('stc.gd', await textPdf(['không phải ảnh']), 'chu-ky.png');
    expect(pdf.status).toBe(415);
    expect(pdf.body.code).toBe('upload.unsupported_type');
    expect(pdf.body.detail).toMatch(/PNG or JPEG/);
    const renamed = await upload('stc.gd', scribble('png'), 'chu-ky.jpg');
    expect(renamed.status).toBe(415);
    expect(renamed.body.code).toBe('upload.type_mismatch');
    expect((await upload('stc.gd', Buffer.alloc(0), 'x.png')).status).toBe(422);
    const big = Buffer.concat([scribble('png'), Buffer.alloc(1024 * 1024)]);
    expect((await upload('stc.gd', big, 'big.png')).status).toBe(413);
    const c = await as('stc.gd');
    const none = await c.agent.put('/api/me/signature-image').set('X-XSRF-TOKEN', c.xsrf!).field('x', '1');
    expect(none.status).toBe(422);
    expect(await t.database.db.$count(userSignatureImages)).toBe(0);
  });

  it('the leader’s visible signature shows the image when there is one', async () => {
    expect((await upload('stc.pgd', scribble('png'), 'chu-ky.png')).status).toBe(200);
    const author = await as('stc.cv.qlns');
    const res = await author.agent
      .post('/api/outgoing')
      .set('X-XSRF-TOKEN', author.xsrf!)
      .field(
        'metadata',
        JSON.stringify({
          documentType: 'KH',
          subject: 'Kế hoạch có ảnh chữ ký',
          recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }],
          urgency: 'THUONG',
        }),
      )
      .attach('main', await textPdf(['Kế hoạch có ảnh chữ ký']), 'ke-hoach.pdf');
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    expect((await author.post(`/api/outgoing/${id}/submit`, {})).status).toBe(200);
    expect((await (await as('stc.tp.qlns')).post(`/api/outgoing/${id}/approve`, {})).status).toBe(200);
    expect((await (await as('stc.pgd')).post(`/api/outgoing/${id}/approve`, {})).status).toBe(200);
    expect((await (await as('stc.pgd')).post(`/api/outgoing/${id}/sign`, { passphrase: DEMO_PASSWORD })).status).toBe(202);
    const [req] = await t.database.db.select().from(outgoingSigningRequests).where(eq(outgoingSigningRequests.documentId, id));
    const prepared = await PDFDocument.load(await readAll(await openBlobStore(t.config).get(req.preparedSha256)));
    const images = prepared.context
      .enumerateIndirectObjects()
      .filter(([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
    expect(images.length).toBeGreaterThan(0);
  }, 60_000);
});
