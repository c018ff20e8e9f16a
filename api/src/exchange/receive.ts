import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Queue } from 'bullmq';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import type { Db, Tx } from '../db/client';
import { storeUploads } from '../files/blob-refs';
import { checkFile, type CheckedFile } from '../files/check';
import { mediaTypes } from '../files/media-type';
import { Problem } from '../http/problem';
import { enqueueTextExtraction } from '../incoming/extraction';
import { isImage } from '../incoming/ocr';
import { incomingDocuments, incomingFiles, type urgencies } from '../incoming/schema';
import { insertDraft } from '../incoming/drafts';
import type { Notifier } from '../notifications/notifier';
import { organisations } from '../organisations/schema';
import { clerksOf } from '../users/service';
import type { SigningDeps } from '../signing/deps';
import { validatePdf } from '../signing/validate';
import type { BlobStore } from '../storage/blob-store';
import { vietnamDate } from '../calendar/vietnam-time';
import {
  parsePackage,
  type DocumentPackage,
  type PackageNotice,
  type ParsedPackage,
  type ParseFailure,
  type UnsignedEnvelopePolicy,
} from './edxml';
import { exchangeInbox, exchangeStatusesSent } from './inbox-schema';
import { documentRefOf, enqueueStatusSends, oweStatus, type StatusSendOptions } from './statuses';
import type { ExchangeTransport, PendingMessage } from './transport';

/**
 * The RECEIVING side of the exchange: poll the axis for every agency this installation serves, and turn each
 * document package into exactly one incoming record (channel AXIS, status DRAFT = "received, awaiting
 * registration"), or refuse it with the reason. Order per package: fetch → store raw (immutable blob) →
 * validate → ONE transaction (inbox row + incoming record + owed status 01/02/15/16) → side effects → ack.
 * The ack comes only after the commit; a crash in between leaves an unacknowledged inbox row, which the next
 * poll finds by (receiving organ, message id) and only acknowledges (and finishes the side effects, which are
 * idempotent). A package with the same DocumentId under another message id is a DUPLICATE, acked only.
 */
export interface ReceiveDeps {
  db: Db;
  blobs: BlobStore;
  notifier: Notifier;
  /** incoming-files: text extraction and signature validation of the received PDFs, as for any received file. */
  extractionQueue: Queue;
  /** exchange-receive: where owed statuses are sent from. */
  receiveQueue: Queue;
  transports: Map<string, ExchangeTransport>;
  signing: SigningDeps;
  maxBytes: number;
  statusSends: StatusSendOptions;
  /** EXCHANGE_UNSIGNED (docs/domain.md §6.7); default `refuse`. */
  unsignedEnvelope?: UnsignedEnvelopePolicy;
  now?: () => Date;
}

export const POLL_JOB = 'poll';

/** Test-only fault injection: with EXCHANGE_FAULT_CRASH_AFTER_COMMIT=1 the process exits right after a receive commits. */
function faultAfterCommit() {
  if (process.env.EXCHANGE_FAULT_CRASH_AFTER_COMMIT === '1') process.exit(86);
}

interface Refusal {
  code: string;
  reasonVi: string;
  reasonEn: string;
}

type InboxRow = typeof exchangeInbox.$inferSelect;

/** One poll of every agency: receive each pending document package, then send the statuses still owed. */
export async function pollExchange(deps: ReceiveDeps) {
  const results: { organId: string; hubMessageId: string; outcome: string }[] = [];
  const errors: string[] = [];
  for (const [organId, transport] of deps.transports) {
    let pending: PendingMessage[];
    try {
      pending = await transport.pending('edoc', 50);
    } catch (err) {
      errors.push(`${organId}: ${(err as Error).message}`);
      continue;
    }
    for (const msg of pending) {
      try {
        results.push({ organId, hubMessageId: msg.id, outcome: await receiveMessage(deps, transport, msg) });
      } catch (err) {
        errors.push(`${organId} ${msg.id}: ${(err as Error).message}`);
      }
    }
  }
  const statuses = await enqueueStatusSends(deps.db, deps.receiveQueue, deps.statusSends);
  // A failed poll shows in the job history with its reason; what was received meanwhile stays received.
  if (errors.length) throw new Error(`Exchange poll: ${errors.join('; ')}`);
  return { received: results, statusesQueued: statuses };
}

/** Receives one pending package; returns the inbox outcome (or `acked` for one already recorded). */
export async function receiveMessage(deps: ReceiveDeps, transport: ExchangeTransport, msg: PendingMessage): Promise<string> {
  const { db } = deps;
  const [known] = await db
    .select()
    .from(exchangeInbox)
    .where(and(eq(exchangeInbox.receiverOrganCode, transport.organId), eq(exchangeInbox.messageId, msg.messageId)));
  if (known) {
    await afterCommit(deps, transport, known);
    return 'acked';
  }
  let bytes: Buffer | null = null;
  let rawSha256: string | null = null;
  // The size the axis announces is checked before fetching: an oversized package is never downloaded.
  if (msg.size <= deps.maxBytes) {
    bytes = await transport.fetch(msg.id);
    rawSha256 = (await deps.blobs.put(Readable.from([bytes]))).sha256;
  }
  const tooLarge: ParseFailure = {
    ok: false,
    code: 'edxml.too_large',
    reasonVi: `Gói tin quá lớn (${msg.size} byte, tối đa ${deps.maxBytes})`,
    reasonEn: `The package is ${msg.size} bytes, more than the ${deps.maxBytes} allowed`,
  };
  const parsed = bytes
    ? await parsePackage(bytes, {
        maxBytes: deps.maxBytes,
        trust: await deps.signing.trustStore(),
        now: deps.now?.(),
        unsignedEnvelope: deps.unsignedEnvelope ?? 'refuse',
      })
    : tooLarge;
  const base = {
    receiverOrganCode: transport.organId,
    hubMessageId: msg.id,
    messageId: msg.messageId,
    rawSha256,
    size: bytes?.length ?? msg.size,
    senderOrganCode: msg.from,
  };
  let row: InboxRow | null;
  if (!parsed.ok) {
    // The refusal goes to the sender the axis authenticated, never to a From read from an unverified package.
    row = await refuse(deps, { ...base, documentId: parsed.documentId ?? null }, parsed);
  } else {
    row = await receiveParsed(deps, transport, base, parsed.pkg);
  }
  // Lost a race with another worker on the same package: that one records and acknowledges it.
  if (!row) return 'acked';
  faultAfterCommit();
  await afterCommit(deps, transport, row);
  return row.outcome;
}

type InboxBase = Pick<InboxRow, 'receiverOrganCode' | 'hubMessageId' | 'messageId' | 'rawSha256' | 'size' | 'senderOrganCode'>;

const priorityUrgency: Record<DocumentPackage['priority'], (typeof urgencies)[number]> = {
  0: 'THUONG',
  1: 'KHAN',
  2: 'THUONG_KHAN',
  3: 'HOA_TOC',
  4: 'HOA_TOC',
};

async function ourOrganisation(db: Db | Tx, organCode: string) {
  const today = vietnamDate(new Date());
  const rows = await db.select().from(organisations).where(eq(organisations.organCode, organCode)).orderBy(asc(organisations.createdAt));
  // The organ code may pass to a successor: the one in force today wins.
  return rows.find((o) => (!o.validFrom || o.validFrom <= today) && (!o.validTo || o.validTo >= today)) ?? rows[0] ?? null;
}

async function receiveParsed(
  deps: ReceiveDeps,
  transport: ExchangeTransport,
  base: InboxBase,
  pkg: ParsedPackage,
): Promise<InboxRow | null> {
  if (pkg.kind !== 'document') {
    return refuse(
      deps,
      { ...base, documentId: pkg.value.responseFor.documentId },
      {
        code: 'exchange.not_a_document',
        reasonVi: 'Gói tin trạng thái được gửi như văn bản',
        reasonEn: 'A status package was delivered as a document (edoc)',
      },
    );
  }
  const doc = pkg.value;
  const header = {
    ...base,
    senderOrganCode: doc.from.organId,
    documentId: doc.documentId,
    businessType: doc.business.docType,
    signature: pkg.signature,
    header: headerSummary(doc),
    // What the package did not prove (no digest for an attachment, no signature): shown with the record (§6.7).
    notices: pkg.notices,
  };
  if (doc.from.organId !== base.senderOrganCode) {
    return refuse(
      deps,
      { ...header, senderOrganCode: base.senderOrganCode },
      {
        code: 'exchange.sender_mismatch',
        reasonVi: `Cơ quan gửi trong gói tin (${doc.from.organId}) khác cơ quan đã gửi lên trục (${base.senderOrganCode})`,
        reasonEn: `The package says it is from ${doc.from.organId} but the axis received it from ${base.senderOrganCode}`,
      },
    );
  }
  if (!doc.to.some((t) => t.organId === transport.organId)) {
    return refuse(deps, header, {
      code: 'exchange.not_addressed',
      reasonVi: `Gói tin không gửi cho cơ quan ${transport.organId}`,
      reasonEn: `The package does not name ${transport.organId} among its receivers`,
    });
  }
  const org = await ourOrganisation(deps.db, transport.organId);
  if (!org) {
    return refuse(deps, header, {
      code: 'exchange.unknown_receiver',
      reasonVi: `Không có cơ quan nào mang mã định danh ${transport.organId} trên hệ thống nhận`,
      reasonEn: `No organisation with organ code ${transport.organId} on the receiving system`,
    });
  }
  const withOrg = { ...header, organisationId: org.id };
  if (doc.business.docType === 1 || doc.business.docType === 2) return applyChange(deps, withOrg, doc);
  return accept(deps, withOrg, doc);
}

function headerSummary(doc: DocumentPackage) {
  const { attachments, ...rest } = doc;
  return {
    ...rest,
    attachments: attachments.map((a) => ({ contentId: a.contentId, name: a.name, contentType: a.contentType, size: a.data.length })),
  };
}

/** Writes the attachments to temporary files and runs them through the same checks as an upload. */
async function checkAttachments(
  doc: DocumentPackage,
): Promise<{ checked: CheckedFile<'MAIN' | 'ATTACHMENT'>[]; ordered: DocumentPackage['attachments']; cleanup(): Promise<void> } | Refusal> {
  const main = doc.attachments.find((a) => a.contentType === mediaTypes.PDF) ?? doc.attachments[0];
  if (!main)
    return {
      code: 'exchange.no_main_document',
      reasonVi: 'Gói tin không kèm văn bản (tệp PDF đã ký số)',
      reasonEn: 'The package carries no document file (the signed PDF)',
    };
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'vanthu-exchange-'));
  const cleanup = () => fs.promises.rm(dir, { recursive: true, force: true });
  try {
    const checked: CheckedFile<'MAIN' | 'ATTACHMENT'>[] = [];
    const ordered = [main, ...doc.attachments.filter((x) => x !== main)];
    for (const [i, a] of ordered.entries()) {
      const file = path.join(dir, String(i));
      await fs.promises.writeFile(file, a.data);
      checked.push(await checkFile({ path: file, originalName: a.name.replace(/[/\\]/g, '_'), role: i === 0 ? 'MAIN' : 'ATTACHMENT' }));
    }
    return { checked, ordered, cleanup };
  } catch (err) {
    await cleanup();
    if (err instanceof Problem) return { code: err.code, reasonVi: err.title, reasonEn: err.detail };
    throw err;
  }
}

/** Signing's PDF validator on the main file (docs/domain.md §7): an invalid or unsigned document is not registered. */
async function checkMainPdf(deps: ReceiveDeps, pdf: Buffer): Promise<Refusal | null> {
  const report = await validatePdf(pdf, await deps.signing.trustStore());
  if (report.signatureCount === 0)
    return {
      code: 'exchange.main_unsigned',
      reasonVi: 'Văn bản chính không có chữ ký số',
      reasonEn: 'The main PDF carries no digital signature',
    };
  if (report.verdict === 'invalid') {
    return {
      code: 'exchange.main_signature_invalid',
      reasonVi: `Chữ ký số trên văn bản chính không hợp lệ: ${report.reasons.map((r) => r.vi).join('; ')}`,
      reasonEn: `The main PDF's signature is invalid: ${report.reasons.map((r) => r.en).join('; ')}`,
    };
  }
  return null;
}

/**
 * The attachments the package signature does not cover (docs/domain.md §6.7) rest on their own PDF signature:
 * a PDF among them that carries a signature which does not verify was changed, and is refused like a bad main
 * PDF. One without any signature is protected by nothing but the authenticated axis: the notice names it.
 * `checked` is in checkAttachments' order (main first), so index i is `ordered[i]`.
 */
async function checkUncoveredPdfs(
  deps: ReceiveDeps,
  ordered: DocumentPackage['attachments'],
  checked: CheckedFile<'MAIN' | 'ATTACHMENT'>[],
  notices: PackageNotice[],
): Promise<Refusal | null> {
  const uncovered = new Set(notices.flatMap((n) => n.attachments));
  for (const [i, file] of checked.entries()) {
    if (i === 0 || file.mediaType !== mediaTypes.PDF || !uncovered.has(ordered[i].name)) continue;
    const report = await validatePdf(await fs.promises.readFile(file.path), await deps.signing.trustStore());
    if (report.signatureCount > 0 && report.verdict === 'invalid') {
      return {
        code: 'exchange.attachment_signature_invalid',
        reasonVi: `Chữ ký số trên tệp đính kèm "${ordered[i].name}" không hợp lệ: ${report.reasons.map((r) => r.vi).join('; ')}`,
        reasonEn: `The signature of the attachment ${ordered[i].name} is invalid: ${report.reasons.map((r) => r.en).join('; ')}`,
      };
    }
  }
  return null;
}

/** A new (0) or replacing (3) document: the incoming record, its files, status 01, all in one transaction. */
async function accept(deps: ReceiveDeps, header: InboxBase & Partial<InboxRow>, doc: DocumentPackage): Promise<InboxRow | null> {
  const { db } = deps;
  const [earlier] = await db
    .select()
    .from(exchangeInbox)
    .where(
      and(
        eq(exchangeInbox.receiverOrganCode, header.receiverOrganCode),
        eq(exchangeInbox.documentId, doc.documentId),
        eq(exchangeInbox.outcome, 'ACCEPTED'),
      ),
    );
  if (earlier) {
    const [row] = await db
      .insert(exchangeInbox)
      .values({ ...header, outcome: 'DUPLICATE', incomingDocumentId: earlier.incomingDocumentId })
      .onConflictDoNothing()
      .returning();
    return row ?? null;
  }
  const files = await checkAttachments(doc);
  if ('code' in files) return refuse(deps, header, files);
  try {
    const badSignature =
      (await checkMainPdf(deps, await fs.promises.readFile(files.checked[0].path))) ??
      (await checkUncoveredPdfs(deps, files.ordered, files.checked, (header.notices as PackageNotice[] | undefined) ?? []));
    if (badSignature) return await refuse(deps, header, badSignature);
    const created = await storeUploads(db, deps.blobs, files.checked, (stored) =>
      db.transaction(async (tx) => {
        const [row] = await tx
          .insert(exchangeInbox)
          .values({ ...header, outcome: 'ACCEPTED' })
          .onConflictDoNothing()
          .returning();
        if (!row) return null;
        const draft = await insertDraft(
          tx,
          null,
          'VAN_THU',
          {
            organisationId: header.organisationId!,
            channel: 'AXIS',
            prefill: {
              issuerName: doc.from.organName,
              issuerOrganCode: doc.from.organId,
              number: doc.codeNumber,
              symbol: doc.codeNotation,
              issueDate: doc.promulgationDate,
              documentType: doc.documentType.typeName,
              subject: doc.subject,
              signerName: doc.signer.fullName || null,
              signerPosition: doc.signer.position || null,
              signerAuthority: doc.signer.competence || null,
              urgency: priorityUrgency[doc.priority],
            },
          },
          stored.map((s) => ({
            role: s.role,
            sha256: s.sha256,
            size: s.size,
            originalName: s.originalName,
            mediaType: s.mediaType,
            pageCount: s.pageCount,
            activeContent: s.activeContent,
          })),
        );
        await tx
          .update(incomingDocuments)
          .set({ dueDate: doc.dueDate ?? null, pageCount: doc.otherInfo?.pageAmount ?? stored[0].pageCount })
          .where(eq(incomingDocuments.id, draft.id));
        const [linked] = await tx
          .update(exchangeInbox)
          .set({ incomingDocumentId: draft.id })
          .where(eq(exchangeInbox.id, row.id))
          .returning();
        if (doc.business.docType === 3) await linkReplaced(tx, linked, doc, draft.id);
        await oweStatus(tx, {
          organisationId: linked.organisationId,
          fromOrganCode: linked.receiverOrganCode,
          toOrganCode: doc.from.organId,
          documentRef: documentRefOf(doc.documentId)!,
          statusCode: '01',
          description: 'Đã đến',
          incomingDocumentId: draft.id,
          inboxId: linked.id,
        });
        return linked;
      }),
    );
    return created;
  } finally {
    await files.cleanup();
  }
}

/** Văn bản thay thế: the earlier records named in ReplacementInfoList point to the new one, in its transaction. */
async function linkReplaced(tx: Tx, row: InboxRow, doc: DocumentPackage, newId: string) {
  const ids = (doc.business.replacement ?? []).map((r) => r.documentId);
  const earlier = await tx
    .select({ incomingDocumentId: exchangeInbox.incomingDocumentId })
    .from(exchangeInbox)
    .where(
      and(
        eq(exchangeInbox.receiverOrganCode, row.receiverOrganCode),
        inArray(exchangeInbox.documentId, ids),
        eq(exchangeInbox.outcome, 'ACCEPTED'),
      ),
    );
  for (const e of earlier) {
    if (!e.incomingDocumentId) continue;
    await tx.update(incomingDocuments).set({ replacedById: newId }).where(eq(incomingDocuments.id, e.incomingDocumentId));
    await recordAudit(tx, {
      actorId: null,
      actorRole: null,
      action: 'incoming.replaced',
      entityType: 'incoming_document',
      entityId: e.incomingDocumentId,
      data: { replacedBy: newId, documentId: doc.documentId, reason: doc.business.reason, inboxId: row.id },
    });
  }
}

/**
 * Thu hồi (1) / cập nhật (2): acts on the earlier record of the same sender, found by DocumentId (ResponseFor
 * for a revocation; the package's own DocumentId or ResponseFor for an update). 15 when applied, 16 with the
 * reason when the earlier document is unknown here.
 */
async function applyChange(deps: ReceiveDeps, header: InboxBase & Partial<InboxRow>, doc: DocumentPackage): Promise<InboxRow | null> {
  const revoke = doc.business.docType === 1;
  const targets = revoke
    ? (doc.responseFor ?? []).map((r) => r.documentId)
    : [doc.documentId, ...(doc.responseFor ?? []).map((r) => r.documentId)];
  const refOf = documentRefOf(revoke ? targets[0] : doc.documentId)!;
  return deps.db.transaction(async (tx) => {
    const earlier = await tx
      .select({ inbox: exchangeInbox, doc: incomingDocuments })
      .from(exchangeInbox)
      .innerJoin(incomingDocuments, eq(incomingDocuments.id, exchangeInbox.incomingDocumentId))
      .where(
        and(
          eq(exchangeInbox.receiverOrganCode, header.receiverOrganCode),
          inArray(exchangeInbox.documentId, targets),
          eq(exchangeInbox.outcome, 'ACCEPTED'),
          eq(exchangeInbox.senderOrganCode, doc.from.organId),
        ),
      );
    const what = revoke ? { vi: 'thu hồi', en: 'revoke' } : { vi: 'cập nhật', en: 'update' };
    if (!earlier.length) {
      const reasonVi = `Không tìm thấy văn bản ${targets[0]} của cơ quan gửi để ${what.vi}`;
      const [row] = await tx
        .insert(exchangeInbox)
        .values({
          ...header,
          outcome: 'CHANGE_REFUSED',
          reasonCode: 'exchange.unknown_document',
          reasonVi,
          reasonEn: `No earlier document ${targets.join(', ')} from ${doc.from.organId} to ${what.en}`,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) return null;
      await oweStatus(tx, {
        organisationId: row.organisationId,
        fromOrganCode: row.receiverOrganCode,
        toOrganCode: doc.from.organId,
        documentRef: refOf,
        statusCode: '16',
        description: reasonVi,
        inboxId: row.id,
      });
      return row;
    }
    const [row] = await tx
      .insert(exchangeInbox)
      .values({ ...header, outcome: 'APPLIED', incomingDocumentId: earlier[0].doc.id })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    const now = new Date();
    for (const { doc: target } of earlier) {
      if (revoke) {
        await tx
          .update(incomingDocuments)
          .set({ revokedAt: now, revokedReason: doc.business.reason || 'Thu hồi văn bản' })
          .where(eq(incomingDocuments.id, target.id));
        await recordAudit(tx, {
          actorId: null,
          actorRole: null,
          action: 'incoming.revoked',
          entityType: 'incoming_document',
          entityId: target.id,
          data: { reason: doc.business.reason, documentId: doc.documentId, inboxId: row.id },
        });
      } else {
        const changes = {
          subject: doc.subject,
          documentType: doc.documentType.typeName,
          signerName: doc.signer.fullName || null,
          signerPosition: doc.signer.position || null,
          signerAuthority: doc.signer.competence || null,
          urgency: priorityUrgency[doc.priority],
          dueDate: doc.dueDate ?? null,
          pageCount: doc.otherInfo?.pageAmount ?? target.pageCount,
        };
        const before = Object.fromEntries(Object.keys(changes).map((k) => [k, target[k as keyof typeof changes]]));
        await tx
          .update(incomingDocuments)
          .set({ ...changes, exchangeUpdatedAt: now })
          .where(eq(incomingDocuments.id, target.id));
        await recordAudit(tx, {
          actorId: null,
          actorRole: null,
          action: 'incoming.updated_by_sender',
          entityType: 'incoming_document',
          entityId: target.id,
          data: { before, after: changes, reason: doc.business.reason, documentId: doc.documentId, inboxId: row.id },
        });
      }
    }
    await oweStatus(tx, {
      organisationId: row.organisationId,
      fromOrganCode: row.receiverOrganCode,
      toOrganCode: doc.from.organId,
      documentRef: refOf,
      statusCode: '15',
      description: revoke ? 'Đồng ý thu hồi văn bản' : 'Đồng ý cập nhật văn bản',
      incomingDocumentId: earlier[0].doc.id,
      inboxId: row.id,
    });
    return row;
  });
}

/** Records a refused package and, when its sender and DocumentId could be read, owes it status 02 with the reason. */
async function refuse(deps: ReceiveDeps, header: InboxBase & Partial<InboxRow>, why: Refusal): Promise<InboxRow | null> {
  return deps.db.transaction(async (tx) => {
    const organisation = header.organisationId ?? (await ourOrganisation(tx, header.receiverOrganCode))?.id ?? null;
    const [row] = await tx
      .insert(exchangeInbox)
      .values({
        ...header,
        organisationId: organisation,
        outcome: 'REFUSED',
        reasonCode: why.code,
        reasonVi: why.reasonVi,
        reasonEn: why.reasonEn,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    const ref = header.documentId ? documentRefOf(header.documentId) : null;
    if (ref && header.senderOrganCode && header.senderOrganCode !== header.receiverOrganCode) {
      await oweStatus(tx, {
        organisationId: organisation,
        fromOrganCode: row.receiverOrganCode,
        toOrganCode: header.senderOrganCode,
        documentRef: ref,
        statusCode: '02',
        description: `Từ chối tiếp nhận: ${why.reasonVi}`,
        inboxId: row.id,
      });
    }
    return row;
  });
}

const changeTitle: Record<string, { vi: string; en: string }> = {
  ACCEPTED: { vi: 'Văn bản đến qua trục liên thông', en: 'Received over the exchange' },
  APPLIED: { vi: 'Cơ quan gửi đã thu hồi/cập nhật văn bản', en: 'The sender revoked or updated a document' },
  CHANGE_REFUSED: { vi: 'Yêu cầu thu hồi/cập nhật văn bản không xác định', en: 'Revocation or update of an unknown document' },
  REFUSED: { vi: 'Gói tin liên thông bị từ chối', en: 'An exchange package was refused' },
};

/**
 * After the commit (and again, idempotently, for a row found unacknowledged by a later poll): queue the files'
 * extraction and signature validation, tell the clerks, acknowledge the axis message, send the owed statuses.
 */
async function afterCommit(deps: ReceiveDeps, transport: ExchangeTransport, row: InboxRow) {
  const { db } = deps;
  // Listed again although acknowledged (the axis lost our ack): acknowledge again, nothing else.
  if (row.ackedAt) return transport.ack(row.hubMessageId);
  if (row.outcome === 'ACCEPTED' && row.incomingDocumentId) {
    const files = await db
      .select({ id: incomingFiles.id, mediaType: incomingFiles.mediaType })
      .from(incomingFiles)
      .where(eq(incomingFiles.documentId, row.incomingDocumentId));
    const images = files.filter((f) => isImage(f.mediaType)).map((f) => f.id);
    if (images.length)
      await db
        .update(incomingFiles)
        .set({ extractionState: 'PENDING' })
        .where(and(inArray(incomingFiles.id, images), eq(incomingFiles.extractionState, 'NOT_APPLICABLE')));
    await enqueueTextExtraction(
      deps.extractionQueue,
      files.filter((f) => f.mediaType === mediaTypes.PDF).map((f) => f.id),
      images,
    );
  }
  const title = changeTitle[row.outcome];
  if (title && row.organisationId) {
    const header = row.header as Partial<DocumentPackage> | null;
    const label = header?.codeNumber
      ? `${header.codeNumber}/${header.codeNotation} — ${header.subject ?? ''}`
      : (row.documentId ?? row.messageId);
    const reason = row.reasonVi ? ` (${row.reasonVi})` : '';
    const notices = (row.notices as PackageNotice[] | null) ?? [];
    const noticeVi = notices.map((n) => ` ${n.vi}`).join('');
    const noticeEn = notices.map((n) => ` ${n.en}`).join('');
    await deps.notifier.send(
      (await clerksOf(db, row.organisationId)).map((userId) => ({
        userId,
        kind: `exchange.${row.outcome.toLowerCase()}`,
        titleVi: `${title.vi}: ${label}${reason}${noticeVi}`,
        titleEn: `${title.en}: ${label}${row.reasonEn ? ` (${row.reasonEn})` : ''}${noticeEn}`,
        link: row.incomingDocumentId ? `/incoming/${row.incomingDocumentId}` : '/incoming',
        dedupeKey: `exchange:${row.id}`,
      })),
    );
  }
  await transport.ack(row.hubMessageId);
  await db
    .update(exchangeInbox)
    .set({ ackedAt: new Date() })
    .where(and(eq(exchangeInbox.id, row.id), isNull(exchangeInbox.ackedAt)));
  await enqueueStatusSends(db, deps.receiveQueue, deps.statusSends, await owedFor(db, row.id));
}

async function owedFor(db: Db, inboxId: string): Promise<string[]> {
  return (await db.select({ id: exchangeStatusesSent.id }).from(exchangeStatusesSent).where(eq(exchangeStatusesSent.inboxId, inboxId))).map(
    (r) => r.id,
  );
}
