import { inArray } from 'drizzle-orm';
import { viDate } from '../calendar/working-days';
import type { Db } from '../db/client';
import { incomingDocuments } from '../incoming/schema';
import { outgoingDocuments } from '../outgoing/schema';
import type { ResultColumn, SearchHit } from './validation';

/** A result row as listed and exported: the hit and its hạn xử lý. */
export type ResultRow = SearchHit & { dueDate: string | null };

const secrecyVi: Record<string, string> = { KHONG: 'Không mật', MAT: 'Mật', TOI_MAT: 'Tối mật', TUYET_MAT: 'Tuyệt mật' };
/** Incoming and outgoing statuses share codes (DRAFT): the kind tells them apart. */
const statusVi: Record<string, string> = {
  'INCOMING:DRAFT': 'Chưa vào sổ',
  'INCOMING:REGISTERED': 'Đã vào sổ',
  'INCOMING:SUBMITTED': 'Chờ chỉ đạo',
  'INCOMING:ASSIGNED': 'Đã giao xử lý',
  'INCOMING:IN_PROGRESS': 'Đang xử lý',
  'INCOMING:COMPLETED': 'Đã hoàn thành',
  'OUTGOING:DRAFT': 'Dự thảo',
  'OUTGOING:IN_REVIEW': 'Đang trình duyệt',
  'OUTGOING:RETURNED': 'Bị trả lại',
  'OUTGOING:REJECTED': 'Bị từ chối',
  'OUTGOING:APPROVED_AWAITING_SIGNATURE': 'Đã duyệt, chờ ký',
  'OUTGOING:SIGNED': 'Đã ký',
  'OUTGOING:ISSUED': 'Đã ban hành',
  'OUTGOING:DISPATCHED': 'Đã phát hành',
};

export const secrecyLabel = (secrecy: string) => secrecyVi[secrecy] ?? secrecy;
/** A status in words; without the kind, both readings of a shared code ("Chưa vào sổ / Dự thảo"). */
export const statusLabel = (status: string, kind?: SearchHit['kind']) =>
  kind
    ? (statusVi[`${kind}:${status}`] ?? status)
    : [...new Set(['INCOMING', 'OUTGOING'].flatMap((k) => statusVi[`${k}:${status}`] ?? []))].join(' / ') || status;

/** Each column's heading, relative width and printed value (PDF and DOCX exports). */
export const columnSpecs: Record<ResultColumn, { header: string; width: number; value: (r: ResultRow) => string }> = {
  reference: { header: 'Số, ký hiệu', width: 14, value: (r) => r.reference ?? '' },
  arrival: { header: 'Số đến', width: 9, value: (r) => (r.arrival ? `${r.arrival.number}/${r.arrival.year}` : '') },
  date: { header: 'Ngày', width: 10, value: (r) => viDate(r.date) },
  subject: { header: 'Trích yếu nội dung', width: 32, value: (r) => r.subject ?? '' },
  issuer: { header: 'Cơ quan ban hành', width: 18, value: (r) => r.issuer ?? '' },
  type: { header: 'Tên loại', width: 10, value: (r) => r.documentType ?? '' },
  signer: { header: 'Người ký', width: 13, value: (r) => r.signer ?? '' },
  kind: { header: 'Đến/đi', width: 7, value: (r) => (r.kind === 'INCOMING' ? 'Đến' : 'Đi') },
  // Printed only where there is one, as in the register books.
  secrecy: { header: 'Độ mật', width: 8, value: (r) => (r.secrecy === 'KHONG' ? '' : secrecyLabel(r.secrecy)) },
  status: { header: 'Trạng thái', width: 11, value: (r) => statusLabel(r.status, r.kind) },
  dueDate: { header: 'Hạn xử lý', width: 10, value: (r) => viDate(r.dueDate) },
};

/**
 * The hits with their hạn xử lý (incoming: the handling deadline; outgoing: the answer-by date asked of the
 * recipients), read by id for the hits alone: they are documents the caller may already open.
 */
export async function withDueDates(db: Db, hits: SearchHit[]): Promise<ResultRow[]> {
  const ids = (kind: SearchHit['kind']) => hits.filter((h) => h.kind === kind).map((h) => h.id);
  const [incoming, outgoing] = await Promise.all([
    db
      .select({ id: incomingDocuments.id, dueDate: incomingDocuments.dueDate })
      .from(incomingDocuments)
      .where(inArray(incomingDocuments.id, ids('INCOMING'))),
    db
      .select({ id: outgoingDocuments.id, dueDate: outgoingDocuments.dueDate })
      .from(outgoingDocuments)
      .where(inArray(outgoingDocuments.id, ids('OUTGOING'))),
  ]);
  const due = new Map([...incoming, ...outgoing].map((r) => [r.id, r.dueDate]));
  return hits.map((h) => ({ ...h, dueDate: due.get(h.id) ?? null }));
}
