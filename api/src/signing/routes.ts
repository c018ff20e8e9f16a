import fs from 'node:fs';
import path from 'node:path';
import type { Request } from 'express';
import type { Config } from '../config';
import { sniffMediaType, mediaTypes } from '../files/media-type';
import { uploadReceiver } from '../files/upload';
import { ApiRouter } from '../http/api-router';
import { httpTimestamps, type TimestampSource } from './signer';
import { DevTsa } from './tsa';
import { DevOcspResponder } from './ocsp';
import { pemToDer } from './cms';
import { pkiPaths } from './pki';
import { cachedTrustStore, validatePdf } from './validate';
import { validationReportSchema } from './validation';
import { problem } from '../http/problems';

/** The TSA the signer uses: TSA_URL, or else this app's own dev TSA. */
export function timestampSource(config: Config): TimestampSource {
  return httpTimestamps(config.TSA_URL ?? `http://127.0.0.1:${config.PORT}/api/tsa`, config.TSA_TIMEOUT_SECONDS * 1000);
}

const MAX_TSA_REQUEST = 16 * 1024;

async function readBody(req: Request, limit: number, tooLarge = () => problem('tsa.request_too_large', { limit })): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The development RFC 3161 timestamping authority. Mounted before the session middleware: TSA clients
 * (our signer, `openssl ts`, other tools) send DER, no cookies and no CSRF token, and it only signs hashes.
 */
export function tsaRoutes(config: Config) {
  let tsa: DevTsa | null | undefined;
  return new ApiRouter('/api/tsa', 'Signatures').route(
    {
      method: 'post',
      path: '/',
      summary: 'RFC 3161 timestamping (dev TSA): body application/timestamp-query (DER TimeStampReq), answers application/timestamp-reply',
      access: 'public',
      problems: [413, 415, 503],
      raw: { mediaType: 'application/timestamp-reply' },
    },
    async ({ req, res }) => {
      if (!req.is('application/timestamp-query')) {
        throw problem('tsa.unsupported_type');
      }
      tsa ??= DevTsa.fromPkiDir(config.pkiDir);
      if (!tsa) throw problem('tsa.unavailable', { PKI_DIR: config.PKI_DIR });
      const reply = await tsa.respond(await readBody(req, MAX_TSA_REQUEST));
      res.status(200).type('application/timestamp-reply').send(reply);
    },
  );
}

const MAX_OCSP_REQUEST = 16 * 1024;

/**
 * The dev PKI's OCSP responder (RFC 6960, docs/domain.md §7), named in the AIA of every certificate it issues.
 * Public and outside the session middleware like the TSA: OCSP clients send DER, no cookies.
 */
export function ocspRoutes(config: Config) {
  let responder: DevOcspResponder | null | undefined;
  return new ApiRouter('/api/ocsp', 'Signatures').route(
    {
      method: 'post',
      path: '/',
      summary: 'OCSP (dev PKI, RFC 6960): body application/ocsp-request (DER OCSPRequest), answers application/ocsp-response',
      access: 'public',
      problems: [413, 415, 503],
      raw: { mediaType: 'application/ocsp-response' },
    },
    async ({ req, res }) => {
      if (!req.is('application/ocsp-request')) throw problem('ocsp.unsupported_type');
      responder ??= DevOcspResponder.fromPkiDir(config.pkiDir);
      if (!responder) throw problem('ocsp.unavailable', { PKI_DIR: config.PKI_DIR });
      const body = await readBody(req, MAX_OCSP_REQUEST, () => problem('ocsp.request_too_large', { limit: MAX_OCSP_REQUEST }));
      res
        .status(200)
        .type('application/ocsp-response')
        .send(await responder.respond(body));
    },
  );
}

/** The dev issuing CA's CRL (DER), named in the CRL distribution points of every certificate it issues. */
export function crlRoutes(config: Config) {
  return new ApiRouter('/api/crl', 'Signatures').route(
    {
      method: 'get',
      path: '/',
      summary: 'The dev issuing CA’s CRL (application/pkix-crl, DER), the CRL distribution point of the dev PKI',
      access: 'public',
      problems: [503],
      raw: { mediaType: 'application/pkix-crl' },
    },
    async ({ res }) => {
      const file = pkiPaths(config.pkiDir).crl;
      if (!fs.existsSync(file)) throw problem('crl.unavailable', { PKI_DIR: config.PKI_DIR });
      res
        .status(200)
        .type('application/pkix-crl')
        .send(pemToDer(await fs.promises.readFile(file, 'utf8')));
    },
  );
}

/** Signature validation for any PDF, ours or received. */
export function signatureRoutes(config: Config) {
  const receive = uploadReceiver({
    tmpDir: path.join(config.dataDir, 'tmp', 'uploads'),
    maxFileBytes: Math.floor(config.UPLOAD_MAX_FILE_MB * 1024 * 1024),
    maxFiles: 1,
  });
  return new ApiRouter('/api/signatures', 'Signatures').route(
    {
      method: 'post',
      path: '/validate',
      summary:
        'Validate the digital signatures of a PDF: multipart/form-data with one "main" PDF; answers a report per signature and an overall verdict',
      access: 'user',
      response: validationReportSchema,
      problems: [400, 413, 415, 422],
    },
    async (ctx) => {
      const upload = await receive(ctx.req, ctx.res);
      try {
        const file = upload.files[0];
        if (!file) throw problem('upload.main_required', {}, { errors: [{ path: 'main', message: 'required' }] });
        if ((await sniffMediaType(file.path)) !== mediaTypes.PDF) {
          throw problem(
            'upload.unsupported_type#is_not_a_pdf',
            { originalName: file.originalName },
            { errors: [{ path: 'main', message: 'not a PDF' }] },
          );
        }
        return await validatePdf(await fs.promises.readFile(file.path), await cachedTrustStore(config.trustStoreDir));
      } finally {
        await upload.discard();
      }
    },
  );
}
