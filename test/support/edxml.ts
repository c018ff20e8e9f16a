import crypto from 'node:crypto';
import type { SigningIdentity } from '../../api/src/signing/cms';
import { buildDocumentId, type DocumentPackage, type PackageSigner, type StatusPackage } from '../../api/src/exchange/edxml';

/** A package signer from an unlocked dev PKI identity (what the key store gives the exchange). */
export const signerOf = (identity: SigningIdentity): PackageSigner => ({
  chain: identity.chain,
  sign: async (data) => crypto.sign('sha256', data, identity.keyPem),
});

export const PROVINCE = { organId: '000.00.00.H49', organName: 'Ủy ban nhân dân tỉnh Quảng Ninh' };
export const DISTRICT = { organId: '000.00.01.H49', organName: 'Ủy ban nhân dân huyện Vân Đồn' };

/** A complete, valid document package (province → district), the main PDF given by the caller. */
export function sampleDocument(pdf: Buffer, overrides: Partial<DocumentPackage> = {}): DocumentPackage {
  const promulgationDate = overrides.promulgationDate ?? '2025-03-05';
  const codeNumber = overrides.codeNumber ?? '123';
  const codeNotation = overrides.codeNotation ?? 'UBND-VX';
  return {
    from: { ...PROVINCE, organizationInCharge: 'UBND tỉnh Quảng Ninh', email: 'vanthu@quangninh.gov.vn' },
    to: [DISTRICT],
    codeNumber,
    codeNotation,
    place: 'Quảng Ninh',
    promulgationDate,
    documentType: { type: 2, typeName: 'Công văn' },
    subject: 'V/v triển khai kế hoạch chuyển đổi số năm 2025',
    signer: { competence: 'KT. CHỦ TỊCH', position: 'Phó Chủ tịch', fullName: 'Trần Minh Khoa' },
    dueDate: '2025-03-20',
    toPlaces: ['Như trên', 'Lưu: VT'],
    priority: 1,
    steeringType: 0,
    otherInfo: { pageAmount: 1, promulgationAmount: 5 },
    documentId: buildDocumentId(PROVINCE.organId, promulgationDate, codeNumber, codeNotation),
    business: { docType: 0, reason: 'Văn bản điện tử mới', paper: 0 },
    traces: [{ organId: PROVINCE.organId, timestamp: '2025-03-05T09:15:27+07:00' }],
    attachments: [
      {
        contentId: 'c0ffee00-0000-4000-8000-000000000001',
        name: '123-UBND-VX.signed.pdf',
        contentType: 'application/pdf',
        description: 'Văn bản chính',
        data: pdf,
      },
      {
        contentId: 'c0ffee00-0000-4000-8000-000000000002',
        name: 'phu-luc.txt',
        contentType: 'text/plain',
        description: 'Phụ lục',
        data: Buffer.from('Phụ lục I: danh sách đơn vị\n'),
      },
    ],
    ...overrides,
  };
}

export function sampleStatus(doc: DocumentPackage, overrides: Partial<StatusPackage> = {}): StatusPackage {
  return {
    responseFor: {
      organId: doc.from.organId,
      code: `${doc.codeNumber}/${doc.codeNotation}`,
      promulgationDate: doc.promulgationDate,
      documentId: doc.documentId,
    },
    from: doc.to[0],
    statusCode: '01',
    description: 'Đã đến',
    timestamp: '2025-03-05T10:00:00+07:00',
    ...overrides,
  };
}
