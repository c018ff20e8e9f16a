import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Observable } from 'rxjs';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { IncomingApi } from '../incoming-api.service';
import type { ActionName, Assignment, RoutingOptions } from '../incoming.models';
import { IncomingLabels } from '../shared/incoming-labels';
import { todayIso } from '../shared/vt-date.pipe';

/** Actions handled by this dialog (assign / reassign have their own, register has a page, comment a box). */
export type SimpleAction = Exclude<ActionName, 'assign' | 'reassign' | 'register' | 'comment' | 'reply'>;

type Field = 'leaderId' | 'userId' | 'note' | 'reason' | 'resultNote' | 'dueDate';

const FIELDS: Record<SimpleAction, { required: Field[]; optional: Field[] }> = {
  submit: { required: ['leaderId'], optional: ['note'] },
  return: { required: ['reason'], optional: [] },
  refuse: { required: ['reason'], optional: [] },
  discard: { required: ['reason'], optional: [] },
  delegate: { required: ['userId'], optional: ['dueDate', 'note'] },
  start: { required: [], optional: [] },
  complete: { required: ['resultNote'], optional: [] },
  input: { required: ['note'], optional: [] },
  read: { required: [], optional: [] },
  extend: { required: ['dueDate', 'reason'], optional: [] },
};

/** A small form for one processing action; calls the API and reports `done`. */
@Component({
  selector: 'vt-action-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, FieldErrors],
  templateUrl: './action-dialog.html',
  styleUrl: '../shared/incoming.css',
})
export class ActionDialog implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(IncomingLabels);
  private readonly api = inject(IncomingApi);

  readonly documentId = input.required<string>();
  readonly action = input.required<SimpleAction>();
  readonly assignmentId = input<string | null>(null);
  readonly assignment = input<Assignment | null>(null);
  readonly done = output<void>();
  readonly cancelled = output<void>();

  protected readonly values: Record<Field, string> = { leaderId: '', userId: '', note: '', reason: '', resultNote: '', dueDate: '' };
  protected readonly options = signal<RoutingOptions | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly working = signal(false);
  protected readonly submitted = signal(false);
  protected readonly today = todayIso();

  protected readonly fields = computed(() => FIELDS[this.action()]);
  /** Result files: completing and posting input accept them. */
  protected readonly takesFiles = computed(() => this.action() === 'complete' || this.action() === 'input');
  protected readonly files = signal<File[]>([]);
  protected readonly acceptFiles = '.pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg,.tif,.tiff';

  protected pickFiles(event: Event): void {
    this.files.set(Array.from((event.target as HTMLInputElement).files ?? []));
  }
  protected readonly fieldPaths = computed(() => [...this.fields().required, ...this.fields().optional]);
  protected readonly needsOptions = computed(() => this.action() === 'submit' || this.action() === 'delegate');
  /** Specialists of the unit the assignment went to. */
  protected readonly specialists = computed(() => {
    const unitId = this.assignment()?.unit?.id;
    return (this.options()?.people ?? []).filter((p) => !unitId || p.unitId === unitId);
  });

  ngOnInit(): void {
    if (!this.needsOptions()) return;
    this.api.routingOptions(this.documentId()).subscribe({
      next: (o) => this.options.set(o),
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected has(field: Field): boolean {
    const f = this.fields();
    return f.required.includes(field) || f.optional.includes(field);
  }

  protected missing(field: Field): boolean {
    return this.submitted() && this.fields().required.includes(field) && !this.values[field].trim();
  }

  protected submit(): void {
    this.submitted.set(true);
    if (this.working() || this.fields().required.some((f) => !this.values[f].trim())) return;
    this.working.set(true);
    this.problem.set(null);
    this.call().subscribe({
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

  private call(): Observable<unknown> {
    const v = this.values;
    const opt = (s: string) => (s.trim() ? s.trim() : undefined);
    const docId = this.documentId();
    const aid = this.assignmentId() ?? '';
    switch (this.action()) {
      case 'submit':
        return this.api.submit(docId, strip({ leaderId: v.leaderId, note: opt(v.note) }));
      case 'return':
        return this.api.returnToClerk(docId, { reason: v.reason.trim() });
      case 'refuse':
        return this.api.refuse(docId, { reason: v.reason.trim() });
      case 'discard':
        return this.api.discard(docId, { reason: v.reason.trim() });
      case 'delegate':
        return this.api.delegate(aid, strip({ userId: v.userId, dueDate: opt(v.dueDate), note: opt(v.note) }));
      case 'start':
        return this.api.start(aid);
      case 'complete':
        return this.api.complete(aid, { resultNote: v.resultNote.trim() }, this.files());
      case 'input':
        return this.api.input(aid, { note: v.note.trim() }, this.files());
      case 'read':
        return this.api.markRead(aid);
      case 'extend':
        return this.api.extend(aid, { dueDate: v.dueDate, reason: v.reason.trim() });
    }
  }
}

/** Drop undefined members so optional fields are left out of the JSON body. */
function strip<T extends object>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as T;
}
