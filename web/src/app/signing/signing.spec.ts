import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { q, text } from '../testing/dom';
import { outgoingDoc } from '../testing/outgoing-fixtures';
import { OutgoingSignatures } from './outgoing-signatures';
import { SignaturePanel } from './signature-panel';
import type { SignatureDetail, ValidationReport } from './signing.models';

const sig = (over: Partial<SignatureDetail>): SignatureDetail => ({
  index: 0,
  fieldName: 'Signature1',
  subFilter: 'ETSI.CAdES.detached',
  reason: null,
  location: null,
  claimedSigningTime: '2026-03-03T02:00:00Z',
  signingTime: { value: '2026-03-03T02:00:00Z', source: 'timestamp' },
  signer: {
    commonName: 'Đặng Thị Hương',
    subject: '',
    issuer: 'vanthu DEV ONLY Issuing CA',
    serialNumber: '01',
    notBefore: '2026-01-01T00:00:00Z',
    notAfter: '2028-01-01T00:00:00Z',
    publicKey: '',
    sha256: '',
    holder: 'person',
  },
  integrity: { byteRange: null, digestMatches: true, signatureVerified: true, message: null },
  chain: { trusted: true, path: [], message: null, checkedAt: null },
  revocation: { status: 'good', source: null, revokedAt: null },
  timestamp: { present: true, time: '2026-03-03T02:00:00Z', valid: true, authority: 'TSA', message: null },
  modifiedAfter: { changed: true, coversWholeFile: false, kinds: ['signatures', 'form_fill'] },
  verdict: 'valid',
  reasons: [],
  ...over,
});
const report = (signatures: SignatureDetail[], verdict: ValidationReport['verdict'] = 'valid'): ValidationReport => ({
  validatedAt: '',
  file: { bytes: 0, sha256: '' },
  signatureCount: signatures.length,
  verdict,
  reasons: [],
  signatures,
});

describe('signing components', () => {
  beforeEach(() => {
    localStorage.setItem('vanthu.lang', 'vi');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
  });

  it('renders each signature with its verdict, signer and changes after it, and an invalid one with its reason', async () => {
    const fixture = TestBed.createComponent(SignaturePanel);
    const bad = sig({
      index: 1,
      verdict: 'invalid',
      signer: { ...sig({}).signer!, commonName: 'Sở Tài chính', holder: 'organisation' },
      reasons: [{ code: 'digest_mismatch', vi: 'Nội dung đã ký bị thay đổi', en: 'changed' }],
      modifiedAfter: { changed: false, coversWholeFile: true, kinds: [] },
    });
    fixture.componentRef.setInput('report', report([sig({}), bad], 'invalid'));
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    const items = el.querySelectorAll('[data-testid="signature"]');
    expect(items.length).toBe(2);
    expect(items[0].getAttribute('data-verdict')).toBe('valid');
    expect(items[0].querySelector('[data-testid="signature-signer"]')!.textContent).toBe('Đặng Thị Hương');
    expect(items[0].querySelector('[data-testid="signature-changes"]')!.textContent).toContain('điền biểu mẫu');
    expect(items[1].querySelector('[data-testid="signature-reason"]')!.textContent).toContain('Nội dung đã ký bị thay đổi');
    expect(text(el, '[data-testid="signature-overall"]')).toBe('Không hợp lệ');
    expect(items[0].querySelector('[data-testid="signature-level"]')).toBeNull(); // no level in the report: none shown
  });

  it('shows the PAdES level a signature reaches and that the embedded data decided its revocation', async () => {
    const fixture = TestBed.createComponent(SignaturePanel);
    const lta = sig({
      level: 'B-LTA',
      existenceProvenAt: '2026-03-03T02:00:00Z',
      revocation: { status: 'good', source: 'embedded (DSS): CRL', revokedAt: null, origin: 'embedded' },
    });
    fixture.componentRef.setInput('report', report([lta]));
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(text(el, '[data-testid="signature-level"]')).toContain('PAdES B-LTA');
    expect(el.textContent).toContain('theo dữ liệu kiểm tra lưu trong tệp');
    expect(el.textContent).toContain('Chứng minh tồn tại lúc');
  });

  it('says "pending" without a report and "no signature" for an unsigned PDF', async () => {
    const fixture = TestBed.createComponent(SignaturePanel);
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[data-testid="signature-pending"]')).not.toBeNull();
    fixture.componentRef.setInput('report', report([]));
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[data-testid="signature-none"]')).not.toBeNull();
  });

  it('signs with a passphrase and shows the server’s refusal of a wrong one', async () => {
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(OutgoingSignatures);
    fixture.componentRef.setInput(
      'document',
      outgoingDoc({ id: 'd1', status: 'APPROVED_AWAITING_SIGNATURE', allowedActions: ['sign', 'comment'] }),
    );
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    q<HTMLButtonElement>(el, '[data-testid="action-sign"]').click();
    await fixture.whenStable();
    const input = q<HTMLInputElement>(el, '[data-testid="sign-passphrase"]');
    input.value = 'sai';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="sign-submit"]').click();
    const req = http.expectOne('/api/outgoing/d1/sign');
    expect(req.request.body).toEqual({ passphrase: 'sai' });
    req.flush(problem(422, 'signing.wrong_passphrase', 'Mật khẩu khóa ký không đúng', 'wrong passphrase'), {
      status: 422,
      statusText: 'Unprocessable',
      headers: PROBLEM_HEADERS,
    });
    await fixture.whenStable();
    expect(q<HTMLElement>(el, '[data-testid="sign-error"]').getAttribute('data-code')).toBe('signing.wrong_passphrase');
    http.verify();
  });
});
