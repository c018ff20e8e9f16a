import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TranslationService } from '../i18n/translation.service';
import { q } from '../testing/dom';
import { LangSwitch } from './lang-switch';

/** A page around the switch: its text must follow the language the switch picks. */
@Component({
  imports: [LangSwitch],
  template: `<vt-lang-switch />
    <p data-testid="page-text">{{ i18n.t('comingSoon.line') }}</p>`,
})
class Host {
  protected readonly i18n = TestBed.inject(TranslationService);
}

describe('LangSwitch', () => {
  beforeEach(() => localStorage.setItem('vanthu.lang', 'vi'));
  afterEach(() => {
    TestBed.resetTestingModule();
    localStorage.clear();
  });

  it('names the other language and switches the whole page to it at once, remembering the choice', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    const button = q<HTMLButtonElement>(el, '[data-testid="lang-switch"]');
    expect(button.textContent?.trim()).toBe('⇄ English');
    expect(button.getAttribute('lang')).toBe('en');
    expect(button.title).toBe('Chuyển giao diện sang tiếng Anh');
    expect(q(el, '[data-testid="page-text"]').textContent).toBe('Chức năng này đang được xây dựng và sẽ sớm được đưa vào sử dụng.');

    button.click();
    // Re-rendered before the click returns: no waiting for the next frame.
    expect(q(el, '[data-testid="page-text"]').textContent).toBe('This module is under construction and is coming soon.');
    expect(button.textContent?.trim()).toBe('⇄ Tiếng Việt');
    expect(button.getAttribute('lang')).toBe('vi');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('vanthu.lang')).toBe('en');

    button.click();
    expect(q(el, '[data-testid="page-text"]').textContent).toBe('Chức năng này đang được xây dựng và sẽ sớm được đưa vào sử dụng.');
    expect(localStorage.getItem('vanthu.lang')).toBe('vi');
  });
});
