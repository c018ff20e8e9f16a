import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** One file of a backup, as the manifest lists it: its path inside the backup (POSIX separators), SHA-256 and size. */
export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}

/** Every regular file under `root`, as paths relative to it (POSIX separators), sorted; `skip` prunes a top-level entry. */
export async function listFiles(root: string, skip: (topLevel: string) => boolean = () => false): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && skip(e.name)) continue;
      if (e.isDirectory()) await walk(path.join(dir, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  await walk(root, '');
  return out.sort();
}

export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Copies a file (creating its folder) and hashes the bytes as they pass, so each file is read once. */
export async function copyHashed(from: string, to: string, mode?: number): Promise<{ sha256: string; size: number }> {
  await fs.promises.mkdir(path.dirname(to), { recursive: true });
  const hash = crypto.createHash('sha256');
  let size = 0;
  const source = fs.createReadStream(from);
  source.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  });
  await pipeline(source, fs.createWriteStream(to, { flags: 'wx', mode }));
  return { sha256: hash.digest('hex'), size };
}

/** Copies the tree `from` into `to` under the backup's `prefix`, listing each file for the manifest. */
export async function copyTree(from: string, to: string, prefix: string, skip?: (topLevel: string) => boolean): Promise<ManifestFile[]> {
  const listed: ManifestFile[] = [];
  for (const rel of await listFiles(from, skip)) {
    // Keys are in here (CA and TSA keys, PKCS#12): nobody but the owner reads the copies.
    const copied = await copyHashed(path.join(from, rel), path.join(to, rel), 0o600);
    listed.push({ path: `${prefix}/${rel}`, ...copied });
  }
  return listed;
}

/** True when `dir` holds a file (other than those `ignore` names, by path relative to it). */
export async function hasFiles(dir: string, ignore: (rel: string) => boolean = () => false): Promise<boolean> {
  return (await listFiles(dir)).some((rel) => !ignore(rel));
}
