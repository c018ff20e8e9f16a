/**
 * edXML per QCVN 102:2016/BTTTT (docs/domain.md §6): document and status packages, their XML signature, and a
 * defensive parser. Used by the exchange's sending side (outbox) and receiving side (inbox).
 */
export * from './types';
export { buildDocumentId, edxmlDate, edxmlTimestamp, parseEdxmlDate } from './dates';
export { buildDocumentPackage, buildStatusPackage, documentPackageXml, escapeXml, newContentId, statusPackageXml } from './build';
export { signEnvelope } from './signature';
export { parsePackage, type ParseOptions } from './parse';
