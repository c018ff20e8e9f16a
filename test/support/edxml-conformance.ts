import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SigningIdentity } from '../../api/src/signing/cms';
import type { DocumentPackage } from '../../api/src/exchange/edxml';

/**
 * The edXML conformance corpus (docs/domain.md §6.7): packages written by hand in the shapes the vendors' SDKs
 * send (the package structure of the shared domain reference §7.2), NOT by vanthu's builder, and signed by a
 * tool that is not vanthu — Debian's `xmlsec1` — with keys of the test's dev PKI. Each shape varies one thing
 * the SDKs vary; every shape carries the same facts, so vanthu must read each to the same DocumentPackage.
 */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
/** xmlsec1 must be told which attribute is the envelope's ID (XML-DSig resolves `#id` only through ID attributes). */
const ID_ATTR = ['--id-attr:Id', `${EDXML_NS}:edXMLEnvelope`];

export interface Shape {
  name: string;
  /** `edXML:` prefix on the envelope under a default-namespace root (as the SDKs write it), or no prefix anywhere. */
  namespace: 'prefixed' | 'default';
  eol: '\n' | '\r\n';
  bom: boolean;
  dates: 'yyyy/MM/dd' | 'dd/MM/yyyy';
  /** Where `cid:` appears: in the manifest's ContentId only (SDK sample), nowhere, or in both ContentIds. */
  cid: 'manifest' | 'none' | 'both';
  unknownElements: boolean;
  algorithm: 'rsa-sha256' | 'rsa-sha1';
  /** Digests in the manifest (ds:DigestMethod/DigestValue, of this algorithm); the SDK shape has none. */
  manifestDigest: 'none' | 'sha256' | 'sha1';
  /** Certificates in KeyInfo: the signer's only, or with its issuing CA. */
  keyInfo: 'leaf' | 'chain';
  /** Base64 of the attachments in 76-character lines (MIME style) instead of one line. */
  wrapBase64: boolean;
}

const SDK: Shape = {
  name: 'SDK sample: edXML prefix, LF, yyyy/MM/dd, cid: in the manifest, rsa-sha256, no manifest digests',
  namespace: 'prefixed',
  eol: '\n',
  bom: false,
  dates: 'yyyy/MM/dd',
  cid: 'manifest',
  unknownElements: false,
  algorithm: 'rsa-sha256',
  manifestDigest: 'none',
  keyInfo: 'chain',
  wrapBase64: false,
};

export const SHAPES: Shape[] = [
  SDK,
  { ...SDK, name: 'default namespace throughout (no prefix)', namespace: 'default' },
  { ...SDK, name: 'CRLF line ends and MIME-wrapped base64', eol: '\r\n', wrapBase64: true },
  { ...SDK, name: 'UTF-8 byte order mark', bom: true },
  { ...SDK, name: 'dd/MM/yyyy dates and times', dates: 'dd/MM/yyyy' },
  { ...SDK, name: 'no cid: prefix anywhere', cid: 'none' },
  { ...SDK, name: 'cid: prefix in both ContentIds', cid: 'both' },
  { ...SDK, name: 'unknown elements (TypeDetail, Direction, vendor extensions)', unknownElements: true },
  { ...SDK, name: 'rsa-sha1 / sha1 signature, signer certificate only in KeyInfo', algorithm: 'rsa-sha1', keyInfo: 'leaf' },
  { ...SDK, name: 'SHA-256 digests in the manifest', manifestDigest: 'sha256' },
  { ...SDK, name: 'SHA-1 digests in the manifest, rsa-sha1', manifestDigest: 'sha1', algorithm: 'rsa-sha1' },
  {
    name: 'everything at once: default namespace, CRLF, BOM, dd/MM/yyyy, no cid:, unknown elements, rsa-sha1',
    namespace: 'default',
    eol: '\r\n',
    bom: true,
    dates: 'dd/MM/yyyy',
    cid: 'none',
    unknownElements: true,
    algorithm: 'rsa-sha1',
    manifestDigest: 'none',
    keyInfo: 'leaf',
    wrapBase64: true,
  },
];

export interface CorpusAttachment {
  contentId: string;
  name: string;
  contentType: string;
  description: string;
  data: Buffer;
}

/** The facts every shape carries; `expectedPackage` is what vanthu must read from any of them. */
export interface Facts {
  from: { organId: string; organName: string };
  to: { organId: string; organName: string };
  codeNumber: string;
  codeNotation: string;
  attachments: CorpusAttachment[];
}

const date = (iso: string, s: Shape) => {
  const [y, m, d] = iso.split('-');
  return s.dates === 'yyyy/MM/dd' ? `${y}/${m}/${d}` : `${d}/${m}/${y}`;
};
const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const wrap = (b64: string, s: Shape) => (s.wrapBase64 ? (b64.match(/.{1,76}/g) ?? []).join('\n') : b64);

/** The package as vanthu must read it, whatever the shape. */
export function expectedPackage(f: Facts): DocumentPackage {
  return {
    from: {
      organId: f.from.organId,
      organName: f.from.organName,
      organizationInCharge: 'UBND tỉnh Quảng Ninh',
      organAdd: 'Phường Hồng Hà, tỉnh Quảng Ninh',
      email: 'vanthu@quangninh.gov.vn',
      telephone: '02033835000',
    },
    to: [{ organId: f.to.organId, organName: f.to.organName }],
    codeNumber: f.codeNumber,
    codeNotation: f.codeNotation,
    place: 'Quảng Ninh',
    promulgationDate: '2025-03-05',
    documentType: { type: 2, typeName: 'Công văn' },
    subject: 'V/v triển khai kế hoạch chuyển đổi số năm 2025 & các năm tiếp theo',
    content: 'Đề nghị các cơ quan, đơn vị triển khai <đúng hạn>.',
    signer: { competence: 'KT. CHỦ TỊCH', position: 'Phó Chủ tịch', fullName: 'Trần Minh Khoa' },
    dueDate: '2025-03-20',
    toPlaces: ['Các sở, ban, ngành tỉnh', 'Lưu: VT'],
    priority: 1,
    steeringType: 0,
    otherInfo: {
      sphereOfPromulgation: 'Liên thông văn bản quốc gia',
      typerNotation: 'NVA',
      promulgationAmount: 5,
      pageAmount: 2,
      appendixes: ['Phụ lục I: danh sách đơn vị'],
    },
    documentId: `${f.from.organId},2025/03/05,${f.codeNumber}/${f.codeNotation}`,
    business: {
      docType: 0,
      reason: 'Văn bản điện tử mới',
      paper: 0,
      staff: { department: 'Văn thư', staff: 'Nguyễn Thị Hoa', mobile: '0912345678', email: 'hoa@quangninh.gov.vn' },
    },
    traces: [{ organId: f.from.organId, timestamp: '2025-03-05T09:15:27+07:00' }],
    attachments: f.attachments.map((a) => ({
      contentId: a.contentId,
      name: a.name,
      contentType: a.contentType,
      description: a.description,
      data: a.data,
    })),
  };
}

const DIGEST_URI = { sha256: 'http://www.w3.org/2001/04/xmlenc#sha256', sha1: `${DS}sha1` };
const SIGNATURE_URI = { 'rsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'rsa-sha1': `${DS}rsa-sha1` };
const REFERENCE_DIGEST = { 'rsa-sha256': 'http://www.w3.org/2001/04/xmlenc#sha256', 'rsa-sha1': `${DS}sha1` };

/**
 * The unsigned template: the §7.2 structure with an empty ds:Signature in edXMLHeader (what `xmlsec1 --sign`
 * fills in), or without any signature element (`signature: false`, an unsigned package).
 */
export function template(s: Shape, f: Facts, opts: { signature?: boolean } = {}): string {
  const p = s.namespace === 'prefixed' ? 'edXML:' : '';
  const dsp = s.namespace === 'prefixed' ? 'ds:' : '';
  const e = (name: string, body: string) => `<${p}${name}>${body}</${p}${name}>`;
  const t = (name: string, value: string) => e(name, esc(value));
  const unknown = (xml: string) => (s.unknownElements ? xml : '');
  const organ = (name: string, o: { organId: string; organName: string }, extra = '') =>
    e(name, t('OrganId', o.organId) + extra + t('OrganName', o.organName));
  const cidIn = (where: 'manifest' | 'attachment', id: string) =>
    s.cid === 'both' || (s.cid === 'manifest' && where === 'manifest') ? `cid:${id}` : id;
  const x = expectedPackage(f);

  const header = [
    e(
      'MessageHeader',
      [
        e(
          'From',
          t('OrganId', f.from.organId) +
            t('OrganizationInCharge', x.from.organizationInCharge!) +
            t('OrganName', f.from.organName) +
            t('OrganAdd', x.from.organAdd!) +
            t('Email', x.from.email!) +
            t('Telephone', x.from.telephone!) +
            e('Fax', '') +
            e('Website', ''),
        ),
        organ('To', f.to),
        e('Code', t('CodeNumber', f.codeNumber) + t('CodeNotation', f.codeNotation)),
        e('PromulgationInfo', t('Place', 'Quảng Ninh') + t('PromulgationDate', date('2025-03-05', s))),
        e('DocumentType', t('Type', '2') + t('TypeName', 'Công văn') + unknown(t('TypeDetail', '0'))),
        t('Subject', x.subject),
        t('Content', x.content!),
        e('SignerInfo', t('Competence', 'KT. CHỦ TỊCH') + t('Position', 'Phó Chủ tịch') + t('FullName', 'Trần Minh Khoa')),
        t('DueDate', date('2025-03-20', s)),
        e('ToPlaces', x.toPlaces!.map((pl) => t('Place', pl)).join('')),
        e(
          'OtherInfo',
          t('Priority', '1') +
            t('SphereOfPromulgation', 'Liên thông văn bản quốc gia') +
            t('TyperNotation', 'NVA') +
            t('PromulgationAmount', '5') +
            t('PageAmount', '2') +
            unknown(t('Direction', 'false')) +
            e('Appendixes', t('Appendix', 'Phụ lục I: danh sách đơn vị')),
        ),
        t('SteeringType', '0'),
        t('DocumentId', x.documentId),
        unknown(`<v:VendorTrace xmlns:v="urn:example:vendor-sdk"><v:Build>4.2.1</v:Build></v:VendorTrace>`),
      ].join('\n'),
    ),
    e(
      'TraceHeaderList',
      e('TraceHeader', t('OrganId', f.from.organId) + t('Timestamp', `${date('2025-03-05', s)} 09:15:27`)) +
        '\n' +
        e(
          'Bussiness',
          t('BussinessDocType', '0') +
            t('BussinessDocReason', 'Văn bản điện tử mới') +
            t('Paper', '0') +
            e(
              'StaffInfo',
              t('Department', 'Văn thư') + t('Staff', 'Nguyễn Thị Hoa') + t('Mobile', '0912345678') + t('Email', 'hoa@quangninh.gov.vn'),
            ),
        ),
    ),
  ].join('\n');

  const signature = [
    `<${dsp}Signature xmlns${dsp ? ':ds' : ''}="${DS}">`,
    `<${dsp}SignedInfo>`,
    `<${dsp}CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`,
    `<${dsp}SignatureMethod Algorithm="${SIGNATURE_URI[s.algorithm]}"/>`,
    `<${dsp}Reference URI="#edXMLEnvelope">`,
    `<${dsp}Transforms>`,
    `<${dsp}Transform Algorithm="${DS}enveloped-signature"/>`,
    `<${dsp}Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`,
    `</${dsp}Transforms>`,
    `<${dsp}DigestMethod Algorithm="${REFERENCE_DIGEST[s.algorithm]}"/>`,
    `<${dsp}DigestValue></${dsp}DigestValue>`,
    `</${dsp}Reference>`,
    `</${dsp}SignedInfo>`,
    `<${dsp}SignatureValue></${dsp}SignatureValue>`,
    `<${dsp}KeyInfo><${dsp}X509Data></${dsp}X509Data></${dsp}KeyInfo>`,
    `</${dsp}Signature>`,
  ].join('\n');

  const references = f.attachments
    .map((a) => {
      const digest =
        s.manifestDigest === 'none'
          ? ''
          : `<ds:DigestMethod xmlns:ds="${DS}" Algorithm="${DIGEST_URI[s.manifestDigest]}"/>` +
            `<ds:DigestValue xmlns:ds="${DS}">${crypto.createHash(s.manifestDigest).update(a.data).digest('base64')}</ds:DigestValue>`;
      return (
        `<${p}Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:${a.contentId}" xlink:type="simple">\n` +
        t('ContentId', cidIn('manifest', a.contentId)) +
        t('ContentType', a.contentType) +
        t('Description', a.description) +
        t('AttachmentName', a.name) +
        unknown(t('Size', String(a.data.length))) +
        digest +
        `\n</${p}Reference>`
      );
    })
    .join('\n');

  const attachments = f.attachments
    .map(
      (a) =>
        `<Attachment>\n<ContentType>${a.contentType}</ContentType>\n<ContentId>${cidIn('attachment', a.contentId)}</ContentId>\n` +
        `<Description>${esc(a.description)}</Description>\n` +
        (s.unknownElements ? `<Checksum>${crypto.createHash('md5').update(a.data).digest('hex')}</Checksum>\n` : '') +
        `<ContentTransferEncoded>${wrap(a.data.toString('base64'), s)}</ContentTransferEncoded>\n` +
        `<AttachmentName>${esc(a.name)}</AttachmentName>\n</Attachment>`,
    )
    .join('\n');

  const envelopeOpen =
    s.namespace === 'prefixed'
      ? `<edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}" Id="edXMLEnvelope">`
      : `<edXMLEnvelope Id="edXMLEnvelope">`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<edXML xmlns="${EDXML_NS}">`,
    envelopeOpen,
    `<${p}edXMLHeader>`,
    header,
    opts.signature === false ? '' : signature,
    `</${p}edXMLHeader>`,
    `<${p}edXMLBody>`,
    `<${p}edXMLManifest version="1.0">`,
    references,
    `</${p}edXMLManifest>`,
    `</${p}edXMLBody>`,
    unknown(`<${p}edXMLFooter/>`),
    `</${p}edXMLEnvelope>`,
    '<AttachmentEncoded>',
    attachments,
    '</AttachmentEncoded>',
    '</edXML>',
    '',
  ].join('\n');
}

/** Line ends and byte order mark as the shape says (after signing: they are not part of the signed infoset). */
export function asDelivered(s: Shape, xml: string): Buffer {
  const text = s.eol === '\r\n' ? xml.replace(/\r?\n/g, '\r\n') : xml;
  return Buffer.concat([s.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}

const pem = (der: Buffer) => new crypto.X509Certificate(der).toString();

/** A scratch folder with the identity's key and certificates as PEM, and the PKI's root for `--trusted-pem`. */
export class Xmlsec {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-xmlsec-'));
  private seq = 0;

  constructor(
    readonly identity: SigningIdentity,
    /** The trust folder of the dev PKI (root-ca.pem, intermediate-ca.pem). */
    readonly trustDir: string,
  ) {
    fs.writeFileSync(path.join(this.dir, 'key.pem'), identity.keyPem);
    identity.chain.forEach((c, i) => fs.writeFileSync(path.join(this.dir, `cert${i}.pem`), pem(c)));
  }

  private file(name: string, content: string | Buffer) {
    const f = path.join(this.dir, `${++this.seq}-${name}`);
    fs.writeFileSync(f, content);
    return f;
  }

  /** `xmlsec1 --sign` of a template holding an empty ds:Signature; the certificates go into its X509Data. */
  sign(templateXml: string, keyInfo: Shape['keyInfo'] = 'chain'): string {
    const certs = keyInfo === 'leaf' ? ['cert0.pem'] : ['cert0.pem', 'cert1.pem'];
    const input = this.file('template.xml', templateXml);
    const output = path.join(this.dir, `${this.seq}-signed.xml`);
    execFileSync(
      'xmlsec1',
      [
        '--sign',
        '--privkey-pem',
        ['key.pem', ...certs].map((c) => path.join(this.dir, c)).join(','),
        ...ID_ATTR,
        '--output',
        output,
        input,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return fs.readFileSync(output, 'utf8');
  }

  /** `xmlsec1 --verify` trusting only the PKI's root (the issuing CA comes from KeyInfo or is given untrusted). */
  verify(bytes: Buffer): { ok: boolean; output: string } {
    const input = this.file('package.xml', bytes);
    const r = spawnSync(
      'xmlsec1',
      [
        '--verify',
        '--trusted-pem',
        path.join(this.trustDir, 'root-ca.pem'),
        '--untrusted-pem',
        path.join(this.trustDir, 'intermediate-ca.pem'),
        ...ID_ATTR,
        input,
      ],
      { encoding: 'utf8' },
    );
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
  }

  remove() {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A corpus package: the shape's template signed by xmlsec1, then given the shape's line ends and BOM. */
export function corpusPackage(xmlsec: Xmlsec, s: Shape, f: Facts): Buffer {
  return asDelivered(s, xmlsec.sign(template(s, f), s.keyInfo));
}
