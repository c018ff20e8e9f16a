import { Pipe, type PipeTransform, inject } from '@angular/core';
import { type OrgNode, orgOptionLabel } from '../core/org-tree';
import { type Lang, TranslationService } from '../i18n/translation.service';

/**
 * `{{ node | orgOptionLabel: i18n.lang() }}`: indented organisation name for a `<select>`,
 * with "(đã giải thể)" / "(dissolved)" for dissolved ones. The language argument makes the
 * pure pipe re-run on a language switch.
 */
@Pipe({ name: 'orgOptionLabel' })
export class OrgOptionLabelPipe implements PipeTransform {
  private readonly i18n = inject(TranslationService);

  transform(node: OrgNode, _lang: Lang): string {
    return orgOptionLabel(node, this.i18n.t('common.dissolved'));
  }
}
