import { TestBed } from '@angular/core/testing';
import type { Problem } from '../core/api.models';
import { problem } from '../testing/fixtures';
import { FieldErrors } from './field-errors';

const VALIDATION: Problem = problem(400, 'validation', 'Dữ liệu không hợp lệ', 'Invalid request', {
  errors: [
    { path: 'email', message: 'Invalid email address' },
    { path: '/fullName', message: 'String must contain at least 2 characters' },
    { path: 'email', message: 'Địa chỉ đã được dùng' },
  ],
});

function render(inputs: { path: string; problem?: Problem | null; missing?: boolean; select?: boolean }) {
  const fixture = TestBed.createComponent(FieldErrors);
  for (const [k, v] of Object.entries(inputs)) fixture.componentRef.setInput(k, v);
  fixture.detectChanges();
  return Array.from((fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>('.field-error'));
}

describe('FieldErrors', () => {
  afterEach(() => {
    TestBed.resetTestingModule();
    localStorage.clear();
  });

  it('says a required field or choice is missing, and nothing while it is not', () => {
    localStorage.setItem('vanthu.lang', 'vi');
    expect(render({ path: 'fullName' })).toEqual([]);
    expect(render({ path: 'fullName', missing: true }).map((e) => e.textContent)).toEqual(['Vui lòng nhập thông tin này.']);
    expect(render({ path: 'unitId', missing: true, select: true }).map((e) => e.textContent)).toEqual(['Vui lòng chọn một mục.']);
  });

  it('shows the server’s messages for its own field only, in Vietnamese, with the original as a tooltip', () => {
    localStorage.setItem('vanthu.lang', 'vi');
    const errors = render({ path: 'email', problem: VALIDATION });
    expect(errors.map((e) => e.textContent)).toEqual(['Địa chỉ thư điện tử không hợp lệ.', 'Địa chỉ đã được dùng']);
    expect(errors[0].title).toBe('Invalid email address');
    expect(errors[0].getAttribute('data-path')).toBe('email');
    // "/fullName" and "fullName" are the same field.
    expect(render({ path: 'fullName', problem: VALIDATION, missing: true }).map((e) => e.textContent)).toEqual([
      'Vui lòng nhập thông tin này.',
      'Cần ít nhất 2 ký tự.',
    ]);
    expect(render({ path: 'phone', problem: VALIDATION })).toEqual([]);
  });

  it('in English, shows the server’s message as it is', () => {
    localStorage.setItem('vanthu.lang', 'en');
    expect(render({ path: 'email', problem: VALIDATION })[0].textContent).toBe('Invalid email address');
    expect(render({ path: 'email', missing: true })[0].textContent).toBe('This field is required.');
  });
});
