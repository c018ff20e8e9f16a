// `npm run audit:verify`: recomputes the audit log's hash chains; exits 1 and names the first broken entry.
import { loadConfig } from '../api/src/config';
import { openDatabase, pgliteDataDir } from '../api/src/db/client';
import { verifyAuditChain } from '../api/src/audit/service';

async function main() {
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: pgliteDataDir(config.dataDir) });
  try {
    const report = await verifyAuditChain(database.db);
    if (report.ok) {
      console.log(`Audit log intact: ${report.checked} entries verified (${report.chains} of ${config.AUDIT_CHAINS} chains in use).`);
    } else {
      console.error(
        `Audit log BROKEN at entry ${report.firstBroken!.id} (${report.firstBroken!.reason}); ${report.checked} entries checked.`,
      );
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
}

main().catch((err: Error) => {
  console.error(`Audit verification failed: ${err.message}`);
  process.exit(2);
});
