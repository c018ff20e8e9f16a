import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { q, text } from '../testing/dom';
import { httpTestBed, verifyHttpAfterEach } from '../testing/http';
import { PermissionAlertsPage } from './permission-alerts-page';
import type { PermissionAlert } from './records.models';

const alert = (over: Partial<PermissionAlert>): PermissionAlert => ({
  id: 'a1',
  organisationId: 'qn-snv',
  kind: 'ROLE_GRANTED',
  subjectUserId: 'u1',
  subjectName: 'Trần Văn Chuyên',
  changedBy: 'u0',
  changedByName: 'Trần Quản Trị',
  changedAt: '2026-12-02T03:15:00Z',
  data: { role: 'VAN_THU' },
  confirmedAt: null,
  confirmedByName: null,
  confirmNote: null,
  ...over,
});

describe('PermissionAlertsPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<PermissionAlertsPage>;
  let el: HTMLElement;

  const cells = (row: Element) => Array.from(row.querySelectorAll('td')).map((td) => td.textContent!.replace(/\s+/g, ' ').trim());

  beforeEach(async () => {
    http = httpTestBed();
    fixture = TestBed.createComponent(PermissionAlertsPage);
    el = fixture.nativeElement;
    await fixture.whenStable();
  });
  verifyHttpAfterEach();

  it('lists the permission changes awaiting confirmation, each said in words', async () => {
    expect(el.textContent).toContain('Đang tải…');
    http.expectOne('/api/admin/permission-alerts').flush({
      items: [
        alert({}),
        alert({ id: 'a2', kind: 'DELEGATION_CREATED', data: { fromDate: '2026-12-05', toDate: '2026-12-20' } }),
        alert({ id: 'a3', kind: 'SECRET_ACCESS_GRANTED', data: {} }),
      ],
    });
    await fixture.whenStable();
    const rows = Array.from(el.querySelectorAll('[data-testid="alert-row"]'));
    expect(rows.map((r) => cells(r).slice(0, 4))).toEqual([
      ['02/12/2026 10:15', 'Cấp vai trò Văn thư', 'Trần Văn Chuyên', 'Trần Quản Trị'],
      ['02/12/2026 10:15', 'Ủy quyền từ 05/12/2026 đến 20/12/2026', 'Trần Văn Chuyên', 'Trần Quản Trị'],
      ['02/12/2026 10:15', 'Cấp quyền xem văn bản mật', 'Trần Văn Chuyên', 'Trần Quản Trị'],
    ]);
    expect(rows.every((r) => r.querySelector('[data-testid="alert-confirm"]'))).toBe(true);
  });

  it('confirms a change with a note and reloads the list', async () => {
    http.expectOne('/api/admin/permission-alerts').flush({ items: [alert({}), alert({ id: 'a2', kind: 'ROLE_REVOKED' })] });
    await fixture.whenStable();
    const second = el.querySelectorAll('[data-testid="alert-row"]')[1];
    const note = q<HTMLInputElement>(second, '[data-testid="alert-note"]');
    note.value = ' Đã kiểm tra với trưởng phòng ';
    note.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    q<HTMLButtonElement>(second, '[data-testid="alert-confirm"]').click();
    const req = http.expectOne({ method: 'POST', url: '/api/admin/permission-alerts/a2/confirm' });
    expect(req.request.body).toEqual({ note: 'Đã kiểm tra với trưởng phòng' });
    req.flush({});
    http.expectOne('/api/admin/permission-alerts').flush({ items: [alert({})] });
    await fixture.whenStable();
    expect(el.querySelectorAll('[data-testid="alert-row"]')).toHaveLength(1);

    // Without a note, none is sent.
    q<HTMLButtonElement>(el, '[data-testid="alert-confirm"]').click();
    const plain = http.expectOne('/api/admin/permission-alerts/a1/confirm');
    expect(plain.request.body).toEqual({});
    plain.flush({});
    http.expectOne('/api/admin/permission-alerts').flush({ items: [] });
    await fixture.whenStable();
    expect(text(el, '[data-testid="alerts-empty"]')).toBe('Không có thay đổi quyền nào chờ xác nhận.');
  });

  it('on request, shows the confirmed ones too, with who confirmed them and the note', async () => {
    http.expectOne('/api/admin/permission-alerts').flush({ items: [] });
    await fixture.whenStable();
    q<HTMLInputElement>(el, '[data-testid="alerts-all"]').click();
    await fixture.whenStable();
    http.expectOne('/api/admin/permission-alerts?all=true').flush({
      items: [
        alert({
          kind: 'DELEGATION_REVOKED',
          confirmedAt: '2026-12-04T01:00:00Z',
          confirmedByName: 'Đặng Thị Hương',
          confirmNote: 'Đúng quy trình',
        }),
      ],
    });
    await fixture.whenStable();
    const row = q(el, '[data-testid="alert-row"]');
    expect(cells(row)[1]).toBe('Thu hồi ủy quyền');
    expect(text(row, '[data-testid="alert-confirmed"]')).toBe('Đã xác nhận bởi Đặng Thị Hương lúc 04/12/2026 08:00');
    expect(row.textContent).toContain('Đúng quy trình');
    expect(row.querySelector('[data-testid="alert-confirm"]')).toBeNull();
  });

  it('shows the refusal to someone who confirms nothing', async () => {
    http
      .expectOne('/api/admin/permission-alerts')
      .flush(problem(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này', 'Not a confirmer'), {
        status: 403,
        statusText: 'Forbidden',
        headers: PROBLEM_HEADERS,
      });
    await fixture.whenStable();
    expect(text(el, 'vt-problem-message')).toBe('Bạn không có quyền thực hiện thao tác này');
    expect(el.textContent).not.toContain('Đang tải…');
  });
});
