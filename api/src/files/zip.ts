import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * The one ZIP reader (packages, and the media-type sniffer's look at office files). A reader that trusts nothing the archive declares: entries are found through the central directory and
 * inflated with node:zlib under a cap on the bytes actually produced (per entry and in total), so a package that
 * inflates far beyond its declared sizes (a zip bomb) is stopped as soon as it passes the cap, with memory bounded
 * by the cap. Only what our exports and ordinary tools write: stored or deflated entries, no ZIP64, no encryption.
 */
export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export class ZipError extends Error {
  constructor(
    readonly reason: 'invalid' | 'too_large' | 'too_many_entries',
    message: string,
  ) {
    super(message);
  }
}

const inflateRaw = promisify(zlib.inflateRaw) as (buf: Buffer, opts: zlib.ZlibOptions) => Promise<Buffer>;
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const invalid = (m: string) => new ZipError('invalid', m);
const tooLarge = (name: string, l: ZipLimits) =>
  new ZipError('too_large', `Inflating ${name} passed the limit (${l.maxEntryBytes} bytes per entry, ${l.maxTotalBytes} bytes in all)`);

/** One entry as the central directory declares it (nothing here is trusted until its data is read). */
export interface ZipEntry {
  index: number;
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

/** Reads `length` bytes at `position` (fewer at the end): a buffer or a file handle behind one interface. */
export type ReadAt = (position: number, length: number) => Promise<Buffer>;

export const bufferReader =
  (buf: Buffer): ReadAt =>
  async (position, length) =>
    buf.subarray(position, position + length);

/**
 * The central directory's entries, in order. Only the archive's tail and its directory are read, so a caller
 * that wants two small entries of a large file (the media-type sniffer) reads a few KiB.
 */
export async function centralDirectory(read: ReadAt, size: number, maxDirectoryBytes = Infinity): Promise<ZipEntry[]> {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await read(size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw invalid('no end of central directory record');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw invalid('ZIP64 archives are not supported');
  if (cdSize > maxDirectoryBytes) throw new ZipError('too_large', `central directory of ${cdSize} bytes`);
  if (cdOffset + cdSize > size) throw invalid('the central directory runs past the end of the archive');
  const cd = await read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw invalid(`central directory entry ${n + 1} is damaged`);
    const nameLength = cd.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    if (next > cd.length) throw invalid(`central directory entry ${n + 1} is damaged`);
    entries.push({
      index: n,
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      declaredSize: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    });
    p = next;
  }
  return entries;
}

/** An entry's stored bytes (still compressed), found through its local header. */
export async function rawEntryData(read: ReadAt, size: number, e: ZipEntry): Promise<Buffer> {
  if (e.flags & 0x1) throw invalid(`${e.name} is encrypted`);
  const header = await read(e.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw invalid(`the local header of ${e.name} is damaged`);
  const start = e.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + e.compressedSize > size) throw invalid(`${e.name} runs past the end of the archive`);
  return read(start, e.compressedSize);
}

/** Inflates one entry under `cap` bytes of output; `overCap` makes the error the caller wants. */
export async function inflateEntry(e: ZipEntry, raw: Buffer, cap: number, overCap: () => Error): Promise<Buffer> {
  if (e.method === 0) {
    if (raw.length > cap) throw overCap();
    return Buffer.from(raw);
  }
  if (e.method !== 8) throw invalid(`${e.name} uses compression method ${e.method} (only stored and deflated entries are read)`);
  let data: Buffer;
  try {
    data = await inflateRaw(raw, { maxOutputLength: Math.max(cap, 1) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw overCap();
    throw invalid(`${e.name} does not inflate: ${(err as Error).message}`);
  }
  if (data.length > cap) throw overCap();
  return data;
}

/** The entries (directories left out) by name, each inflated and checked against its declared size. */
export async function readZip(zip: Buffer, limits: ZipLimits): Promise<Map<string, Buffer>> {
  const read = bufferReader(zip);
  const directory = await centralDirectory(read, zip.length);
  if (directory.length > limits.maxEntries)
    throw new ZipError('too_many_entries', `${directory.length} entries, more than the ${limits.maxEntries} allowed`);
  const entries = new Map<string, Buffer>();
  let total = 0;
  for (const e of directory) {
    const raw = await rawEntryData(read, zip.length, e);
    if (e.name.endsWith('/')) continue;
    if (entries.has(e.name)) throw invalid(`${e.name} appears twice`);
    // The cap for this entry: its own limit or what is left of the total, whichever is smaller.
    const data = await inflateEntry(e, raw, Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total), () => tooLarge(e.name, limits));
    if (data.length !== e.declaredSize) throw invalid(`${e.name} inflates to ${data.length} bytes but declares ${e.declaredSize}`);
    total += data.length;
    entries.set(e.name, data);
  }
  return entries;
}
