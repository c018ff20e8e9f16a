import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** Headers whose values authenticate someone (session and CSRF cookies, tokens, the exchange hub's X-Secret). */
const SECRET_HEADERS = ['cookie', 'set-cookie', 'authorization', 'proxy-authorization', 'x-xsrf-token', 'x-csrf-token', 'x-secret'];
/** Fields that hold a secret wherever they appear in a logged object (up to three levels deep). */
const SECRET_FIELDS = ['password', 'newPassword', 'currentPassword', 'passphrase', 'secret', 'token', 'csrfToken', 'sessionToken'];

export const REDACTED = '[redacted]';
export const redactPaths = [
  ...SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `res.headers["${h}"]`, `requestHeaders["${h}"]`, `responseHeaders["${h}"]`]),
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

/**
 * The one logger of every process (API, workers, exchange hub): JSON lines, with the values that would let a
 * reader of the log act as someone (session cookies, CSRF tokens, X-Secret, passwords, passphrases) replaced
 * by "[redacted]", whatever the level.
 */
export function createLogger(level: string, role: string, destination?: DestinationStream): Logger {
  const options = { level, base: { role }, redact: { paths: redactPaths, censor: REDACTED } };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * The request log of the API and the hub: ONE line per request when it has finished, at `info` (`error` for a
 * 5xx): method, path (no query string), status, duration in ms, who (user id, or the hub's agency) and request id.
 * Headers, which are bulky and mostly the same each time, only at `debug` (secret ones redacted as above).
 * Code handling the request logs through `req.log`, which carries only the request id.
 */
export function requestLogging(
  log: Logger,
  opts: {
    genReqId: (req: IncomingMessage, res: ServerResponse) => string;
    /** The caller of a finished request: a user id, an agency's organ code. */
    who: (req: IncomingMessage) => string | undefined;
    ignore?: (req: IncomingMessage) => boolean;
  },
) {
  const line = (req: IncomingMessage, res: ServerResponse, durationMs: number) => ({
    method: req.method,
    // Express rewrites req.url inside mounted routers; originalUrl is what the client asked for.
    path: ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0],
    status: res.statusCode,
    durationMs,
    userId: opts.who(req),
    ...(log.isLevelEnabled('debug') ? { requestHeaders: req.headers, responseHeaders: res.getHeaders() } : {}),
  });
  return pinoHttp({
    logger: log,
    genReqId: opts.genReqId,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    autoLogging: opts.ignore ? { ignore: opts.ignore } : true,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: { responseTime: number }) => line(req, res, val.responseTime),
    customErrorObject: (req, res, err, val: { responseTime: number }) => ({ ...line(req, res, val.responseTime), err }),
  });
}
