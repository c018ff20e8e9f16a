import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import type { FileToSend } from '../http/send-file';
import { organisations } from '../organisations/schema';
import { users } from '../users/schema';
import { mediaTypes } from './media-type';
import { watermarkPdf } from './watermark';
import { problem } from '../http/problems';

/**
 * The file as it goes out for reading or printing (bản tải để đọc/in): a PDF marked on every page with who
 * downloaded it, their organisation and the time. Without `watermark` the file goes out as stored.
 */
export async function readingCopy(db: Db, actor: Actor, file: FileToSend, watermark: boolean, at = new Date()): Promise<FileToSend> {
  if (!watermark) return file;
  if (file.mediaType !== mediaTypes.PDF) {
    file.stream.destroy();
    throw problem('files.watermark_not_pdf');
  }
  const [reader] = await db
    .select({ name: users.fullName, organisationName: organisations.name })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, actor.userId));
  const pdf = await watermarkPdf(await buffer(file.stream), { ...reader, at });
  return { stream: Readable.from([pdf]), name: file.name.replace(/(\.pdf)?$/i, ' - bản đọc.pdf'), mediaType: file.mediaType };
}
