import { and, asc, eq, inArray } from 'drizzle-orm';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import { todayInVietnam, viDate } from '../calendar/working-days';
import type { Db } from '../db/client';
import type { ExchangeRouting } from '../exchange/outbox';
import { vietnamDateTime } from '../calendar/vietnam-time';
import { MM, embedStampFont } from '../files/pdf';
import { notFound } from '../http/problem';
import { organisations } from '../organisations/schema';
import { Measure, embedBold, wrapText } from '../reports/table';
import { urgencySecrecyMarks } from '../incoming/schema';
import { users } from '../users/schema';
import { requireVisible, viewerOf, type OutgoingRow } from './access';
import { documentTypeOf, numberAndSymbol } from './document-types';
import { requireClerk, routeOf } from './issuance';
import { manualSendMethods, outgoingDeliveries, outgoingFiles, outgoingRecipients } from './schema';
import { problem } from '../http/problems';

/** Gửi ngoài hệ thống: recipients the system cannot reach electronically, sent by post, e-mail or hand. */

export type ManualSendMethod = (typeof manualSendMethods)[number];
export const MANUAL_METHOD_VI: Record<ManualSendMethod, string> = { POST: 'Bưu chính', EMAIL: 'Thư điện tử', HAND: 'Giao trực tiếp' };

/**
 * Before dispatch: how each recipient will be reached, and why one cannot be reached electronically
 * (EXCHANGE_OFF: the exchange axis is not configured; NO_ORGAN_CODE: the agency has no organ code; SECRET: a văn bản mật
 * never transits the axis, docs/domain.md — it goes on paper or by a secure channel outside vanthu).
 */
export async function dispatchPlan(db: Db, actor: Actor, id: string, routing: ExchangeRouting | undefined) {
  const doc = await requireVisible(db, await viewerOf(db, actor), id);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, doc.organisationId));
  const recipients = await db
    .select()
    .from(outgoingRecipients)
    .where(eq(outgoingRecipients.documentId, id))
    .orderBy(asc(outgoingRecipients.ordinal));
  return {
    exchangeConfigured: routing !== undefined,
    items: recipients.map((r) => {
      const channel = routeOf(routing, org.organCode, r, doc.secrecy);
      return {
        recipientId: r.id,
        name: r.name,
        kind: r.kind,
        organCode: r.organCode,
        channel,
        reason:
          channel !== 'MANUAL'
            ? null
            : !routing
              ? ('EXCHANGE_OFF' as const)
              : doc.secrecy !== 'KHONG' && routeOf(routing, org.organCode, r, 'KHONG') === 'EXCHANGE'
                ? ('SECRET' as const)
                : ('NO_ORGAN_CODE' as const),
      };
    }),
  };
}

async function requireDelivery(db: Db, doc: OutgoingRow, deliveryId: string) {
  const [row] = await db
    .select({ d: outgoingDeliveries, r: outgoingRecipients })
    .from(outgoingDeliveries)
    .innerJoin(outgoingRecipients, eq(outgoingRecipients.id, outgoingDeliveries.recipientId))
    .where(and(eq(outgoingDeliveries.id, deliveryId), eq(outgoingDeliveries.documentId, doc.id)));
  if (!row) throw notFound(`Delivery ${deliveryId}`, 'nơi nhận');
  return row;
}

/**
 * The clerk records that a recipient was sent the document outside the system. A recipient waiting for the
 * axis can be recorded too while the exchange is off (documents dispatched before it was switched off).
 * Recording again corrects the record (the audit log keeps both).
 */
export async function recordManualSend(
  db: Db,
  actor: Actor,
  id: string,
  deliveryId: string,
  input: { method: ManualSendMethod; sentOn: string; note?: string },
  exchangeConfigured: boolean,
) {
  const viewer = await viewerOf(db, actor);
  const doc = await requireVisible(db, viewer, id);
  requireClerk(viewer.clerkOf, doc);
  if (input.sentOn > todayInVietnam()) {
    throw problem('validation#senton_is_in_the', {}, { errors: [{ path: 'sentOn', message: 'in the future' }] });
  }
  if (doc.issueDate && input.sentOn < doc.issueDate) {
    throw problem('validation#senton_is_before_the', {}, { errors: [{ path: 'sentOn', message: 'before the issue date' }] });
  }
  const { d } = await requireDelivery(db, doc, deliveryId);
  const open = ['AWAITING_MANUAL_SEND', 'SENT_MANUALLY', ...(exchangeConfigured ? [] : ['WAITING_FOR_EXCHANGE'])];
  if (!open.includes(d.status)) throw notManual(d.status);
  await db.transaction(async (tx) => {
    // Only while still open: a delivery the axis completed meanwhile is not overwritten.
    const [recorded] = await tx
      .update(outgoingDeliveries)
      .set({
        status: 'SENT_MANUALLY',
        manualMethod: input.method,
        manualSentOn: input.sentOn,
        manualNote: input.note ?? null,
        manualRecordedBy: actor.userId,
        deliveredAt: new Date(),
      })
      .where(and(eq(outgoingDeliveries.id, deliveryId), eq(outgoingDeliveries.status, d.status)))
      .returning({ id: outgoingDeliveries.id });
    if (!recorded) throw notManual('changed');
    await recordAudit(tx, {
      ...auditActor(actor, 'VAN_THU'),
      action: 'outgoing.manual_send',
      entityType: 'outgoing_document',
      entityId: id,
      data: { deliveryId, recipientId: d.recipientId, ...input, previousStatus: d.status },
    });
  });
}

const A4: [number, number] = [210 * MM, 297 * MM];
const MARGIN = 20 * MM;

/**
 * Phiếu gửi: the slip that goes with the paper copy (or is kept with an e-mail): sender, recipient, the
 * document's number, date, type, subject, pages and marks, how and when it was sent, and room for the
 * recipient's signature. Vietnamese, A4 portrait, DejaVu Sans embedded.
 */
export async function dispatchSlipPdf(db: Db, actor: Actor, id: string, deliveryId: string): Promise<{ bytes: Uint8Array; name: string }> {
  const viewer = await viewerOf(db, actor);
  const doc = await requireVisible(db, viewer, id);
  requireClerk(viewer.clerkOf, doc);
  if (doc.issuedNumber === null) throw problem('outgoing.not_issued');
  const { d, r } = await requireDelivery(db, doc, deliveryId);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, doc.organisationId));
  const people = [doc.signerId, d.manualRecordedBy, actor.userId].filter((x): x is string => !!x);
  const names = new Map((await db.select().from(users).where(inArray(users.id, people))).map((u) => [u.id, u]));
  const files = await db.select().from(outgoingFiles).where(eq(outgoingFiles.documentId, id));
  // The issued version's main file and attachments (the newest MAIN is the current version's).
  const main = files.filter((f) => f.role === 'MAIN').sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const attachments = files.filter((f) => f.role === 'ATTACHMENT' && f.versionId === main?.versionId).length;
  const sender = names.get(d.manualRecordedBy ?? actor.userId);
  const signer = doc.signerId ? names.get(doc.signerId) : undefined;
  const number = numberAndSymbol(doc.issuedNumber, doc.symbol!);

  const pdf = await PDFDocument.create();
  pdf.setTitle(`Phiếu gửi văn bản ${number} — ${r.name}`);
  pdf.setCreator('vanthu');
  const font = await embedStampFont(pdf);
  const bold = await embedBold(pdf);
  const page = pdf.addPage(A4);
  const [pw, ph] = A4;
  const black = rgb(0, 0, 0);
  let y = ph - MARGIN;
  const centred = (p: PDFPage, text: string, x0: number, width: number, yy: number, size: number, f: PDFFont) =>
    p.drawText(text, { x: x0 + (width - f.widthOfTextAtSize(text, size)) / 2, y: yy, size, font: f, color: black });

  // Heading: the sender on the left, the national motto on the right (ND 30 Phụ lục I layout).
  const left = 80 * MM;
  const right = pw - 2 * MARGIN - left;
  const orgLines = wrapText(org.name.toUpperCase(), measureOf(bold), 10, left);
  orgLines.forEach((l, i) => centred(page, l, MARGIN, left, y - i * 13, 10, bold));
  centred(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', MARGIN + left, right, y, 10, bold);
  centred(page, 'Độc lập - Tự do - Hạnh phúc', MARGIN + left, right, y - 13, 10.5, bold);
  y -= Math.max(orgLines.length, 2) * 13 + 30;
  centred(page, 'PHIẾU GỬI VĂN BẢN', MARGIN, pw - 2 * MARGIN, y, 15, bold);
  y -= 18;
  centred(page, `Kèm theo văn bản số ${number} ngày ${viDate(doc.issueDate)}`, MARGIN, pw - 2 * MARGIN, y, 11, font);
  y -= 34;

  const labelWidth = 52 * MM;
  const valueWidth = pw - 2 * MARGIN - labelWidth;
  const line = (label: string, value: string) => {
    const lines = wrapText(value || '…………………………………………', measureOf(font), 11, valueWidth);
    page.drawText(label, { x: MARGIN, y, size: 11, font: bold, color: black });
    lines.forEach((l, i) => page.drawText(l, { x: MARGIN + labelWidth, y: y - i * 15, size: 11, font, color: black }));
    y -= lines.length * 15 + 7;
  };
  const marks = urgencySecrecyMarks(doc.urgency, doc.secrecy);
  line('Nơi nhận:', r.organCode ? `${r.name} (mã định danh ${r.organCode})` : r.name);
  line('Số, ký hiệu văn bản:', number);
  line('Ngày văn bản:', viDate(doc.issueDate));
  line('Tên loại:', documentTypeOf(doc.documentType)?.name ?? doc.documentType);
  line('Trích yếu:', doc.subject);
  line('Người ký:', signer ? `${signer.fullName} — ${signer.position}` : '');
  line('Số trang, phụ lục:', `${main?.pageCount ?? '…'} trang${attachments ? `; ${attachments} tệp đính kèm` : ''}`);
  line('Độ khẩn, độ mật:', marks.length ? marks.join(', ') : 'Thường');
  const methods = manualSendMethods.map((m) => `${d.manualMethod === m ? '☒' : '☐'} ${MANUAL_METHOD_VI[m]}`).join('    ');
  line('Hình thức gửi:', methods);
  line('Ngày gửi:', d.manualSentOn ? viDate(d.manualSentOn) : '');
  line('Ghi chú:', d.manualNote ?? '');

  y -= 30;
  const colW = (pw - 2 * MARGIN) / 2;
  centred(page, 'NGƯỜI GỬI', MARGIN, colW, y, 11, bold);
  centred(page, 'NGƯỜI NHẬN', MARGIN + colW, colW, y, 11, bold);
  centred(page, '(Văn thư cơ quan)', MARGIN, colW, y - 14, 10, font);
  centred(page, '(Ký, ghi rõ họ tên, ngày giờ nhận)', MARGIN + colW, colW, y - 14, 10, font);
  if (sender) centred(page, sender.fullName, MARGIN, colW, y - 80, 11, bold);

  const printed = vietnamDateTime(new Date());
  page.drawText(`In lúc ${printed.time} ngày ${printed.date}`, { x: MARGIN, y: MARGIN / 2, size: 8, font, color: rgb(0.35, 0.35, 0.35) });
  return { bytes: await pdf.save(), name: `Phieu_gui_${number.replace('/', '_')}.pdf` };
}

const measures = new WeakMap<PDFFont, Measure>();
function measureOf(font: PDFFont) {
  let m = measures.get(font);
  if (!m) measures.set(font, (m = new Measure(font)));
  return m;
}

const notManual = (status: string) => problem('outgoing.not_manual_delivery', { status });
