import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { choose, q, text, type } from '../../testing/dom';
import { PROBLEM_HEADERS, problem } from '../../testing/fixtures';
import { httpTestBed, verifyHttpAfterEach } from '../../testing/http';
import { ROUTING, assignment, processingDoc } from '../../testing/incoming-fixtures';
import type { Assignment, RoutingOptions } from '../incoming.models';
import { AssignDialog } from './assign-dialog';

const WITH_ORGANISATIONS: RoutingOptions = {
  ...ROUTING,
  organisations: [
    { id: 'hl', name: 'UBND thành phố Hạ Long', kind: 'UBND_HUYEN', parentId: null },
    { id: 'hl-bc', name: 'UBND phường Bãi Cháy', kind: 'UBND_XA', parentId: 'hl' },
  ],
};

describe('AssignDialog', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<AssignDialog>;
  let el: HTMLElement;
  let done: number;
  let cancelled: number;

  async function open(options: RoutingOptions, inputs: { reassign?: boolean; assignments?: Assignment[]; documentDueDate?: string } = {}) {
    fixture = TestBed.createComponent(AssignDialog);
    fixture.componentRef.setInput('documentId', 'd1');
    for (const [k, v] of Object.entries(inputs)) fixture.componentRef.setInput(k, v);
    done = 0;
    cancelled = 0;
    fixture.componentInstance.done.subscribe(() => done++);
    fixture.componentInstance.cancelled.subscribe(() => cancelled++);
    el = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne('/api/incoming/d1/routing-options').flush(options);
    await fixture.whenStable();
  }

  const checkbox = (group: 'cooperate' | 'inform', key: string) =>
    q<HTMLInputElement>(el, `[data-testid="assign-${group}"][value="${key}"]`);
  async function tick(group: 'cooperate' | 'inform', key: string): Promise<void> {
    checkbox(group, key).click();
    await fixture.whenStable();
  }
  async function submit(): Promise<void> {
    q<HTMLButtonElement>(el, '[data-testid="assign-submit"]').click();
    await fixture.whenStable();
  }

  beforeEach(() => {
    http = httpTestBed();
  });
  verifyHttpAfterEach();

  it('offers the units, the organisations below (each under its parent) and the people as lead', async () => {
    await open(WITH_ORGANISATIONS);
    const groups = Array.from(el.querySelectorAll('[data-testid="assign-lead"] optgroup')).map((g) => [
      g.getAttribute('label'),
      Array.from(g.querySelectorAll('option')).map((o) => o.textContent),
    ]);
    expect(groups).toEqual([
      ['Đơn vị', ['Phòng Tổng hợp', 'Phòng Kinh tế', 'Phòng Văn xã']],
      ['Cơ quan, đơn vị trực thuộc', ['UBND thành phố Hạ Long', '\u00a0\u00a0UBND phường Bãi Cháy']],
      [
        'Cá nhân',
        [
          'Lê Thị Trưởng — Trưởng phòng — Phòng Tổng hợp',
          'Phạm Văn Chuyên — Chuyên viên — Phòng Tổng hợp',
          'Hoàng Thị Kinh — Chuyên viên — Phòng Kinh tế',
        ],
      ],
    ]);
  });

  it('sends nothing without a lead, and says to choose one', async () => {
    await open(ROUTING);
    await submit();
    expect(text(el, '.field-error')).toBe('Vui lòng chọn một mục.');
    expect(done).toBe(0);
  });

  it('assigns the lead, cooperating and informed ones (each in one group, never the lead), deadline and instruction', async () => {
    await open(WITH_ORGANISATIONS, { documentDueDate: '2099-01-31' });
    expect(q<HTMLInputElement>(el, '[data-testid="assign-due-date"]').value).toBe('2099-01-31');
    await tick('cooperate', 'unit:qn-vp-kt');
    await tick('cooperate', 'org:hl-bc');
    // Informed after cooperating: it moves from one group to the other.
    await tick('inform', 'unit:qn-vp-kt');
    expect(checkbox('cooperate', 'unit:qn-vp-kt').checked).toBe(false);
    await tick('inform', 'user:u-cv2');
    // The chosen lead is taken out of both groups.
    choose(el, '[data-testid="assign-lead"]', 'unit:qn-vp-th');
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="assign-cooperate"][value="unit:qn-vp-th"]')).toBeNull();
    type(el, '[data-testid="assign-instruction"]', '  Chủ trì tham mưu báo cáo UBND tỉnh.  ');
    await submit();

    const req = http.expectOne('/api/incoming/d1/assign');
    expect(req.request.body).toEqual({
      lead: { unitId: 'qn-vp-th' },
      cooperate: [{ organisationId: 'hl-bc' }],
      inform: [{ unitId: 'qn-vp-kt' }, { userId: 'u-cv2' }],
      dueDate: '2099-01-31',
      instruction: 'Chủ trì tham mưu báo cáo UBND tỉnh.',
    });
    req.flush(processingDoc());
    await fixture.whenStable();
    expect(done).toBe(1);
  });

  it('re-assigning starts from the direction in force and needs a reason', async () => {
    const current = [
      assignment({ id: 'a1', dueDate: '2099-03-20', instruction: 'Tham mưu' }),
      assignment({ id: 'a2', role: 'PHOI_HOP', unit: { id: 'qn-vp-kt', name: 'Phòng Kinh tế' } }),
      assignment({ id: 'a3', role: 'DE_BIET', unit: { id: 'qn-vp-vx', name: 'Phòng Văn xã' }, active: false }),
    ];
    await open(ROUTING, { reassign: true, assignments: current });
    expect(text(el, '#assign-title')).toBe('Phân công lại');
    expect(q<HTMLSelectElement>(el, '[data-testid="assign-lead"]').value).toBe('unit:qn-vp-th');
    expect(checkbox('cooperate', 'unit:qn-vp-kt').checked).toBe(true);
    expect(checkbox('inform', 'unit:qn-vp-vx').checked).toBe(false);
    expect(q<HTMLTextAreaElement>(el, '[data-testid="assign-instruction"]').value).toBe('Tham mưu');

    await submit();
    expect(text(el, '[data-testid="assign-reason"] + vt-field-errors')).toBe('Vui lòng nhập thông tin này.');
    type(el, '[data-testid="assign-reason"]', 'Điều chỉnh theo chỉ đạo');
    await submit();
    const req = http.expectOne('/api/incoming/d1/assign');
    expect(req.request.body).toEqual({
      lead: { unitId: 'qn-vp-th' },
      cooperate: [{ unitId: 'qn-vp-kt' }],
      inform: [],
      dueDate: '2099-03-20',
      instruction: 'Tham mưu',
      reason: 'Điều chỉnh theo chỉ đạo',
    });
    req.flush(
      problem(422, 'validation', 'Dữ liệu gửi lên không hợp lệ', 'Invalid request body: dueDate: past', {
        errors: [{ path: 'dueDate', message: 'must not be in the past' }],
      }),
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();
    expect(text(el, '[data-testid="dialog-error"]')).toBe('Dữ liệu gửi lên không hợp lệ');
    expect(el.querySelector('.field-error[data-path="dueDate"]')).not.toBeNull();
    expect(done).toBe(0);
  });

  it('Hủy closes the dialog without sending', async () => {
    await open(ROUTING);
    q<HTMLButtonElement>(el, '[data-testid="dialog-cancel"]').click();
    expect(cancelled).toBe(1);
  });
});
