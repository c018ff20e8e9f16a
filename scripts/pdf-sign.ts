// `npm run pdf:sign -- --user USERNAME --passphrase-file F in.pdf out.pdf` signs with a demo leader's dev-PKI key
// (PKI_DIR/users/USERNAME.p12); `--org ORG_ID` instead adds the organisation's seal signature (orgs/ORG_ID.p12).
// Options: --page N (1-based, default last), --rect x1,y1,x2,y2 (points), --image signature-or-seal.png, --reason TEXT.
// The timestamp comes from TSA_URL, or else from the dev TSA in-process. The passphrase is read from a file, never argv.
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { loadConfig } from '../api/src/config';
import { Problem } from '../api/src/http/problem';
import { demoOrganisations, demoUsers } from '../api/src/seed/demo-data';
import type { SignatureAppearance } from '../api/src/signing/appearance';
import { openPkcs12 } from '../api/src/signing/cms';
import { httpTimestamps, localTimestamps, signPdf } from '../api/src/signing/signer';
import { DevTsa } from '../api/src/signing/tsa';

function parseArgs(argv: string[]) {
  const opts: Record<string, string> = {};
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) opts[argv[i].slice(2)] = argv[++i] ?? '';
    else files.push(argv[i]);
  }
  return { opts, files };
}

async function main() {
  const { opts, files } = parseArgs(process.argv.slice(2));
  if ((!opts.user && !opts.org) || !opts['passphrase-file'] || files.length !== 2) {
    console.error(
      'usage: npm run pdf:sign -- (--user USERNAME | --org ORG_ID) --passphrase-file F [--page N] [--rect x1,y1,x2,y2] [--image F.png] in.pdf out.pdf',
    );
    process.exit(2);
  }
  const config = loadConfig();
  const [input, output] = files;
  const passphrase = fs.readFileSync(opts['passphrase-file'], 'utf8').replace(/\r?\n$/, '');
  const pdf = fs.readFileSync(input);
  const pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPages();
  const page = opts.page ? Number(opts.page) - 1 : pages.length - 1;
  const { width } = pages[page]?.getSize() ?? { width: 595 };
  const rect =
    (opts.rect?.split(',').map(Number) as [number, number, number, number] | undefined) ??
    (opts.org ? [width - 330, 28, width - 190, 175] : [width - 260, 70, width - 50, 190]);
  const image = opts.image ? fs.readFileSync(opts.image) : undefined;
  let p12File: string;
  let appearance: SignatureAppearance;
  if (opts.user) {
    const user = demoUsers.find((u) => u.username === opts.user);
    if (!user) throw new Error(`no demo user ${opts.user}`);
    p12File = path.join(config.pkiDir, 'users', `${user.username}.p12`);
    appearance = { kind: 'leader', page, rect, name: user.fullName, title: user.position, image };
  } else {
    const org = demoOrganisations.find((o) => o.id === opts.org);
    if (!org) throw new Error(`no demo organisation ${opts.org}`);
    p12File = path.join(config.pkiDir, 'orgs', `${org.id}.p12`);
    appearance = { kind: 'seal', page, rect, organisation: org.name, image };
  }
  if (!fs.existsSync(p12File)) throw new Error(`${p12File} is missing: run npm run certs:dev`);
  const tsa = DevTsa.fromPkiDir(config.pkiDir);
  const timestamps = config.TSA_URL ? httpTimestamps(config.TSA_URL, config.TSA_TIMEOUT_SECONDS * 1000) : tsa ? localTimestamps(tsa) : null;
  const result = await signPdf(pdf, {
    identity: openPkcs12(fs.readFileSync(p12File), passphrase),
    appearance,
    timestamps,
    reason: opts.reason,
  });
  fs.writeFileSync(output, result.pdf);
  console.log(
    `${output}: signed by ${result.signer} as field ${result.fieldName} at ${result.signingTime.toISOString()}${timestamps ? ' (timestamped)' : ''}`,
  );
}

main().catch((err: Error) => {
  console.error(`pdf:sign failed: ${err instanceof Problem ? `${err.code}: ${err.detail}` : err.message}`);
  process.exit(1);
});
