import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { PDFArray, PDFDict, PDFDocument, PDFInvalidObject, PDFName, PDFRef, PDFString, degrees } from 'pdf-lib';
import { complete, prepare } from '../../api/src/signing/signer';
import type { SigningIdentity } from '../../api/src/signing/cms';

type Box = [number, number, number, number];
export interface PageBoxes {
  width: number;
  height: number;
  rotate: number;
  texts: { str: string; box: Box }[];
  annotations: { subtype: string; contents: string | null; box: Box }[];
}

/** Page 1's text and annotation boxes as displayed, read by pdf.js in a process of its own (pdf-boxes.mjs). */
export function pageBoxes(pdf: Buffer): PageBoxes {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-boxes-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    return JSON.parse(
      execFileSync('node', [path.join(__dirname, 'pdf-boxes.mjs'), path.join(dir, 'in.pdf')], {
        encoding: 'utf8',
        cwd: path.join(__dirname, '..', '..'),
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** Runs a tool on the PDF in a temporary folder: its exit status and output. */
function tool(cmd: string, args: (file: string, dir: string) => string[], pdf: Buffer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vanthu-${cmd}-`));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    const run = spawnSync(cmd, args(path.join(dir, 'in.pdf'), dir), { encoding: 'utf8' });
    const out = fs.existsSync(path.join(dir, 'out.pdf')) ? fs.readFileSync(path.join(dir, 'out.pdf')) : undefined;
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, out };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Poppler's `pdfsig`, trusting `rootPem` (an NSS database of its own): one entry per signature. */
export function pdfsig(pdf: Buffer, rootPem: string): { validation: string; certificate: string; total: boolean }[] {
  const run = tool(
    'pdfsig',
    (file, dir) => {
      execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
      execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'root', '-t', 'CT,C,C', '-i', rootPem]);
      return ['-nssdir', `sql:${dir}`, file];
    },
    pdf,
  );
  return run.stdout
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((s) => ({
      validation: /Signature Validation: (.*)$/m.exec(s)?.[1] ?? '',
      certificate: /Certificate Validation: (.*)$/m.exec(s)?.[1] ?? '',
      total: s.includes('- Total document signed'),
    }));
}

/** `qpdf --check`: exit status 0 and no warnings for a well-formed file. */
export const qpdfCheck = (pdf: Buffer) => tool('qpdf', (file) => ['--check', file], pdf);

/** The latest revision as `qpdf --qdf` writes it: only reachable objects, uncompressed, so plain text can be searched. */
export const qdf = (pdf: Buffer) =>
  tool('qpdf', (file, dir) => ['--qdf', '--object-streams=disable', file, path.join(dir, 'out.pdf')], pdf).out!.toString('latin1');

/** Signed by @signpdf with a PKCS#12 (adbe.pkcs7.detached), as another organisation's software would. */
export async function signWithSignpdf(pdf: Buffer, p12: Buffer, passphrase: string): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: 'Ký ban hành',
    contactInfo: '',
    name: 'Sở Nội vụ',
    location: 'Hạ Long',
    signatureLength: 16384,
  });
  return new SignPdf().sign(Buffer.from(await doc.save({ useObjectStreams: false })), new P12Signer(p12, { passphrase }));
}

const pem = (der: Buffer) =>
  `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;

/** Signed by `openssl cms` (detached DER over the byte ranges of an invisible signature placeholder). */
export async function signWithOpensslCms(pdf: Buffer, id: SigningIdentity): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-openssl-'));
  try {
    const prepared = await prepare(pdf, { appearance: { kind: 'invisible' } });
    const [, b, c] = prepared.byteRange;
    fs.writeFileSync(path.join(dir, 'data'), Buffer.concat([prepared.pdf.subarray(0, b), prepared.pdf.subarray(c)]));
    fs.writeFileSync(path.join(dir, 'cert.pem'), pem(id.chain[0]));
    fs.writeFileSync(path.join(dir, 'chain.pem'), id.chain.slice(1).map(pem).join(''));
    fs.writeFileSync(path.join(dir, 'key.pem'), id.keyPem);
    execFileSync('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-in',
      path.join(dir, 'data'),
      '-signer',
      path.join(dir, 'cert.pem'),
      '-inkey',
      path.join(dir, 'key.pem'),
      '-certfile',
      path.join(dir, 'chain.pem'),
      '-outform',
      'DER',
      '-out',
      path.join(dir, 'cms.der'),
    ]);
    return complete(prepared, fs.readFileSync(path.join(dir, 'cms.der')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Adds what a hostile sender might: JavaScript run on open (/OpenAction and the /JavaScript name tree), a page
 * /AA script, and a link that launches a program.
 */
export async function withActiveContent(pdf: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf);
  const ctx = doc.context;
  const js = ctx.register(ctx.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert("pwned")') }));
  doc.catalog.set(PDFName.of('OpenAction'), js);
  doc.catalog.set(PDFName.of('Names'), ctx.obj({ JavaScript: ctx.obj({ Names: [PDFString.of('init'), js] }) }));
  const page = doc.getPage(0);
  page.node.set(PDFName.of('AA'), ctx.obj({ O: ctx.obj({ S: 'JavaScript', JS: PDFString.of('this.print()') }) }));
  const link = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [20, 20, 120, 40],
      Border: [0, 0, 0],
      A: ctx.obj({ S: 'Launch', F: PDFString.of('cmd.exe'), Win: ctx.obj({ F: PDFString.of('cmd.exe') }) }),
    }),
  );
  page.node.set(PDFName.of('Annots'), ctx.obj([link]));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The active-content markers a PDF's text still names (search qdf output, where nothing is compressed). */
export const activeMarkers = (text: string) =>
  ['/JavaScript', '/JS ', '/JS(', '/Launch', '/OpenAction', '/AA'].filter((m) => text.includes(m));

/** A portrait letter stored on a landscape page turned by /Rotate 90, as scanners and some exporters write it. */
export async function rotatedLetter(lines: string[]): Promise<Buffer> {
  const fontkit = (await import('@pdf-lib/fontkit')).default;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(
    fs.readFileSync(path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf')),
    { subset: true },
  );
  const page = doc.addPage([842, 595]);
  page.setRotation(degrees(90));
  // Displayed (X right, Y down on a 595 × 842 portrait) is user space (x = Y, y = X); text runs up the landscape page.
  lines.forEach((text, i) => page.drawText(text, { x: 70 + i * 18, y: 85, size: 11, font, rotate: degrees(90) }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * Another organisation's PKI made with the openssl CLI (ASCII names: @signpdf's node-forge re-encodes a
 * non-ASCII issuer name, and then no verifier finds the signer certificate): a root and a signer's PKCS#12.
 */
export function opensslPki(): { dir: string; rootPem: string; p12: Buffer; passphrase: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-other-pki-'));
  const f = (n: string) => path.join(dir, n);
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('root.key'),
    '-out',
    f('root.pem'),
    '-days',
    '3650',
    '-subj',
    '/C=VN/O=So Noi vu Quang Ninh/CN=SNV Test Root CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('leaf.key'),
    '-out',
    f('leaf.csr'),
    '-subj',
    '/C=VN/O=So Noi vu Quang Ninh/CN=Giam doc So Noi vu',
  );
  fs.writeFileSync(f('ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  run(
    'x509',
    '-req',
    '-in',
    f('leaf.csr'),
    '-CA',
    f('root.pem'),
    '-CAkey',
    f('root.key'),
    '-CAcreateserial',
    '-out',
    f('leaf.pem'),
    '-days',
    '365',
    '-extfile',
    f('ext.cnf'),
  );
  run(
    'pkcs12',
    '-export',
    '-inkey',
    f('leaf.key'),
    '-in',
    f('leaf.pem'),
    '-certfile',
    f('root.pem'),
    '-out',
    f('leaf.p12'),
    '-passout',
    'pass:secret',
    '-keypbe',
    'PBE-SHA1-3DES',
    '-certpbe',
    'PBE-SHA1-3DES',
    '-macalg',
    'sha1',
  );
  fs.mkdirSync(f('trust'));
  fs.copyFileSync(f('root.pem'), path.join(f('trust'), 'root.pem'));
  return {
    dir,
    rootPem: f('root.pem'),
    p12: fs.readFileSync(f('leaf.p12')),
    passphrase: 'secret',
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Signed by Poppler's `pdfsig -add-signature` (NSS, adbe.pkcs7.detached) after a rewrite with object streams, so
 * the file and the signature's own update use cross-reference streams, as Acrobat and Word write them.
 */
export async function signWithPoppler(pdf: Buffer, pki: { p12: Buffer; passphrase: string }): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-poppler-sign-'));
  try {
    const nss = `sql:${dir}`;
    execFileSync('certutil', ['-N', '-d', nss, '--empty-password'], { stdio: 'pipe' });
    fs.writeFileSync(path.join(dir, 'id.p12'), pki.p12);
    execFileSync('pk12util', ['-i', path.join(dir, 'id.p12'), '-d', nss, '-W', pki.passphrase, '-K', ''], { stdio: 'pipe' });
    const nick = /^(.+?)\s+u,u,u/m.exec(execFileSync('certutil', ['-L', '-d', nss], { encoding: 'utf8' }))![1].trim();
    const doc = await PDFDocument.load(pdf);
    fs.writeFileSync(path.join(dir, 'in.pdf'), await doc.save({ useObjectStreams: true }));
    spawnSync('pdfsig', [
      '-nssdir',
      nss,
      '-add-signature',
      '-nick',
      nick,
      '-reason',
      'Ký ban hành',
      path.join(dir, 'in.pdf'),
      path.join(dir, 'out.pdf'),
    ]);
    return fs.readFileSync(path.join(dir, 'out.pdf'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A certification (DocMDP) signature by @signpdf: P=1 no changes, 2 form fill and signing, 3 also annotations. */
export async function certifyWithSignpdf(pdf: Buffer, p12: Buffer, passphrase: string, p: 1 | 2 | 3): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: 'Chứng thực',
    contactInfo: '',
    name: 'Sở Nội vụ',
    location: 'Hạ Long',
    signatureLength: 16384,
  });
  const widget = doc.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray).lookup(0, PDFDict);
  const sigRef = widget.get(PDFName.of('V'));
  // @signpdf keeps its signature dictionary as raw bytes (with the placeholders): the reference goes in before its end.
  const dict = doc.context.lookup(sigRef)!;
  const bytes = new Uint8Array(dict.sizeInBytes());
  dict.copyBytesInto(bytes, 0);
  const raw = Buffer.from(bytes).toString('latin1');
  const end = raw.lastIndexOf('>>');
  const reference = `/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${p} /V /1.2 >> >>]\n`;
  doc.context.assign(sigRef as PDFRef, PDFInvalidObject.of(Buffer.from(raw.slice(0, end) + reference + raw.slice(end), 'latin1')));
  doc.catalog.set(PDFName.of('Perms'), doc.context.obj({ DocMDP: sigRef }));
  return new SignPdf().sign(Buffer.from(await doc.save({ useObjectStreams: false })), new P12Signer(p12, { passphrase }));
}
