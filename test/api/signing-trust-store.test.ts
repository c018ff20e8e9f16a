import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { pemToDer } from '../../api/src/signing/cms';
import { DEV_ROOT_NAME, pkiPaths } from '../../api/src/signing/pki';
import { localTimestamps, signPdf, type TimestampSource } from '../../api/src/signing/signer';
import { warnIfDevRootTrusted } from '../../api/src/signing/trust-check';
import { TrustedListError, parseTrustedList } from '../../api/src/signing/trust-list';
import { DevTsa } from '../../api/src/signing/tsa';
import { dnField, loadTrustStore, validatePdf } from '../../api/src/signing/validate';
import { createTestPki, makePdf, type TestPki } from '../support/signing';

// TRUST_STORE_DIR for real CAs (docs/domain.md §7): ETSI TS 119 612 trusted lists, folders of PEM/DER roots, and
// the warning when production still trusts the dev root.

let pki: TestPki;
let other: TestPki;
let tsa: TimestampSource;
let signed: Buffer;
let signedByOther: Buffer;
const dirs: string[] = [];

const appearance = {
  kind: 'leader' as const,
  rect: [330, 80, 540, 200] as [number, number, number, number],
  name: 'Người Ký',
  title: 'Thử',
};

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-trust-'));
  dirs.push(dir);
  return dir;
}

const b64 = (pemFile: string) => pemToDer(fs.readFileSync(pemFile, 'utf8')).toString('base64');

/** A trusted list as national lists publish it (prefixed namespace, as e.g. the EU lists use): one granted, one withdrawn service. */
function trustedListXml(granted: string, withdrawn: string): string {
  const service = (name: string, status: string, cert: string) => `
        <tsl:TSPService>
          <tsl:ServiceInformation>
            <tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</tsl:ServiceTypeIdentifier>
            <tsl:ServiceName><tsl:Name xml:lang="vi">${name}</tsl:Name><tsl:Name xml:lang="en">${name} (en)</tsl:Name></tsl:ServiceName>
            <tsl:ServiceDigitalIdentity>
              <tsl:DigitalId>
                <tsl:X509Certificate>
${cert.replace(/.{64}/g, '$&\n')}
                </tsl:X509Certificate>
              </tsl:DigitalId>
            </tsl:ServiceDigitalIdentity>
            <tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/${status}</tsl:ServiceStatus>
            <tsl:StatusStartingTime>2024-01-01T00:00:00Z</tsl:StatusStartingTime>
          </tsl:ServiceInformation>
        </tsl:TSPService>`;
  return `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" TSLTag="http://uri.etsi.org/19612/TSLTag">
  <tsl:SchemeInformation>
    <tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier>
    <tsl:SchemeOperatorName><tsl:Name xml:lang="en">Test supervisory body</tsl:Name></tsl:SchemeOperatorName>
    <tsl:SchemeTerritory>VN</tsl:SchemeTerritory>
  </tsl:SchemeInformation>
  <tsl:TrustServiceProviderList>
    <tsl:TrustServiceProvider>
      <tsl:TSPInformation><tsl:TSPName><tsl:Name xml:lang="en">Test CA provider</tsl:Name></tsl:TSPName></tsl:TSPInformation>
      <tsl:TSPServices>${service('Granted CA', 'granted', granted)}${service('Withdrawn CA', 'withdrawn', withdrawn)}
      </tsl:TSPServices>
    </tsl:TrustServiceProvider>
  </tsl:TrustServiceProviderList>
</tsl:TrustServiceStatusList>
`;
}

beforeAll(async () => {
  pki = await createTestPki();
  other = await createTestPki();
  tsa = localTimestamps(DevTsa.fromPkiDir(pki.dir)!);
  const unsigned = await makePdf(1);
  signed = (await signPdf(unsigned, { identity: pki.identity('users', 'qn.chutich'), appearance, timestamps: tsa })).pdf;
  signedByOther = (await signPdf(unsigned, { identity: other.identity('users', 'qn.chutich'), appearance, timestamps: tsa })).pdf;
});
afterAll(() => {
  pki.remove();
  other.remove();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('ETSI TS 119 612 trusted list', () => {
  it('reads the services and keeps the certificates of granted ones only', () => {
    const list = parseTrustedList(trustedListXml(b64(pkiPaths(pki.dir).rootCert), b64(pkiPaths(other.dir).rootCert)));
    expect(list).toMatchObject({ territory: 'VN', operator: 'Test supervisory body' });
    expect(list.services.map((s) => [s.provider, s.name, s.status.split('/').pop()])).toEqual([
      ['Test CA provider', 'Granted CA (en)', 'granted'],
      ['Test CA provider', 'Withdrawn CA (en)', 'withdrawn'],
    ]);
    expect(list.certificates.map((c) => c.toString('base64'))).toEqual([b64(pkiPaths(pki.dir).rootCert)]);
  });

  it('refuses what is not a trusted list', () => {
    expect(() => parseTrustedList('<x/>')).toThrow(TrustedListError);
    expect(() => parseTrustedList('<TrustServiceStatusList')).toThrow(TrustedListError);
    expect(() => parseTrustedList('<!DOCTYPE x [<!ENTITY a "b">]><TrustServiceStatusList/>')).toThrow(/DOCTYPE/);
  });

  it('a TRUST_STORE_DIR holding the list (and the CA’s CRL): the chain to the listed root validates, the withdrawn one does not', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'TSL-VN.xml'), trustedListXml(b64(pkiPaths(pki.dir).rootCert), b64(pkiPaths(other.dir).rootCert)));
    fs.copyFileSync(pkiPaths(pki.dir).crl, path.join(dir, 'issuing-ca.crl.pem'));
    const store = await loadTrustStore(dir);
    expect(store.anchors.map((c) => dnField(c.subject, '2.5.4.3'))).toEqual([DEV_ROOT_NAME]);
    const report = await validatePdf(signed, store);
    expect(report.signatures[0].chain).toMatchObject({ trusted: true });
    expect(report.verdict).toBe('valid');
    const foreign = await validatePdf(signedByOther, store);
    expect(foreign.signatures[0].chain.trusted).toBe(false);
    expect(foreign.signatures[0].reasons.map((r) => r.code)).toContain('untrusted_chain');
  });

  it('a listed issuing CA that is not self-signed (as many lists name CA/QC services) is an anchor too', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'TSL.xml'), trustedListXml(b64(pkiPaths(pki.dir).interCert), b64(pkiPaths(other.dir).rootCert)));
    fs.copyFileSync(pkiPaths(pki.dir).crl, path.join(dir, 'issuing-ca.crl.pem'));
    const report = await validatePdf(signed, await loadTrustStore(dir));
    expect(report.signatures[0].chain.trusted).toBe(true);
    expect(report.verdict).toBe('valid');
  });
});

describe('a folder of roots', () => {
  it('reads a DER root in a subfolder (as a national CA publishes its .cer) and validates the chain to it', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'vn-roots'));
    fs.writeFileSync(path.join(dir, 'vn-roots', 'root-ca.cer'), pemToDer(fs.readFileSync(pkiPaths(pki.dir).rootCert, 'utf8')));
    fs.copyFileSync(pkiPaths(pki.dir).crl, path.join(dir, 'issuing-ca.crl.pem'));
    const store = await loadTrustStore(dir);
    expect(store.anchors).toHaveLength(1);
    const report = await validatePdf(signed, store);
    expect(report.signatures[0].chain.trusted).toBe(true);
    expect(report.verdict).toBe('valid');
  });
});

describe('the dev root in production', () => {
  function capture() {
    const lines: { level: number; msg: string }[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(String(chunk)));
        cb();
      },
    });
    return { log: pino({ level: 'info' }, stream), lines };
  }

  it('warns at start when NODE_ENV=production and the trust store trusts the DEV ONLY root, and only then', async () => {
    const prod = capture();
    expect(await warnIfDevRootTrusted(path.join(pki.dir, 'trust'), 'production', prod.log)).toBe(true);
    expect(prod.lines).toEqual([
      expect.objectContaining({ level: 40, msg: expect.stringContaining(`trusts the development root "${DEV_ROOT_NAME}"`) }),
    ]);

    const dev = capture();
    expect(await warnIfDevRootTrusted(path.join(pki.dir, 'trust'), 'development', dev.log)).toBe(false);
    expect(dev.lines).toEqual([]);

    // Production with only real roots (here: a folder without the dev root) says nothing.
    const clean = tempDir();
    fs.writeFileSync(path.join(clean, 'TSL.xml'), trustedListXml(b64(pkiPaths(other.dir).interCert), b64(pkiPaths(other.dir).interCert)));
    const quiet = capture();
    expect(await warnIfDevRootTrusted(clean, 'production', quiet.log)).toBe(false);
    expect(quiet.lines).toEqual([]);
  });
});
