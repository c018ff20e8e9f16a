import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { PDFDocument, degrees } from 'pdf-lib';
import { createTestPki, PKI_PASSWORD } from '/work/wt/stamp/test/support/signing';
import { textPdf } from '/work/wt/stamp/test/support/documents';
import { stampReceived } from '/work/wt/stamp/api/src/incoming/stamp';
import { validatePdf } from '/work/wt/stamp/api/src/signing/validate';
(async () => {
  const pki = await createTestPki();
  const base = await textPdf(['ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH']);
  const doc = await PDFDocument.load(base);
  const font = doc.getPage(0);
  if (process.argv[2]) doc.getPage(0).setRotation(degrees(Number(process.argv[2])));
  pdflibAddPlaceholder({ pdfDoc: doc, reason: 'test', contactInfo: '', name: 'signpdf', location: 'Hà Nội', signatureLength: 16384 });
  const p12 = fs.readFileSync(`${pki.dir}/users/qn.cvp.p12`);
  const signed = await new SignPdf().sign(Buffer.from(await doc.save({ useObjectStreams: false })), new P12Signer(p12, { passphrase: PKI_PASSWORD }));
  fs.writeFileSync('/tmp/stampexp/signed.pdf', signed);
  const t0 = Date.now();
  const out = await stampReceived(signed, { organisationName: 'Sở Tài chính tỉnh Quảng Ninh', arrivalNumber: 12, receivedAt: new Date() });
  console.log('ms', Date.now() - t0, out.place, out.incremental);
  fs.writeFileSync('/tmp/stampexp/stamped.pdf', out.pdf);
  const r = await validatePdf(Buffer.from(out.pdf), await pki.trust());
  console.log(r.verdict, JSON.stringify(r.signatures.map((s) => [s.verdict, s.modifiedAfter, s.reasons])));
  try { console.log(execFileSync('pdfsig', ['/tmp/stampexp/stamped.pdf']).toString()); } catch (e: any) { console.log(e.stdout?.toString(), e.stderr?.toString()); }
  try { console.log(execFileSync('qpdf', ['--check', '/tmp/stampexp/stamped.pdf']).toString()); } catch (e: any) { console.log(e.stdout?.toString(), e.stderr?.toString()); }
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '/tmp/stampexp/stamped.pdf', '/tmp/stampexp/p']);
  pki.remove();
  process.exit(0);
})();
