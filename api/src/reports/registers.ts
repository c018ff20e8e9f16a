import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, lte } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { addDays, viDate } from '../calendar/working-days';
import type { Db } from '../db/client';
import { vietnamDateTime } from '../calendar/vietnam-time';
import { notFound } from '../http/problem';
import { CLERK_ROLES, LEADER_ROLES, holdsIn, visibleTo as incomingVisibleTo } from '../incoming/access';
import { incomingAssignments } from '../incoming/processing-schema';
import { incomingDocuments, urgencySecrecyMarks } from '../incoming/schema';
import { organisations, units } from '../organisations/schema';
import { organisationsServed, viewerOf, visibleTo as outgoingVisibleTo } from '../outgoing/access';
import { documentTypeOf, numberAndSymbol } from '../outgoing/document-types';
import { outgoingDeliveries, outgoingDocuments, outgoingRecipients } from '../outgoing/schema';
import { findRegister } from '../registers/service';
import { users } from '../users/schema';
import type { PrintTable } from './table';

export interface DateRange {
  from: string;
  to: string;
}

const viDay = (at: Date | null | undefined) => (at ? vietnamDateTime(at).date : '');
/** Midnight at the start of a Vietnamese calendar day. */
export const vietnamMidnight = (iso: string) => new Date(`${iso}T00:00:00+07:00`);
export const rangeLine = (r: DateRange) => `Từ ngày ${viDate(r.from)} đến ngày ${viDate(r.to)}`;

/** Columns of the sổ đăng ký văn bản đến, ND 30/2020 Phụ lục IV (docs/domain.md §4.2). */
const INCOMING_COLUMNS: PrintTable['columns'] = [
  { header: 'Ngày đến', width: 7, align: 'center' },
  { header: 'Số đến', width: 5, align: 'center' },
  { header: 'Tác giả', width: 13 },
  { header: 'Số, ký hiệu', width: 9 },
  { header: 'Ngày tháng văn bản', width: 7, align: 'center' },
  { header: 'Tên loại và trích yếu nội dung', width: 26 },
  { header: 'Đơn vị hoặc người nhận', width: 13 },
  { header: 'Ngày chuyển', width: 7, align: 'center' },
  { header: 'Ký nhận', width: 6 },
  { header: 'Ghi chú', width: 7 },
];

/** Columns of the sổ đăng ký văn bản đi, ND 30/2020 Phụ lục IV (docs/domain.md §4.3). */
const OUTGOING_COLUMNS: PrintTable['columns'] = [
  { header: 'Số, ký hiệu văn bản', width: 10 },
  { header: 'Ngày tháng văn bản', width: 7, align: 'center' },
  { header: 'Tên loại và trích yếu nội dung văn bản', width: 26 },
  { header: 'Người ký', width: 10 },
  { header: 'Nơi nhận văn bản', width: 17 },
  { header: 'Đơn vị, người nhận bản lưu', width: 10 },
  { header: 'Số lượng bản', width: 5, align: 'center' },
  { header: 'Ngày chuyển', width: 7, align: 'center' },
  { header: 'Ký nhận', width: 6 },
  { header: 'Ghi chú', width: 7 },
];

/**
 * The register if the actor keeps or reads it: clerks and leaders of its organisation (for an outgoing
 * register also of the office that issues in the organisation's name). Anyone else gets 404, as for an id
 * that does not exist.
 */
async function readableRegister(db: Db, actor: Actor, registerId: string) {
  const register = await findRegister(db, registerId);
  if (register) {
    const allowed =
      register.direction === 'DEN'
        ? holdsIn(actor, register.organisationId, [...CLERK_ROLES, ...LEADER_ROLES])
        : (await organisationsServed(db, actor, [...CLERK_ROLES, ...LEADER_ROLES])).includes(register.organisationId);
    if (allowed) {
      const [org] = await db.select().from(organisations).where(eq(organisations.id, register.organisationId));
      return { register, organisation: org };
    }
  }
  throw notFound(`Register ${registerId}`, 'sổ văn bản');
}

/**
 * The rows of a register between two dates (inclusive, Vietnam time), ready to print: only the documents the
 * reader may open (the document pages' visibility rule), so a secret register printed by a leader without a
 * grant lists none of its secret documents.
 */
export async function registerBook(
  db: Db,
  actor: Actor,
  registerId: string,
  range: DateRange,
): Promise<{ table: PrintTable; fileName: string }> {
  const { register, organisation } = await readableRegister(db, actor, registerId);
  const incoming = register.direction === 'DEN';
  const rows = incoming ? await incomingRows(db, actor, register.id, range) : await outgoingRows(db, actor, register.id, range);
  return {
    table: {
      organisation: organisation.name,
      title: incoming ? 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN' : 'SỔ ĐĂNG KÝ VĂN BẢN ĐI',
      subtitles: [register.name, rangeLine(range)],
      columns: incoming ? INCOMING_COLUMNS : OUTGOING_COLUMNS,
      rows,
      numberColumns: true,
      empty: 'Không có văn bản nào trong khoảng thời gian này',
    },
    fileName: `${incoming ? 'so-van-ban-den' : 'so-van-ban-di'}_${organisation.shortName}_${range.from}_${range.to}`.replace(
      /[^A-Za-z0-9_.-]/g,
      '-',
    ),
  };
}

/** Incoming: documents registered in the register whose ngày đến falls in the range, in số đến order. */
async function incomingRows(db: Db, actor: Actor, registerId: string, range: DateRange): Promise<string[][]> {
  const docs = await db
    .select()
    .from(incomingDocuments)
    .where(
      and(
        eq(incomingDocuments.registerId, registerId),
        isNotNull(incomingDocuments.arrivalNumber),
        gte(incomingDocuments.receivedAt, vietnamMidnight(range.from)),
        lt(incomingDocuments.receivedAt, vietnamMidnight(addDays(range.to, 1))),
        incomingVisibleTo(actor),
      ),
    )
    .orderBy(asc(incomingDocuments.arrivalYear), asc(incomingDocuments.arrivalNumber));
  const ids = docs.map((d) => d.id);
  const submittedTo = [...new Set(docs.map((d) => d.submittedTo).filter((u): u is string => !!u))];
  // The leader's direction (top-level lines only: a unit passing work to its specialist is not a transfer in the book).
  const [lines, leaders] = await Promise.all([
    ids.length
      ? db
          .select({ a: incomingAssignments, unitName: units.name, userName: users.fullName })
          .from(incomingAssignments)
          .leftJoin(units, eq(units.id, incomingAssignments.unitId))
          .leftJoin(users, eq(users.id, incomingAssignments.userId))
          .where(
            and(inArray(incomingAssignments.documentId, ids), eq(incomingAssignments.active, true), isNull(incomingAssignments.parentId)),
          )
          .orderBy(asc(incomingAssignments.assignedAt))
      : [],
    submittedTo.length ? db.select({ id: users.id, name: users.fullName }).from(users).where(inArray(users.id, submittedTo)) : [],
  ]);
  const ROLE_ORDER = { CHU_TRI: 0, PHOI_HOP: 1, DE_BIET: 2 } as const;
  const ROLE_LABEL = { CHU_TRI: 'chủ trì', PHOI_HOP: 'phối hợp', DE_BIET: 'để biết' } as const;
  return docs.map((d) => {
    const own = lines.filter((l) => l.a.documentId === d.id).sort((x, y) => ROLE_ORDER[x.a.role] - ROLE_ORDER[y.a.role]);
    const leader = leaders.find((l) => l.id === d.submittedTo)?.name;
    const receivers = own.length
      ? own.map((l) => `${l.unitName ?? l.userName} (${ROLE_LABEL[l.a.role]})`).join('; ')
      : leader
        ? `${leader} (trình)`
        : '';
    const transferred = own.length ? own[0].a.assignedAt : d.submittedAt;
    const notes = [...urgencySecrecyMarks(d.urgency, d.secrecy), d.dueDate ? `Hạn xử lý: ${viDate(d.dueDate)}` : '']
      .filter(Boolean)
      .join('; ');
    return [
      viDay(d.receivedAt),
      String(d.arrivalNumber),
      d.issuerName ?? '',
      [d.number, d.symbol].filter(Boolean).join('/'),
      viDate(d.issueDate),
      [d.documentType, d.subject].filter(Boolean).join(' — '),
      receivers,
      viDay(transferred),
      '',
      notes,
    ];
  });
}

/** Outgoing: documents numbered from the register whose date of issue falls in the range, in number order. */
async function outgoingRows(db: Db, actor: Actor, registerId: string, range: DateRange): Promise<string[][]> {
  const viewer = await viewerOf(db, actor);
  const docs = await db
    .select({ d: outgoingDocuments, signerName: users.fullName, unitName: units.name })
    .from(outgoingDocuments)
    .leftJoin(users, eq(users.id, outgoingDocuments.signerId))
    .leftJoin(units, eq(units.id, outgoingDocuments.draftingUnitId))
    .where(
      and(
        eq(outgoingDocuments.registerId, registerId),
        isNotNull(outgoingDocuments.issuedNumber),
        gte(outgoingDocuments.issueDate, range.from),
        lte(outgoingDocuments.issueDate, range.to),
        outgoingVisibleTo(viewer),
      ),
    )
    .orderBy(asc(outgoingDocuments.issuedYear), asc(outgoingDocuments.issuedNumber));
  const ids = docs.map((r) => r.d.id);
  const recips = ids.length
    ? await db
        .select({ documentId: outgoingRecipients.documentId, name: outgoingRecipients.name, deliveredAt: outgoingDeliveries.deliveredAt })
        .from(outgoingRecipients)
        .leftJoin(outgoingDeliveries, eq(outgoingDeliveries.recipientId, outgoingRecipients.id))
        .where(inArray(outgoingRecipients.documentId, ids))
        .orderBy(asc(outgoingRecipients.ordinal))
    : [];
  return docs.map(({ d, signerName, unitName }) => {
    const own = recips.filter((r) => r.documentId === d.id);
    const signature = d.signedSha256 ? 'Ký số' : d.paperSignature ? 'Ký tay' : '';
    return [
      numberAndSymbol(d.issuedNumber!, d.symbol ?? ''),
      viDate(d.issueDate),
      `${documentTypeOf(d.documentType)?.name ?? d.documentType} — ${d.subject}`,
      signerName ?? '',
      own.map((r) => r.name).join('; '),
      unitName ?? '',
      own.length ? String(own.length) : '',
      viDay(d.dispatchedAt),
      '',
      [signature, ...urgencySecrecyMarks(d.urgency, d.secrecy)].filter(Boolean).join('; '),
    ];
  });
}
