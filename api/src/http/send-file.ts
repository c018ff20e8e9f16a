import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { z } from 'zod';

/** A stored file on its way to the client. */
export interface FileToSend {
  stream: Readable;
  name: string;
  mediaType: string;
}

/** `?disposition=inline` asks for a file the browser shows (the PDF viewer, a new tab) instead of saving it. */
export const dispositionQuery = z.object({
  disposition: z
    .enum(['attachment', 'inline'])
    .default('attachment')
    .describe('attachment (default): save as a file; inline: for the browser to display'),
});

/**
 * Streams a file with its name, as a download or inline. `recordRead` (the view history, view-history/service.ts)
 * runs once the file was opened for the caller and before a byte is sent, so a read is never missing from it.
 */
export async function sendFile(
  res: Response,
  file: FileToSend,
  disposition: 'attachment' | 'inline' = 'attachment',
  recordRead?: () => Promise<unknown>,
): Promise<void> {
  if (recordRead) await recordRead();
  // Express encodes the name (RFC 6266, with an ASCII fallback) only for attachments; the encoding is the same inline.
  res.attachment(file.name).type(file.mediaType);
  if (disposition === 'inline') res.set('Content-Disposition', res.get('Content-Disposition')!.replace(/^attachment/, 'inline'));
  // Documents are kept by no browser or proxy (noStore); each request also reads the copy as it is now.
  res.set('Cache-Control', 'no-store');
  await pipeline(file.stream, res);
}

/** Download endpoints of document files also serve a copy for reading or printing, marked with its reader. */
export const readingQuery = dispositionQuery.extend({
  watermark: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1')
    .describe(
      '1: a copy for reading or printing, every page marked "Người tải: name — organisation — time" (signatures stay valid); 0 (default): the file as stored',
    ),
});
