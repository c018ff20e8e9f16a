import { copyRoutes } from './copies/routes';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { auditRoutes } from './audit/routes';
import { authRoutes } from './auth/routes';
import { calendarRoutes } from './calendar/routes';
import { dashboardRoutes } from './dashboard/routes';
import { caseFileRoutes } from './case-files/routes';
import { legalHoldRoutes } from './legal-holds/routes';
import { permissionAlertRoutes } from './permission-alerts/routes';
import { PermissionAlerts, parseConfirmers } from './permission-alerts/service';
import { sessionMiddleware } from './auth/middleware';
import { AuthService } from './auth/service';
import type { Config } from './config';
import type { Database } from './db/client';
import { exchangeAdminRoutes } from './exchange/admin-routes';
import { sendRetry } from './exchange/outbox';
import { healthRoutes } from './health/routes';
import { integrityRoutes } from './integrity/routes';
import type { ApiRouter } from './http/api-router';
import { apiNotFound, errorHandler } from './http/errors';
import { buildOpenApi } from './http/openapi';
import { requestLogging } from './logger';
import { appShell, noStore, securityHeaders } from './http/security-headers';
import { NotificationHub } from './notifications/hub';
import { Notifier } from './notifications/notifier';
import { notificationRoutes } from './notifications/routes';
import { incomingProcessingRoutes } from './incoming/processing-routes';
import { incomingRoutes } from './incoming/routes';
import { exchangeIncomingRoutes } from './exchange/routes';
import { approvalChainRoutes, delegationRoutes } from './approval-chains/routes';
import { outgoingRoutes } from './outgoing/routes';
import { organisationRoutes } from './organisations/routes';
import { rootOrganisationIds } from './organisations/service';
import type { Queues } from './queues';
import { registerRoutes } from './registers/routes';
import { reportRoutes } from './reports/routes';
import { searchRoutes } from './search/routes';
import { openBlobStore } from './storage';
import { meRoutes, userAdminRoutes } from './users/routes';
import { signatureImageRoutes } from './signing/signature-image';
import { crlRoutes, ocspRoutes, signatureRoutes, tsaRoutes } from './signing/routes';

export interface AppDeps {
  config: Config;
  database: Database;
  redis: Redis;
  queues: Queues;
  log: Logger;
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

export function createApp({ config, database, redis, queues, log }: AppDeps) {
  const db = database.db;
  const auth = new AuthService(db, redis, {
    sessionTtlHours: config.SESSION_TTL_HOURS,
    maxFailures: config.LOGIN_MAX_FAILURES,
    lockMinutes: config.LOGIN_LOCK_MINUTES,
    ratePerMinute: config.LOGIN_RATE_PER_MINUTE,
    keyPrefix: config.QUEUE_PREFIX,
  });
  const hub = new NotificationHub(redis, config.QUEUE_PREFIX);
  const notifier = new Notifier(db, redis, config.QUEUE_PREFIX);
  const blobs = openBlobStore(config);
  // Permission changes (roles, secret-document grants, delegations) are listed to the confirmers until confirmed.
  const alerts = new PermissionAlerts(notifier, parseConfirmers(config.PERMISSION_ALERT_CONFIRMERS));
  const routers: ApiRouter[] = [
    authRoutes(db, auth, config.COOKIE_SECURE),
    meRoutes(db),
    signatureImageRoutes(db, blobs, config),
    organisationRoutes(db),
    userAdminRoutes(db, alerts),
    registerRoutes(db),
    reportRoutes(db),
    dashboardRoutes(db),
    // Before the intake routes: /api/incoming/queue must not be read as a document id.
    incomingProcessingRoutes(db, notifier, blobs, queues.incomingFiles, config, alerts),
    incomingRoutes(db, blobs, queues.incomingFiles, config),
    exchangeIncomingRoutes(db),
    outgoingRoutes(db, blobs, queues, notifier, config),
    caseFileRoutes(db, blobs, notifier, config),
    copyRoutes(db, blobs, queues, notifier, config),
    legalHoldRoutes(db),
    searchRoutes(db),
    approvalChainRoutes(db),
    delegationRoutes(db, alerts),
    permissionAlertRoutes(db, alerts),
    signatureRoutes(config),
    auditRoutes(db),
    integrityRoutes(db),
    notificationRoutes(db, hub),
    calendarRoutes(db, () => rootOrganisationIds(db)),
    exchangeAdminRoutes(db, Object.values(queues), queues.exchangeDeadLetter, sendRetry(config)),
    healthRoutes(database, redis, queues),
  ];
  // Outside the session middleware: TSA and OCSP clients send DER with no cookie or CSRF token.
  const tsa = tsaRoutes(config);
  const pkiServices = [ocspRoutes(config), crlRoutes(config)];
  const openapi = buildOpenApi(
    [tsa, ...pkiServices, ...routers].flatMap((r) => r.docs),
    '0.1.0',
  );

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    requestLogging(log, {
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      who: (req) => (req as Request).auth?.userId,
      ignore: (req) => !(req as Request).url?.startsWith('/api'),
    }),
  );
  app.use(securityHeaders);
  app.use('/api', noStore);

  const api = express.Router();
  api.get('/openapi.json', (_req, res) => void res.json(openapi));
  api.use(express.json({ limit: '1mb' }));
  api.use(sessionMiddleware(auth, config.COOKIE_SECURE));
  app.use(tsa.mountPath, tsa.router);
  for (const r of pkiServices) app.use(r.mountPath, r.router);
  app.use('/api', api);
  for (const r of routers) app.use(r.mountPath, r.router);
  app.use('/api', apiNotFound);

  if (fs.existsSync(config.webDist)) {
    const index = path.join(config.webDist, 'index.html');
    const shell = appShell(index);
    app.get('/index.html', shell);
    app.use(express.static(config.webDist, { index: false, maxAge: '1h' }));
    // Client-side routes (/incoming, /admin/users, …) all load the Angular shell.
    app.get(/^(?!\/api\/).*/, shell);
  }
  app.use(errorHandler);
  /** Ends the live-notification subscription; the caller owns the database and Redis connections. */
  const close = () => hub.close();
  return { app, auth, openapi, close };
}
