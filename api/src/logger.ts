import pino, { type DestinationStream, type Logger } from 'pino';

/** Headers whose values authenticate someone (session and CSRF cookies, tokens, the exchange hub's X-Secret). */
const SECRET_HEADERS = ['cookie', 'set-cookie', 'authorization', 'proxy-authorization', 'x-xsrf-token', 'x-csrf-token', 'x-secret'];
/** Fields that hold a secret wherever they appear in a logged object (up to three levels deep). */
const SECRET_FIELDS = ['password', 'newPassword', 'currentPassword', 'passphrase', 'secret', 'token', 'csrfToken', 'sessionToken'];

export const REDACTED = '[redacted]';
export const redactPaths = [
  ...SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `res.headers["${h}"]`]),
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
