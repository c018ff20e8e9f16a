import { aliasedTable, and, asc, eq, inArray } from 'drizzle-orm';
import { todayInVietnam, viDate } from '../calendar/working-days';
import type { Db, Tx } from '../db/client';
import { mediaTypes } from '../files/media-type';
import { incomingAssignments } from '../incoming/processing-schema';
import { incomingDocuments, incomingFiles, urgencies } from '../incoming/schema';
import { organisations, units } from '../organisations/schema';
import { documentTypeOf, formatNumber, numberAndSymbol } from '../outgoing/document-types';
import { currentFiles, ensureIssuedCopy } from '../outgoing/issued-copy';
import { outgoingDocuments, outgoingRecipients } from '../outgoing/schema';
import type { BlobStore } from '../storage/blob-store';
import { users } from '../users/schema';
import { caseFileDocuments, caseFileImportedFiles, type FiledDocumentKind } from './schema';

/**
 * ND 30 Phụ lục VI part I (outgoing) and part II (incoming) fields of a document, in the order of the decree, as
 * text (numbers too, so a package round-trips to the same bytes). FileCode and DocOrdinal come from the case file.
 */
export const outgoingFieldNames = [
  'TypeName',
  'CodeNumber',
  'CodeNotation',
  'IssuedDate',
  'OrganName',
  'Subject',
  'Language',
  'PageAmount',
  'Description',
  'Position',
  'FullName',
  'Priority',
  'IssuedAmount',
  'DueDate',
] as const;
export const incomingFieldNames = [
  'TypeName',
  'CodeNumber',
  'CodeNotation',
  'IssuedDate',
  'OrganName',
  'Subject',
  'Language',
  'PageAmount',
  'Description',
  'ArrivalDate',
  'ArrivalNumber',
  'Position',
  'FullName',
  'Priority',
  'ToPlaces',
  'TraceHeaderList',
  'DueDate',
] as const;
export const fieldNamesOf = (kind: FiledDocumentKind): readonly string[] => (kind === 'OUTGOING' ? outgoingFieldNames : incomingFieldNames);

export interface DocumentMetadata {
  kind: FiledDocumentKind;
  fields: Record<string, string | null>;
  /** Nơi nhận of an outgoing document (field 13: OrganId, OrganName). */
  to: { organId: string | null; organName: string }[];
}

export interface PackageFile {
  name: string;
  mediaType: string;
  sha256: string;
}

/** A filed document as the case file shows it and as a package carries it. */
export interface FiledDocument {
  entryId: string;
  ordinal: number;
  kind: FiledDocumentKind;
  /** The incoming or outgoing document on this system; null for one imported from a package. */
  documentId: string | null;
  metadata: DocumentMetadata;
  files: PackageFile[];
}

const DEFAULT_LANGUAGE = 'Tiếng Việt';
const str = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? null : String(v));
const priorityOf = (u: (typeof urgencies)[number]) => String(urgencies.indexOf(u));
const fill = (names: readonly string[], values: Record<string, string | null>) =>
  Object.fromEntries(names.map((n) => [n, values[n] ?? null]));

async function incomingRecords(db: Db | Tx, ids: string[]) {
  if (ids.length === 0) return new Map<string, Omit<FiledDocument, 'entryId' | 'ordinal'>>();
  const docs = await db.select().from(incomingDocuments).where(inArray(incomingDocuments.id, ids));
  const files = await db
    .select()
    .from(incomingFiles)
    .where(inArray(incomingFiles.documentId, ids))
    .orderBy(asc(incomingFiles.role), asc(incomingFiles.ordinal));
  const person = aliasedTable(users, 'person');
  const lines = await db
    .select({ a: incomingAssignments, unitName: units.name, userName: person.fullName })
    .from(incomingAssignments)
    .leftJoin(units, eq(units.id, incomingAssignments.unitId))
    .leftJoin(person, eq(person.id, incomingAssignments.userId))
    .where(and(inArray(incomingAssignments.documentId, ids), eq(incomingAssignments.active, true)))
    .orderBy(asc(incomingAssignments.assignedAt));
  const roleVi = { CHU_TRI: 'Chủ trì', PHOI_HOP: 'Phối hợp', DE_BIET: 'Để biết' } as const;
  return new Map(
    docs.map((d) => {
      const mine = lines.filter((l) => l.a.documentId === d.id);
      const own = files.filter((f) => f.documentId === d.id);
      const fields = fill(incomingFieldNames, {
        TypeName: str(d.documentType),
        CodeNumber: str(d.number),
        CodeNotation: str(d.symbol),
        IssuedDate: str(d.issueDate),
        OrganName: str(d.issuerName),
        Subject: str(d.subject),
        Language: DEFAULT_LANGUAGE,
        PageAmount: str(d.pageCount ?? own.find((f) => f.role === 'MAIN')?.pageCount),
        ArrivalDate: d.registeredAt ? todayInVietnam(d.receivedAt) : null,
        ArrivalNumber: str(d.arrivalNumber),
        Position: str(d.signerPosition),
        FullName: str(d.signerName),
        Priority: priorityOf(d.urgency),
        ToPlaces: str(
          mine
            .map((l) => l.unitName ?? l.userName)
            .filter(Boolean)
            .join('; '),
        ),
        TraceHeaderList: str(
          mine
            .map(
              (l) =>
                `${roleVi[l.a.role]}: ${l.unitName ?? l.userName ?? ''}${l.a.dueDate ? ` (hạn ${viDate(l.a.dueDate)})` : ''}${l.a.instruction ? ` — ${l.a.instruction}` : ''}`,
            )
            .join('\n'),
        ),
        DueDate: str(d.dueDate),
      });
      const record: Omit<FiledDocument, 'entryId' | 'ordinal'> = {
        kind: 'INCOMING',
        documentId: d.id,
        metadata: { kind: 'INCOMING', fields, to: [] },
        files: own.map((f) => ({ name: f.originalName, mediaType: f.mediaType, sha256: f.sha256 })),
      };
      return [d.id, record] as const;
    }),
  );
}

async function outgoingRecords(db: Db, blobs: BlobStore | null, ids: string[]) {
  const out = new Map<string, Omit<FiledDocument, 'entryId' | 'ordinal'>>();
  if (ids.length === 0) return out;
  const signer = aliasedTable(users, 'signer');
  const rows = await db
    .select({ d: outgoingDocuments, orgName: organisations.name, signerName: signer.fullName, signerPosition: signer.position })
    .from(outgoingDocuments)
    .innerJoin(organisations, eq(organisations.id, outgoingDocuments.organisationId))
    .leftJoin(signer, eq(signer.id, outgoingDocuments.signerId))
    .where(inArray(outgoingDocuments.id, ids));
  const recipients = await db
    .select()
    .from(outgoingRecipients)
    .where(inArray(outgoingRecipients.documentId, ids))
    .orderBy(asc(outgoingRecipients.ordinal));
  for (const { d, orgName, signerName, signerPosition } of rows) {
    const files = await currentFiles(db, d);
    const main = files.find((f) => f.role === 'MAIN');
    const to = recipients.filter((r) => r.documentId === d.id).map((r) => ({ organId: r.organCode, organName: r.name }));
    const fields = fill(outgoingFieldNames, {
      TypeName: documentTypeOf(d.documentType)?.name ?? d.documentType,
      CodeNumber: d.issuedNumber === null ? null : formatNumber(d.issuedNumber),
      CodeNotation: str(d.symbol),
      IssuedDate: str(d.issueDate),
      OrganName: orgName,
      Subject: d.subject,
      Language: DEFAULT_LANGUAGE,
      PageAmount: str(main?.pageCount),
      Position: str(signerPosition),
      FullName: str(signerName),
      Priority: priorityOf(d.urgency),
      IssuedAmount: str(to.length || null),
    });
    // The signed version: the issued copy (number drawn on, sealed when signed digitally), else the signed PDF.
    const issued = blobs ? await ensureIssuedCopy(db, blobs, d.id) : (d.issuedSha256 ?? undefined);
    const signed = issued ?? d.signedSha256;
    const name =
      d.issuedNumber !== null && d.symbol
        ? `${numberAndSymbol(d.issuedNumber, d.symbol).replace(/\//g, '_')}.pdf`
        : (main?.originalName ?? 'van-ban.pdf');
    const packaged: PackageFile[] = [
      ...(signed
        ? [{ name, mediaType: mediaTypes.PDF, sha256: signed }]
        : main
          ? [{ name: main.originalName, mediaType: main.mediaType, sha256: main.sha256 }]
          : []),
      ...files.filter((f) => f.role === 'ATTACHMENT').map((f) => ({ name: f.originalName, mediaType: f.mediaType, sha256: f.sha256 })),
    ];
    out.set(d.id, { kind: 'OUTGOING', documentId: d.id, metadata: { kind: 'OUTGOING', fields, to }, files: packaged });
  }
  return out;
}

/**
 * The documents of a case file in DocOrdinal order, with their ND 30 metadata and the files a package carries.
 * With `blobs`, an issued outgoing copy missing from the store is rebuilt (for export); without, stored hashes only.
 */
export async function filedDocuments(db: Db, caseFileId: string, blobs: BlobStore | null = null): Promise<FiledDocument[]> {
  const entries = await db
    .select()
    .from(caseFileDocuments)
    .where(eq(caseFileDocuments.caseFileId, caseFileId))
    .orderBy(asc(caseFileDocuments.ordinal));
  const incoming = await incomingRecords(
    db,
    entries.flatMap((e) => (e.incomingDocumentId ? [e.incomingDocumentId] : [])),
  );
  const outgoing = await outgoingRecords(
    db,
    blobs,
    entries.flatMap((e) => (e.outgoingDocumentId ? [e.outgoingDocumentId] : [])),
  );
  const importedIds = entries.filter((e) => e.importedMetadata !== null).map((e) => e.id);
  const imported = importedIds.length
    ? await db
        .select()
        .from(caseFileImportedFiles)
        .where(inArray(caseFileImportedFiles.caseFileDocumentId, importedIds))
        .orderBy(asc(caseFileImportedFiles.ordinal))
    : [];
  return entries.map((e) => {
    const native = e.incomingDocumentId
      ? incoming.get(e.incomingDocumentId)
      : e.outgoingDocumentId
        ? outgoing.get(e.outgoingDocumentId)
        : undefined;
    if (native) return { entryId: e.id, ordinal: e.ordinal, ...native };
    return {
      entryId: e.id,
      ordinal: e.ordinal,
      kind: e.importedKind!,
      documentId: null,
      metadata: e.importedMetadata as DocumentMetadata,
      files: imported.filter((f) => f.caseFileDocumentId === e.id).map((f) => ({ name: f.name, mediaType: f.mediaType, sha256: f.sha256 })),
    };
  });
}

/** PageTotal: the sum of the documents' PageAmount. */
export const pageTotalOf = (docs: FiledDocument[]) => docs.reduce((n, d) => n + (Number(d.metadata.fields.PageAmount) || 0), 0);
