import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../config';
import { migrateDatabase, openDatabase, type Database } from '../db/client';
import { exchangeMessageTypes, parseAgencyCredentials } from '../exchange/transport';
import { errorHandler, sendProblem } from '../http/errors';
import { createLogger, requestLogging } from '../logger';
import { parseInput } from '../http/api-router';
import { noStore } from '../http/security-headers';
import { HubService } from './service';
import { problem } from '../http/problems';

export const hubMigrationsFolder = path.resolve(__dirname, 'drizzle');

const sendHeaders = z.object({
  type: z.enum(exchangeMessageTypes),
  messageId: z.string().min(1).max(300),
  to: z.array(z.string().min(1).max(64)).min(1).max(200),
});
const sendJson = sendHeaders.extend({ package: z.base64() });
const pendingQuery = z.object({
  type: z.enum(exchangeMessageTypes).default('edoc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const trafficQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** Header values are percent-encoded (Latin-1 only on the wire); a broken escape is the caller's error. */
function decodeHeader(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    throw problem('hub.bad_header', { v: v.slice(0, 100) });
  }
}
const decodeList = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => decodeHeader(s.trim()))
    .filter(Boolean);
const organOf = (res: Response) => res.locals.organId as string;

/** The hub's HTTP API under /api/v1: every call but /health names its agency (X-Organ-Id) and proves it (X-Secret). */
export function createHubApp(service: HubService, database: Database, opts: { maxBytes: number; log: Logger }) {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    requestLogging(opts.log, {
      genReqId: (_req, res) => {
        const id = crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      who: (req) => (typeof req.headers['x-organ-id'] === 'string' ? req.headers['x-organ-id'] : undefined),
    }),
  );
  const api = express.Router();
  api.use(noStore);
  api.get('/health', async (_req, res) => {
    try {
      await database.ping();
      res.json({ status: 'ok', database: { ok: true, driver: database.driver } });
    } catch (err) {
      res.status(503).json({ status: 'down', database: { ok: false, driver: database.driver, error: (err as Error).message } });
    }
  });
  api.use(async (req: Request, res: Response, next: NextFunction) => {
    const organId = req.header('x-organ-id');
    const secret = req.header('x-secret');
    if (!organId || !secret || !(await service.authenticate(organId, secret))) {
      return sendProblem(res, req, problem('hub.unauthorized'));
    }
    res.locals.organId = organId;
    next();
  });
  const raw = express.raw({ type: 'application/octet-stream', limit: opts.maxBytes });
  // Base64 in JSON is 4/3 the size of the package.
  const json = express.json({ limit: Math.ceil((opts.maxBytes * 4) / 3) + 64 * 1024 });
  api.post('/messages', raw, json, async (req, res) => {
    let msg: z.output<typeof sendHeaders> & { body: Buffer };
    if (Buffer.isBuffer(req.body)) {
      const head = parseInput(
        sendHeaders,
        {
          type: req.header('x-message-type'),
          messageId: decodeHeader(req.header('x-message-id') ?? ''),
          to: decodeList(req.header('x-to')),
        },
        'body',
      );
      msg = { ...head, body: req.body };
    } else {
      const b = parseInput(sendJson, req.body, 'body');
      msg = { type: b.type, messageId: b.messageId, to: b.to, body: Buffer.from(b.package, 'base64') };
    }
    if (!msg.body.length) throw problem('hub.empty_package');
    if (msg.body.length > opts.maxBytes) throw problem('request.too_large#the_package_exceeds_bytes', { maxBytes: opts.maxBytes });
    const claimed = req.header('x-content-sha256');
    if (claimed && claimed !== crypto.createHash('sha256').update(msg.body).digest('hex')) {
      throw problem('hub.hash_mismatch');
    }
    const out = await service.send(organOf(res), msg);
    res.status(out.duplicate ? 200 : 201).json(out);
  });
  api.get('/messages', async (req, res) => {
    const q = parseInput(pendingQuery, req.query, 'query');
    res.json({ items: await service.pending(organOf(res), q.type, q.limit) });
  });
  api.get('/messages/:id', async (req, res) => {
    const m = await service.fetch(organOf(res), String(req.params.id));
    res
      .set({
        'Content-Type': 'application/octet-stream',
        'X-Content-SHA256': m.sha256,
        'X-Message-Id': encodeURIComponent(m.messageId),
        'X-From': m.from,
        'X-Message-Type': m.type,
      })
      .send(m.body);
  });
  api.post('/messages/:id/ack', async (req, res) => {
    await service.ack(organOf(res), String(req.params.id));
    res.status(204).end();
  });
  api.get('/traffic', async (req, res) => {
    const q = parseInput(trafficQuery, req.query, 'query');
    res.json(await service.traffic(organOf(res), q.limit));
  });
  app.use('/api/v1', api);
  app.use((req, res) => sendProblem(res, req, problem('route.not_found#no_hub_route', { method: req.method, path: req.path })));
  app.use(errorHandler);
  return app;
}

export interface RunningHub {
  url: string;
  database: Database;
  service: HubService;
  log: Logger;
  close(): Promise<void>;
}

/** Opens (and migrates) the hub's own database, registers HUB_AGENCIES and listens on HUB_PORT. */
export async function startHub(config: Config): Promise<RunningHub> {
  const log = createLogger(config.LOG_LEVEL, 'hub');
  const pgliteDir = path.join(config.dataDir, 'hub');
  if (!config.HUB_DATABASE_URL) fs.mkdirSync(pgliteDir, { recursive: true });
  const database = await openDatabase(config.HUB_DATABASE_URL ? { url: config.HUB_DATABASE_URL } : { pgliteDir });
  await migrateDatabase(database, hubMigrationsFolder);
  const service = new HubService(database.db);
  await service.registerAgencies(parseAgencyCredentials(config.HUB_AGENCIES));
  const app = createHubApp(service, database, { maxBytes: config.EXCHANGE_MAX_PACKAGE_MB * 1024 * 1024, log });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.HUB_PORT, config.HUB_HOST, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.HUB_PORT;
  const url = `http://${config.HUB_HOST === '0.0.0.0' ? '127.0.0.1' : config.HUB_HOST}:${port}`;
  log.info({ url, database: database.driver }, 'exchange hub is listening');
  return {
    url,
    database,
    service,
    log,
    async close() {
      // Stop taking calls, let those in flight finish (their transactions commit), then close the database.
      await new Promise<void>((r) => server.close(() => r()));
      await database.close();
    },
  };
}
