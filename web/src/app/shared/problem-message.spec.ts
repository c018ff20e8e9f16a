import { TestBed } from '@angular/core/testing';
import type { Problem } from '../core/api.models';
import { problem } from '../testing/fixtures';
import { ProblemMessage } from './problem-message';

function render(p: Problem, fieldPaths?: string[]) {
  const fixture = TestBed.createComponent(ProblemMessage);
  fixture.componentRef.setInput('problem', p);
  if (fieldPaths) fixture.componentRef.setInput('fieldPaths', fieldPaths);
  fixture.detectChanges();
  const el = fixture.nativeElement as HTMLElement;
  return {
    el,
    message: el.querySelector('.alert-text')?.textContent,
    list: Array.from(el.querySelectorAll('li')).map((li) => li.textContent?.trim()),
  };
}

const VALIDATION = problem(400, 'validation', 'Dữ liệu không hợp lệ', 'The request is invalid', {
  errors: [
    { path: 'fullName', message: 'Required' },
    { path: 'roles[0].unitId', message: 'The unit does not belong to the organisation' },
  ],
});

describe('ProblemMessage', () => {
  afterEach(() => {
    TestBed.resetTestingModule();
    localStorage.clear();
  });

  it('shows the Vietnamese title as an alert, with the code and request id for support', () => {
    localStorage.setItem('vanthu.lang', 'vi');
    const { el, message, list } = render(problem(409, 'user.username_taken', 'Tên đăng nhập đã có người dùng', 'Username taken'));
    expect(message).toBe('Tên đăng nhập đã có người dùng');
    expect(list).toEqual([]);
    expect(el.getAttribute('role')).toBe('alert');
    expect(el.getAttribute('data-code')).toBe('user.username_taken');
    expect(el.getAttribute('data-request-id')).toBe('req-1');
    expect(el.title).toBe('Mã yêu cầu: req-1');
  });

  it('shows the English detail in English', () => {
    localStorage.setItem('vanthu.lang', 'en');
    const { el, message } = render(problem(409, 'user.username_taken', 'Tên đăng nhập đã có người dùng', 'Username taken'));
    expect(message).toBe('Username taken');
    expect(el.title).toBe('Request ID: req-1');
  });

  it('lists the field errors the form does not show beside a field, so none is lost', () => {
    localStorage.setItem('vanthu.lang', 'vi');
    // fullName is shown by the form; the nested unit path is not.
    expect(render(VALIDATION, ['fullName']).list).toEqual(['Đơn vị không thuộc cơ quan đã chọn.']);
    expect(render(VALIDATION, ['fullName', 'roles.0.unitId']).list).toEqual([]);
    localStorage.setItem('vanthu.lang', 'en');
    TestBed.resetTestingModule();
    expect(render(VALIDATION, []).list).toEqual(['fullName: Required', 'roles[0].unitId: The unit does not belong to the organisation']);
  });
});
