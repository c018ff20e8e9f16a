import type { Routes } from '@angular/router';
import { AdminLayout } from './admin-layout';
import { AdminUsersPage } from './users/admin-users-page';
import { UserCreatePage } from './user-create/user-create-page';
import { UnitsPage } from './units/units-page';
import { ApprovalChainsPage } from './approval-chains/approval-chains-page';
import { ExchangeAdminPage } from './exchange/exchange-admin-page';
import { IntegrityPage } from './integrity/integrity-page';

export default [
  {
    path: '',
    component: AdminLayout,
    children: [
      { path: '', pathMatch: 'full', component: AdminUsersPage },
      { path: 'users/new', component: UserCreatePage },
      { path: 'units', component: UnitsPage },
      { path: 'approval-chains', component: ApprovalChainsPage },
      { path: 'exchange', component: ExchangeAdminPage },
      { path: 'integrity', component: IntegrityPage },
    ],
  },
] satisfies Routes;
