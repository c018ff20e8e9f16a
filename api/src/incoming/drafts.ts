import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import type { Tx } from '../db/client';
import type { ActiveContentKind } from '../files/active-content';
import { mediaTypes } from '../files/media-type';
import type { Role } from '../users/roles';
import { isImage } from './ocr';
import { incomingDocuments, incomingFiles, type channels } from './schema';

// Apart from service.ts: the clerk's intake, forwarding, internal dispatch (outgoing) and the exchange's
// receiver all write drafts, and service.ts itself reads forwarding; the writer depends on none of them.

type DocumentRow = typeof incomingDocuments.$inferSelect;

/** Metadata an internal sender already knows (dispatch from an outgoing document); a clerk's intake has none. */
export type DraftPrefill = Partial<
  Pick<
    DocumentRow,
    | 'issuerName'
    | 'issuerOrganCode'
    | 'number'
    | 'symbol'
    | 'issueDate'
    | 'documentType'
    | 'subject'
    | 'signerName'
    | 'signerPosition'
    | 'signerAuthority'
    | 'urgency'
    | 'secrecy'
    | 'dueDate'
    | 'sourceOutgoingId'
  >
>;

export interface DraftFile {
  role: 'MAIN' | 'ATTACHMENT';
  sha256: string;
  size: number;
  originalName: string;
  mediaType: string;
  pageCount: number | null;
  /** What files/check.ts found in a PDF; absent for files the system made itself. */
  activeContent?: ActiveContentKind[] | null;
  /** The image as received of a scan whose wrapped PDF is the main file: kept, not OCR'd a second time. */
  scanOriginal?: true;
}

/**
 * Writes a draft (received, not yet registered) incoming document with files already in the blob store,
 * in the caller's transaction, and audits it. Used by the clerk's intake, by internal dispatch of an
 * issued outgoing document into the recipient organisation, and (actor null: the system) by the exchange's
 * receiving worker. Returns the ids of PDF files to extract.
 */
export async function insertDraft(
  tx: Tx,
  actor: Actor | null,
  actorRole: Role,
  input: { organisationId: string; channel: (typeof channels)[number]; receivedAt?: string; prefill?: DraftPrefill },
  files: DraftFile[],
): Promise<{ id: string; pdfFileIds: string[]; imageFileIds: string[] }> {
  const [doc] = await tx
    .insert(incomingDocuments)
    .values({
      ...input.prefill,
      organisationId: input.organisationId,
      channel: input.channel,
      receivedAt: input.receivedAt ? new Date(input.receivedAt) : undefined,
      pageCount: files[0].pageCount,
      createdBy: actor?.userId ?? null,
    })
    .returning({ id: incomingDocuments.id });
  const rows = await tx
    .insert(incomingFiles)
    .values(
      files.map((f, ordinal) => ({
        documentId: doc.id,
        role: f.role,
        ordinal,
        sha256: f.sha256,
        size: f.size,
        originalName: f.originalName,
        mediaType: f.mediaType,
        pageCount: f.pageCount,
        activeContent: f.activeContent ?? null,
        extractionState: f.mediaType === mediaTypes.PDF ? ('PENDING' as const) : ('NOT_APPLICABLE' as const),
      })),
    )
    .returning({ id: incomingFiles.id, mediaType: incomingFiles.mediaType });
  await recordAudit(tx, {
    ...(actor ? auditActor(actor, actorRole) : { actorId: null, actorRole: null }),
    action: 'incoming.create',
    entityType: 'incoming_document',
    entityId: doc.id,
    data: {
      organisationId: input.organisationId,
      channel: input.channel,
      sourceOutgoingId: input.prefill?.sourceOutgoingId,
      files: files.map((f) => ({ role: f.role, name: f.originalName, sha256: f.sha256, size: f.size })),
    },
  });
  return {
    id: doc.id,
    pdfFileIds: rows.filter((r) => r.mediaType === mediaTypes.PDF).map((r) => r.id),
    imageFileIds: rows.filter((r, i) => isImage(r.mediaType) && !files[i].scanOriginal).map((r) => r.id),
  };
}
