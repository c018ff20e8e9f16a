import { TestBed } from '@angular/core/testing';
import { en } from './en';
import { LANG_STORAGE_KEY, TranslationService } from './translation.service';
import { vi } from './vi';

function leafKeys(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leafKeys(v as object, `${prefix}${k}.`)));
}

describe('TranslationService', () => {
  beforeEach(() => {
    localStorage.clear();
    document.documentElement.lang = '';
  });

  it('defaults to Vietnamese and sets <html lang="vi">', () => {
    const i18n = TestBed.inject(TranslationService);
    expect(i18n.lang()).toBe('vi');
    expect(document.documentElement.lang).toBe('vi');
    expect(i18n.t('login.title')).toBe('Đăng nhập');
    expect(i18n.t('lang.switchTo')).toBe('English');
  });

  it('switches to English, persists the choice and updates <html lang>', () => {
    const i18n = TestBed.inject(TranslationService);
    i18n.setLang('en');
    expect(i18n.lang()).toBe('en');
    expect(i18n.otherLang()).toBe('vi');
    expect(i18n.t('login.title')).toBe('Sign in');
    expect(i18n.t('lang.switchTo')).toBe('Tiếng Việt');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');

    i18n.toggle();
    expect(i18n.lang()).toBe('vi');
    expect(localStorage.getItem('vanthu.lang')).toBe('vi');
    expect(document.documentElement.lang).toBe('vi');
  });

  it('restores the stored language in a new session', () => {
    localStorage.setItem('vanthu.lang', 'en');
    const i18n = TestBed.inject(TranslationService);
    expect(i18n.lang()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.t('nav.incoming')).toBe('Incoming');
  });

  it('ignores an unknown stored value', () => {
    localStorage.setItem('vanthu.lang', 'fr');
    expect(TestBed.inject(TranslationService).lang()).toBe('vi');
  });

  it('interpolates parameters and translates role codes', () => {
    const i18n = TestBed.inject(TranslationService);
    expect(i18n.t('dashboard.welcome', { name: 'Nguyễn Văn A' })).toBe('Xin chào, Nguyễn Văn A!');
    expect(i18n.role('TRUONG_PHONG')).toBe('Lãnh đạo phòng');
    expect(i18n.role('SOMETHING_NEW')).toBe('SOMETHING_NEW');
    i18n.setLang('en');
    expect(i18n.t('admin.users.count', { count: 3 })).toBe('3 user(s) found');
    expect(i18n.role('TRUONG_PHONG')).toBe('Unit head');
  });

  it('has the same non-empty keys in both dictionaries', () => {
    const viKeys = leafKeys(vi).sort();
    expect(leafKeys(en).sort()).toEqual(viKeys);
    const i18n = TestBed.inject(TranslationService);
    for (const lang of ['vi', 'en'] as const) {
      i18n.setLang(lang);
      for (const key of viKeys) expect(i18n.t(key as never).trim()).not.toBe('');
    }
  });
});
