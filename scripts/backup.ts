// `npm run backup -- DIR`: database + blobs + PKI folders into DIR (new or empty), with a SHA-256 manifest.
import { BackupError, createBackup } from '../api/src/backup/service';
import { loadConfig } from '../api/src/config';

async function main() {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) {
    console.error('Usage: npm run backup -- DIR');
    process.exit(2);
  }
  const started = Date.now();
  const manifest = await createBackup(loadConfig(), target);
  const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
  const blobs = manifest.files.filter((f) => f.path.startsWith('blobs/')).length;
  console.log(
    `Backup written to ${target}: ${manifest.database.driver} database, ${blobs} blobs, folders [${manifest.folders.join(', ')}]; ${manifest.files.length} files, ${bytes} bytes, ${Date.now() - started} ms.`,
  );
  if (manifest.corruptBlobs.length) {
    console.error(
      `WARNING: ${manifest.corruptBlobs.length} stored blob(s) no longer match their SHA-256 and were copied as found: ${manifest.corruptBlobs.join(', ')}`,
    );
    process.exitCode = 1;
  }
}

main().catch((err: Error) => {
  console.error(err instanceof BackupError ? err.message : `Backup failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
