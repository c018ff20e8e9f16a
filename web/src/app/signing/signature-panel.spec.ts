import { TestBed } from '@angular/core/testing';
import { text } from '../testing/dom';
import { report, sig } from '../testing/signing-fixtures';
import { SignaturePanel } from './signature-panel';

/** The terms of one signature's details list, each with its value. */
const details = (item: Element) =>
  Object.fromEntries(
    Array.from(item.querySelectorAll('dt')).map((dt) => [
      dt.textContent!.trim(),
      dt.nextElementSibling!.textContent!.replace(/\s+/g, ' ').trim(),
    ]),
  );

describe('SignaturePanel', () => {
  afterEach(() => {
    TestBed.resetTestingModule();
    localStorage.clear();
  });

  it('renders each signature with its verdict, signer and changes after it, and an invalid one with its reason', async () => {
    localStorage.setItem('vanthu.lang', 'vi');
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
    expect(items[0].querySelector('[data-testid="signature-level"]')).toBeNull(); // no level in the report: none shown
    expect(details(items[0])).toEqual({
      'Thời điểm ký': '03/03/2026 09:00 (dấu thời gian)',
      'Tổ chức cấp chứng thư': 'vanthu DEV ONLY Issuing CA',
      'Hiệu lực chứng thư': '01/01/2026 07:00 – 01/01/2028 07:00',
      'Chuỗi chứng thư': 'Tin cậy',
      'Tình trạng thu hồi': 'Chưa bị thu hồi (theo OCSP)',
      'Toàn vẹn nội dung': 'Nội dung không bị thay đổi',
      'Thay đổi sau khi ký': 'thêm chữ ký, điền biểu mẫu (số, ngày)',
    });
    expect(items[1].textContent).toContain('Cơ quan, tổ chức');
    expect(text(items[1], '[data-testid="signature-verdict"]')).toBe('Không hợp lệ');
    expect(items[1].querySelector('[data-testid="signature-reason"]')!.textContent).toContain('Nội dung đã ký bị thay đổi');
    expect(text(items[1], '[data-testid="signature-changes"]')).toBe('Không');
    expect(text(el, '[data-testid="signature-overall"]')).toBe('Không hợp lệ');
    expect(el.textContent).toContain('2 chữ ký');
  });

  it('in English: a signature without a readable signer, an unverified time, an untrusted revoked certificate and altered content', async () => {
    localStorage.setItem('vanthu.lang', 'en');
    const fixture = TestBed.createComponent(SignaturePanel);
    fixture.componentRef.setInput(
      'report',
      report(
        [
          sig({
            verdict: 'indeterminate',
            signer: null,
            signingTime: { value: '2026-03-03T02:00:00Z', source: 'claimed' },
            chain: { trusted: false, path: [], message: null, checkedAt: null },
            revocation: { status: 'revoked', source: null, revokedAt: null, revocationSource: 'crl', checks: [] },
            integrity: { byteRange: null, digestMatches: false, signatureVerified: true, message: null },
            reasons: [{ code: 'untrusted', vi: 'Chứng thư không tin cậy', en: 'The certificate is not trusted' }],
            modifiedAfter: { changed: true, coversWholeFile: false, kinds: ['other_content'] },
          }),
        ],
        'indeterminate',
      ),
    );
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    const item = el.querySelector('[data-testid="signature"]')!;
    expect(text(item, '[data-testid="signature-signer"]')).toBe('—');
    expect(text(item, '[data-testid="signature-reason"]')).toBe('The certificate is not trusted');
    expect(details(item)).toEqual({
      'Signed at': '03/03/2026 09:00 (claimed by the signer, unverified)',
      'Certificate chain': 'Not trusted',
      Revocation: 'Revoked (by CRL)',
      Integrity: 'Content changed',
      'Changes after signing': 'content changed',
    });
    expect(text(el, '[data-testid="signature-overall"]')).toBe('Indeterminate');
    expect(el.querySelector('[data-testid="signature-panel"]')!.getAttribute('data-verdict')).toBe('indeterminate');
  });

  it('says which source decided revocation, and that OCSP could not be reached when a CRL answered instead', async () => {
    localStorage.setItem('vanthu.lang', 'vi');
    const fixture = TestBed.createComponent(SignaturePanel);
    const fallback = sig({
      index: 1,
      revocation: {
        status: 'good',
        source: 'CRL of Issuing CA',
        revokedAt: null,
        revocationSource: 'crl',
        checks: [
          { source: 'ocsp', url: 'http://ocsp.example/', outcome: 'failed', detail: 'ECONNREFUSED', cached: false },
          { source: 'crl', url: null, outcome: 'good', detail: 'CRL of Issuing CA', cached: false },
        ],
      },
    });
    fixture.componentRef.setInput('report', report([sig({}), fallback]));
    await fixture.whenStable();
    const shown = [...fixture.nativeElement.querySelectorAll('[data-testid="signature-revocation"]')].map(
      (e) => (e as HTMLElement).textContent,
    );
    expect(shown).toEqual(['Chưa bị thu hồi (theo OCSP)', 'Chưa bị thu hồi (theo CRL; không hỏi được OCSP)']);
  });

  it('shows the PAdES level a signature reaches, when its existence is proven, and that the file’s own data decided its revocation', async () => {
    localStorage.setItem('vanthu.lang', 'vi');
    const fixture = TestBed.createComponent(SignaturePanel);
    const lta = sig({
      level: 'B-LTA',
      existenceProvenAt: '2026-03-03T02:00:00Z',
      revocation: { status: 'good', source: 'embedded (DSS): CRL', revokedAt: null, revocationSource: 'embedded', checks: [] },
    });
    fixture.componentRef.setInput('report', report([lta]));
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(details(el.querySelector('[data-testid="signature"]')!)).toMatchObject({
      'Tình trạng thu hồi': 'Chưa bị thu hồi (theo dữ liệu lưu trong tệp)',
      'Mức chữ ký (PAdES)': 'PAdES B-LTA — lưu trữ lâu dài (dấu thời gian lưu trữ)',
      'Chứng minh tồn tại lúc': '03/03/2026 09:00',
    });
  });

  it('says "pending" (or the caller’s own text) without a report and "no signature" for an unsigned PDF', async () => {
    localStorage.setItem('vanthu.lang', 'vi');
    const fixture = TestBed.createComponent(SignaturePanel);
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(text(el, '[data-testid="signature-pending"]')).toBe('Đang kiểm tra chữ ký số…');
    fixture.componentRef.setInput('pendingText', 'Chữ ký được kiểm tra sau khi tải lên.');
    await fixture.whenStable();
    expect(text(el, '[data-testid="signature-pending"]')).toBe('Chữ ký được kiểm tra sau khi tải lên.');
    fixture.componentRef.setInput('report', report([]));
    await fixture.whenStable();
    expect(text(el, '[data-testid="signature-none"]')).toBe('Văn bản không có chữ ký số.');
    expect(el.querySelector('[data-testid="signature"]')).toBeNull();
  });
});
