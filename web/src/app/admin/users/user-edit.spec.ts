import type { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { AdminUser } from '../../core/api.models';
import { OrganisationsService } from '../../core/organisations.service';
import { choose, q, text, type } from '../../testing/dom';
import { ORGANISATIONS, PROBLEM_HEADERS, USERS, problem } from '../../testing/fixtures';
import { httpTestBed, verifyHttpAfterEach } from '../../testing/http';
import { UserEdit } from './user-edit';

const USER: AdminUser = { ...USERS[0], email: 'van@quangninh.gov.vn', phone: null };

describe('UserEdit', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<UserEdit>;
  let el: HTMLElement;
  const emitted: { saved: AdminUser[]; reset: AdminUser[]; closed: number } = { saved: [], reset: [], closed: 0 };

  const value = (testid: string) => q<HTMLInputElement>(el, `[data-testid="${testid}"]`).value;
  const save = async () => {
    q<HTMLButtonElement>(el, '[data-testid="user-edit-save"]').click();
    await fixture.whenStable();
  };

  beforeEach(async () => {
    http = httpTestBed();
    TestBed.inject(OrganisationsService).load().subscribe();
    http.expectOne('/api/organisations').flush({ items: ORGANISATIONS });
    fixture = TestBed.createComponent(UserEdit);
    emitted.saved = [];
    emitted.reset = [];
    emitted.closed = 0;
    fixture.componentInstance.saved.subscribe((u) => emitted.saved.push(u));
    fixture.componentInstance.passwordReset.subscribe((u) => emitted.reset.push(u));
    fixture.componentInstance.closed.subscribe(() => emitted.closed++);
    fixture.componentRef.setInput('user', USER);
    el = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => vi.restoreAllMocks());
  verifyHttpAfterEach();

  it('starts from the user’s details, offering the active units of the user’s organisation', () => {
    expect(text(el, 'h3')).toBe('Sửa thông tin: Nguyễn Thị Văn');
    expect(value('user-edit-fullname')).toBe('Nguyễn Thị Văn');
    expect(value('user-edit-position')).toBe('Văn thư');
    expect(value('user-edit-email')).toBe('van@quangninh.gov.vn');
    expect(value('user-edit-phone')).toBe('');
    const unit = q<HTMLSelectElement>(el, '[data-testid="user-edit-unit"]');
    expect(unit.value).toBe('qn-vp-vt');
    // "Phòng cũ" is inactive and not the user's: not offered.
    expect(Array.from(unit.options).map((o) => o.textContent?.trim())).toEqual([
      '— Không thuộc đơn vị —',
      'Bộ phận Văn thư',
      'Phòng Tổng hợp',
    ]);
  });

  it('asks for a name and a position before saving anything', async () => {
    type(el, '[data-testid="user-edit-fullname"]', '  ');
    type(el, '[data-testid="user-edit-position"]', '');
    await save();
    expect(Array.from(el.querySelectorAll('.field-error')).map((e) => e.textContent)).toEqual([
      'Vui lòng nhập thông tin này.',
      'Vui lòng nhập thông tin này.',
    ]);
    expect(emitted.saved).toEqual([]);
  });

  it('saves the trimmed details, empty ones as none, and hands the saved user up', async () => {
    type(el, '[data-testid="user-edit-fullname"]', ' Nguyễn Thị Vân ');
    type(el, '[data-testid="user-edit-position"]', 'Văn thư chính');
    choose(el, '[data-testid="user-edit-unit"]', '');
    type(el, '[data-testid="user-edit-email"]', ' ');
    type(el, '[data-testid="user-edit-phone"]', '0203 3835 123');
    await save();
    const req = http.expectOne({ method: 'PATCH', url: '/api/admin/users/u1' });
    expect(req.request.body).toEqual({
      fullName: 'Nguyễn Thị Vân',
      position: 'Văn thư chính',
      unitId: null,
      email: null,
      phone: '0203 3835 123',
    });
    expect(q<HTMLButtonElement>(el, '[data-testid="user-edit-save"]').disabled).toBe(true);
    const updated = { ...USER, fullName: 'Nguyễn Thị Vân', position: 'Văn thư chính', unitId: null, unitName: null, email: null };
    req.flush(updated);
    await fixture.whenStable();
    expect(emitted.saved).toEqual([updated]);
  });

  it('shows the server’s field messages beside the fields', async () => {
    type(el, '[data-testid="user-edit-email"]', 'van@');
    await save();
    http
      .expectOne('/api/admin/users/u1')
      .flush(
        problem(400, 'validation', 'Dữ liệu không hợp lệ', 'Invalid request', { errors: [{ path: 'email', message: 'Invalid email' }] }),
        { status: 400, statusText: 'Bad Request', headers: PROBLEM_HEADERS },
      );
    await fixture.whenStable();
    expect(text(el, '[data-testid="user-edit-error"]')).toBe('Dữ liệu không hợp lệ');
    expect(text(el, '.field-error[data-path="email"]')).toBe('Địa chỉ thư điện tử không hợp lệ.');
    expect(emitted.saved).toEqual([]);
  });

  it('closes on cancel without saving', async () => {
    q<HTMLButtonElement>(el, '[data-testid="user-edit-cancel"]').click();
    expect(emitted.closed).toBe(1);
  });

  it('resets the password only once confirmed, and shows the temporary password once', async () => {
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    q<HTMLButtonElement>(el, '[data-testid="user-reset-password"]').click();
    expect(confirm).toHaveBeenCalledWith(
      'Đặt lại mật khẩu cho Nguyễn Thị Văn? Các phiên làm việc của người này sẽ kết thúc và họ phải đổi mật khẩu khi đăng nhập lại.',
    );
    http.expectNone('/api/admin/users/u1/reset-password');

    q<HTMLButtonElement>(el, '[data-testid="user-reset-password"]').click();
    http.expectOne({ method: 'POST', url: '/api/admin/users/u1/reset-password' }).flush({ temporaryPassword: 'Tam-7x2Q-9kLm' });
    await fixture.whenStable();
    expect(text(el, '[data-testid="temporary-password"]')).toBe('Tam-7x2Q-9kLm');
    expect(text(el, '[data-testid="user-temporary-password"]')).toContain('Mật khẩu tạm thời của Nguyễn Thị Văn:');
    expect(emitted.reset).toEqual([{ ...USER, mustChangePassword: true }]);
  });
});
