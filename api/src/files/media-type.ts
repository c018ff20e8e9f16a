import fs from 'node:fs';
import { centralDirectory, inflateEntry, rawEntryData, type ReadAt, ZipError } from './zip';

export const mediaTypes = {
  PDF: 'application/pdf',
  DOCX: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ODT: 'application/vnd.oasis.opendocument.text',
  PNG: 'image/png',
  JPEG: 'image/jpeg',
  TIFF: 'image/tiff',
} as const;
export type MediaType = (typeof mediaTypes)[keyof typeof mediaTypes];

/** File-name extensions that name each type, to catch a file whose name contradicts its content. */
export const extensionsOf: Record<MediaType, string[]> = {
  [mediaTypes.PDF]: ['pdf'],
  [mediaTypes.DOCX]: ['docx'],
  [mediaTypes.XLSX]: ['xlsx'],
  [mediaTypes.ODT]: ['odt'],
  [mediaTypes.PNG]: ['png'],
  [mediaTypes.JPEG]: ['jpg', 'jpeg', 'jpe'],
  [mediaTypes.TIFF]: ['tif', 'tiff'],
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TIFF_LE = Buffer.from([0x49, 0x49, 0x2a, 0x00]);
const TIFF_BE = Buffer.from([0x4d, 0x4d, 0x00, 0x2a]);
const ZIP_LOCAL = 0x04034b50;
/** Manifests are a few KiB; the caps stop a crafted archive from making us read or inflate much. */
const MAX_CENTRAL_DIRECTORY = 4 << 20;
const MAX_MANIFEST = 1 << 20;

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** Reads the wanted entries of a ZIP archive (missing or unreadable ones are left out: the file is then not recognised). */
async function zipEntries(handle: fs.promises.FileHandle, size: number, wanted: string[]): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  const read: ReadAt = (position, length) => readAt(handle, position, length);
  try {
    for (const e of await centralDirectory(read, size, MAX_CENTRAL_DIRECTORY)) {
      if (!wanted.includes(e.name) || e.compressedSize > MAX_MANIFEST) continue;
      const tooBig = () => new ZipError('too_large', `${e.name} is larger than a manifest`);
      found.set(e.name, await inflateEntry(e, await rawEntryData(read, size, e), MAX_MANIFEST, tooBig));
    }
  } catch (e) {
    if (!(e instanceof ZipError)) throw e;
  }
  return found;
}

/** OpenDocument names its type in the `mimetype` entry; OOXML in the main part's content type. */
async function officeType(handle: fs.promises.FileHandle, size: number): Promise<MediaType | undefined> {
  const entries = await zipEntries(handle, size, ['mimetype', '[Content_Types].xml']);
  if (entries.get('mimetype')?.toString('ascii').trim() === mediaTypes.ODT) return mediaTypes.ODT;
  const manifest = entries.get('[Content_Types].xml')?.toString('utf8') ?? '';
  if (manifest.includes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')) return mediaTypes.DOCX;
  if (manifest.includes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')) return mediaTypes.XLSX;
  return undefined;
}

/**
 * The real type of a file from its content (magic bytes, and for ZIP-based formats the archive's own
 * type declaration); undefined for anything we do not accept. The name and the client's Content-Type are
 * not trusted.
 */
export async function sniffMediaType(file: string): Promise<MediaType | undefined> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = await readAt(handle, 0, 1024);
    // Readers accept a PDF header anywhere in the first 1024 bytes (PDF 32000-1 annex H).
    if (head.includes('%PDF-')) return mediaTypes.PDF;
    if (head.subarray(0, 8).equals(PNG_SIGNATURE)) return mediaTypes.PNG;
    if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return mediaTypes.JPEG;
    // TIFF: byte order "II" (little-endian) or "MM" (big-endian), then the magic number 42.
    if (head.length >= 4 && (head.subarray(0, 4).equals(TIFF_LE) || head.subarray(0, 4).equals(TIFF_BE))) return mediaTypes.TIFF;
    if (head.length >= 4 && head.readUInt32LE(0) === ZIP_LOCAL) return await officeType(handle, size);
    return undefined;
  } finally {
    await handle.close();
  }
}

export function extensionOf(name: string): string | undefined {
  const m = /\.([^.]+)$/.exec(name);
  return m?.[1].toLowerCase();
}
