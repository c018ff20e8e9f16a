import { HttpErrorResponse } from '@angular/common/http';
import { fieldErrors, normalisePath, toProblem } from './problem';

describe('toProblem', () => {
  it('keeps a problem+json body as it is', () => {
    const body = { title: 'Tên đăng nhập đã tồn tại', detail: 'Username already taken', status: 409, code: 'user.username_taken' };
    expect(toProblem(new HttpErrorResponse({ status: 409, error: body }))).toEqual(body);
  });

  it('parses a problem body delivered as text', () => {
    const body = { title: 'Quá nhiều yêu cầu', detail: 'Too many requests', status: 429, code: 'rate_limited' };
    expect(toProblem(new HttpErrorResponse({ status: 429, error: JSON.stringify(body) })).code).toBe('rate_limited');
  });

  it('turns a network failure into a client.network problem with both languages', () => {
    const p = toProblem(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    expect(p.code).toBe('client.network');
    expect(p.title).toContain('máy chủ');
    expect(p.detail).toContain('server');
  });

  it('turns a non-problem error page into client.unknown with the HTTP status', () => {
    const p = toProblem(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' }));
    expect(p).toMatchObject({ code: 'client.unknown', status: 502 });
  });
});

describe('field errors', () => {
  const p = {
    title: 'Dữ liệu không hợp lệ',
    detail: 'Validation failed',
    status: 422,
    code: 'validation',
    errors: [
      { path: 'username', message: 'Tên đăng nhập quá ngắn' },
      { path: '/roles/0/role', message: 'Vai trò không hợp lệ' },
    ],
  };

  it('normalises JSON-pointer and bracket paths', () => {
    expect(normalisePath('/roles/0/role')).toBe('roles.0.role');
    expect(normalisePath('roles[0].role')).toBe('roles.0.role');
    expect(normalisePath('username')).toBe('username');
  });

  it('selects the errors of one field', () => {
    expect(fieldErrors(p, 'username').map((e) => e.message)).toEqual(['Tên đăng nhập quá ngắn']);
    expect(fieldErrors(p, 'roles.0.role')).toHaveLength(1);
    expect(fieldErrors(p, 'password')).toEqual([]);
    expect(fieldErrors(null, 'username')).toEqual([]);
  });
});
