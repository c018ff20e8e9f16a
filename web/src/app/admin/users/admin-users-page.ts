import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { AdminUser, Problem } from '../../core/api.models';
import { isDissolved } from '../../core/org-tree';
import { OrganisationsService } from '../../core/organisations.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { OrgOptionLabelPipe } from '../../shared/org-option-label.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { RoleList } from '../../shared/role-list';
import { AdminApi } from '../admin-api.service';
import { RoleGrants } from './role-grants';
import { UserEdit } from './user-edit';

/** Users list with organisation filter and text search; disable/enable; role management. */
@Component({
  selector: 'vt-admin-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, RoleList, RoleGrants, UserEdit, OrgOptionLabelPipe],
  templateUrl: './admin-users-page.html',
})
export class AdminUsersPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly orgs = inject(OrganisationsService);
  private readonly api = inject(AdminApi);

  protected organisationId = '';
  protected q = '';

  protected readonly users = signal<AdminUser[]>([]);
  protected readonly loading = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  /** Users whose disable/enable call is in flight. */
  protected readonly busy = signal<ReadonlySet<string>>(new Set());
  /** User whose role panel is open. */
  protected readonly expandedId = signal<string | null>(null);
  /** User whose edit panel is open. */
  protected readonly editingId = signal<string | null>(null);

  protected readonly dissolvedOrgIds = computed(
    () =>
      new Set(
        this.orgs
          .organisations()
          .filter((o) => isDissolved(o))
          .map((o) => o.id),
      ),
  );

  ngOnInit(): void {
    this.orgs.load().subscribe({ error: (err: unknown) => this.problem.set(toProblem(err)) });
    this.search();
  }

  protected search(): void {
    this.loading.set(true);
    this.problem.set(null);
    this.api.listUsers({ organisationId: this.organisationId, q: this.q }).subscribe({
      next: (items) => {
        this.users.set(items);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.users.set([]);
        this.loading.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }

  protected toggleDisabled(user: AdminUser): void {
    if (this.busy().has(user.id)) return;
    this.setBusy(user.id, true);
    this.problem.set(null);
    this.notice.set(null);
    const call = user.disabled ? this.api.enableUser(user.id) : this.api.disableUser(user.id);
    call.subscribe({
      next: (updated) => {
        this.setBusy(user.id, false);
        this.replace(updated);
        const key = updated.disabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone';
        this.notice.set(this.i18n.t(key, { username: updated.username }));
      },
      error: (err: unknown) => {
        this.setBusy(user.id, false);
        this.problem.set(toProblem(err));
      },
    });
  }

  protected toggleExpanded(user: AdminUser): void {
    this.editingId.set(null);
    this.expandedId.update((id) => (id === user.id ? null : user.id));
  }

  protected toggleEdit(user: AdminUser): void {
    this.expandedId.set(null);
    this.notice.set(null);
    this.editingId.update((id) => (id === user.id ? null : user.id));
  }

  protected edited(updated: AdminUser): void {
    this.replace(updated);
    this.editingId.set(null);
    this.notice.set(this.i18n.t('workflow.users.saved', { name: updated.fullName }));
  }

  protected replace(updated: AdminUser): void {
    this.users.update((items) => items.map((u) => (u.id === updated.id ? updated : u)));
  }

  private setBusy(id: string, on: boolean): void {
    this.busy.update((ids) => {
      const next = new Set(ids);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }
}
