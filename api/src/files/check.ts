import fs from 'node:fs';
import { extensionOf, extensionsOf, mediaTypes, sniffMediaType, type MediaType } from './media-type';
import { cleanPdf, type ActiveContentKind } from './active-content';
import { inspectPdf } from './pdf';
import type { UploadRole, UploadedFile } from './upload';
import { problem, problemOf, type ProblemKey } from '../http/problems';

export type CheckedFile<R extends UploadRole = UploadRole> = UploadedFile<R> & {
  mediaType: MediaType;
  pageCount: number | null;
  /** For a PDF, the active content it holds ([] none); null for other types. */
  activeContent: ActiveContentKind[] | null;
  /** A cleaned copy to keep as the file, the upload itself being kept as its original (see storeUploads). */
  cleaned?: Uint8Array;
};

/** What each role may hold: the document itself is a PDF; the editable source a word-processor file. */
export const ACCEPTED: Record<UploadRole, MediaType[]> = {
  MAIN: [mediaTypes.PDF],
  SOURCE: [mediaTypes.DOCX, mediaTypes.ODT],
  ATTACHMENT: Object.values(mediaTypes),
};

const allowedText: Record<UploadRole | 'SCANNED_MAIN', { vi: string; en: string }> = {
  SCANNED_MAIN: {
    vi: 'văn bản chính phải là tệp PDF hoặc ảnh quét PNG, JPEG, TIFF',
    en: 'the main document must be a PDF or a PNG, JPEG or TIFF scan',
  },
  MAIN: { vi: 'văn bản chính phải là tệp PDF', en: 'the main document must be a PDF' },
  SOURCE: { vi: 'tệp nguồn phải là DOCX hoặc ODT', en: 'the editable source must be DOCX or ODT' },
  ATTACHMENT: { vi: 'chỉ nhận PDF, DOCX, XLSX, ODT, PNG, JPEG, TIFF', en: 'attachments may be PDF, DOCX, XLSX, ODT, PNG, JPEG or TIFF' },
};

/**
 * Checks one uploaded file by its content (magic bytes, never the name or the client's Content-Type):
 * not empty, a type its role accepts, a name that does not contradict the content, and for a PDF one that
 * opens without a password. Returns its real media type and, for a PDF, its page count and active content
 * (accepted: flagged, never refused).
 */
export async function checkFile<R extends UploadRole>(
  file: UploadedFile<R>,
  accepted: MediaType[] = ACCEPTED[file.role],
): Promise<CheckedFile<R>> {
  const name = file.originalName;
  const { size } = await fs.promises.stat(file.path);
  if (size === 0) {
    throw problem('upload.empty', { name }, { errors: [{ path: name, message: 'empty file' }] });
  }
  const mediaType = await sniffMediaType(file.path);
  if (!mediaType || !accepted.includes(mediaType)) {
    const allowed = accepted === ACCEPTED[file.role] ? allowedText[file.role] : allowedText.SCANNED_MAIN;
    throw problem(
      'upload.unsupported_type#has_an_unsupported_content',
      { name, allowedVi: allowed.vi, mediaType, allowedEn: allowed.en },
      { errors: [{ path: name, message: mediaType ? `content is ${mediaType}` : 'unrecognised content' }] },
    );
  }
  const ext = extensionOf(name);
  if (ext && !extensionsOf[mediaType].includes(ext)) {
    throw problem('upload.type_mismatch', { name, mediaType, ext }, { errors: [{ path: name, message: `content is ${mediaType}` }] });
  }
  const pdf = mediaType === mediaTypes.PDF ? await inspectPdf(await fs.promises.readFile(file.path), name) : null;
  return { ...file, mediaType, pageCount: pdf?.pageCount ?? null, activeContent: pdf?.activeContent ?? null };
}

/**
 * Checks a file the system will keep and serve as its own (a draft, a result file): a PDF with active content
 * is kept as a cleaned copy, the upload beside it as its original, and stays flagged (issue 16 §6).
 */
export async function checkAndClean<R extends UploadRole>(file: UploadedFile<R>): Promise<CheckedFile<R>> {
  const c = await checkFile(file);
  if (c.activeContent?.length) c.cleaned = (await cleanPdf(await fs.promises.readFile(c.path))).pdf;
  return c;
}

/** Exactly one file of `role` (e.g. the main PDF); a 422 naming the field otherwise. */
export function requireOne<R extends UploadRole>(
  files: UploadedFile<R>[],
  role: R,
  field: string,
  key: ProblemKey & `upload.main_required${string}`,
): void {
  if (files.filter((f) => f.role === role).length !== 1)
    throw problemOf(key, undefined, { errors: [{ path: field, message: 'required' }] });
}
