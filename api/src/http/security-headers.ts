import crypto from 'node:crypto';
import fs from 'node:fs';
import type { NextFunction, Request, Response } from 'express';

/**
 * Content-Security-Policy of every response. Scripts only from this origin, never inline or eval'd
 * ('wasm-unsafe-eval' lets pdf.js compile its WebAssembly image decoders, nothing else); styles from this origin
 * and, on the web app's page, the <style> elements Angular adds for its components, which carry the page's nonce;
 * pdf.js runs its worker from /pdfjs (or a blob:); live notifications and every call go to this origin.
 */
export function contentSecurityPolicy(styleNonce?: string) {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `style-src 'self'${styleNonce ? ` 'nonce-${styleNonce}'` : ''}`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Browser features the app never uses, off for it and anything it could be made to load. */
export const PERMISSIONS_POLICY =
  'accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), serial=(), hid=()';

export function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', contentSecurityPolicy());
  res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
  next();
}

/** API answers and files hold documents and personal data: no browser or proxy keeps a copy. */
export function noStore(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * The Angular shell (index.html) with a fresh nonce per response, given to Angular (ngCspNonce) for the <style>
 * elements it creates and to the policy. Read at each request: the file is small and may be rebuilt.
 */
export function appShell(indexFile: string) {
  return async (_req: Request, res: Response) => {
    const nonce = crypto.randomBytes(16).toString('base64');
    const html = (await fs.promises.readFile(indexFile, 'utf8')).replace('<vt-root', `<vt-root ngCspNonce="${nonce}"`);
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce));
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(html);
  };
}
