import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from '../core/auth.service';
import { TranslationService, type TranslationKey } from '../i18n/translation.service';
import { NotificationsBell } from '../notifications/notifications-bell';
import { LangSwitch } from '../shared/lang-switch';

interface NavEntry {
  path: string;
  label: TranslationKey;
  testId: string;
  exact?: boolean;
  adminOnly?: boolean;
}

const NAV: readonly NavEntry[] = [
  { path: '/', label: 'nav.dashboard', testId: 'nav-dashboard', exact: true },
  { path: '/incoming', label: 'nav.incoming', testId: 'nav-incoming' },
  { path: '/outgoing', label: 'nav.outgoing', testId: 'nav-outgoing' },
  { path: '/approvals', label: 'nav.approvals', testId: 'nav-approvals' },
  { path: '/search', label: 'nav.search', testId: 'nav-search' },
  { path: '/case-files', label: 'nav.caseFiles', testId: 'nav-case-files' },
  { path: '/admin', label: 'nav.admin', testId: 'nav-admin', adminOnly: true },
];

/** Signed-in layout: header (brand, user, notifications, language, logout), side navigation, page outlet. */
@Component({
  selector: 'vt-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, NotificationsBell, LangSwitch],
  templateUrl: './shell.html',
  styleUrl: './shell.css',
})
export class Shell {
  protected readonly i18n = inject(TranslationService);
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly nav = computed(() => NAV.filter((entry) => !entry.adminOnly || this.auth.isAdmin()));

  protected logout(): void {
    const done = () => void this.router.navigateByUrl('/login');
    this.auth.logout().subscribe({ next: done, error: done });
  }
}
