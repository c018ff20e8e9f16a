import { TestBed } from '@angular/core/testing';
import { TranslationService } from '../../i18n/translation.service';
import { ALL_CHANNELS, ASSIGNMENT_ROLES, INCOMING_STATUSES, SECRECIES, URGENCIES } from '../incoming.models';
import { IncomingLabels } from './incoming-labels';

describe('IncomingLabels', () => {
  beforeEach(() => localStorage.clear());

  // A code without a label is shown raw ("INTERNAL" on the page); every value of every enum needs one in both languages.
  for (const lang of ['vi', 'en'] as const) {
    it(`labels every channel, status, urgency, secrecy and role in ${lang}`, () => {
      const i18n = TestBed.inject(TranslationService);
      i18n.setLang(lang);
      const labels = TestBed.inject(IncomingLabels);
      const groups = {
        channel: ALL_CHANNELS,
        status: INCOMING_STATUSES,
        urgency: URGENCIES,
        secrecy: SECRECIES,
        role: ASSIGNMENT_ROLES,
      } as const;
      for (const [group, codes] of Object.entries(groups)) {
        for (const code of codes)
          expect(`${group}.${code} → ${labels.t(group as keyof typeof groups, code)}`).not.toBe(`${group}.${code} → ${code}`);
      }
      expect(labels.t('channel', 'INTERNAL')).toBe(lang === 'vi' ? 'Liên thông nội bộ' : 'Internal exchange (this system)');
    });
  }
});
