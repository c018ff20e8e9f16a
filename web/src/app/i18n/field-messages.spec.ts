import { fieldMessage } from './field-messages';
import { en } from './en';
import { vi } from './vi';

const t = (dict: typeof vi) => (key: string, params?: Record<string, string | number>) => {
  let node: unknown = dict;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return String(node).replace(/\{(\w+)\}/g, (_, n: string) => String(params?.[n] ?? ''));
};

describe('fieldMessage', () => {
  it('shows the server’s English field messages in Vietnamese, never in English', () => {
    expect(fieldMessage('at least 10 characters', 'vi', t(vi))).toBe('Cần ít nhất 10 ký tự.');
    expect(fieldMessage('Too small: expected string to have >=2 characters', 'vi', t(vi))).toBe('Cần ít nhất 2 ký tự.');
    expect(fieldMessage('Invalid input: expected string, received undefined', 'vi', t(vi))).toBe('Vui lòng nhập thông tin này.');
    expect(fieldMessage('unit does not belong to the organisation', 'vi', t(vi))).toBe('Đơn vị không thuộc cơ quan đã chọn.');
    expect(fieldMessage('Nobody can take step 2 ("Ký") of the chain', 'vi', t(vi))).toBe('Giá trị không hợp lệ.');
  });

  it('keeps them as they are in English', () => {
    expect(fieldMessage('at least 10 characters', 'en', t(en as typeof vi))).toBe('at least 10 characters');
  });
});
