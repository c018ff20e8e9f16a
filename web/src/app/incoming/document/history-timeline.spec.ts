import { TestBed } from '@angular/core/testing';
import { TranslationService } from '../../i18n/translation.service';
import { HistoryTimeline } from './history-timeline';

describe('HistoryTimeline', () => {
  beforeEach(() => localStorage.clear());

  it('names the person who acted, and "Hệ thống" for what no person did (a worker, the exchange)', () => {
    TestBed.inject(TranslationService).setLang('vi');
    const fixture = TestBed.createComponent(HistoryTimeline);
    fixture.componentRef.setInput('entries', [
      { at: '2026-12-01T02:00:00Z', actorName: 'Phan Thị Thảo', actorRole: 'VAN_THU', action: 'incoming.register', data: {} },
      { at: '2026-12-01T03:00:00Z', actorName: null, actorRole: null, action: 'incoming.register', data: { note: 'Nhận qua trục' } },
    ]);
    fixture.detectChanges();
    const entries = [...(fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid=history-entry]')].map((e) =>
      e.textContent!.replace(/\s+/g, ' '),
    );
    expect(entries[0]).toContain('Phan Thị Thảo (Văn thư)');
    expect(entries[1]).toContain('Hệ thống');
    expect(entries[1]).toContain('Nhận qua trục');
    expect(entries[1]).not.toContain('null');
  });
});
