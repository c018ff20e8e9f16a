import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { IncomingApi } from '../incoming-api.service';
import { type AssignRequest, type Assignment, type RoutingOptions, type Target, parseTarget, targetKey } from '../incoming.models';
import { todayIso } from '../shared/vt-date.pipe';

interface Choice {
  key: string;
  label: string;
}

/**
 * Leader's direction (phiếu giải quyết): one lead (chủ trì) unit, person or organisation below, any
 * cooperating (phối hợp) and informed (để biết) ones, a deadline and the instruction. Re-assigning needs a
 * reason. The deadline starts from the document's own (from its sender or the organisation above).
 */
@Component({
  selector: 'vt-assign-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, FieldErrors],
  templateUrl: './assign-dialog.html',
  styleUrls: ['../shared/incoming.css', './assign-dialog.css'],
})
export class AssignDialog implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(IncomingApi);

  readonly documentId = input.required<string>();
  readonly reassign = input(false);
  /** Current assignments, to start a re-assignment from the direction in force. */
  readonly assignments = input<readonly Assignment[]>([]);
  /** The document's deadline, proposed for the direction. */
  readonly documentDueDate = input<string | null>(null);
  readonly done = output<void>();
  readonly cancelled = output<void>();

  protected readonly options = signal<RoutingOptions | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly working = signal(false);
  protected readonly submitted = signal(false);

  protected lead = '';
  protected readonly cooperate = signal<ReadonlySet<string>>(new Set());
  protected readonly inform = signal<ReadonlySet<string>>(new Set());
  protected dueDate = '';
  protected instruction = '';
  protected reason = '';
  protected readonly today = todayIso();
  protected readonly fieldPaths = ['lead', 'cooperate', 'inform', 'dueDate', 'instruction', 'reason'];

  protected readonly units = computed<Choice[]>(() => (this.options()?.units ?? []).map((u) => ({ key: `unit:${u.id}`, label: u.name })));
  /** "Đơn vị", naming the office when the units are its (the committee's staff sit in its Văn phòng). */
  protected readonly unitsHeading = computed(() => {
    const offices = [...new Set((this.options()?.units ?? []).map((u) => u.organisationName).filter((n): n is string => !!n))];
    const units = this.i18n.t('incoming.assign.units');
    return offices.length ? this.i18n.t('routing.assign.unitOf', { unit: units, organisation: offices.join(', ') }) : units;
  });
  /** Organisations below, each under its parent (a commune under its district), indented by depth. */
  protected readonly organisations = computed<Choice[]>(() => {
    const all = this.options()?.organisations ?? [];
    const out: Choice[] = [];
    const walk = (parentId: string | null, depth: number) => {
      for (const o of all.filter((x) => x.parentId === parentId)) {
        out.push({ key: `org:${o.id}`, label: `${'\u00a0\u00a0'.repeat(depth)}${o.name}` });
        walk(o.id, depth + 1);
      }
    };
    walk(null, 0);
    return out;
  });
  protected readonly people = computed<Choice[]>(() =>
    (this.options()?.people ?? []).map((p) => ({
      key: `user:${p.id}`,
      label: [p.fullName, p.position, p.unitName].filter(Boolean).join(' — '),
    })),
  );

  ngOnInit(): void {
    const due = this.documentDueDate();
    if (due && due >= this.today) this.dueDate = due;
    if (this.reassign()) this.prefill();
    this.api.routingOptions(this.documentId()).subscribe({
      next: (o) => this.options.set(o),
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected leadMissing(): boolean {
    return this.submitted() && !this.lead;
  }

  protected reasonMissing(): boolean {
    return this.submitted() && this.reassign() && !this.reason.trim();
  }

  protected checked(group: 'cooperate' | 'inform', key: string): boolean {
    return this[group]().has(key);
  }

  protected toggle(group: 'cooperate' | 'inform', key: string, on: boolean): void {
    const other = group === 'cooperate' ? this.inform : this.cooperate;
    this[group].update((set) => {
      const next = new Set(set);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
    if (on) other.update((set) => new Set([...set].filter((k) => k !== key)));
  }

  protected leadChanged(key: string): void {
    this.lead = key;
    for (const group of [this.cooperate, this.inform]) group.update((set) => new Set([...set].filter((k) => k !== key)));
  }

  protected submit(): void {
    this.submitted.set(true);
    const lead = parseTarget(this.lead);
    if (!lead || this.reasonMissing() || this.working()) return;
    const targets = (set: ReadonlySet<string>) =>
      [...set]
        .filter((k) => k !== this.lead)
        .map(parseTarget)
        .filter((t): t is Target => t !== null);
    const body: AssignRequest = { lead, cooperate: targets(this.cooperate()), inform: targets(this.inform()) };
    if (this.dueDate) body.dueDate = this.dueDate;
    if (this.instruction.trim()) body.instruction = this.instruction.trim();
    if (this.reassign()) body.reason = this.reason.trim();
    this.working.set(true);
    this.problem.set(null);
    this.api.assign(this.documentId(), body).subscribe({
      next: () => {
        this.working.set(false);
        this.done.emit();
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }

  private prefill(): void {
    const top = this.assignments().filter((a) => a.active && a.parentId === null);
    const keys = (role: Assignment['role']) =>
      top
        .filter((a) => a.role === role)
        .map(targetKey)
        .filter((k): k is string => k !== null);
    this.lead = keys('CHU_TRI')[0] ?? '';
    this.cooperate.set(new Set(keys('PHOI_HOP')));
    this.inform.set(new Set(keys('DE_BIET')));
    const lead = top.find((a) => a.role === 'CHU_TRI');
    this.dueDate = lead?.dueDate ?? '';
    this.instruction = lead?.instruction ?? '';
  }
}
