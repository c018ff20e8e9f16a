import fs from 'node:fs';
import zlib from 'node:zlib';

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
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
/** Manifests are a few KiB; the caps stop a crafted archive from making us read or inflate much. */
const MAX_CENTRAL_DIRECTORY = 4 << 20;
const MAX_MANIFEST = 1 << 20;

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** Reads the wanted entries of a ZIP archive through its central directory (missing ones are left out). */
async function zipEntries(handle: fs.promises.FileHandle, size: number, wanted: string[]): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return found;
  const cdSize = tail.readUInt32LE(end + 12);
  const cdOffset = tail.readUInt32LE(end + 16);
  if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > size) return found;
  const cd = await readAt(handle, cdOffset, cdSize);
  for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === ZIP_CENTRAL; ) {
    const method = cd.readUInt16LE(p + 10);
    const compressed = cd.readUInt32LE(p + 20);
    const nameLength = cd.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    const name = cd.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    const local = cd.readUInt32LE(p + 42);
    p = next;
    if (!wanted.includes(name) || compressed > MAX_MANIFEST || (method !== 0 && method !== 8)) continue;
    const header = await readAt(handle, local, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== ZIP_LOCAL) continue;
    const data = await readAt(handle, local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28), compressed);
    try {
      found.set(name, method === 0 ? data : zlib.inflateRawSync(data, { maxOutputLength: MAX_MANIFEST }));
    } catch {
      // A corrupt entry leaves the archive unrecognised.
    }
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
