import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { httpTestBed, verifyHttpAfterEach } from '../../testing/http';
import { DispatchPlanView } from './dispatch-plan';

describe('DispatchPlanView', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    http = httpTestBed();
  });
  verifyHttpAfterEach();

  it('says how each recipient will be reached, and warns about those to be sent outside the system', async () => {
    const fixture = TestBed.createComponent(DispatchPlanView);
    fixture.componentRef.setInput('documentId', 'out1');
    // Not whenStable(): the loading plan is a pending task until the test answers it.
    TestBed.tick();
    http.expectOne('/api/outgoing/out1/dispatch-plan').flush({
      items: [
        {
          recipientId: 'r1',
          name: 'Sở Nội vụ tỉnh Quảng Ninh',
          kind: 'ORGANISATION',
          organCode: '000.00.03.H49',
          channel: 'INTERNAL',
          reason: null,
        },
        { recipientId: 'r2', name: 'Bộ Tài chính', kind: 'ORGANISATION', organCode: '000.00.00.G12', channel: 'EXCHANGE', reason: null },
        { recipientId: 'r3', name: 'Công ty Than Hạ Long', kind: 'EXTERNAL', organCode: null, channel: 'MANUAL', reason: 'NO_ORGAN_CODE' },
      ],
    });
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    const items = Array.from(el.querySelectorAll('[data-testid="dispatch-plan-item"]'));
    expect(items.map((i) => i.getAttribute('data-channel'))).toEqual(['INTERNAL', 'EXCHANGE', 'MANUAL']);
    expect(items.map((i) => (i.textContent ?? '').replace(/\s+/g, ' ').trim())).toEqual([
      'Sở Nội vụ tỉnh Quảng Ninh — Trên hệ thống',
      'Bộ Tài chính — Qua trục liên thông',
      'Công ty Than Hạ Long — Ngoài hệ thống (nơi nhận chưa có mã định danh)',
    ]);
    expect(el.querySelector('[data-testid="dispatch-manual-warning"]')!.textContent).toContain('1 nơi nhận không gửi điện tử được.');
  });

  it('no warning when every recipient is reached electronically', async () => {
    const fixture = TestBed.createComponent(DispatchPlanView);
    fixture.componentRef.setInput('documentId', 'out2');
    TestBed.tick();
    http.expectOne('/api/outgoing/out2/dispatch-plan').flush({
      items: [
        { recipientId: 'r1', name: 'Bộ Tài chính', kind: 'ORGANISATION', organCode: '000.00.00.G12', channel: 'EXCHANGE', reason: null },
      ],
    });
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelectorAll('[data-testid="dispatch-plan-item"]').length).toBe(1);
    expect(el.querySelector('[data-testid="dispatch-manual-warning"]')).toBeNull();
  });
});
