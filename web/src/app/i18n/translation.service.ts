import { DOCUMENT, Injectable, computed, inject, signal } from '@angular/core';
import { en } from './en';
import { type Dictionary, vi } from './vi';

export type Lang = 'vi' | 'en';
export const LANG_STORAGE_KEY = 'vanthu.lang';

const DICTIONARIES: Record<Lang, Dictionary> = { vi, en };

/** Every dotted key of the dictionary that leads to a string, e.g. `'login.title'`. */
export type TranslationKey = KeyPaths<Dictionary>;
type KeyPaths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${KeyPaths<T[K]>}`;
}[keyof T & string];

export type TranslationParams = Record<string, string | number>;

/**
 * Small signal-based translation service: Vietnamese by default, English on demand.
 * The choice is kept in localStorage (`vanthu.lang`) and mirrored on `<html lang>`.
 * Reading `t()` in a template tracks the language signal, so views update on switch.
 */
@Injectable({ providedIn: 'root' })
export class TranslationService {
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Lang>(this.readStoredLang());

  readonly lang = this.current.asReadonly();
  readonly otherLang = computed<Lang>(() => (this.current() === 'vi' ? 'en' : 'vi'));

  constructor() {
    this.applyToDocument(this.current());
  }

  setLang(lang: Lang): void {
    this.current.set(lang);
    this.applyToDocument(lang);
    try {
      this.document.defaultView?.localStorage.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // Storage may be unavailable (private mode, quota); the switch still works for this page.
    }
  }

  toggle(): void {
    this.setLang(this.otherLang());
  }

  /** Translate a key in the current language; `{name}` placeholders are replaced from `params`. */
  t(key: TranslationKey, params?: TranslationParams): string {
    const text = lookup(DICTIONARIES[this.current()], key) ?? lookup(vi, key) ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }

  /** Translated label of a role code; unknown codes are shown as they are. */
  role(code: string): string {
    return lookup(DICTIONARIES[this.current()], `roles.${code}`) ?? code;
  }

  private readStoredLang(): Lang {
    try {
      const stored = this.document.defaultView?.localStorage.getItem(LANG_STORAGE_KEY);
      return stored === 'en' || stored === 'vi' ? stored : 'vi';
    } catch {
      return 'vi';
    }
  }

  private applyToDocument(lang: Lang): void {
    this.document.documentElement.lang = lang;
  }
}

function lookup(dictionary: Dictionary, key: string): string | undefined {
  let node: unknown = dictionary;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}
