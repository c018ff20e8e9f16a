/**
 * edXML (QCVN 102:2016/BTTTT) packages as the rest of vanthu sees them: plain values, dates as ISO strings.
 * The XML form (SDK element names, `Bussiness` spelling, `yyyy/MM/dd` dates) lives in build.ts / parse.ts.
 */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** Mã định danh cơ quan per QCVN 102 (docs/domain.md §6.6): `000.00.00.H49`. */
export const QCVN102_ORGAN_ID_RE = /^(?<l4>\d{3})\.(?<l3>\d{2})\.(?<l2>\d{2})\.(?<l1>[A-Z]\d{2})$/;
/** `OrganId,yyyy/MM/dd,Số/KýHiệu` (docs/domain.md §6.2). */
export const EDXML_DOCUMENT_ID_RE = /^(?<organId>[^,]+),(?<date>\d{4}\/\d{2}\/\d{2}),(?<codeNumber>\d+)\/(?<codeNotation>.+)$/u;

/** Status codes of status packages (docs/domain.md §6.4). */
export enum EdxmlStatus {
  DA_DEN = '01',
  TU_CHOI = '02',
  DA_TIEP_NHAN = '03',
  PHAN_CONG = '04',
  DANG_XU_LY = '05',
  HOAN_THANH = '06',
  LAY_LAI = '13',
  DONG_Y_LAY_LAI = '15',
  TU_CHOI_LAY_LAI = '16',
}
export const STATUS_CODES = ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

/** TraceHeaderList/Bussiness/BussinessDocType (docs/domain.md §6.3). */
export enum BussinessDocType {
  NEW = 0,
  REVOKE = 1,
  UPDATE = 2,
  REPLACE = 3,
}

/** Độ khẩn (docs/domain.md §2.7). */
export enum EdxmlPriority {
  THUONG = 0,
  KHAN = 1,
  THUONG_KHAN = 2,
  HOA_TOC = 3,
  HOA_TOC_HEN_GIO = 4,
}

export interface EdxmlOrgan {
  organId: string;
  organName: string;
  organizationInCharge?: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

export interface EdxmlAttachment {
  /** Without the `cid:` prefix. */
  contentId: string;
  name: string;
  contentType: string;
  description?: string;
  data: Buffer;
}

/** A document this one answers, revokes or refers to (ResponseFor). */
export interface EdxmlDocumentRef {
  organId: string;
  /** Số/ký hiệu, e.g. `7816/VPCP-TTĐT`. */
  code: string;
  /** YYYY-MM-DD. */
  promulgationDate: string;
  documentId: string;
}

export interface EdxmlStaff {
  department?: string;
  staff?: string;
  mobile?: string;
  email?: string;
}

export interface EdxmlUpdateInfo {
  /** 1: the metadata changed. */
  documentInfo: 0 | 1;
  /** 1: the recipients changed. */
  documentReceiver: 0 | 1;
  receivers: { receiverType: number; organId: string }[];
}

export interface EdxmlBusiness {
  docType: 0 | 1 | 2 | 3;
  reason: string;
  /** 1: a paper copy is sent as well. */
  paper?: 0 | 1;
  staff?: EdxmlStaff;
  updateInfo?: EdxmlUpdateInfo;
  replacement?: { documentId: string; organIds: string[] }[];
}

export interface DocumentPackage {
  from: EdxmlOrgan;
  to: EdxmlOrgan[];
  codeNumber: string;
  codeNotation: string;
  place?: string;
  /** YYYY-MM-DD, Vietnam calendar date. */
  promulgationDate: string;
  documentType: { type: 1 | 2; typeName: string };
  subject: string;
  content?: string;
  signer: { competence?: string; position: string; fullName: string };
  /** YYYY-MM-DD. */
  dueDate?: string;
  toPlaces?: string[];
  priority: 0 | 1 | 2 | 3 | 4;
  steeringType: 0 | 1 | 2;
  otherInfo?: {
    sphereOfPromulgation?: string;
    typerNotation?: string;
    pageAmount?: number;
    promulgationAmount?: number;
    appendixes?: string[];
  };
  responseFor?: EdxmlDocumentRef[];
  /** `OrganId,yyyy/MM/dd,Số/KýHiệu`. */
  documentId: string;
  business: EdxmlBusiness;
  /** Timestamps as ISO 8601 with the Vietnam offset (`2025-03-05T09:15:27+07:00`). */
  traces: { organId: string; timestamp: string }[];
  /** The main (signed PDF) file first. */
  attachments: EdxmlAttachment[];
}

export interface StatusPackage {
  /** The original document the status is about. */
  responseFor: EdxmlDocumentRef;
  /** The organisation reporting the status (the receiver of the original). */
  from: EdxmlOrgan;
  statusCode: StatusCode;
  description: string;
  /** ISO 8601. */
  timestamp: string;
  staff?: EdxmlStaff;
}

/** Who signs a package: the sending organisation's seal key (signing/key-store.ts UnlockedKey has this shape). */
export interface PackageSigner {
  /** DER certificates, the signer's first. */
  chain: Buffer[];
  /** RSASSA-PKCS1-v1_5 with SHA-256 over `data`. */
  sign(data: Buffer): Promise<Buffer>;
}

/** The verified XML signature of a parsed package. */
export interface PackageSignature {
  algorithm: 'rsa-sha256' | 'rsa-sha1' | 'rsa-sha512';
  signer: {
    commonName: string;
    organisation: string;
    subject: string;
    issuer: string;
    serialNumber: string;
    sha256: string;
    notBefore: string;
    notAfter: string;
  };
  /** Common names from the signer up to the trust anchor. */
  chain: string[];
  revocation: 'good' | 'unknown';
  verifiedAt: string;
}

/**
 * What an accepted package did not prove, shown to the clerk with the record (docs/domain.md §6.7):
 * `attachments_not_covered` — manifest entries without a digest, so the package signature does not protect
 * those attachments (their own PDF signature does); `envelope_unsigned` — no package signature at all, accepted
 * only under EXCHANGE_UNSIGNED=accept-with-notice because the axis authenticated the sender.
 */
export const PACKAGE_NOTICES = ['attachments_not_covered', 'envelope_unsigned'] as const;
export interface PackageNotice {
  code: (typeof PACKAGE_NOTICES)[number];
  /** The notice as the clerk reads it (Vietnamese) and in English. */
  vi: string;
  en: string;
  /** The attachments concerned (names as in the manifest). */
  attachments: string[];
}

/** How an envelope without any XML signature is treated (EXCHANGE_UNSIGNED, docs/domain.md §6.7). */
export type UnsignedEnvelopePolicy = 'refuse' | 'accept-with-notice';

/** `signature` is null only for an unsigned envelope accepted under `accept-with-notice` (a notice says so). */
export type ParsedPackage =
  | { kind: 'document'; value: DocumentPackage; signature: PackageSignature | null; notices: PackageNotice[] }
  | { kind: 'status'; value: StatusPackage; signature: PackageSignature | null; notices: PackageNotice[] };

/** Stable codes of a refused package; `reasonVi`/`reasonEn` say precisely what was wrong. */
export const PARSE_FAILURES = [
  'edxml.too_large',
  'edxml.doctype_forbidden',
  'edxml.malformed',
  'edxml.too_deep',
  'edxml.not_edxml',
  'edxml.unsigned',
  'edxml.signature_invalid',
  'edxml.certificate_untrusted',
  'edxml.certificate_revoked',
  'edxml.attachment_hash_mismatch',
  'edxml.attachment_digest_invalid',
  'edxml.attachment_missing',
  'edxml.missing_field',
  'edxml.field_too_long',
  'edxml.invalid_field',
  'edxml.invalid_date',
  'edxml.date_in_future',
  'edxml.duplicate_receiver',
  'edxml.unknown_business_type',
  'edxml.unknown_status_code',
] as const;
export type ParseFailureCode = (typeof PARSE_FAILURES)[number];

export interface ParseFailure {
  ok: false;
  code: ParseFailureCode;
  reasonVi: string;
  reasonEn: string;
  /** What could be read even from a refused package, to address the "refused" (02) status to its sender. */
  documentId?: string;
  from?: string;
  kind?: 'document' | 'status';
}

export type ParseResult = { ok: true; pkg: ParsedPackage } | ParseFailure;
