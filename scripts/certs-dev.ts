// `npm run certs:dev`: the development PKI in PKI_DIR (default certs-dev/): "DEV ONLY" root and intermediate CAs,
// a signing certificate + PKCS#12 for every demo leader, a seal certificate + PKCS#12 for every demo organisation,
// a TSA certificate, an OCSP signer and a CRL; certificates name the app's OCSP responder and CRL (AIA, CDP). PKCS#12 files are protected by DEMO_PASSWORD. Existing files are kept.
import { loadConfig } from '../api/src/config';
import { generateDemoPki } from '../api/src/signing/demo';

async function main() {
  const config = loadConfig();
  const started = Date.now();
  const result = await generateDemoPki(config);
  const made = (xs: { created: boolean }[]) => `${xs.filter((x) => x.created).length} new, ${xs.length} in all`;
  console.log(`Dev PKI (DEV ONLY — never trust it in production) in ${config.pkiDir}:`);
  console.log(`  leaders' PKCS#12: ${made(result.users)}; organisation seals: ${made(result.organisations)}; CRL refreshed`);
  console.log(`  trust store for validation: ${config.pkiDir}/trust (root + intermediate + CRL); PKCS#12 password: DEMO_PASSWORD`);
  const { ocsp, crl } = result.pki.urls;
  if (ocsp || crl) console.log(`  revocation named in new certificates: OCSP ${ocsp ?? '—'}, CRL ${crl ?? '—'} (served by npm start)`);
  console.log(`  ${Date.now() - started} ms`);
}

main().catch((err: Error) => {
  console.error(`certs:dev failed: ${err.message}`);
  process.exit(1);
});
