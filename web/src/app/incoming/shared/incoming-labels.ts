import { Injectable, inject } from '@angular/core';
import { TranslationService, type TranslationKey, type TranslationParams } from '../../i18n/translation.service';

export type LabelGroup =
  'status' | 'urgency' | 'secrecy' | 'channel' | 'scope' | 'role' | 'assignmentStatus' | 'action' | 'history' | 'extraction';

/** Translated labels of the incoming codes (`incoming.<group>.<code>`); unknown codes are shown as they are. */
@Injectable({ providedIn: 'root' })
export class IncomingLabels {
  private readonly i18n = inject(TranslationService);

  t(group: LabelGroup, code: string | null | undefined, params?: TranslationParams): string {
    if (!code) return '';
    const key = `incoming.${group}.${code}`;
    const text = this.i18n.t(key as TranslationKey, params);
    return text === key ? code : text;
  }

  /** History actions arrive as "incoming.assign" etc. */
  historyAction(action: string): string {
    return this.t('history', action.replace(/^incoming\./, ''));
  }
}
