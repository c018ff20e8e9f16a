import { DOMParser, type Element } from '@xmldom/xmldom';

/**
 * ETSI TS 119 612 trusted lists (the form the EU member states and other national lists publish): the
 * certificates of the trust services a supervisory body lists as granted (docs/domain.md §7: the roots a
 * received document must chain to). Path: TrustServiceStatusList → TrustServiceProviderList →
 * TrustServiceProvider → TSPServices → TSPService → ServiceInformation → ServiceDigitalIdentity → DigitalId →
 * X509Certificate (base64 DER). Elements are matched by local name, whatever the prefix. The list's own XML
 * signature is not checked here: the file is installed by the operator, who vouches for it like for a PEM root.
 */

/** ServiceStatus URIs whose certificates are trusted: granted (eIDAS), under supervision / accredited (before 2016). */
const TRUSTED_STATUS = new Set(['granted', 'undersupervision', 'accredited']);

export interface TrustedService {
  provider: string;
  name: string;
  type: string;
  status: string;
  certificates: Buffer[];
}

export interface TrustedList {
  territory: string | null;
  operator: string | null;
  /** Every service in the list, trusted or not. */
  services: TrustedService[];
  /** DER certificates of the services whose status is trusted. */
  certificates: Buffer[];
}

function children(el: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).localName === name) out.push(n as Element);
  return out;
}

function path(el: Element, ...names: string[]): Element[] {
  let level = [el];
  for (const name of names) level = level.flatMap((e) => children(e, name));
  return level;
}

const textOf = (el: Element | undefined) => el?.textContent?.trim() ?? '';

/** The first name of a multilingual name list (prefers English). */
function firstName(el: Element | undefined): string {
  if (!el) return '';
  const names = children(el, 'Name');
  return textOf(names.find((n) => n.getAttribute('xml:lang') === 'en') ?? names[0]);
}

export class TrustedListError extends Error {}

/** Reads a TS 119 612 trusted list; throws TrustedListError when the XML is not one. */
export function parseTrustedList(xml: string): TrustedList {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new TrustedListError('a trusted list has no DOCTYPE or entities');
  const errors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(
      xml.replace(/^\uFEFF/, ''),
      'text/xml',
    );
  } catch (err) {
    throw new TrustedListError(`not well-formed XML: ${(err as Error).message}`);
  }
  const root = doc.documentElement;
  if (errors.length || !root) throw new TrustedListError(`not well-formed XML: ${errors[0] ?? 'empty'}`);
  if (root.localName !== 'TrustServiceStatusList')
    throw new TrustedListError(`the root element is ${root.localName}, not TrustServiceStatusList`);
  const info = path(root, 'SchemeInformation')[0];
  const services: TrustedService[] = [];
  for (const tsp of path(root, 'TrustServiceProviderList', 'TrustServiceProvider')) {
    const provider = firstName(path(tsp, 'TSPInformation', 'TSPName')[0]);
    for (const svc of path(tsp, 'TSPServices', 'TSPService')) {
      const si = path(svc, 'ServiceInformation')[0];
      if (!si) continue;
      const status = textOf(path(si, 'ServiceStatus')[0]);
      const certificates = path(si, 'ServiceDigitalIdentity', 'DigitalId', 'X509Certificate')
        .map((c) => Buffer.from(textOf(c).replace(/\s+/g, ''), 'base64'))
        .filter((b) => b.length > 0);
      services.push({
        provider,
        name: firstName(path(si, 'ServiceName')[0]),
        type: textOf(path(si, 'ServiceTypeIdentifier')[0]),
        status,
        certificates,
      });
    }
  }
  const trusted = (s: TrustedService) => TRUSTED_STATUS.has(s.status.split('/').pop()!.toLowerCase());
  return {
    territory: textOf(path(info ?? root, 'SchemeTerritory')[0]) || null,
    operator: firstName(path(info ?? root, 'SchemeOperatorName')[0]) || null,
    services,
    certificates: services.filter(trusted).flatMap((s) => s.certificates),
  };
}
