import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { OutgoingDocument } from '../outgoing/outgoing.models';
import { PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { q, text, type, until } from '../testing/dom';
import { verifyHttpAfterEach } from '../testing/http';
import { outgoingDoc } from '../testing/outgoing-fixtures';
import { report, sig } from '../testing/signing-fixtures';
import { OutgoingSignatures } from './outgoing-signatures';

const AWAITING = outgoingDoc({ id: 'd1', status: 'APPROVED_AWAITING_SIGNATURE', allowedActions: ['sign', 'comment'] });

describe('OutgoingSignatures', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<OutgoingSignatures>;
  let el: HTMLElement;
  let refreshed: OutgoingDocument[];

  const render = async (doc: OutgoingDocument) => {
    fixture = TestBed.createComponent(OutgoingSignatures);
    refreshed = [];
    fixture.componentInstance.refreshed.subscribe((d) => refreshed.push(d));
    fixture.componentRef.setInput('document', doc);
    el = fixture.nativeElement;
    await fixture.whenStable();
  };

  const openDialog = async (passphrase: string) => {
    q<HTMLButtonElement>(el, '[data-testid="action-sign"]').click();
    await fixture.whenStable();
    type(el, '[data-testid="sign-passphrase"]', passphrase);
    await fixture.whenStable();
  };

  beforeEach(() => {
    localStorage.setItem('vanthu.lang', 'vi');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });

  verifyHttpAfterEach();

  it('signs with a passphrase and shows the server’s refusal of a wrong one, clearing the passphrase', async () => {
    await render(AWAITING);
    await openDialog('sai');
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
    expect(text(el, '[data-testid="sign-error"]')).toBe('Mật khẩu khóa ký không đúng');
    expect(q<HTMLInputElement>(el, '[data-testid="sign-passphrase"]').value).toBe('');
    expect(q<HTMLButtonElement>(el, '[data-testid="sign-submit"]').disabled).toBe(true);
  });

  it('hands the accepted document up and closes the dialog; cancelling forgets the passphrase', async () => {
    await render(AWAITING);
    await openDialog('dung');
    q<HTMLButtonElement>(el, '[data-testid="sign-cancel"]').click();
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="sign-dialog"]')).toBeNull();

    q<HTMLButtonElement>(el, '[data-testid="action-sign"]').click();
    await fixture.whenStable();
    expect(q<HTMLInputElement>(el, '[data-testid="sign-passphrase"]').value).toBe('');
    type(el, '[data-testid="sign-passphrase"]', 'dung');
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="sign-submit"]').click();
    const queued = { ...AWAITING, signing: { state: 'QUEUED', error: null } } as OutgoingDocument;
    http.expectOne('/api/outgoing/d1/sign').flush(queued);
    await fixture.whenStable();
    expect(refreshed).toEqual([queued]);
    expect(el.querySelector('[data-testid="sign-dialog"]')).toBeNull();
  });

  it('offers no signing to someone who may not sign', async () => {
    await render(outgoingDoc({ id: 'd1', status: 'APPROVED_AWAITING_SIGNATURE', allowedActions: ['comment'] }));
    expect(el.querySelector('[data-testid="sign-section"]')).toBeNull();
    expect(el.querySelector('[data-testid="action-sign"]')).toBeNull();
  });

  it('shows progress while the worker signs, re-reads the document until done, and says when signing failed', async () => {
    await render({ ...outgoingDoc({ id: 'd1', allowedActions: [] }), signing: { state: 'QUEUED', error: null } } as OutgoingDocument);
    expect(text(el, '[data-testid="signing-progress"]')).toBe('Đang hoàn tất chữ ký số…');
    // Polled once a second.
    let polls: TestRequest[] = [];
    await until(() => (polls = http.match('/api/outgoing/d1')).length > 0, 3000);
    const failed = { ...outgoingDoc({ id: 'd1', allowedActions: ['sign'] }), signing: { state: 'FAILED', error: 'HSM không phản hồi' } };
    polls[0].flush(failed);
    expect(refreshed).toEqual([failed]);

    fixture.componentRef.setInput('document', failed as OutgoingDocument);
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="signing-progress"]')).toBeNull();
    expect(text(el, '[data-testid="sign-failed"]')).toBe('Ký số chưa thành công: HSM không phản hồi. Bạn có thể ký lại.');
    expect(el.querySelector('[data-testid="action-sign"]')).not.toBeNull();
  });

  it('shows the validation report of a signed document, and while the seal is added', async () => {
    const signed = {
      ...outgoingDoc({ id: 'd1', signed: true, allowedActions: [] }),
      signing: { state: 'DONE', error: null },
      sealed: true,
    } as OutgoingDocument;
    await render(signed);
    expect(text(el, '[data-testid="signature-pending"]')).toBe('Đang kiểm tra chữ ký số…');
    http.expectOne('/api/outgoing/d1/signatures').flush(report([sig({})]));
    await fixture.whenStable();
    expect(text(el, '[data-testid="signature-signer"]')).toBe('Đặng Thị Hương');
    expect(text(el, '[data-testid="signature-overall"]')).toBe('Hợp lệ');
    expect(el.querySelector('[data-testid="signing-progress"]')).toBeNull();
    fixture.destroy();

    const issued = outgoingDoc({ id: 'd2', signed: true, allowedActions: [] });
    await render({ ...issued, issued: { number: 12 } as OutgoingDocument['issued'], sealed: false } as OutgoingDocument);
    expect(text(el, '[data-testid="signing-progress"]')).toBe('Đang ghi số, ngày và ký số của cơ quan…');
    http.expectOne('/api/outgoing/d2/signatures').flush(report([sig({})]));
    fixture.destroy();
  });
});
