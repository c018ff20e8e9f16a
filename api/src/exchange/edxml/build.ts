import crypto from 'node:crypto';
import { edxmlDate, edxmlTimestamp } from './dates';
import { signEnvelope } from './signature';
import {
  EDXML_NS,
  XMLDSIG_NS,
  type DocumentPackage,
  type EdxmlDocumentRef,
  type EdxmlOrgan,
  type EdxmlStaff,
  type PackageSigner,
  type StatusPackage,
} from './types';

/**
 * Writes packages in the form the official SDK emits (docs/domain.md §6.1, §6.4): default namespace on the root,
 * the `edXML:` prefix declared on the envelope, `Bussiness` spelled as in the standard, SDK date forms.
 * Each attachment's SHA-256 sits in its manifest Reference (ds:DigestMethod/ds:DigestValue, as in an XML-DSig
 * Manifest), so the envelope signature covers the attachments carried outside it in AttachmentEncoded.
 */

// Characters XML 1.0 cannot carry at all; they are dropped rather than producing a package nobody can parse.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(s: string): string {
  return s
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#xD;');
}

type Child = string | null | undefined | false | 0;

/** `<edXML:name>…</edXML:name>`; text content is escaped, element children are passed as already-built strings. */
const el = (name: string, ...children: Child[]) => `<edXML:${name}>${children.filter(Boolean).join('')}</edXML:${name}>`;
const text = (name: string, value: string | number | undefined | null) =>
  value === undefined || value === null ? null : el(name, escapeXml(String(value)));

function organ(name: 'From' | 'To', o: EdxmlOrgan) {
  return el(
    name,
    text('OrganId', o.organId),
    text('OrganizationInCharge', o.organizationInCharge),
    text('OrganName', o.organName),
    text('OrganAdd', o.organAdd),
    text('Email', o.email),
    text('Telephone', o.telephone),
    text('Fax', o.fax),
    text('Website', o.website),
  );
}

const responseFor = (r: EdxmlDocumentRef) =>
  el(
    'ResponseFor',
    text('OrganId', r.organId),
    text('Code', r.code),
    text('PromulgationDate', edxmlDate(r.promulgationDate)),
    text('DocumentId', r.documentId),
  );

const staffInfo = (s: EdxmlStaff | undefined) =>
  s && el('StaffInfo', text('Department', s.department), text('Staff', s.staff), text('Mobile', s.mobile), text('Email', s.email));

const ENVELOPE_ID = 'edXMLEnvelope';

function envelope(header: string, body: string | null) {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<edXML xmlns="${EDXML_NS}">` +
    `<edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}" Id="${ENVELOPE_ID}">` +
    `<edXML:edXMLHeader>${header}</edXML:edXMLHeader>` +
    (body ?? '') +
    `</edXML:edXMLEnvelope>`
  );
}

/** The document package's XML before signing (exposed for tests that need a package signed differently). */
export function documentPackageXml(p: DocumentPackage): string {
  const b = p.business;
  const header =
    el(
      'MessageHeader',
      organ('From', p.from),
      ...p.to.map((t) => organ('To', t)),
      el('Code', text('CodeNumber', p.codeNumber), text('CodeNotation', p.codeNotation)),
      el('PromulgationInfo', text('Place', p.place), text('PromulgationDate', edxmlDate(p.promulgationDate))),
      el('DocumentType', text('Type', p.documentType.type), text('TypeName', p.documentType.typeName)),
      text('Subject', p.subject),
      text('Content', p.content),
      el('SignerInfo', text('Competence', p.signer.competence), text('Position', p.signer.position), text('FullName', p.signer.fullName)),
      p.dueDate && text('DueDate', edxmlDate(p.dueDate)),
      p.toPlaces?.length && el('ToPlaces', ...p.toPlaces.map((pl) => text('Place', pl))),
      el(
        'OtherInfo',
        text('Priority', p.priority),
        text('SphereOfPromulgation', p.otherInfo?.sphereOfPromulgation),
        text('TyperNotation', p.otherInfo?.typerNotation),
        text('PromulgationAmount', p.otherInfo?.promulgationAmount),
        text('PageAmount', p.otherInfo?.pageAmount),
        p.otherInfo?.appendixes?.length && el('Appendixes', ...p.otherInfo.appendixes.map((a) => text('Appendix', a))),
      ),
      ...(p.responseFor ?? []).map(responseFor),
      text('SteeringType', p.steeringType),
      text('DocumentId', p.documentId),
    ) +
    el(
      'TraceHeaderList',
      ...p.traces.map((t) => el('TraceHeader', text('OrganId', t.organId), text('Timestamp', edxmlTimestamp(t.timestamp)))),
      el(
        'Bussiness',
        text('BussinessDocType', b.docType),
        text('BussinessDocReason', b.reason),
        text('Paper', b.paper ?? 0),
        staffInfo(b.staff),
        b.updateInfo &&
          el(
            'BussinessDocumentInfo',
            text('DocumentInfo', b.updateInfo.documentInfo),
            text('DocumentReceiver', b.updateInfo.documentReceiver),
            el(
              'ReceiverList',
              ...b.updateInfo.receivers.map((r) => el('Receiver', text('ReceiverType', r.receiverType), text('OrganId', r.organId))),
            ),
          ),
        b.replacement?.length &&
          el(
            'ReplacementInfoList',
            ...b.replacement.map((r) =>
              el('ReplacementInfo', text('DocumentId', r.documentId), el('OrganIdList', ...r.organIds.map((o) => text('OrganId', o)))),
            ),
          ),
      ),
    );
  const manifest = el(
    'edXMLBody',
    `<edXML:edXMLManifest version="1.0">` +
      p.attachments
        .map(
          (a) =>
            `<edXML:Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:${escapeXml(a.contentId)}" xlink:type="simple">` +
            text('ContentId', `cid:${a.contentId}`) +
            text('ContentType', a.contentType) +
            (text('Description', a.description) ?? '') +
            text('AttachmentName', a.name) +
            `<ds:DigestMethod xmlns:ds="${XMLDSIG_NS}" Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>` +
            `<ds:DigestValue xmlns:ds="${XMLDSIG_NS}">${crypto.createHash('sha256').update(a.data).digest('base64')}</ds:DigestValue>` +
            `</edXML:Reference>`,
        )
        .join('') +
      `</edXML:edXMLManifest>`,
  );
  const attachments =
    `<AttachmentEncoded>` +
    p.attachments
      .map(
        (a) =>
          `<Attachment><ContentType>${escapeXml(a.contentType)}</ContentType><ContentId>${escapeXml(a.contentId)}</ContentId>` +
          (a.description !== undefined ? `<Description>${escapeXml(a.description)}</Description>` : '') +
          `<ContentTransferEncoded>${a.data.toString('base64')}</ContentTransferEncoded><AttachmentName>${escapeXml(a.name)}</AttachmentName></Attachment>`,
      )
      .join('') +
    `</AttachmentEncoded>`;
  return envelope(header, manifest).concat(attachments, '</edXML>');
}

/** The status package's XML before signing. */
export function statusPackageXml(p: StatusPackage): string {
  const header = el(
    'MessageHeader',
    responseFor(p.responseFor),
    organ('From', p.from),
    text('StatusCode', p.statusCode),
    text('Description', p.description),
    text('Timestamp', edxmlTimestamp(p.timestamp)),
    staffInfo(p.staff),
  );
  return envelope(header, null).concat('</edXML>');
}

/** A signed document package (UTF-8 XML bytes). */
export async function buildDocumentPackage(p: DocumentPackage, signer: PackageSigner): Promise<Buffer> {
  return Buffer.from(await signEnvelope(documentPackageXml(p), signer), 'utf8');
}

/** A signed status package (UTF-8 XML bytes). */
export async function buildStatusPackage(p: StatusPackage, signer: PackageSigner): Promise<Buffer> {
  return Buffer.from(await signEnvelope(statusPackageXml(p), signer), 'utf8');
}

/** A fresh attachment content id (no `cid:` prefix). */
export const newContentId = () => crypto.randomUUID();
