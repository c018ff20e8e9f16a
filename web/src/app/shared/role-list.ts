import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { RoleGrant } from '../core/api.models';
import { TranslationService } from '../i18n/translation.service';

/** Role grants as chips: translated role label, with the organisation / unit it applies to. */
@Component({
  selector: 'vt-role-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="chips">
      @for (g of grants(); track g.id) {
        <li class="chip" [title]="scope(g)">
          <span class="chip-role">{{ i18n.role(g.role) }}</span>
          @if (showScope()) {
            <span class="chip-scope">{{ scope(g) }}</span>
          }
        </li>
      }
    </ul>
  `,
})
export class RoleList {
  protected readonly i18n = inject(TranslationService);
  readonly grants = input.required<readonly RoleGrant[]>();
  readonly showScope = input(true);

  protected scope(g: RoleGrant): string {
    return g.unitName ? `${g.unitName}, ${g.organisationName}` : g.organisationName;
  }
}
