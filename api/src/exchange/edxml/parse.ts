import crypto from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import type { TrustStore } from '../../signing/validate';
import { vietnamDate } from '../../calendar/vietnam-time';
import { parseEdxmlDate } from './dates';
import { verifyEnvelope } from './signature';
import {
  EDXML_DOCUMENT_ID_RE,
  EDXML_NS,
  QCVN102_ORGAN_ID_RE,
  STATUS_CODES,
  XMLDSIG_NS,
  type DocumentPackage,
  type EdxmlAttachment,
  type EdxmlBusiness,
  type EdxmlDocumentRef,
  type EdxmlOrgan,
  type EdxmlStaff,
  type ParseFailure,
  type ParseFailureCode,
  type PackageNotice,
  type ParseResult,
  type StatusCode,
  type StatusPackage,
  type UnsignedEnvelopePolicy,
} from './types';

/**
 * Reads a received package defensively. Never throws: every problem is a ParseFailure with a stable code and a
 * precise Vietnamese/English reason. Order: size (before reading anything), DOCTYPE/entities, well-formedness,
 * nesting depth, root and namespace, signature (crypto, then chain and revocation), then the fields read from
 * the SIGNED envelope only, then the attachments against the digests listed in the signed manifest.
 * The intake policy (docs/domain.md §6.7): a manifest entry without a digest is accepted when the envelope
 * signature verifies, with the notice that the package signature does not protect that attachment; a digest
 * that is present is always checked; an envelope without any signature is refused unless `unsignedEnvelope` is
 * `accept-with-notice` (an invalid signature is never treated as "unsigned").
 */
export interface ParseOptions {
  maxBytes: number;
  trust: TrustStore;
  now?: Date;
  /** EXCHANGE_UNSIGNED; default `refuse`. */
  unsignedEnvelope?: UnsignedEnvelopePolicy;
}

const MAX_DEPTH = 40;
const MAX_RECEIVERS = 1000;
const MAX_ATTACHMENTS = 200;

class Refusal extends Error {
  constructor(
    readonly code: ParseFailureCode,
    readonly vi: string,
    readonly en: string,
  ) {
    super(en);
  }
}
const refuse = (code: ParseFailureCode, vi: string, en: string): never => {
  throw new Refusal(code, vi, en);
};

// ---- DOM helpers: namespace-aware, prefix-agnostic -------------------------------------------------------

const isEl = (n: Node | null | undefined): n is Element => !!n && n.nodeType === 1;
const elementsOf = (e: Element): Element[] => Array.from(e.childNodes as unknown as ArrayLike<Node>).filter(isEl);
const kids = (e: Element | undefined, name: string, ns: string | null = EDXML_NS): Element[] =>
  e
    ? elementsOf(e).filter(
        (c) => c.localName === name && (ns === null ? c.namespaceURI === null || c.namespaceURI === EDXML_NS : c.namespaceURI === ns),
      )
    : [];
const kid = (e: Element | undefined, name: string, ns: string | null = EDXML_NS): Element | undefined => kids(e, name, ns)[0];

/** Field reader: trims, enforces the maximum length of docs/domain.md §6.2, names the field in every refusal. */
function field(e: Element | undefined, name: string, path: string, opts: { max: number; required?: boolean }): string | undefined {
  const found = kids(e, name);
  if (found.length > 1) refuse('edxml.invalid_field', `Trường ${path} xuất hiện nhiều lần`, `${path} appears ${found.length} times`);
  const value = found[0]?.textContent?.trim() ?? '';
  if (!value) {
    if (opts.required) refuse('edxml.missing_field', `Thiếu trường bắt buộc ${path}`, `The required field ${path} is missing or empty`);
    return undefined;
  }
  if ([...value].length > opts.max)
    refuse(
      'edxml.field_too_long',
      `Trường ${path} dài quá ${opts.max} ký tự`,
      `${path} is longer than ${opts.max} characters (${[...value].length})`,
    );
  return value;
}
const required = (e: Element | undefined, name: string, path: string, max: number) => field(e, name, path, { max, required: true })!;

function integer(e: Element | undefined, name: string, path: string, min: number, max: number, fallback?: number): number {
  const raw = field(e, name, path, { max: 10, required: fallback === undefined });
  if (raw === undefined) return fallback!;
  if (!/^\d+$/.test(raw) || +raw < min || +raw > max)
    refuse(
      'edxml.invalid_field',
      `Trường ${path} phải là số từ ${min} đến ${max}`,
      `${path} must be an integer from ${min} to ${max} (got "${raw}")`,
    );
  return +raw;
}

function dateField(e: Element | undefined, name: string, path: string, isRequired: boolean) {
  const raw = field(e, name, path, { max: 30, required: isRequired });
  if (raw === undefined) return undefined;
  const d = parseEdxmlDate(raw);
  if (!d)
    refuse(
      'edxml.invalid_date',
      `Trường ${path} không phải ngày hợp lệ (yyyy/MM/dd)`,
      `${path} is not a valid date in yyyy/MM/dd, yyyy-MM-dd or dd/MM/yyyy form (got "${raw}")`,
    );
  return d!;
}

function organId(value: string, path: string): string {
  if (!QCVN102_ORGAN_ID_RE.test(value))
    refuse(
      'edxml.invalid_field',
      `Mã định danh ${path} không đúng định dạng QCVN 102 (000.00.00.H49)`,
      `${path} "${value}" is not a QCVN 102 organ id (like 000.00.00.H49)`,
    );
  return value;
}

function organ(e: Element | undefined, path: string, opts: { nameRequired: boolean }): EdxmlOrgan {
  if (!e) refuse('edxml.missing_field', `Thiếu ${path}`, `${path} is missing`);
  const o: EdxmlOrgan = {
    organId: organId(required(e, 'OrganId', `${path}.OrganId`, 13), `${path}.OrganId`),
    organName: field(e, 'OrganName', `${path}.OrganName`, { max: 200, required: opts.nameRequired }) ?? '',
    organizationInCharge: field(e, 'OrganizationInCharge', `${path}.OrganizationInCharge`, { max: 200 }),
    organAdd: field(e, 'OrganAdd', `${path}.OrganAdd`, { max: 250 }),
    email: field(e, 'Email', `${path}.Email`, { max: 100 }),
    telephone: field(e, 'Telephone', `${path}.Telephone`, { max: 20 }),
    fax: field(e, 'Fax', `${path}.Fax`, { max: 20 }),
    website: field(e, 'Website', `${path}.Website`, { max: 100 }),
  };
  return stripUndefined(o);
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function documentId(value: string, path: string): string {
  if (!EDXML_DOCUMENT_ID_RE.test(value))
    refuse(
      'edxml.invalid_field',
      `${path} không đúng dạng "Mã cơ quan,yyyy/MM/dd,Số/Ký hiệu"`,
      `${path} "${value}" is not of the form OrganId,yyyy/MM/dd,Number/Notation`,
    );
  return value;
}

function responseFor(e: Element, path: string): EdxmlDocumentRef {
  return {
    organId: organId(required(e, 'OrganId', `${path}.OrganId`, 13), `${path}.OrganId`),
    code: required(e, 'Code', `${path}.Code`, 50),
    promulgationDate: dateField(e, 'PromulgationDate', `${path}.PromulgationDate`, true)!.date,
    documentId: documentId(required(e, 'DocumentId', `${path}.DocumentId`, 100), `${path}.DocumentId`),
  };
}

function staff(e: Element | undefined, path: string): EdxmlStaff | undefined {
  if (!e) return undefined;
  const s = stripUndefined({
    department: field(e, 'Department', `${path}.Department`, { max: 200 }),
    staff: field(e, 'Staff', `${path}.Staff`, { max: 100 }),
    mobile: field(e, 'Mobile', `${path}.Mobile`, { max: 20 }),
    email: field(e, 'Email', `${path}.Email`, { max: 100 }),
  });
  return Object.keys(s).length ? s : undefined;
}

// ---- the two package kinds, from the signed envelope --------------------------------------------------------

function readBusiness(list: Element | undefined): EdxmlBusiness {
  const b = kid(list, 'Bussiness');
  if (!b) return { docType: 0, reason: '' };
  const rawType = field(b, 'BussinessDocType', 'Bussiness.BussinessDocType', { max: 10 }) ?? '0';
  if (!/^[0-3]$/.test(rawType))
    refuse(
      'edxml.unknown_business_type',
      `Loại nghiệp vụ ${rawType} không được hỗ trợ (0 mới, 1 thu hồi, 2 cập nhật, 3 thay thế)`,
      `Unknown BussinessDocType "${rawType}" (0 new, 1 revoke, 2 update, 3 replace)`,
    );
  const business: EdxmlBusiness = {
    docType: +rawType as 0 | 1 | 2 | 3,
    reason: field(b, 'BussinessDocReason', 'Bussiness.BussinessDocReason', { max: 500 }) ?? '',
    paper: integer(b, 'Paper', 'Bussiness.Paper', 0, 1, 0) as 0 | 1,
    staff: staff(kid(b, 'StaffInfo'), 'Bussiness.StaffInfo'),
  };
  const info = kid(b, 'BussinessDocumentInfo');
  if (info) {
    business.updateInfo = {
      documentInfo: integer(info, 'DocumentInfo', 'BussinessDocumentInfo.DocumentInfo', 0, 1, 0) as 0 | 1,
      documentReceiver: integer(info, 'DocumentReceiver', 'BussinessDocumentInfo.DocumentReceiver', 0, 1, 0) as 0 | 1,
      receivers: kids(kid(info, 'ReceiverList'), 'Receiver').map((r, i) => ({
        receiverType: integer(r, 'ReceiverType', `ReceiverList.Receiver[${i}].ReceiverType`, 0, 9, 0),
        organId: organId(required(r, 'OrganId', `ReceiverList.Receiver[${i}].OrganId`, 13), `ReceiverList.Receiver[${i}].OrganId`),
      })),
    };
  }
  const replacements = kids(kid(b, 'ReplacementInfoList'), 'ReplacementInfo');
  if (replacements.length) {
    business.replacement = replacements.map((r, i) => ({
      documentId: documentId(required(r, 'DocumentId', `ReplacementInfo[${i}].DocumentId`, 100), `ReplacementInfo[${i}].DocumentId`),
      organIds: kids(kid(r, 'OrganIdList'), 'OrganId').map((o) => organId(o.textContent?.trim() ?? '', `ReplacementInfo[${i}].OrganId`)),
    }));
  }
  if (business.docType === 3 && !business.replacement?.length) {
    refuse(
      'edxml.missing_field',
      'Văn bản thay thế phải nêu văn bản bị thay thế (ReplacementInfoList)',
      'A replacement (BussinessDocType 3) must list the replaced documents in ReplacementInfoList',
    );
  }
  return stripUndefined(business);
}

interface ManifestEntry {
  contentId: string;
  contentType: string;
  description?: string;
  name: string;
  /** Null when the entry carries no digest (the vendors' SDK shape, docs/domain.md §6.7): the package signature does not cover it. */
  digest: { algorithm: string; value: Buffer } | null;
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Digest algorithms of a manifest Reference (XML-DSig / XML-Enc URIs) → node's hash name and digest length. */
const DIGESTS: Record<string, { hash: string; bytes: number }> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': { hash: 'sha256', bytes: 32 },
  'http://www.w3.org/2001/04/xmldsig-more#sha384': { hash: 'sha384', bytes: 48 },
  'http://www.w3.org/2001/04/xmlenc#sha512': { hash: 'sha512', bytes: 64 },
  'http://www.w3.org/2000/09/xmldsig#sha1': { hash: 'sha1', bytes: 20 },
};

/** A manifest entry's digest: none at all → null; present but unreadable or of an unknown algorithm → refused. */
function manifestDigest(r: Element, path: string): ManifestEntry['digest'] {
  const methodEl = kid(r, 'DigestMethod', XMLDSIG_NS);
  const valueEl = kid(r, 'DigestValue', XMLDSIG_NS);
  if (!methodEl && !valueEl) return null;
  const method = methodEl?.getAttribute('Algorithm') ?? '';
  const known = DIGESTS[method];
  const raw = (valueEl?.textContent ?? '').replace(/\s+/g, '');
  const value = BASE64_RE.test(raw) && raw.length % 4 === 0 ? Buffer.from(raw, 'base64') : null;
  if (!known || !value || value.length !== known.bytes)
    refuse(
      'edxml.attachment_digest_invalid',
      `Giá trị băm của tệp đính kèm ${path} không đọc được hoặc dùng thuật toán không được hỗ trợ`,
      `${path} carries a digest that cannot be checked (algorithm "${method || '(none)'}", ${value ? `${value.length} bytes` : 'no valid base64 value'})`,
    );
  return { algorithm: known!.hash, value: value! };
}

const normaliseCid = (s: string) => s.trim().replace(/^cid:/i, '').replace(/^<|>$/g, '');

function readManifest(envelope: Element): ManifestEntry[] {
  const refs = kids(kid(kid(envelope, 'edXMLBody'), 'edXMLManifest'), 'Reference');
  if (refs.length > MAX_ATTACHMENTS)
    refuse(
      'edxml.invalid_field',
      `Gói tin có quá nhiều tệp đính kèm (tối đa ${MAX_ATTACHMENTS})`,
      `Too many attachments (${refs.length}, at most ${MAX_ATTACHMENTS})`,
    );
  const seen = new Set<string>();
  return refs.map((r, i) => {
    const path = `edXMLManifest.Reference[${i}]`;
    const contentId = normaliseCid(
      field(r, 'ContentId', `${path}.ContentId`, { max: 200 }) ?? r.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '',
    );
    if (!contentId) refuse('edxml.missing_field', `Thiếu mã tệp đính kèm ${path}.ContentId`, `${path}.ContentId is missing`);
    if (seen.has(contentId))
      refuse('edxml.invalid_field', `Mã tệp đính kèm ${contentId} bị trùng`, `Two manifest references share ContentId ${contentId}`);
    seen.add(contentId);
    return {
      contentId,
      contentType: required(r, 'ContentType', `${path}.ContentType`, 100),
      description: field(r, 'Description', `${path}.Description`, { max: 500 }),
      name: required(r, 'AttachmentName', `${path}.AttachmentName`, 200),
      digest: manifestDigest(r, path),
    };
  });
}

/**
 * Attachments from AttachmentEncoded (outside the signature), each checked against its manifest digest when the
 * manifest lists one; `uncovered` names those it lists without a digest (docs/domain.md §6.7).
 */
function readAttachments(root: Element, manifest: ManifestEntry[]): { attachments: EdxmlAttachment[]; uncovered: string[] } {
  const encoded = kids(root, 'AttachmentEncoded', null).flatMap((a) => kids(a, 'Attachment', null));
  const byCid = new Map<string, Element>();
  for (const a of encoded) {
    const cid = normaliseCid(kid(a, 'ContentId', null)?.textContent ?? '');
    if (!cid || byCid.has(cid) || !manifest.some((m) => m.contentId === cid)) {
      refuse(
        'edxml.attachment_missing',
        'Gói tin có tệp đính kèm không được khai báo (hoặc bị trùng) trong danh mục',
        `AttachmentEncoded holds an attachment "${cid}" that the signed manifest does not list, or lists twice`,
      );
    }
    byCid.set(cid, a);
  }
  const attachments = manifest.map((m) => {
    const a = byCid.get(m.contentId);
    if (!a)
      refuse(
        'edxml.attachment_missing',
        `Thiếu nội dung tệp đính kèm "${m.name}"`,
        `The attachment ${m.contentId} (${m.name}) listed in the manifest is not in AttachmentEncoded`,
      );
    const b64 = (kid(a!, 'ContentTransferEncoded', null)?.textContent ?? '').replace(/\s+/g, '');
    if (b64.length % 4 !== 0 || !BASE64_RE.test(b64))
      refuse(
        'edxml.attachment_hash_mismatch',
        `Nội dung tệp đính kèm "${m.name}" không phải base64 hợp lệ`,
        `The content of ${m.name} is not valid base64`,
      );
    const data = Buffer.from(b64, 'base64');
    if (m.digest && !crypto.createHash(m.digest.algorithm).update(data).digest().equals(m.digest.value)) {
      refuse(
        'edxml.attachment_hash_mismatch',
        `Tệp đính kèm "${m.name}" đã bị thay đổi (sai giá trị băm)`,
        `The ${m.digest.algorithm.toUpperCase()} of ${m.name} does not match the signed manifest: the attachment was changed`,
      );
    }
    return stripUndefined({ contentId: m.contentId, name: m.name, contentType: m.contentType, description: m.description, data });
  });
  return { attachments, uncovered: manifest.filter((m) => !m.digest).map((m) => m.name) };
}

/** The notices of docs/domain.md §6.7, in the words the clerk sees. */
export const noticeOf = {
  attachmentsNotCovered: (names: string[]): PackageNotice => ({
    code: 'attachments_not_covered',
    vi: `Lưu ý: tệp đính kèm không được chữ ký gói tin bảo vệ (${names.join(', ')}); tính toàn vẹn của tệp dựa vào chữ ký số trên chính tệp PDF.`,
    en: `Note: the package signature does not protect the attachments (${names.join(', ')}); their integrity rests on the PDF's own signature.`,
    attachments: names,
  }),
  envelopeUnsigned: (names: string[]): PackageNotice => ({
    code: 'envelope_unsigned',
    vi:
      'Lưu ý: gói tin không có chữ ký số; được tiếp nhận theo cấu hình cho phép nhận gói tin không ký, vì trục liên thông đã xác thực cơ quan gửi. ' +
      'Nội dung gói tin và tệp đính kèm không được chữ ký gói tin bảo vệ; tính toàn vẹn của văn bản dựa vào chữ ký số trên chính tệp PDF.',
    en:
      'Note: the package carries no signature; it was accepted because the axis authenticated the sender (EXCHANGE_UNSIGNED=accept-with-notice). ' +
      "Neither the header nor the attachments are protected by a package signature; the document's integrity rests on the PDF's own signature.",
    attachments: names,
  }),
};

function readDocument(envelope: Element, root: Element, now: Date): { doc: DocumentPackage; uncovered: string[] } {
  const header = kid(envelope, 'edXMLHeader');
  const h = kid(header, 'MessageHeader')!;
  const to = kids(h, 'To');
  if (to.length === 0) refuse('edxml.missing_field', 'Gói tin phải có ít nhất một cơ quan nhận (To)', 'The package names no receiver (To)');
  if (to.length > MAX_RECEIVERS)
    refuse('edxml.invalid_field', `Quá nhiều cơ quan nhận (tối đa ${MAX_RECEIVERS})`, `Too many receivers (${to.length})`);
  const receivers = to.map((t, i) => organ(t, `To[${i}]`, { nameRequired: false }));
  const ids = receivers.map((r) => r.organId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) refuse('edxml.duplicate_receiver', `Cơ quan nhận ${dup} bị lặp lại`, `The receiver ${dup} is listed twice`);
  const code = kid(h, 'Code');
  const promulgation = kid(h, 'PromulgationInfo');
  const issued = dateField(promulgation, 'PromulgationDate', 'PromulgationInfo.PromulgationDate', true)!;
  if (issued.date > vietnamDate(now))
    refuse('edxml.date_in_future', `Ngày ban hành ${issued.date} ở tương lai`, `The promulgation date ${issued.date} is in the future`);
  const type = kid(h, 'DocumentType');
  const signer = kid(h, 'SignerInfo');
  const other = kid(h, 'OtherInfo');
  const typeValue = integer(type, 'Type', 'DocumentType.Type', 1, 2);
  const appendixes = kids(kid(other, 'Appendixes'), 'Appendix').map((a, i) => {
    const v = a.textContent?.trim() ?? '';
    if ([...v].length > 250)
      refuse('edxml.field_too_long', `Tên phụ lục thứ ${i + 1} dài quá 250 ký tự`, `Appendix ${i + 1} is longer than 250 characters`);
    return v;
  });
  const toPlaces = kids(kid(h, 'ToPlaces'), 'Place').map((p, i) => {
    const v = p.textContent?.trim() ?? '';
    if ([...v].length > 150)
      refuse('edxml.field_too_long', `Nơi nhận thứ ${i + 1} dài quá 150 ký tự`, `ToPlaces.Place ${i + 1} is longer than 150 characters`);
    return v;
  });
  const otherInfo = stripUndefined({
    sphereOfPromulgation: field(other, 'SphereOfPromulgation', 'OtherInfo.SphereOfPromulgation', { max: 100 }),
    typerNotation: field(other, 'TyperNotation', 'OtherInfo.TyperNotation', { max: 10 }),
    promulgationAmount: kid(other, 'PromulgationAmount')
      ? integer(other, 'PromulgationAmount', 'OtherInfo.PromulgationAmount', 0, 65535)
      : undefined,
    pageAmount: kid(other, 'PageAmount') ? integer(other, 'PageAmount', 'OtherInfo.PageAmount', 0, 65535) : undefined,
    appendixes: appendixes.length ? appendixes : undefined,
  });
  const traceList = kid(header, 'TraceHeaderList');
  const traces = kids(traceList, 'TraceHeader').map((t, i) => {
    const ts = dateField(t, 'Timestamp', `TraceHeader[${i}].Timestamp`, true)!;
    return { organId: organId(required(t, 'OrganId', `TraceHeader[${i}].OrganId`, 13), `TraceHeader[${i}].OrganId`), timestamp: ts.iso };
  });
  const responses = kids(h, 'ResponseFor').map((r, i) => responseFor(r, `ResponseFor[${i}]`));
  const { attachments, uncovered } = readAttachments(root, readManifest(envelope));
  const pkg: DocumentPackage = {
    from: organ(kid(h, 'From'), 'From', { nameRequired: true }),
    to: receivers,
    codeNumber: required(code, 'CodeNumber', 'Code.CodeNumber', 11),
    codeNotation: required(code, 'CodeNotation', 'Code.CodeNotation', 30),
    place: field(promulgation, 'Place', 'PromulgationInfo.Place', { max: 50 }),
    promulgationDate: issued.date,
    documentType: { type: typeValue as 1 | 2, typeName: required(type, 'TypeName', 'DocumentType.TypeName', 100) },
    subject: required(h, 'Subject', 'Subject', 500),
    content: field(h, 'Content', 'Content', { max: 500 }),
    signer: stripUndefined({
      competence: field(signer, 'Competence', 'SignerInfo.Competence', { max: 100 }),
      position: field(signer, 'Position', 'SignerInfo.Position', { max: 100 }) ?? '',
      fullName: field(signer, 'FullName', 'SignerInfo.FullName', { max: 50 }) ?? '',
    }),
    dueDate: dateField(h, 'DueDate', 'DueDate', false)?.date,
    toPlaces: toPlaces.length ? toPlaces : undefined,
    priority: integer(other, 'Priority', 'OtherInfo.Priority', 0, 4, 0) as DocumentPackage['priority'],
    steeringType: integer(h, 'SteeringType', 'SteeringType', 0, 2, 0) as DocumentPackage['steeringType'],
    otherInfo: Object.keys(otherInfo).length ? otherInfo : undefined,
    responseFor: responses.length ? responses : undefined,
    documentId: documentId(required(h, 'DocumentId', 'DocumentId', 100), 'DocumentId'),
    business: readBusiness(traceList),
    traces,
    attachments,
  };
  if (pkg.business.docType === 1 && !pkg.responseFor?.length) {
    refuse(
      'edxml.missing_field',
      'Gói tin thu hồi phải nêu văn bản bị thu hồi (ResponseFor)',
      'A revocation (BussinessDocType 1) must name the revoked document in ResponseFor',
    );
  }
  return { doc: stripUndefined(pkg), uncovered };
}

function readStatus(envelope: Element): StatusPackage {
  const h = kid(kid(envelope, 'edXMLHeader'), 'MessageHeader')!;
  const r = kid(h, 'ResponseFor');
  if (!r)
    refuse(
      'edxml.missing_field',
      'Gói tin trạng thái phải nêu văn bản liên quan (ResponseFor)',
      'A status package must name its document in ResponseFor',
    );
  const statusCode = required(h, 'StatusCode', 'StatusCode', 2);
  if (!(STATUS_CODES as readonly string[]).includes(statusCode))
    refuse('edxml.unknown_status_code', `Mã trạng thái ${statusCode} không hợp lệ`, `Unknown status code "${statusCode}"`);
  return stripUndefined({
    responseFor: responseFor(r!, 'ResponseFor'),
    from: organ(kid(h, 'From'), 'From', { nameRequired: false }),
    statusCode: statusCode as StatusCode,
    description: field(h, 'Description', 'Description', { max: 1000 }) ?? '',
    timestamp: dateField(h, 'Timestamp', 'Timestamp', true)!.iso,
    staff: staff(kid(h, 'StaffInfo'), 'StaffInfo'),
  });
}

// ---- the pipeline ------------------------------------------------------------------------------------------

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseXml(bytes: Buffer): { xml: string; doc: Document } {
  let xml: string;
  try {
    xml = utf8.decode(bytes);
  } catch {
    return refuse('edxml.malformed', 'Gói tin không phải văn bản UTF-8 hợp lệ', 'The package is not valid UTF-8 text');
  }
  if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
  // No DTDs at all: they are never needed for edXML, and entity declarations are how XML bombs work.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    refuse(
      'edxml.doctype_forbidden',
      'Gói tin chứa khai báo DOCTYPE/ENTITY (không được phép)',
      'The package contains a DOCTYPE or ENTITY declaration, which edXML never needs and is refused',
    );
  const decl = /^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(xml);
  if (decl && !/^utf-?8$/i.test(decl[1]))
    refuse('edxml.malformed', `Bảng mã ${decl[1]} không được hỗ trợ (chỉ UTF-8)`, `Unsupported encoding ${decl[1]} (only UTF-8)`);
  const errors: string[] = [];
  let doc: Document | undefined;
  try {
    doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(
      xml,
      'text/xml',
    ) as unknown as Document;
  } catch (err) {
    errors.push((err as Error).message);
  }
  if (errors.length || !doc?.documentElement)
    refuse(
      'edxml.malformed',
      'Gói tin không phải XML hợp lệ',
      `The package is not well-formed XML: ${(errors[0] ?? 'no root element').slice(0, 300)}`,
    );
  return { xml, doc: doc! };
}

/** Deepest element nesting, walked without recursion (a deep document must not overflow our stack either). */
function depthOf(root: Element): number {
  let max = 0;
  const stack: [Element, number][] = [[root, 1]];
  while (stack.length) {
    const [e, d] = stack.pop()!;
    if (d > max) max = d;
    if (max > MAX_DEPTH) return max;
    for (const c of elementsOf(e)) stack.push([c, d + 1]);
  }
  return max;
}

/** From and DocumentId as far as they can be read from an unverified envelope, for the refusal reply. */
function peek(envelope: Element | undefined, kind: 'document' | 'status'): Pick<ParseFailure, 'documentId' | 'from' | 'kind'> {
  try {
    const h = kid(kid(envelope, 'edXMLHeader'), 'MessageHeader');
    const from = kid(kid(h, 'From'), 'OrganId')?.textContent?.trim();
    const id = (kind === 'status' ? kid(kid(h, 'ResponseFor'), 'DocumentId') : kid(h, 'DocumentId'))?.textContent?.trim();
    return stripUndefined({
      kind,
      from: from && QCVN102_ORGAN_ID_RE.test(from) ? from : undefined,
      documentId: id && EDXML_DOCUMENT_ID_RE.test(id) && id.length <= 100 ? id : undefined,
    });
  } catch {
    return { kind };
  }
}

export async function parsePackage(bytes: Buffer, opts: ParseOptions): Promise<ParseResult> {
  let context: Pick<ParseFailure, 'documentId' | 'from' | 'kind'> = {};
  try {
    const now = opts.now ?? new Date();
    if (!Buffer.isBuffer(bytes)) refuse('edxml.malformed', 'Gói tin rỗng', 'No package bytes');
    if (bytes.length > opts.maxBytes) {
      refuse(
        'edxml.too_large',
        `Gói tin quá lớn (${bytes.length} byte, tối đa ${opts.maxBytes})`,
        `The package is ${bytes.length} bytes, more than the ${opts.maxBytes} allowed`,
      );
    }
    if (bytes.length === 0) refuse('edxml.malformed', 'Gói tin rỗng', 'The package is empty');
    const { xml, doc } = parseXml(bytes);
    const root = doc.documentElement!;
    if (depthOf(root) > MAX_DEPTH)
      refuse('edxml.too_deep', `Gói tin lồng nhau quá ${MAX_DEPTH} cấp`, `The XML nests deeper than ${MAX_DEPTH} levels`);
    if (root.localName !== 'edXML' || root.namespaceURI !== EDXML_NS) {
      refuse(
        'edxml.not_edxml',
        'Gói tin không phải edXML (QCVN 102:2016)',
        `The root element is {${root.namespaceURI ?? ''}}${root.localName}, not {${EDXML_NS}}edXML`,
      );
    }
    const envelopes = kids(root, 'edXMLEnvelope');
    if (envelopes.length !== 1)
      refuse(
        'edxml.not_edxml',
        'Gói tin phải có đúng một edXMLEnvelope',
        `The package has ${envelopes.length} edXMLEnvelope elements, not one`,
      );
    const header = kids(envelopes[0], 'edXMLHeader');
    const messageHeaders = kids(header[0], 'MessageHeader');
    if (header.length !== 1 || messageHeaders.length !== 1)
      refuse(
        'edxml.not_edxml',
        'Gói tin thiếu edXMLHeader/MessageHeader',
        'The envelope must hold exactly one edXMLHeader with one MessageHeader',
      );
    const kind = kid(messageHeaders[0], 'StatusCode') ? 'status' : 'document';
    context = peek(envelopes[0], kind);

    const verified = await verifyEnvelope(xml, doc, envelopes[0], opts.trust, now);
    if (!verified.ok && verified.code === 'edxml.unsigned' && opts.unsignedEnvelope === 'accept-with-notice') {
      // No signature at all (never a bad one): read the envelope as received; the receiver checks that From is
      // the sender the axis authenticated, and the record carries the notice (docs/domain.md §6.7).
      if (kind === 'status') {
        const value = readStatus(envelopes[0]);
        return { ok: true, pkg: { kind, value, signature: null, notices: [noticeOf.envelopeUnsigned([])] } };
      }
      const { doc: value } = readDocument(envelopes[0], root, now);
      const notices = [noticeOf.envelopeUnsigned(value.attachments.map((a) => a.name))];
      return { ok: true, pkg: { kind, value, signature: null, notices } };
    }
    if (!verified.ok) return { ok: false, code: verified.code, reasonVi: verified.reasonVi, reasonEn: verified.reasonEn, ...context };
    // From here on, everything is read from the canonical form of what was signed.
    const signedDoc = parseXml(Buffer.from(verified.signedEnvelope, 'utf8')).doc;
    const signedEnvelope = signedDoc.documentElement!;
    if (signedEnvelope.localName !== 'edXMLEnvelope' || signedEnvelope.namespaceURI !== EDXML_NS) {
      refuse('edxml.signature_invalid', 'Chữ ký số không bao phủ phần edXMLEnvelope', 'The signed reference is not the edXMLEnvelope');
    }
    if (!!kid(kid(kid(signedEnvelope, 'edXMLHeader'), 'MessageHeader'), 'StatusCode') !== (kind === 'status'))
      refuse('edxml.signature_invalid', 'Chữ ký số không khớp gói tin', 'The signed envelope differs from the package');
    if (kind === 'status')
      return { ok: true, pkg: { kind, value: readStatus(signedEnvelope), signature: verified.signature, notices: [] } };
    const { doc: value, uncovered } = readDocument(signedEnvelope, root, now);
    const notices = uncovered.length ? [noticeOf.attachmentsNotCovered(uncovered)] : [];
    return { ok: true, pkg: { kind, value, signature: verified.signature, notices } };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, code: err.code, reasonVi: err.vi, reasonEn: err.en, ...context };
    // Anything else (a library error on hostile input) is still a refusal, never an exception.
    return {
      ok: false,
      code: 'edxml.malformed',
      reasonVi: 'Không đọc được gói tin',
      reasonEn: `The package cannot be read: ${String((err as Error)?.message ?? err).slice(0, 300)}`,
      ...context,
    };
  }
}
