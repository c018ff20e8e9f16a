// `npm run pdf:validate -- file.pdf`: prints the JSON validation report of every signature in the PDF, judged
// against TRUST_STORE_DIR. Exit status: 0 valid, 1 invalid, 2 indeterminate (also: no signature, unreadable file).
import fs from 'node:fs';
import { loadConfig } from '../api/src/config';
import { exitCodeOf, loadTrustStore, validatePdf } from '../api/src/signing/validate';

async function main() {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: npm run pdf:validate -- file.pdf');
    process.exit(2);
  }
  const config = loadConfig();
  const report = await validatePdf(fs.readFileSync(file), await loadTrustStore(config.trustStoreDir));
  console.log(JSON.stringify(report, null, 2));
  process.exit(exitCodeOf(report.verdict));
}

main().catch((err: Error) => {
  console.error(`pdf:validate failed: ${err.message}`);
  process.exit(2);
});
