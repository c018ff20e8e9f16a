import { TestBed } from '@angular/core/testing';
import { caseFileSummary } from '../../testing/case-file-fixtures';
import type { CaseFileSummary } from '../case-files.models';
import { TransferBadge } from './transfer-badge';

describe('TransferBadge', () => {
  beforeEach(() => localStorage.setItem('vanthu.lang', 'vi'));

  async function render(file: CaseFileSummary): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(TransferBadge);
    fixture.componentRef.setInput('file', file);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('on a closed file due at the archive: the state and the due date, red when overdue, amber when due or soon', async () => {
    const overdue = (
      await render(caseFileSummary({ status: 'CLOSED', transfer: { state: 'OVERDUE', dueDate: '2026-06-30' } }))
    ).querySelector('[data-testid="transfer-badge"]')!;
    expect(overdue.textContent?.trim()).toBe('Quá hạn nộp lưu · 30/06/2026');
    expect(overdue.getAttribute('data-state')).toBe('OVERDUE');
    expect(overdue.classList).toContain('badge-red');

    const soon = (await render(caseFileSummary({ status: 'CLOSED', transfer: { state: 'SOON', dueDate: '2027-01-15' } }))).querySelector(
      '[data-testid="transfer-badge"]',
    )!;
    expect(soon.textContent?.trim()).toBe('Sắp đến hạn nộp lưu · 15/01/2027');
    expect(soon.classList).toContain('badge-amber');
    expect(soon.classList).not.toContain('badge-red');

    const later = (await render(caseFileSummary({ status: 'CLOSED', transfer: { state: 'LATER', dueDate: '2028-12-31' } }))).querySelector(
      '[data-testid="transfer-badge"]',
    )!;
    expect(later.textContent?.trim()).toBe('Chờ nộp lưu · 31/12/2028');
    expect(later.classList).not.toContain('badge-amber');
  });

  it('shows nothing for a file that need not be transferred', async () => {
    const el = await render(caseFileSummary({ transfer: null }));
    expect(el.querySelector('[data-testid="transfer-badge"]')).toBeNull();
    expect(el.textContent?.trim()).toBe('');
  });
});
