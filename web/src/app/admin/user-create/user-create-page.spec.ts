import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { choose, q, text, type } from '../../testing/dom';
import { ORGANISATIONS, PROBLEM_HEADERS, USERS, problem } from '../../testing/fixtures';
import { UserCreatePage } from './user-create-page';
import { verifyHttpAfterEach } from '../../testing/http';

describe('UserCreatePage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<UserCreatePage>;
  let el: HTMLElement;

  async function fill() {
    type(el, '#new-username', 'cv.le');
    type(el, '#new-fullname', 'Lê Văn Chuyên');
    type(el, '#new-position', 'Chuyên viên');
    choose(el, '#new-organisation', 'qn-vpubnd');
    await fixture.whenStable();
    choose(el, '#new-unit', 'qn-vp-th');
    type(el, '#new-password', 'Matkhau@2026');
    choose(el, '#new-role', 'CHUYEN_VIEN');
    await fixture.whenStable();
  }

  async function submit() {
    q<HTMLButtonElement>(el, '[data-testid="create-submit"]').click();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [UserCreatePage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UserCreatePage);
    el = fixture.nativeElement;
    await fixture.whenStable();
    http.expectOne('/api/organisations').flush({ items: ORGANISATIONS });
    await fixture.whenStable();
  });

  verifyHttpAfterEach();

  it('offers only the active units of the chosen organisation and disables dissolved organisations', async () => {
    const unitValues = () => Array.from(q<HTMLSelectElement>(el, '#new-unit').options).map((o) => o.value);
    expect(unitValues()).toEqual(['']);
    choose(el, '#new-organisation', 'qn-stc');
    await fixture.whenStable();
    expect(unitValues()).toEqual(['', 'stc-qlns']);
    choose(el, '#new-organisation', 'qn-vpubnd');
    await fixture.whenStable();
    expect(unitValues()).toEqual(['', 'qn-vp-vt', 'qn-vp-th']);
    const dissolved = Array.from(q<HTMLSelectElement>(el, '#new-organisation').options).find((o) => o.value === 'qn-stttt')!;
    expect(dissolved.disabled).toBe(true);
  });

  it('posts the new user with a first role and confirms', async () => {
    await fill();
    await submit();
    const req = http.expectOne('/api/admin/users');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      username: 'cv.le',
      fullName: 'Lê Văn Chuyên',
      position: 'Chuyên viên',
      organisationId: 'qn-vpubnd',
      unitId: 'qn-vp-th',
      password: 'Matkhau@2026',
      roles: [{ role: 'CHUYEN_VIEN', organisationId: 'qn-vpubnd', unitId: 'qn-vp-th' }],
    });
    req.flush({ ...USERS[0], id: 'u9', username: 'cv.le' }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(text(el, '[data-testid="create-success"]')).toContain('Đã tạo người dùng cv.le.');
    expect(q<HTMLInputElement>(el, '#new-username').value).toBe('');
  });

  it('shows 422 field errors next to their fields and the problem above the form', async () => {
    await fill();
    await submit();
    http.expectOne('/api/admin/users').flush(
      problem(422, 'validation', 'Dữ liệu không hợp lệ', 'Validation failed', {
        errors: [
          { path: 'password', message: 'Mật khẩu phải có ít nhất 10 ký tự' },
          { path: 'username', message: 'Chỉ dùng chữ thường, số và dấu chấm' },
          { path: 'something.else', message: 'Lỗi khác' },
        ],
      }),
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();
    const fieldOf = (id: string) => q(el, `#${id}`).closest('.field')!.textContent!;
    expect(fieldOf('new-password')).toContain('Mật khẩu phải có ít nhất 10 ký tự');
    expect(fieldOf('new-username')).toContain('Chỉ dùng chữ thường, số và dấu chấm');
    const summary = text(el, '[data-testid="create-error"]');
    expect(summary).toContain('Dữ liệu không hợp lệ');
    expect(summary).toContain('Lỗi khác'); // not attached to a field, so listed in the summary
    expect(summary).not.toContain('Mật khẩu phải có ít nhất 10 ký tự');
  });

  it('shows 409 user.username_taken', async () => {
    await fill();
    await submit();
    http
      .expectOne('/api/admin/users')
      .flush(problem(409, 'user.username_taken', 'Tên đăng nhập đã được sử dụng', 'Username already taken'), {
        status: 409,
        statusText: 'Conflict',
        headers: PROBLEM_HEADERS,
      });
    await fixture.whenStable();
    expect(text(el, '[data-testid="create-error"]')).toContain('Tên đăng nhập đã được sử dụng');
  });

  it('requires the mandatory fields before calling the API', async () => {
    await submit();
    http.expectNone('/api/admin/users');
    expect(el.querySelectorAll('.field-error').length).toBe(5);
  });
});
