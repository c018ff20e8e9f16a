import type { Routes } from '@angular/router';

/** /approvals — trình duyệt / phê duyệt: my approvals queue and delegations (ủy quyền). */
export default [
  { path: '', pathMatch: 'full', loadComponent: () => import('./queue/approvals-page').then((m) => m.ApprovalsPage) },
  { path: 'delegations', loadComponent: () => import('./delegations/delegations-page').then((m) => m.DelegationsPage) },
] satisfies Routes;
