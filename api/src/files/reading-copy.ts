import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import { Problem } from '../http/problem';
import type { FileToSend } from '../http/send-file';
import { organisations } from '../organisations/schema';
import { users } from '../users/schema';
import { mediaTypes } from './media-type';
import { watermarkPdf } from './watermark';

/**
 * The file as it goes out for reading or printing (bản tải để đọc/in): a PDF marked on every page with who
 * downloaded it, their organisation and the time. Without `watermark` the file goes out as stored.
 */
export async function readingCopy(db: Db, actor: Actor, file: FileToSend, watermark: boolean, at = new Date()): Promise<FileToSend> {
  if (!watermark) return file;
  if (file.mediaType !== mediaTypes.PDF) {
    file.stream.destroy();
    throw new Problem(409, 'files.watermark_not_pdf', 'Chỉ tệp PDF mới có bản tải để đọc/in có ghi tên người tải', 'Only PDF files have a watermarked reading copy; download this file as stored');
  }
  const [reader] = await db
    .select({ name: users.fullName, organisationName: organisations.name })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, actor.userId));
  const pdf = await watermarkPdf(await buffer(file.stream), { ...reader, at });
  return { stream: Readable.from([pdf]), name: file.name.replace(/(\.pdf)?$/i, ' - bản đọc.pdf'), mediaType: file.mediaType };
}
