import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TranslationService } from '../../i18n/translation.service';
import type { LayoutReport } from '../outgoing.models';
import { LayoutWarnings } from './layout-warnings';

const mismatch: LayoutReport = {
  signatureBlock: { page: 0, authority: ['TM. ỦY BAN NHÂN DÂN'], position: 'CHỦ TỊCH', name: 'Trần Minh Khoa' },
  numberBlank: true,
  dateBlank: true,
  expectedAuthority: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH',
  warnings: [
    {
      code: 'authority_mismatch',
      vi: 'Quyền hạn ký trong dự thảo không khớp người ký',
      en: 'The draft’s signature block does not fit the signer',
    },
  ],
};

describe('LayoutWarnings', () => {
  beforeEach(() => {
    localStorage.setItem('vanthu.lang', 'vi');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
  });

  it('lists the warnings in the chosen language with the draft’s block and what the signer should sign as', async () => {
    const fixture = TestBed.createComponent(LayoutWarnings);
    fixture.componentRef.setInput('layout', mismatch);
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-code="authority_mismatch"]')!.textContent).toContain('không khớp người ký');
    expect(el.textContent).toContain('TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / Trần Minh Khoa');
    expect(el.textContent).toContain('KT. CHỦ TỊCH / PHÓ CHỦ TỊCH');
    TestBed.inject(TranslationService).setLang('en');
    fixture.detectChanges();
    await fixture.whenStable();
    expect(el.querySelector('[data-code="authority_mismatch"]')!.textContent).toContain('does not fit the signer');
    expect(el.textContent).toContain('Document layout');
  });

  it('with `summary` and nothing to warn about, says where the signature goes', async () => {
    const fixture = TestBed.createComponent(LayoutWarnings);
    fixture.componentRef.setInput('layout', { ...mismatch, warnings: [] });
    fixture.componentRef.setInput('summary', true);
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid="layout-warnings"]')).toBeNull();
    expect(el.querySelector('[data-testid="layout-summary"]')!.textContent).toContain('"CHỦ TỊCH" và "Trần Minh Khoa" (trang 1)');
    expect(el.querySelector('[data-testid="layout-preview"]')).toBeNull();
  });

  it('with a document, previews page 1 and the signature page (only the latter in the sign dialog)', async () => {
    const fixture = TestBed.createComponent(LayoutWarnings);
    fixture.componentRef.setInput('layout', { ...mismatch, signatureBlock: { ...mismatch.signatureBlock!, page: 2 } });
    fixture.componentRef.setInput('preview', { id: 'd1', currentVersion: 3 });
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid="layout-preview-first"]')!.getAttribute('src')).toBe('/api/outgoing/d1/layout-preview/first?v=3');
    expect(el.querySelector('[data-testid="layout-preview-signature"]')!.getAttribute('src')).toBe(
      '/api/outgoing/d1/layout-preview/signature?v=3',
    );
    fixture.componentRef.setInput('signatureOnly', true);
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="layout-preview-first"]')).toBeNull();
  });
});
