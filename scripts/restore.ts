// `npm run restore -- DIR [--force]`: verifies DIR against its manifest, then restores it into this (empty) installation.
import { BackupError, restoreBackup } from '../api/src/backup/service';
import { loadConfig } from '../api/src/config';

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const dirs = args.filter((a) => a !== '--force');
  if (dirs.length !== 1) {
    console.error('Usage: npm run restore -- DIR [--force]   (--force: replace an installation that is not empty)');
    process.exit(2);
  }
  const started = Date.now();
  const result = await restoreBackup(loadConfig(), dirs[0], { force });
  console.log(
    `Restored the backup of ${result.manifest.createdAt} (${result.manifest.files.length} files verified) in ${Date.now() - started} ms.`,
  );
  for (const d of result.setAside) console.log(`  the previous ${d.replace(/\.before-restore-.*$/, '')} is kept as ${d}`);
  console.log('Check it with `npm run audit:verify`, then start the system.');
}

main().catch((err: Error) => {
  console.error(err instanceof BackupError ? err.message : `Restore failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
