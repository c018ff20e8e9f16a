import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../../api/src/config';
import { incomingFiles } from '../../api/src/incoming/schema';
import { startSystem, type System } from '../../api/src/server';
import { incomingSignatureReports } from '../../api/src/signing/schema';
import { textPdf } from '../support/documents';
import { eventually } from '../support/exchange';
import { DEMO_PASSWORD, loggedIn, REDIS_URL, startTestApp, type TestApp } from '../support/harness';

/**
 * A process that dies between committing a row and queueing its job (kill -9, power cut) leaves the row
 * pending and no job; one killed while receiving an upload or writing a blob leaves a temp file. The next
 * process to start (here `npm run workers`) finds both: the sweep queues the owed jobs, old temp files go.
 */
let t: TestApp;
let dataDir: string;
let workers: System | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-recovery-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
});

afterAll(async () => {
  await workers?.close();
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const hoursAgo = (file: string, hours: number) => {
  const at = new Date(Date.now() - hours * 3_600_000);
  fs.utimesSync(file, at, at);
};

describe('after a crash', () => {
  it('the next process to start queues the jobs committed rows still owe, and deletes old temp files', async () => {
    // An upload commits; the process "dies" before its jobs reach Redis (here: they are taken out again).
    const clerk = await loggedIn(t.app, 'qn.vanthu');
    const res = await clerk.agent
      .post('/api/incoming?organisationId=qn-ubnd')
      .set('X-XSRF-TOKEN', clerk.xsrf!)
      .field('channel', 'EMAIL')
      .attach('main', await textPdf(['Công văn nhận trước khi máy chủ bị tắt đột ngột']), 'Công văn.pdf');
    expect({ status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({ status: 201, body: undefined });
    const fileId = res.body.files[0].id as string;
    for (const jobId of [`extract-${fileId}`, `validate-${fileId}`]) await t.queues.incomingFiles.remove(jobId);
    expect(await t.queues.incomingFiles.getJob(`extract-${fileId}`)).toBeUndefined();

    // Left-overs of the kill: an upload being received and a blob being written, hours old; and a fresh one in use.
    const uploads = path.join(dataDir, 'tmp', 'uploads');
    const blobsTmp = path.join(dataDir, 'blobs', 'tmp');
    fs.mkdirSync(uploads, { recursive: true });
    fs.mkdirSync(blobsTmp, { recursive: true });
    const stale = [path.join(uploads, 'a1.upload'), path.join(blobsTmp, 'b2.part')];
    const inUse = path.join(uploads, 'c3.upload');
    for (const f of [...stale, inUse]) fs.writeFileSync(f, 'partial');
    for (const f of stale) hoursAgo(f, 3);

    workers = await startSystem(
      loadConfig({ DATABASE_URL: t.config.DATABASE_URL, REDIS_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_PASSWORD, RECOVERY_INTERVAL_SECONDS: '1' }),
      'workers',
    );
    // At start: the temp files of the crash are gone, the one in use is kept.
    expect(stale.filter((f) => fs.existsSync(f))).toEqual([]);
    expect(fs.existsSync(inUse)).toBe(true);

    // The owed jobs were queued again and ran: text extracted, signatures validated.
    await eventually('the extraction', async () => {
      const [f] = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, fileId));
      return f.extractionState === 'DONE' ? f : undefined;
    });
    await eventually('the signature report', async () => (await t.database.db.$count(incomingSignatureReports, eq(incomingSignatureReports.fileId, fileId))) || undefined);

    // Periodically, too: a temp file that grows old while the process runs is swept at the next round.
    hoursAgo(inUse, 2);
    await eventually('the periodic temp-file sweep', async () => (fs.existsSync(inUse) ? undefined : true), 10_000);
  }, 90_000);
});
