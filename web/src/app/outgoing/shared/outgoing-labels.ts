import { Injectable, inject } from '@angular/core';
import { TranslationService, type TranslationKey, type TranslationParams } from '../../i18n/translation.service';

export type OutgoingLabelGroup =
  'status' | 'urgency' | 'secrecy' | 'mode' | 'stepStatus' | 'decision' | 'delivery' | 'recipientKind' | 'fileRole' | 'action' | 'history';

/** Translated labels of the outgoing codes (`outgoing.<group>.<code>`); unknown codes are shown as they are. */
@Injectable({ providedIn: 'root' })
export class OutgoingLabels {
  private readonly i18n = inject(TranslationService);

  t(group: OutgoingLabelGroup, code: string | null | undefined, params?: TranslationParams): string {
    if (!code) return '';
    const key = `outgoing.${group}.${code}`;
    const text = this.i18n.t(key as TranslationKey, params);
    return text === key ? code : text;
  }

  /** History actions arrive as "outgoing.approve" etc. */
  historyAction(action: string): string {
    return this.t('history', action.replace(/^outgoing\./, ''));
  }
}
