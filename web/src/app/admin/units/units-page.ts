import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import type { Problem } from '../../core/api.models';
import { OrganisationsService } from '../../core/organisations.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { todayIso } from '../../incoming/shared/vt-date.pipe';
import { AdminApi } from '../admin-api.service';
import { SeparationOfDuties } from './separation-of-duties';

/** Organisation tree on the left; units of the selected organisation and a form to add one. */
@Component({
  selector: 'vt-units-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, FormsModule, ProblemMessage, FieldErrors, SeparationOfDuties],
  templateUrl: './units-page.html',
  styleUrl: './units-page.css',
})
export class UnitsPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly orgs = inject(OrganisationsService);
  private readonly api = inject(AdminApi);

  protected readonly selectedId = signal<string | null>(null);
  protected readonly selected = computed(() => this.orgs.tree().find((n) => n.org.id === this.selectedId()) ?? null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', Validators.required],
    abbrev: ['', Validators.required],
  });
  protected readonly fieldPaths = ['name', 'abbrev'];
  protected readonly submitted = signal(false);
  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected dissolveOn = todayIso();

  ngOnInit(): void {
    this.orgs.load().subscribe({ error: (err: unknown) => this.problem.set(toProblem(err)) });
  }

  protected select(id: string): void {
    this.selectedId.set(id);
    this.problem.set(null);
    this.notice.set(null);
    this.submitted.set(false);
    this.form.reset();
  }

  /** Giải thể: the organisation's accounts are disabled; the tree is reloaded to show it dissolved. */
  protected dissolve(): void {
    const node = this.selected();
    if (!node || node.dissolved || this.working() || !this.dissolveOn) return;
    if (!window.confirm(this.i18n.t('workflow.organisations.dissolveConfirm', { name: node.org.name }))) return;
    this.working.set(true);
    this.problem.set(null);
    this.notice.set(null);
    this.api.dissolveOrganisation(node.org.id, this.dissolveOn).subscribe({
      next: (res) => {
        this.working.set(false);
        this.notice.set(this.i18n.t('workflow.organisations.dissolved', { n: res.disabledUsers }));
        this.orgs.load(true).subscribe({ error: (err: unknown) => this.problem.set(toProblem(err)) });
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }

  protected missing(name: 'name' | 'abbrev'): boolean {
    return this.submitted() && this.form.controls[name].hasError('required');
  }

  protected submit(): void {
    const node = this.selected();
    this.submitted.set(true);
    if (!node || node.dissolved || this.form.invalid || this.working()) return;
    const { name, abbrev } = this.form.getRawValue();
    this.working.set(true);
    this.problem.set(null);
    this.notice.set(null);
    this.api.createUnit(node.org.id, { name: name.trim(), abbrev: abbrev.trim() }).subscribe({
      next: (unit) => {
        this.working.set(false);
        this.submitted.set(false);
        this.orgs.addUnit(node.org.id, unit);
        this.notice.set(this.i18n.t('admin.units.created', { name: unit.name }));
        this.form.reset();
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
