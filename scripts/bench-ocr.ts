// npm run bench:ocr — OCR throughput (pages/s) and how often the registration proposal is right, on scans
// generated here: known documents in the ND 30 layout rendered at 300 dpi, rotated and speckled, wrapped into
// PDFs and read back with OCRmyPDF (vie+eng). The set varies issuers, types, numbers and dates; the proposal
// code is not tuned to it (test/api/ocr.test.ts has its own cases).
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { imageToPdf, ocrAvailable, ocrPdf } from '../api/src/incoming/ocr';
import { proposeRegistration, type RegistrationProposal } from '../api/src/incoming/proposal';

const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
GlobalFonts.registerFromPath(path.join(fontDir, 'DejaVuSerif.ttf'), 'BenchSerif');
GlobalFonts.registerFromPath(path.join(fontDir, 'DejaVuSerif-Bold.ttf'), 'BenchSerifBold');

const ISSUERS = [
  ['UBND TỈNH QUẢNG NINH', 'SỞ TÀI CHÍNH', 'Sở Tài chính', 'STC'],
  ['', 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH', 'Ủy ban nhân dân tỉnh Quảng Ninh', 'UBND'],
  ['UBND TỈNH QUẢNG NINH', 'SỞ NỘI VỤ', 'Sở Nội vụ', 'SNV'],
  ['', 'BỘ NỘI VỤ', 'Bộ Nội vụ', 'BNV'],
  ['UBND TỈNH QUẢNG NINH', 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG', 'Sở Thông tin và Truyền thông', 'STTTT'],
  ['', 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẠ LONG', 'Ủy ban nhân dân thành phố Hạ Long', 'UBND'],
] as const;
const SUBJECTS = [
  'triển khai kế hoạch chuyển đổi số năm 2026',
  'lập dự toán ngân sách nhà nước năm 2027',
  'tăng cường công tác văn thư, lưu trữ',
  'báo cáo tình hình thực hiện nhiệm vụ quý III',
  'phê duyệt danh mục hồ sơ của cơ quan',
  'kiện toàn Ban chỉ đạo cải cách hành chính',
];
const TYPES = [
  { name: 'Công văn', heading: null },
  { name: 'Quyết định', heading: 'QUYẾT ĐỊNH', abbrev: 'QĐ' },
  { name: 'Kế hoạch', heading: 'KẾ HOẠCH', abbrev: 'KH' },
  { name: 'Thông báo', heading: 'THÔNG BÁO', abbrev: 'TB' },
] as const;

interface Sample {
  png: Buffer;
  truth: RegistrationProposal;
}

function render(i: number): Sample {
  const [parent, issuer, issuerName, short] = ISSUERS[i % ISSUERS.length];
  const type = TYPES[i % TYPES.length];
  const subjectCore = SUBJECTS[(i * 5) % SUBJECTS.length];
  const number = String(((i * 37) % 900) + 5);
  const symbol = type.heading ? `${type.abbrev}-${short}` : `${short}-VP`;
  const [d, m, y] = [((i * 7) % 28) + 1, ((i * 5) % 12) + 1, 2025 + (i % 2)];
  const subject = type.heading ? `Về việc ${subjectCore}` : `V/v ${subjectCore}`;
  const W = 2480;
  const H = 1500;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#f3f2ee';
  ctx.fillRect(0, 0, W, H);
  const degrees = ((i % 7) - 3) * 0.8; // −2.4° … +2.4°
  ctx.translate(W / 2, H / 2);
  ctx.rotate((degrees * Math.PI) / 180);
  ctx.translate(-W / 2, -H / 2);
  ctx.fillStyle = '#141414';
  const text = (s: string, x: number, yy: number, size: number, bold = false, center = false) => {
    ctx.font = `${size}px ${bold ? 'BenchSerifBold' : 'BenchSerif'}`;
    const w = ctx.measureText(s).width;
    ctx.fillText(s, center ? x - w / 2 : x, yy);
  };
  if (parent) text(parent, 480, 150, 40, false, true);
  text(issuer, 480, parent ? 205 : 170, 40, true, true);
  text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 1650, 150, 40, true, true);
  text('Độc lập - Tự do - Hạnh phúc', 1650, 205, 42, true, true);
  text(`Số: ${number}/${symbol}`, 480, 320, 42, false, true);
  text(`Quảng Ninh, ngày ${d} tháng ${m} năm ${y}`, 1650, 320, 42, false, true);
  let yy = 440;
  if (type.heading) {
    text(type.heading, W / 2, 480, 50, true, true);
    text(subject, W / 2, 560, 44, true, true);
    yy = 700;
  } else {
    text(subject, 480, 400, 38, false, true);
    text(`Kính gửi: Các sở, ban, ngành tỉnh`, W / 2, 560, 44, false, true);
    yy = 700;
  }
  text('Căn cứ chức năng, nhiệm vụ được giao, cơ quan đề nghị các đơn vị thực hiện', 240, yy, 42);
  text('nội dung nêu trên và báo cáo kết quả trước ngày 30 của tháng.', 240, yy + 70, 42);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  let seed = 11 + i;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  ctx.fillStyle = '#666';
  for (let k = 0; k < 400 + (i % 4) * 400; k++) ctx.fillRect(rnd() * W, rnd() * H, 1 + rnd() * 1.5, 1 + rnd() * 1.5);
  return {
    png: canvas.toBuffer('image/png'),
    truth: { number, symbol, issueDate: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, issuerName, documentType: type.name, subject },
  };
}

async function main() {
  if (!(await ocrAvailable())) {
    console.log('bench:ocr — ocrmypdf is not installed (apt-get install ocrmypdf tesseract-ocr-vie); nothing measured');
    return;
  }
  const count = Number(process.env.BENCH_OCR_COUNT ?? 12);
  const known = ISSUERS.map((x) => x[2]);
  const fields = ['number', 'symbol', 'issueDate', 'issuerName', 'documentType', 'subject'] as const;
  const right: Record<string, number> = Object.fromEntries(fields.map((f) => [f, 0]));
  let pages = 0;
  let ocrMs = 0;
  for (let i = 0; i < count; i++) {
    const s = render(i);
    const pdf = await imageToPdf(s.png, 'image/png');
    const t0 = performance.now();
    const { text } = await ocrPdf(pdf);
    ocrMs += performance.now() - t0;
    pages += 1;
    const p = proposeRegistration(text, known);
    const misses = fields.filter((f) => (p[f] ?? '').normalize('NFC') !== s.truth[f]);
    for (const f of fields) if (!misses.includes(f)) right[f]++;
    if (misses.length) console.log(`  #${i}: ${misses.map((f) => `${f}: got ${JSON.stringify(p[f])}, want ${JSON.stringify(s.truth[f])}`).join('; ')}`);
  }
  console.log(`bench:ocr — ${count} generated scans (300 dpi, rotated up to 2.4°, speckled)`);
  console.log(`  OCR throughput: ${(pages / (ocrMs / 1000)).toFixed(2)} pages/s (${Math.round(ocrMs / pages)} ms/page, OCRmyPDF vie+eng, --deskew --rotate-pages)`);
  for (const f of fields) console.log(`  proposal ${f.padEnd(12)} ${right[f]}/${count} (${Math.round((right[f] * 100) / count)}%)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
