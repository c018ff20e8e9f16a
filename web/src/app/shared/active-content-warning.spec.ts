import { TestBed } from '@angular/core/testing';
import { text } from '../testing/dom';
import { type ActiveContentKind, ActiveContentWarning } from './active-content-warning';

function render(kinds: ActiveContentKind[], context: 'incoming' | 'outgoing' | 'result') {
  const fixture = TestBed.createComponent(ActiveContentWarning);
  fixture.componentRef.setInput('kinds', kinds);
  fixture.componentRef.setInput('context', context);
  fixture.detectChanges();
  return fixture.nativeElement as HTMLElement;
}

describe('ActiveContentWarning', () => {
  beforeEach(() => localStorage.setItem('vanthu.lang', 'vi'));
  afterEach(() => {
    TestBed.resetTestingModule();
    localStorage.clear();
  });

  it('names what a received PDF carried and says the stamped copy has it removed', () => {
    const el = render(['javascript', 'launch'], 'incoming');
    expect(text(el, '[data-testid="active-content"]')).toBe(
      'Tệp PDF này có nội dung tự chạy: mã JavaScript, lệnh mở chương trình (Launch). Tệp gốc được giữ nguyên như khi nhận; ' +
        'bản đóng dấu ĐẾN và bản nhận dạng chữ do hệ thống tạo đã được gỡ bỏ nội dung này. Không mở tệp gốc bằng phần mềm cho phép chạy mã.',
    );
    expect(el.querySelector('[data-testid="active-content"]')?.getAttribute('role')).toBe('note');
  });

  it('words the warning for an uploaded draft and for an uploaded result', () => {
    expect(text(render(['open_action'], 'outgoing'), '[data-testid="active-content"]')).toBe(
      'Tệp tải lên có nội dung tự chạy: hành động tự chạy khi mở tệp. Bản được trình duyệt, ký số và ban hành là bản đã gỡ bỏ nội dung này; tệp tải lên được lưu lại.',
    );
    expect(text(render(['additional_actions', 'other_action'], 'result'), '[data-testid="active-content"]')).toBe(
      'Tệp kết quả tải lên có nội dung tự chạy: hành động gắn với sự kiện (AA), hành động gửi hoặc nhận dữ liệu. Bản tải về là bản đã gỡ bỏ nội dung này; tệp tải lên được lưu lại.',
    );
  });
});
