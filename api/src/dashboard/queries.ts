import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client';
import { incomingAssignments } from '../incoming/processing-schema';
import { incomingDocuments } from '../incoming/schema';
import { exchangeOutbox } from '../exchange/outbox-schema';
import { outgoingDeliveries, outgoingDocuments, outgoingRecipients } from '../outgoing/schema';
import { handlingLine, lineOfUnit, lineOutcome } from '../reports/handling';

export const periods = ['week', 'month', 'quarter'] as const;
export type Period = (typeof periods)[number];

/** One organisation, optionally one of its units, over whole Vietnamese days `from`..`to`. */
export interface DashboardScope {
  organisationId: string;
  unitId: string | null;
  from: string;
  to: string;
  period: Period;
  /** Today in Vietnam: what "overdue now" is measured against. */
  today: string;
}

/** Counts of one period (or of the whole range, summed). */
export interface PeriodCounts {
  received: number;
  receivedElectronic: number;
  issued: number;
  issuedSigned: number;
  deliveries: number;
  deliveriesElectronic: number;
  completedWithDeadline: number;
  completedOnTime: number;
}

export interface PeriodRow extends PeriodCounts {
  key: string;
  start: string;
}

const TZ = sql.raw(`'Asia/Ho_Chi_Minh'`);
const STEP: Record<Period, SQL> = {
  week: sql.raw(`interval '1 week'`),
  month: sql.raw(`interval '1 month'`),
  quarter: sql.raw(`interval '3 months'`),
};
/** ISO week (Monday first, as date_trunc('week') does), month, quarter. */
const LABEL: Record<Period, SQL> = { week: sql.raw(`'IYYY-"W"IW'`), month: sql.raw(`'YYYY-MM'`), quarter: sql.raw(`'YYYY-"Q"Q'`) };

/** The Vietnamese period (first day) a timestamp falls in. */
const bucket = (s: DashboardScope, at: SQLWrapper) => sql`date_trunc(${s.period}, ${at} at time zone ${TZ})::date`;
/** `at` within the scope's days, as a range on the column (so its index serves it). */
const within = (s: DashboardScope, at: SQLWrapper) =>
  sql`${at} >= (${s.from}::date::timestamp at time zone ${TZ}) and ${at} < ((${s.to}::date + 1)::timestamp at time zone ${TZ})`;

/**
 * A registered incoming document belongs to a unit when one of the handling report's lines directs it there
 * (the unit, or a person of it).
 */
const directedTo = (unitId: string) =>
  sql`exists (select 1 from ${incomingAssignments}
    where ${incomingAssignments.documentId} = ${incomingDocuments.id} and ${handlingLine} and ${lineOfUnit(unitId)})`;

/** Outgoing documents the scope issued in its days (a unit: those it drafted). */
const issuedIn = (s: DashboardScope) =>
  sql`${outgoingDocuments.organisationId} = ${s.organisationId} and ${within(s, outgoingDocuments.issuedAt)}
    ${s.unitId ? sql`and ${outgoingDocuments.draftingUnitId} = ${s.unitId}` : sql``}`;

/** A WAITING_FOR_EXCHANGE delivery whose package the axis accepted (sent, then the receiver's statuses). */
const sentOverExchange = sql`exists (select 1 from ${outgoingRecipients} join ${exchangeOutbox}
    on ${exchangeOutbox.documentId} = ${outgoingRecipients.documentId} and ${exchangeOutbox.receiverOrganCode} = ${outgoingRecipients.organCode}
  where ${outgoingRecipients.id} = ${outgoingDeliveries.recipientId} and ${exchangeOutbox.status} not in ('QUEUED', 'FAILED'))`;

/**
 * Every figure of the dashboard, per period, in one set-based statement (each CTE one grouped scan):
 * - received: incoming documents registered in the period (by registered_at); electronic when they came
 *   over the exchange axis (AXIS) or from another organisation on this system (INTERNAL);
 * - issued: outgoing documents issued (cấp số) in the period (by issued_at); signed when they carry the
 *   authority's digital signature (signed_sha256), not a paper signature;
 * - deliveries of those issued documents: electronic when DELIVERED (an incoming record in the recipient
 *   organisation) or when the exchange axis took the package for that receiver (exchange_outbox past QUEUED
 *   and not FAILED); deliveries still waiting for the exchange, or that failed, have not gone out electronically;
 * - completed handling lines with a deadline, by the Vietnamese day of completion, and those on time
 *   (the handling report's lines and outcome).
 * A unit narrows incoming to documents directed to it, outgoing to those it drafted, lines to its own.
 * Indexes: incoming_org_registered_idx, outgoing_org_issued_idx, incoming_assignments_completed_idx
 * (then the document's primary key), outgoing_deliveries_document_idx; a unit adds incoming_assignments_document_idx.
 */
export function periodRowsQuery(s: DashboardScope): SQL {
  const unit = s.unitId;
  return sql`with periods as (
      select p::date as start, to_char(p, ${LABEL[s.period]}) as key
      from generate_series(date_trunc(${s.period}, ${s.from}::date::timestamp), ${s.to}::date::timestamp, ${STEP[s.period]}) p
    ), received as (
      select ${bucket(s, incomingDocuments.registeredAt)} as start,
        count(*)::int as received,
        count(*) filter (where ${incomingDocuments.channel} in ('AXIS', 'INTERNAL'))::int as received_electronic
      from ${incomingDocuments}
      where ${incomingDocuments.organisationId} = ${s.organisationId} and ${within(s, incomingDocuments.registeredAt)}
        ${unit ? sql`and ${directedTo(unit)}` : sql``}
      group by 1
    ), issued as (
      select ${bucket(s, outgoingDocuments.issuedAt)} as start,
        count(*)::int as issued,
        count(*) filter (where ${outgoingDocuments.signedSha256} is not null)::int as issued_signed
      from ${outgoingDocuments}
      where ${issuedIn(s)}
      group by 1
    ), deliveries as (
      select ${bucket(s, outgoingDocuments.issuedAt)} as start,
        count(*)::int as deliveries,
        count(*) filter (where ${outgoingDeliveries.status} = 'DELIVERED' or ${sentOverExchange})::int as deliveries_electronic
      from ${outgoingDeliveries} join ${outgoingDocuments} on ${outgoingDocuments.id} = ${outgoingDeliveries.documentId}
      where ${issuedIn(s)}
      group by 1
    ), completed as (
      select ${bucket(s, incomingAssignments.completedAt)} as start,
        count(*)::int as completed,
        count(*) filter (where ${lineOutcome(s.today)} = 'ON_TIME')::int as on_time
      from ${incomingAssignments}
        join ${incomingDocuments} on ${incomingDocuments.id} = ${incomingAssignments.documentId}
      where ${incomingDocuments.organisationId} = ${s.organisationId} and ${handlingLine}
        and ${incomingAssignments.status} = 'DONE' and ${incomingAssignments.dueDate} is not null
        and ${within(s, incomingAssignments.completedAt)}
        ${unit ? sql`and ${lineOfUnit(unit)}` : sql``}
      group by 1
    )
    select p.key, to_char(p.start, 'YYYY-MM-DD') as start,
      coalesce(r.received, 0) as "received", coalesce(r.received_electronic, 0) as "receivedElectronic",
      coalesce(i.issued, 0) as "issued", coalesce(i.issued_signed, 0) as "issuedSigned",
      coalesce(d.deliveries, 0) as "deliveries", coalesce(d.deliveries_electronic, 0) as "deliveriesElectronic",
      coalesce(c.completed, 0) as "completedWithDeadline", coalesce(c.on_time, 0) as "completedOnTime"
    from periods p
      left join received r on r.start = p.start
      left join issued i on i.start = p.start
      left join deliveries d on d.start = p.start
      left join completed c on c.start = p.start
    order by p.start`;
}

export const periodRows = (db: Db, s: DashboardScope) => queryRows<PeriodRow>(db, periodRowsQuery(s));

/**
 * Open handling lines past their deadline as of today (the handling report's "open overdue"), over the
 * organisation or the unit, whatever the range. The outcome's condition is spelled out as well so the
 * partial index incoming_assignments_open_due_idx (open lines by deadline) serves it.
 */
export function overdueNowQuery(s: DashboardScope): SQL {
  return sql`select count(*)::int as n
      from ${incomingAssignments}
        join ${incomingDocuments} on ${incomingDocuments.id} = ${incomingAssignments.documentId}
      where ${incomingDocuments.organisationId} = ${s.organisationId} and ${handlingLine}
        and ${incomingAssignments.status} <> 'DONE' and ${incomingAssignments.dueDate} < ${s.today}::date
        and ${lineOutcome(s.today)} = 'OPEN_OVERDUE'
        ${s.unitId ? sql`and ${lineOfUnit(s.unitId)}` : sql``}`;
}

export const overdueNow = async (db: Db, s: DashboardScope) => (await queryRows<{ n: number }>(db, overdueNowQuery(s)))[0].n;
