import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslationService } from '../i18n/translation.service';

@Component({
  selector: 'vt-admin-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  template: `
    <h1 class="page-title">{{ i18n.t('admin.title') }}</h1>
    <nav class="tabs" [attr.aria-label]="i18n.t('admin.title')">
      <a
        routerLink="/admin"
        routerLinkActive="active"
        [routerLinkActiveOptions]="{ exact: true }"
        ariaCurrentWhenActive="page"
        data-testid="admin-tab-users"
        >{{ i18n.t('admin.tabUsers') }}</a
      >
      <a routerLink="/admin/users/new" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-tab-new-user">{{
        i18n.t('admin.tabNewUser')
      }}</a>
      <a routerLink="/admin/units" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-tab-units">{{
        i18n.t('admin.tabUnits')
      }}</a>
      <a
        routerLink="/admin/approval-chains"
        routerLinkActive="active"
        ariaCurrentWhenActive="page"
        data-testid="admin-tab-approval-chains"
        >{{ i18n.t('outgoing.chains.tab') }}</a
      >
      <a routerLink="/admin/exchange" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-tab-exchange">{{
        i18n.t('exchange.admin.tab')
      }}</a>
      <a routerLink="/admin/integrity" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="admin-tab-integrity">{{
        i18n.t('integrity.tab')
      }}</a>
    </nav>
    <router-outlet />
  `,
})
export class AdminLayout {
  protected readonly i18n = inject(TranslationService);
}
