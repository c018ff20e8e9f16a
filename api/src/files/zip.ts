import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * A ZIP reader that trusts nothing the archive declares: entries are found through the central directory and
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

function endOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) if (zip.readUInt32LE(i) === EOCD) return i;
  throw invalid('no end of central directory record');
}

/** The entries (directories left out) by name, each inflated and checked against its declared size. */
export async function readZip(zip: Buffer, limits: ZipLimits): Promise<Map<string, Buffer>> {
  const eocd = endOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw invalid('ZIP64 archives are not supported');
  if (count > limits.maxEntries) throw new ZipError('too_many_entries', `${count} entries, more than the ${limits.maxEntries} allowed`);
  const entries = new Map<string, Buffer>();
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL) throw invalid(`central directory entry ${n + 1} is damaged`);
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const declaredSize = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    if (next > zip.length) throw invalid(`central directory entry ${n + 1} is damaged`);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    p = next;
    if (flags & 0x1) throw invalid(`${name} is encrypted`);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) throw invalid(`the local header of ${name} is damaged`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + compressedSize > zip.length) throw invalid(`${name} runs past the end of the archive`);
    if (name.endsWith('/')) continue;
    if (entries.has(name)) throw invalid(`${name} appears twice`);
    const raw = zip.subarray(start, start + compressedSize);
    // The cap for this entry: its own limit or what is left of the total, whichever is smaller.
    const cap = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total);
    let data: Buffer;
    if (method === 0) {
      if (raw.length > cap) throw tooLarge(name, limits);
      data = Buffer.from(raw);
    } else if (method === 8) {
      try {
        data = await inflateRaw(raw, { maxOutputLength: Math.max(cap, 1) });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(name, limits);
        throw invalid(`${name} does not inflate: ${(e as Error).message}`);
      }
      if (data.length > cap) throw tooLarge(name, limits);
    } else {
      throw invalid(`${name} uses compression method ${method} (only stored and deflated entries are read)`);
    }
    if (data.length !== declaredSize) throw invalid(`${name} inflates to ${data.length} bytes but declares ${declaredSize}`);
    total += data.length;
    entries.set(name, data);
  }
  return entries;
}
