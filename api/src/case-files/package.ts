import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { DOMParser, type Element } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { and, eq } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import type { Db } from '../db/client';
import { discardUnreferenced } from '../files/blob-refs';
import { readZip, ZipError, type ZipLimits } from '../files/zip';
import { controlCharacterProblem, forbidden, notFound } from '../http/problem';
import { ARCHIVIST_ROLES, organisationsWhere, roleIn } from '../incoming/access';
import { readAll, type BlobStore } from '../storage/blob-store';
import { mayWorkOn, requireReadable, wrongStatus, type CaseFileRow } from './access';
import { archivedVersions } from './archive-timestamps';
import { fieldNamesOf, filedDocuments, pageTotalOf, type DocumentMetadata, type FiledDocument } from './documents';
import { maintenanceLabel, parseMaintenance } from './retention';
import { caseFileDocuments, caseFileImportedFiles, caseFiles, filedDocumentKinds, type FiledDocumentKind } from './schema';
import { visibleDocumentIds } from './listing';
import { fileCodeOf } from './summary';
import { createCaseFileSchema } from './validation';
import { problem } from '../http/problems';

/**
 * The package an archive takes in: every document's files (the signed versions), metadata.xml with the fields of
 * ND 30 Phụ lục VI (part III for the case file, parts I/II per document), the same as metadata.csv, and
 * manifest-sha256.txt with the SHA-256 of every other entry ("<hex>  <path>", as sha256sum writes it).
 */
export const MANIFEST = 'manifest-sha256.txt';
export const METADATA_XML = 'metadata.xml';
export const METADATA_CSV = 'metadata.csv';
const NS = 'urn:vanthu:nd30:phu-luc-vi:1';

const caseFileFieldNames = [
  'Title',
  'Maintenance',
  'Rights',
  'Creator',
  'Language',
  'StartDate',
  'EndDate',
  'DocTotal',
  'PageTotal',
  'Description',
] as const;
type CaseFileFields = Record<(typeof caseFileFieldNames)[number], string | null>;

interface PackageDocument {
  ordinal: number;
  metadata: DocumentMetadata;
  files: { path: string; name: string; mediaType: string; sha256: string; size: number }[];
}

interface CaseFilePackage {
  fileCode: { organId: string; fileCatalog: number; fileNotation: string };
  fields: CaseFileFields;
  documents: PackageDocument[];
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const el = (name: string, value: string | null, indent: string) =>
  value === null ? `${indent}<${name}/>` : `${indent}<${name}>${esc(value)}</${name}>`;
const safeName = (name: string) => name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').slice(0, 150) || 'tep';
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

function fileCodeXml(fc: CaseFilePackage['fileCode'], indent: string) {
  return [
    `${indent}<FileCode>`,
    el('OrganId', fc.organId, `${indent}  `),
    el('FileCatalog', String(fc.fileCatalog), `${indent}  `),
    el('FileNotation', fc.fileNotation, `${indent}  `),
    `${indent}</FileCode>`,
  ];
}

/** metadata.xml: fixed element order and no timestamps, so the same case file always gives the same bytes. */
export function metadataXml(p: CaseFilePackage): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<HoSo xmlns="${NS}">`, ...fileCodeXml(p.fileCode, '  ')];
  for (const n of caseFileFieldNames) out.push(el(n, p.fields[n], '  '));
  out.push('  <Documents>');
  for (const d of p.documents) {
    const i = '      ';
    out.push(`    <Document kind="${d.metadata.kind}">`, ...fileCodeXml(p.fileCode, i), el('DocOrdinal', String(d.ordinal), i));
    for (const n of fieldNamesOf(d.metadata.kind)) {
      if (n === 'FullName') continue;
      if (n === 'Position') {
        out.push(
          `${i}<SignerInfo>`,
          el('Position', d.metadata.fields.Position, `${i}  `),
          el('FullName', d.metadata.fields.FullName, `${i}  `),
          `${i}</SignerInfo>`,
        );
        if (d.metadata.kind === 'OUTGOING') {
          out.push(`${i}<To>`);
          for (const t of d.metadata.to)
            out.push(`${i}  <Organ>`, el('OrganId', t.organId, `${i}    `), el('OrganName', t.organName, `${i}    `), `${i}  </Organ>`);
          out.push(`${i}</To>`);
        }
        continue;
      }
      out.push(el(n, d.metadata.fields[n], i));
    }
    out.push(`${i}<Files>`);
    for (const f of d.files)
      out.push(
        `${i}  <File path="${esc(f.path)}" name="${esc(f.name)}" mediaType="${esc(f.mediaType)}" size="${f.size}" sha256="${f.sha256}"/>`,
      );
    out.push(`${i}</Files>`, '    </Document>');
  }
  out.push('  </Documents>', '</HoSo>', '');
  return out.join('\n');
}

/** A spreadsheet reads a cell starting with = + - @ (or a tab or CR before one) as a formula: such text gets a leading ' (OWASP CSV injection). */
const neutralised = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const csvCell = (v: string | null) => {
  if (v === null) return '';
  const s = neutralised(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const documentColumns = [...new Set([...fieldNamesOf('OUTGOING'), ...fieldNamesOf('INCOMING')])].filter(
  (n) => n !== 'Language' && n !== 'Description',
);

/** metadata.csv: one row for the case file (HOSO), one per document (VANBAN), the union of the fields as columns; UTF-8 with BOM for spreadsheets. */
export function metadataCsv(p: CaseFilePackage): string {
  const header = [
    'Level',
    'OrganId',
    'FileCatalog',
    'FileNotation',
    'DocOrdinal',
    ...caseFileFieldNames,
    'Kind',
    ...documentColumns,
    'To',
    'Files',
  ];
  const fc = [p.fileCode.organId, String(p.fileCode.fileCatalog), p.fileCode.fileNotation];
  const rows = [
    header,
    ['HOSO', ...fc, null, ...caseFileFieldNames.map((n) => p.fields[n]), ...Array(documentColumns.length + 3).fill(null)],
  ];
  for (const d of p.documents) {
    const f = d.metadata.fields;
    rows.push([
      'VANBAN',
      ...fc,
      String(d.ordinal),
      ...caseFileFieldNames.map((n) => (n === 'Language' || n === 'Description' ? (f[n] ?? null) : null)),
      d.metadata.kind,
      ...documentColumns.map((n) => f[n] ?? null),
      d.metadata.to.map((t) => (t.organId ? `${t.organId} ${t.organName}` : t.organName)).join('; ') || null,
      d.files.map((x) => `${x.path} (sha256 ${x.sha256})`).join('; '),
    ]);
  }
  return `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function caseFileFields(cf: CaseFileRow, docs: FiledDocument[]): CaseFileFields {
  return {
    Title: cf.title,
    Maintenance: maintenanceLabel(cf.retentionYears),
    Rights: cf.rights,
    Creator: cf.creatorName,
    Language: cf.language,
    StartDate: cf.startDate,
    EndDate: cf.endDate,
    DocTotal: String(docs.length),
    PageTotal: String(pageTotalOf(docs)),
    Description: cf.description,
  };
}

/** Builds the ZIP of a case file. Those who work on it and the organisation's archivists, if they may open every document in it; not once disposed. */
export async function exportCaseFile(db: Db, blobs: BlobStore, actor: Actor, id: string) {
  const cf = await requireReadable(db, actor, id);
  if (!mayWorkOn(actor, cf))
    throw forbidden('Only those who work on the case file (its unit, responsible person, leaders, archivists) export it');
  if (cf.status === 'DISPOSED') throw wrongStatus(cf, 'case_file.disposed#export');
  const docs = await filedDocuments(db, id, blobs);
  // The package carries every document's metadata and files: whoever may not open one of them (a secret document
  // without a grant) does not export the file, rather than receive a package with holes or with what they may not see.
  const visible = await visibleDocumentIds(db, actor, docs);
  const hidden = docs.filter((d) => d.documentId !== null && !visible.has(d.documentId)).length;
  if (hidden > 0) {
    throw problem('case_file.export_restricted', { hidden });
  }
  const zip = new JSZip();
  const manifest: string[] = [];
  const add = (path: string, bytes: Buffer) => {
    zip.file(path, bytes);
    manifest.push(`${sha256(bytes)}  ${path}`);
  };
  const documents: PackageDocument[] = [];
  // A transferred file's signed PDFs as the archive keeps them (PAdES B-LTA), not as they were filed.
  const archived = await archivedVersions(db, id);
  for (const d of docs) {
    const files: PackageDocument['files'] = [];
    for (const [i, f] of d.files.entries()) {
      const bytes = await readAll(await blobs.get(archived.get(f.sha256) ?? f.sha256));
      const path = `files/${pad(d.ordinal, 3)}/${pad(i + 1, 2)}_${safeName(f.name)}`;
      add(path, bytes);
      files.push({ path, name: f.name, mediaType: f.mediaType, sha256: sha256(bytes), size: bytes.length });
    }
    documents.push({ ordinal: d.ordinal, metadata: d.metadata, files });
  }
  const pkg: CaseFilePackage = {
    fileCode: { organId: cf.organId, fileCatalog: cf.year, fileNotation: cf.notation },
    fields: caseFileFields(cf, docs),
    documents,
  };
  add(METADATA_XML, Buffer.from(metadataXml(pkg)));
  add(METADATA_CSV, Buffer.from(metadataCsv(pkg)));
  zip.file(MANIFEST, `${manifest.join('\n')}\n`);
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
  await recordAudit(db, {
    ...auditActor(actor, roleIn(actor, cf.organisationId)),
    action: 'case_file.export',
    entityType: 'case_file',
    entityId: id,
    data: { files: manifest.length, sha256: sha256(bytes) },
  });
  return { bytes, name: `ho-so_${fileCodeOf(cf).replace(/[^0-9A-Za-z.-]/g, '-')}.zip` };
}

const child = (parent: Element, name: string): Element | undefined => {
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).localName === name) return n as Element;
  return undefined;
};
const children = (parent: Element, name: string): Element[] => {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).localName === name) out.push(n as Element);
  return out;
};
const textOf = (parent: Element, name: string): string | null => {
  const e = child(parent, name);
  const t = e?.textContent ?? '';
  return t === '' ? null : t;
};
function required(parent: Element, name: string, where: string): string {
  const v = textOf(parent, name);
  if (v === null)
    throw problem('case_file.package_invalid#metadata_xml_is_missing', { where, name }, { field: `${METADATA_XML}/${where}${name}` });
  return v;
}

/** Reads metadata.xml back into the structure metadataXml wrote. */
export function parseMetadataXml(xml: string): CaseFilePackage {
  // Our packages carry no DTD; refusing one rules out entity tricks whatever the parser does with them.
  if (/<!DOCTYPE/i.test(xml)) throw problem('case_file.package_invalid#metadata_xml_must_not', {}, { field: METADATA_XML });
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (errors.length || !root || root.localName !== 'HoSo')
    throw problem(
      'case_file.package_invalid#metadata_xml_is_not',
      { firstError: errors.length ? `: ${errors[0]}` : '' },
      { field: METADATA_XML },
    );
  const fcEl = child(root, 'FileCode');
  if (!fcEl) throw problem('case_file.package_invalid#metadata_xml_filecode_is', {}, { field: `${METADATA_XML}/FileCode` });
  const fileCatalog = Number(required(fcEl, 'FileCatalog', 'FileCode/'));
  if (!Number.isInteger(fileCatalog))
    throw problem('case_file.package_invalid#metadata_xml_filecode_filecatalog', {}, { field: `${METADATA_XML}/FileCode/FileCatalog` });
  const fileCode = {
    organId: required(fcEl, 'OrganId', 'FileCode/'),
    fileCatalog,
    fileNotation: required(fcEl, 'FileNotation', 'FileCode/'),
  };
  const fields = Object.fromEntries(caseFileFieldNames.map((n) => [n, textOf(root, n)])) as CaseFileFields;
  required(root, 'Title', '');
  const documents = children(child(root, 'Documents') ?? root, 'Document').map((d, i): PackageDocument => {
    const kind = d.getAttribute('kind') as FiledDocumentKind;
    if (!filedDocumentKinds.includes(kind)) throw problem('case_file.package_invalid#metadata_xml_document_has', { document: i + 1, kind });
    const signer = child(d, 'SignerInfo');
    const values = Object.fromEntries(
      fieldNamesOf(kind).map((n) => [n, n === 'Position' || n === 'FullName' ? (signer ? textOf(signer, n) : null) : textOf(d, n)]),
    );
    const to =
      kind === 'OUTGOING'
        ? children(child(d, 'To') ?? d, 'Organ').map((o) => ({ organId: textOf(o, 'OrganId'), organName: textOf(o, 'OrganName') ?? '' }))
        : [];
    const files = children(child(d, 'Files') ?? d, 'File').map((f) => ({
      path: f.getAttribute('path') ?? '',
      name: f.getAttribute('name') ?? '',
      mediaType: f.getAttribute('mediaType') || 'application/octet-stream',
      sha256: (f.getAttribute('sha256') ?? '').toLowerCase(),
      size: Number(f.getAttribute('size')),
    }));
    return { ordinal: Number(required(d, 'DocOrdinal', `Document[${i + 1}]/`)), metadata: { kind, fields: values, to }, files };
  });
  const ordinals = documents.map((d) => d.ordinal).sort((a, b) => a - b);
  if (ordinals.some((o, i) => o !== i + 1)) {
    throw problem(
      'case_file.package_invalid#docordinal_must_run_1',
      { length: documents.length, ordinals: ordinals.join(', ') },
      { field: `${METADATA_XML}/DocOrdinal` },
    );
  }
  const code = createCaseFileSchema
    .pick({ notation: true, title: true })
    .safeParse({ notation: fileCode.fileNotation, title: fields.Title });
  if (!code.success)
    throw problem(
      'case_file.package_invalid#metadata_xml',
      { issues: code.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') },
      { field: `${METADATA_XML}/FileCode` },
    );
  const pkg = { fileCode, fields, documents };
  const control = controlCharacterProblem(pkg, 'body');
  if (control)
    throw problem(
      'case_file.package_invalid#metadata_xml_hold_control',
      { errors: control.errors!.map((e) => e.path).join(', ') },
      { field: METADATA_XML },
    );
  return pkg;
}

/** Every entry but the manifest must be listed in it with its SHA-256, and every listed entry present; else 422 naming the file. */
function verifiedEntries(all: Map<string, Buffer>): Map<string, Buffer> {
  const manifestBytes = all.get(MANIFEST);
  if (!manifestBytes) throw problem('case_file.package_invalid#no_manifest', { MANIFEST }, { field: MANIFEST });
  const listed = new Map<string, string>();
  for (const [n, line] of manifestBytes.toString('utf8').split('\n').entries()) {
    if (!line.trim()) continue;
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line.replace(/\r$/, ''));
    if (!m) throw problem('case_file.package_invalid#line_is_not_sha256', { line: n + 1, MANIFEST }, { field: MANIFEST });
    listed.set(m[2], m[1].toLowerCase());
  }
  const entries = new Map<string, Buffer>();
  for (const [name, bytes] of all) {
    if (name === MANIFEST) continue;
    const expected = listed.get(name);
    if (!expected) throw problem('case_file.package_unlisted', { name, MANIFEST }, { field: name });
    if (sha256(bytes) !== expected) throw problem('case_file.checksum_mismatch#sha_256_of_does', { name, MANIFEST }, { field: name });
    entries.set(name, bytes);
  }
  for (const path of listed.keys())
    if (!entries.has(path)) throw problem('case_file.package_missing_file', { path, MANIFEST }, { field: path });
  return entries;
}

/** The package's entries, inflated under real limits (files/zip.ts): past one, 413 before the memory grows further. */
async function unpack(zipBytes: Buffer, limits: ZipLimits): Promise<Map<string, Buffer>> {
  try {
    return await readZip(zipBytes, limits);
  } catch (e) {
    if (!(e instanceof ZipError)) throw e;
    if (e.reason === 'invalid') throw problem('case_file.package_invalid#not_a_readable_zip', { message: e.message }, { field: 'package' });
    if (e.reason === 'too_many_entries') {
      throw problem('case_file.package_too_many_entries', { maxEntries: limits.maxEntries, message: e.message });
    }
    const mb = (n: number) => Math.round(n / 1048576);
    throw problem('case_file.package_too_large', {
      totalMb: mb(limits.maxTotalBytes),
      entryMb: mb(limits.maxEntryBytes),
      message: e.message,
    });
  }
}

/**
 * Nhập gói hồ sơ: an archivist takes a package into their organisation's archive. Every checksum is verified
 * first (refused with the failing file named), then the case file is recreated as TRANSFERRED with its documents'
 * metadata and files, so exporting it again yields the same metadata and checksums.
 */
export async function importCaseFile(
  db: Db,
  blobs: BlobStore,
  actor: Actor,
  zipBytes: Buffer,
  opts: { organisationId?: string; limits: ZipLimits },
) {
  const { organisationId } = opts;
  const archives = organisationsWhere(actor, ARCHIVIST_ROLES);
  const orgId = organisationId ?? archives[0];
  if (!orgId || !archives.includes(orgId))
    throw forbidden('Only an archivist (LUU_TRU) imports case files into their organisation’s archive');
  const entries = verifiedEntries(await unpack(zipBytes, opts.limits));
  const xml = entries.get(METADATA_XML);
  if (!xml) throw problem('case_file.package_invalid#no_metadata', { METADATA_XML }, { field: METADATA_XML });
  const pkg = parseMetadataXml(xml.toString('utf8'));
  const retentionYears = parseMaintenance(pkg.fields.Maintenance ?? '');
  if (retentionYears === undefined)
    throw problem(
      'case_file.package_invalid#maintenance_is_neither_v',
      { Maintenance: pkg.fields.Maintenance },
      { field: `${METADATA_XML}/Maintenance` },
    );
  if (pkg.fields.DocTotal !== null && Number(pkg.fields.DocTotal) !== pkg.documents.length) {
    throw problem(
      'case_file.package_invalid#doctotal_is_but_the',
      { DocTotal: pkg.fields.DocTotal, length: pkg.documents.length },
      { field: `${METADATA_XML}/DocTotal` },
    );
  }
  for (const d of pkg.documents) {
    for (const f of d.files) {
      const bytes = entries.get(f.path);
      if (!bytes || sha256(bytes) !== f.sha256)
        throw problem('case_file.checksum_mismatch#is_missing_or_its', { path: f.path }, { field: f.path });
    }
  }
  const code = `${pkg.fileCode.organId}.${pkg.fileCode.fileCatalog}.${pkg.fileCode.fileNotation}`;
  const [taken] = await db
    .select({ id: caseFiles.id })
    .from(caseFiles)
    .where(
      and(
        eq(caseFiles.organisationId, orgId),
        eq(caseFiles.organId, pkg.fileCode.organId),
        eq(caseFiles.year, pkg.fileCode.fileCatalog),
        eq(caseFiles.notation, pkg.fileCode.fileNotation),
      ),
    );
  if (taken) throw problem('case_file.code_taken#in_archive', { code, id: taken.id });

  const stored: string[] = [];
  try {
    for (const d of pkg.documents) for (const f of d.files) stored.push((await blobs.put(Readable.from([entries.get(f.path)!]))).sha256);
    const id = await db.transaction(async (tx) => {
      const now = new Date();
      const [cf] = await tx
        .insert(caseFiles)
        .values({
          organisationId: orgId,
          organId: pkg.fileCode.organId,
          year: pkg.fileCode.fileCatalog,
          notation: pkg.fileCode.fileNotation,
          title: pkg.fields.Title!,
          retentionYears,
          rights: pkg.fields.Rights ?? 'Công khai',
          language: pkg.fields.Language ?? 'Tiếng Việt',
          creatorName: pkg.fields.Creator ?? '',
          startDate: pkg.fields.StartDate,
          endDate: pkg.fields.EndDate,
          description: pkg.fields.Description,
          status: 'TRANSFERRED',
          closedAt: now,
          transferredAt: now,
          transferredBy: actor.userId,
          importedAt: now,
          createdBy: actor.userId,
        })
        .onConflictDoNothing()
        .returning();
      if (!cf) throw problem('case_file.code_taken#in_archive_meanwhile', { code });
      for (const d of [...pkg.documents].sort((a, b) => a.ordinal - b.ordinal)) {
        const [entry] = await tx
          .insert(caseFileDocuments)
          .values({
            caseFileId: cf.id,
            ordinal: d.ordinal,
            importedKind: d.metadata.kind,
            importedMetadata: d.metadata,
            filedBy: actor.userId,
          })
          .returning();
        if (d.files.length) {
          await tx.insert(caseFileImportedFiles).values(
            d.files.map((f, ordinal) => ({
              caseFileDocumentId: entry.id,
              ordinal,
              name: f.name,
              mediaType: f.mediaType,
              sha256: f.sha256,
              size: entries.get(f.path)!.length,
            })),
          );
        }
      }
      await recordAudit(tx, {
        ...auditActor(actor, 'LUU_TRU'),
        action: 'case_file.import',
        entityType: 'case_file',
        entityId: cf.id,
        data: { code, documents: pkg.documents.length, packageSha256: sha256(zipBytes) },
      });
      return cf.id;
    });
    return id;
  } catch (e) {
    await discardUnreferenced(db, blobs, stored);
    throw e;
  }
}

/** A file of a document imported with a package, for those who work on the case file. */
export async function openImportedFile(db: Db, blobs: BlobStore, actor: Actor, id: string, entryId: string, ordinal: number) {
  const cf = await requireReadable(db, actor, id);
  if (!mayWorkOn(actor, cf))
    throw forbidden('Only those who work on the case file (its unit, responsible person, leaders, archivists) open its files');
  if (cf.status === 'DISPOSED') throw wrongStatus(cf, 'case_file.disposed#open');
  const [f] = await db
    .select({ f: caseFileImportedFiles })
    .from(caseFileImportedFiles)
    .innerJoin(caseFileDocuments, eq(caseFileDocuments.id, caseFileImportedFiles.caseFileDocumentId))
    .where(
      and(
        eq(caseFileDocuments.caseFileId, id),
        eq(caseFileImportedFiles.caseFileDocumentId, entryId),
        eq(caseFileImportedFiles.ordinal, ordinal),
      ),
    );
  if (!f) throw notFound(`File ${ordinal} of entry ${entryId}`, 'tệp');
  return { stream: await blobs.get(f.f.sha256), name: f.f.name, mediaType: f.f.mediaType };
}
