import fs from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import { imageToPdf } from './api/src/incoming/ocr';
import { stampReceived } from './api/src/incoming/pdf';
async function main() {
  const c = createCanvas(1240, 1754);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#f4f4f0'; ctx.fillRect(0, 0, 1240, 1754);
  ctx.fillStyle = '#111'; ctx.font = '40px serif';
  ['ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH', 'Số: 1234/UBND-KT', 'CÔNG VĂN', 'V/v triển khai kế hoạch chuyển đổi số'].forEach((l, i) => ctx.fillText(l, 120, 200 + i * 70));
  const png = c.toBuffer('image/png');
  const pdf = await imageToPdf(png, 'image/png');
  const stamped = await stampReceived(pdf, { organisationName: 'Sở Tài chính tỉnh Quảng Ninh', number: 45, receivedAt: new Date(), registerName: 'Sổ văn bản đến' } as never);
  fs.writeFileSync('/tmp/firsthour-scan.pdf', pdf);
  fs.writeFileSync('/tmp/firsthour-scan-stamped.pdf', stamped);
}
main();
