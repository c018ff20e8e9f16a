import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stampReceived } from '../../api/src/incoming/stamp';
import { textPdf } from '../support/documents';

/** The text a reader sees on page 1 once the annotations are drawn into the page (qpdf), as Poppler extracts it. */
function visibleText(pdf: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-stamp-font-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    execFileSync('qpdf', ['--flatten-annotations=all', path.join(dir, 'in.pdf'), path.join(dir, 'flat.pdf')]);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'flat.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Guards the stamp's font against a tempting speed-up (parsing it once per process: ≈ 24 of the ≈ 55 ms of CPU a
 * stamp costs): @pdf-lib/fontkit caches glyph objects in the parsed font together with the characters they were
 * first met for, and with one parsed font shared by several documents a later stamp lost the text of some of its
 * glyphs ("KHO BẠC NHÀ NƯỚC" was extracted as "KH BẠC NHÀ N ỚC").
 */
describe('stamps drawn one after another', () => {
  it('each carry the glyphs of their own text', async () => {
    const original = await textPdf(['Công văn đề nghị báo cáo số liệu ngân sách']);
    const stamps = [
      { organisationName: 'UBND xã Quảng Đức', arrivalNumber: 7 },
      { organisationName: 'Sở Y tế', arrivalNumber: 1234 },
      { organisationName: 'Kho bạc Nhà nước', arrivalNumber: 58 },
    ];
    for (const s of stamps) {
      const { pdf } = await stampReceived(original, { ...s, receivedAt: new Date('2026-12-05T02:30:00Z') });
      const text = visibleText(pdf);
      expect(text).toContain(s.organisationName.toUpperCase());
      expect(text).toContain(`Số: ${s.arrivalNumber}`);
      expect(text).toContain('ĐẾN');
      expect(text).toContain('Ngày: 05/12/2026 09:30');
      expect(text).toContain('Số và ký hiệu HS:');
    }
  });
});
