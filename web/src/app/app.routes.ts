import type { Routes } from '@angular/router';
import { adminGuard, authGuard, guestGuard } from './core/auth.guards';
import { DashboardPage } from './dashboard/dashboard-page';
import { LoginPage } from './login/login-page';
import { Shell } from './shell/shell';

export const routes: Routes = [
  { path: 'login', component: LoginPage, canActivate: [guestGuard] },
  {
    path: 'account/password',
    loadComponent: () => import('./account/change-password-page').then((m) => m.ChangePasswordPage),
    canActivate: [authGuard],
  },
  {
    path: '',
    component: Shell,
    canActivate: [authGuard],
    children: [
      { path: '', pathMatch: 'full', component: DashboardPage },
      { path: 'incoming', loadChildren: () => import('./incoming/incoming.routes') },
      { path: 'outgoing', loadChildren: () => import('./outgoing/outgoing.routes') },
      { path: 'approvals', loadChildren: () => import('./approvals/approvals.routes') },
      { path: 'search', loadChildren: () => import('./search/search.routes') },
      { path: 'legal-holds', loadComponent: () => import('./records/legal-holds-page').then((m) => m.LegalHoldsPage) },
      { path: 'permission-alerts', loadComponent: () => import('./records/permission-alerts-page').then((m) => m.PermissionAlertsPage) },
      { path: 'case-files', loadChildren: () => import('./case-files/case-files.routes') },
      { path: 'admin', canActivate: [adminGuard], loadChildren: () => import('./admin/admin.routes') },
    ],
  },
  { path: '**', redirectTo: '' },
];
