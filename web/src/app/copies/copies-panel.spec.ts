import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { choose, q, text } from '../testing/dom';
import { verifyHttpAfterEach } from '../testing/http';
import { CopiesPanel } from './copies-panel';

const signedCopy = (over: object = {}) => ({
  id: 'c1',
  form: 'SAO_Y',
  numberAndSymbol: '01/SY-STC',
  state: 'SIGNED',
  createdAt: '2026-12-01T02:00:00Z',
  dispatchedAt: null,
  recipients: [],
  allowedActions: ['dispatch'],
  ...over,
});
const org = (id: string, name: string) => ({
  id,
  parentId: null,
  name,
  shortName: id,
  organCode: null,
  kind: 'SO',
  placeName: 'Quảng Ninh',
  validFrom: null,
  validTo: null,
  separationOfDuties: true,
  units: [],
});

describe('CopiesPanel', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });
  verifyHttpAfterEach();

  it('dispatches a signed copy to the chosen organisations and shows how each was reached', async () => {
    const fixture = TestBed.createComponent(CopiesPanel);
    fixture.componentRef.setInput('sourceKind', 'OUTGOING');
    fixture.componentRef.setInput('sourceId', 'out1');
    const el: HTMLElement = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne('/api/copies?sourceKind=OUTGOING&sourceId=out1').flush({ items: [signedCopy()], mayCopy: false });
    await fixture.whenStable();

    q<HTMLButtonElement>(el, '[data-testid="copy-dispatch"]').click();
    http.expectOne('/api/organisations').flush({
      items: [
        org('qn-snv', 'Sở Nội vụ tỉnh Quảng Ninh'),
        org('qn-halong', 'Ủy ban nhân dân thành phố Hạ Long'),
        { ...org('qn-old', 'Cơ quan đã giải thể'), validTo: '2025-06-30' },
      ],
    });
    await fixture.whenStable();
    // Dissolved organisations are not offered; nothing is sent before a recipient is chosen.
    expect(Array.from(el.querySelectorAll('[data-testid="copy-recipient-select"] option')).map((o) => o.textContent)).toEqual([
      '—',
      'Sở Nội vụ tỉnh Quảng Ninh',
      'Ủy ban nhân dân thành phố Hạ Long',
    ]);
    expect(q<HTMLButtonElement>(el, '[data-testid="copy-dispatch-submit"]').disabled).toBe(true);
    for (const id of ['qn-snv', 'qn-halong']) {
      choose(el, '[data-testid="copy-recipient-select"]', id);
      await fixture.whenStable();
      q<HTMLButtonElement>(el, '[data-testid="copy-recipient-add"]').click();
      await fixture.whenStable();
    }
    q<HTMLButtonElement>(el, '[data-testid="copy-dispatch-submit"]').click();
    const sent = http.expectOne('/api/copies/c1/dispatch');
    expect(sent.request.body).toEqual({
      recipients: [
        { kind: 'ORGANISATION', organisationId: 'qn-snv' },
        { kind: 'ORGANISATION', organisationId: 'qn-halong' },
      ],
    });
    const recipients = [
      {
        name: 'Sở Nội vụ tỉnh Quảng Ninh',
        kind: 'ORGANISATION',
        organCode: null,
        route: 'INTERNAL',
        incomingDocumentId: 'in9',
        exchange: null,
      },
      {
        name: 'Ủy ban nhân dân thành phố Hạ Long',
        kind: 'ORGANISATION',
        organCode: '000.00.30.H49',
        route: 'EXCHANGE',
        incomingDocumentId: null,
        exchange: {
          status: 'SENT',
          statusCode: null,
          reason: null,
          lastError: null,
          sentAt: null,
          updatedAt: '2026-12-01T02:00:00Z',
          history: [],
        },
      },
    ];
    const done = signedCopy({ dispatchedAt: '2026-12-01T03:00:00Z', recipients, allowedActions: [] });
    sent.flush(done);
    http.expectOne('/api/copies?sourceKind=OUTGOING&sourceId=out1').flush({ items: [done], mayCopy: false });
    await fixture.whenStable();
    expect(el.textContent).toContain('Đã phát hành bản sao 01/SY-STC.');
    expect(Array.from(el.querySelectorAll('[data-testid="copy-recipient"]')).map((r) => r.getAttribute('data-route'))).toEqual([
      'INTERNAL',
      'EXCHANGE',
    ]);
    expect(text(el, '[data-testid="copy-recipient"][data-route="EXCHANGE"]')).toContain('qua trục liên thông');
    expect(
      el
        .querySelector('[data-testid="copy-recipient"][data-route="EXCHANGE"] [data-testid="exchange-status"]')
        ?.getAttribute('data-status'),
    ).toBe('SENT');
    expect(el.querySelector('[data-testid="copy-dispatch"]')).toBeNull();
  });

  it("offers 'Sao văn bản' only when the server says the caller may copy the document (its clerks; the server refuses the others)", async () => {
    const shown = async (mayCopy: boolean) => {
      const fixture = TestBed.createComponent(CopiesPanel);
      fixture.componentRef.setInput('sourceKind', 'INCOMING');
      fixture.componentRef.setInput('sourceId', `in-${mayCopy}`);
      await fixture.whenStable();
      http.expectOne(`/api/copies?sourceKind=INCOMING&sourceId=in-${mayCopy}`).flush({ items: [], mayCopy });
      await fixture.whenStable();
      return (fixture.nativeElement as HTMLElement).querySelector('[data-testid="copy-make"]') !== null;
    };
    expect(await shown(true)).toBe(true);
    expect(await shown(false)).toBe(false);
  });
});
