import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type AdminUser, type Problem, ROLE_CODES, type RoleCode } from '../../core/api.models';
import { OrganisationsService } from '../../core/organisations.service';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey, type TranslationParams } from '../../i18n/translation.service';
import { OutgoingApi } from '../../outgoing/outgoing-api.service';
import {
  AFTER_RETURN_MODES,
  type AfterReturn,
  type ChainStep,
  type ChainTemplate,
  type DocumentType,
  STEP_MODES,
  type StepMode,
} from '../../outgoing/outgoing.models';
import { OutgoingLabels } from '../../outgoing/shared/outgoing-labels';
import { FieldErrors } from '../../shared/field-errors';
import { OrgOptionLabelPipe } from '../../shared/org-option-label.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { AdminApi } from '../admin-api.service';

/** A step as edited: both kinds' fields kept so switching kind loses nothing. `unit` is '' (organisation), 'author' or a unit id. */
export interface StepDraft {
  label: string;
  kind: 'ROLE' | 'USERS';
  role: RoleCode;
  unit: string;
  userIds: string[];
  mode: StepMode;
  optional: boolean;
}

export function toDraft(s: ChainStep): StepDraft {
  const a = s.assignees;
  return {
    label: s.label,
    kind: a.kind,
    role: a.kind === 'ROLE' ? a.role : 'LANH_DAO_CO_QUAN',
    unit: a.kind === 'ROLE' ? (a.authorUnit ? 'author' : (a.unitId ?? '')) : '',
    userIds: a.kind === 'USERS' ? [...a.userIds] : [],
    mode: s.mode,
    optional: s.optional,
  };
}

export function fromDraft(d: StepDraft): ChainStep {
  const assignees: ChainStep['assignees'] =
    d.kind === 'USERS'
      ? { kind: 'USERS', userIds: d.userIds }
      : d.unit === 'author'
        ? { kind: 'ROLE', role: d.role, authorUnit: true }
        : { kind: 'ROLE', role: d.role, unitId: d.unit || null };
  return { label: d.label.trim(), assignees, mode: d.mode, optional: d.optional };
}

const emptyStep = (): StepDraft => ({
  label: '',
  kind: 'ROLE',
  role: 'LANH_DAO_CO_QUAN',
  unit: '',
  userIds: [],
  mode: 'ANY_ONE',
  optional: false,
});

/** /admin/approval-chains — quy trình duyệt văn bản đi per organisation and document type. */
@Component({
  selector: 'vt-approval-chains-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, FieldErrors, OrgOptionLabelPipe],
  templateUrl: './approval-chains-page.html',
  styleUrl: '../../outgoing/shared/outgoing.css',
})
export class ApprovalChainsPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  /** A workflow.* label picked by code (an enum value of the API). */
  protected readonly wt = (key: string, params?: TranslationParams) => this.i18n.t(key as TranslationKey, params);
  protected readonly labels = inject(OutgoingLabels);
  protected readonly orgs = inject(OrganisationsService);
  private readonly api = inject(OutgoingApi);
  private readonly admin = inject(AdminApi);

  protected readonly roles = ROLE_CODES.filter((r) => r !== 'QUAN_TRI');
  protected readonly modes = STEP_MODES;
  protected readonly afterReturnModes = AFTER_RETURN_MODES;
  protected readonly fieldPaths = ['name', 'documentType', 'steps'];

  protected organisationId = '';
  protected readonly templates = signal<ChainTemplate[]>([]);
  protected readonly types = signal<DocumentType[]>([]);
  protected readonly users = signal<AdminUser[]>([]);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly working = signal(false);
  protected readonly tried = signal(false);

  /** The template being edited: null when the editor is closed; id null for a new one. */
  protected readonly editing = signal<{ id: string | null } | null>(null);
  protected name = '';
  protected documentType = '';
  protected allowAddReviewers = false;
  protected afterReturn: AfterReturn = 'RESTART';
  /** The warnings of the chain just saved (optional steps nobody can take now). */
  protected readonly warnings = signal<ChainTemplate['warnings']>([]);
  protected readonly steps = signal<StepDraft[]>([]);

  protected readonly units = computed(
    () =>
      this.orgs
        .byId()
        .get(this.organisationId)
        ?.units.filter((u) => u.active) ?? [],
  );
  private readonly typeNames = computed(() => new Map(this.types().map((t) => [t.code, t.name])));

  ngOnInit(): void {
    this.orgs.load().subscribe({ error: (e: unknown) => this.problem.set(toProblem(e)) });
    this.api.documentTypes().subscribe({ next: (t) => this.types.set(t), error: (e: unknown) => this.problem.set(toProblem(e)) });
  }

  protected typeName(code: string | null): string {
    return code ? (this.typeNames().get(code) ?? code) : this.i18n.t('outgoing.chains.defaultType');
  }

  protected selectOrganisation(): void {
    this.editing.set(null);
    this.warnings.set([]);
    this.templates.set([]);
    this.users.set([]);
    this.notice.set(null);
    this.problem.set(null);
    if (!this.organisationId) return;
    this.api
      .chainTemplates(this.organisationId)
      .subscribe({ next: (t) => this.templates.set(t), error: (e: unknown) => this.problem.set(toProblem(e)) });
    this.admin
      .listUsers({ organisationId: this.organisationId })
      .subscribe({ next: (u) => this.users.set(u.filter((x) => !x.disabled)), error: () => this.users.set([]) });
  }

  protected startNew(): void {
    this.name = '';
    this.documentType = '';
    this.allowAddReviewers = false;
    this.afterReturn = 'RESTART';
    this.warnings.set([]);
    this.steps.set([emptyStep()]);
    this.tried.set(false);
    this.editing.set({ id: null });
  }

  protected edit(t: ChainTemplate): void {
    this.name = t.name;
    this.documentType = t.documentType ?? '';
    this.allowAddReviewers = t.allowAddReviewers;
    this.afterReturn = t.afterReturn;
    this.warnings.set(t.warnings);
    this.steps.set(t.steps.map(toDraft));
    this.tried.set(false);
    this.editing.set({ id: t.id });
  }

  protected addStep(): void {
    this.steps.update((s) => [...s, emptyStep()]);
  }

  protected removeStep(i: number): void {
    this.steps.update((s) => s.filter((_, j) => j !== i));
  }

  protected move(i: number, by: -1 | 1): void {
    this.steps.update((s) => {
      const j = i + by;
      if (j < 0 || j >= s.length) return s;
      const copy = [...s];
      [copy[i], copy[j]] = [copy[j], copy[i]];
      return copy;
    });
  }

  protected toggleUser(step: StepDraft, userId: string, checked: boolean): void {
    step.userIds = checked ? [...step.userIds, userId] : step.userIds.filter((u) => u !== userId);
    this.steps.update((s) => [...s]);
  }

  protected stepInvalid(s: StepDraft): boolean {
    return !s.label.trim() || (s.kind === 'USERS' && s.userIds.length === 0);
  }

  protected save(): void {
    this.tried.set(true);
    const editing = this.editing();
    if (!editing || !this.name.trim() || this.steps().length === 0 || this.steps().some((s) => this.stepInvalid(s)) || this.working())
      return;
    const body = {
      name: this.name.trim(),
      allowAddReviewers: this.allowAddReviewers,
      afterReturn: this.afterReturn,
      steps: this.steps().map(fromDraft),
    };
    const call = editing.id
      ? this.api.updateChainTemplate(editing.id, body)
      : this.api.createChainTemplate({ ...body, organisationId: this.organisationId, documentType: this.documentType || null });
    this.working.set(true);
    this.problem.set(null);
    call.subscribe({
      next: (saved) => {
        this.working.set(false);
        this.editing.set(null);
        this.templates.update((list) => [...list.filter((t) => t.id !== saved.id), saved]);
        this.warnings.set(saved.warnings);
        this.notice.set(this.i18n.t('outgoing.chains.saved'));
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }

  protected retire(t: ChainTemplate): void {
    this.problem.set(null);
    this.api.retireChainTemplate(t.id).subscribe({
      next: () => {
        this.templates.update((list) => list.filter((x) => x.id !== t.id));
        if (this.editing()?.id === t.id) this.editing.set(null);
        this.notice.set(this.i18n.t('outgoing.chains.retired'));
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
