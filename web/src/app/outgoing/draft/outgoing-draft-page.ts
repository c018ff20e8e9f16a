import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { IncomingApi } from '../../incoming/incoming-api.service';
import { type IncomingDocument, numberSymbol } from '../../incoming/incoming.models';
import type { Problem } from '../../core/api.models';
import { AuthService } from '../../core/auth.service';
import { OrganisationsService } from '../../core/organisations.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { OrgOptionLabelPipe } from '../../shared/org-option-label.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { OutgoingApi } from '../outgoing-api.service';
import { type DocumentType, type RecipientInput, SECRECIES, type Secrecy, URGENCIES, type Urgency } from '../outgoing.models';
import { OutgoingLabels } from '../shared/outgoing-labels';

export const ACCEPT_SOURCE =
  '.docx,.odt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text';
export const ACCEPT_ATTACHMENTS = '.pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
const DRAFTING_ROLES = ['CHUYEN_VIEN', 'TRUONG_PHONG', 'CHANH_VAN_PHONG', 'LANH_DAO_CO_QUAN'];

export function isPdf(file: File): boolean {
  return file.type === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf');
}

type RecipientKind = RecipientInput['kind'];

/** Soạn dự thảo: metadata, recipients (internal organisations/units, external agencies) and files of a new outgoing draft. */
@Component({
  selector: 'vt-outgoing-draft-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, FieldErrors, OrgOptionLabelPipe],
  templateUrl: './outgoing-draft-page.html',
})
export class OutgoingDraftPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(OutgoingLabels);
  protected readonly orgs = inject(OrganisationsService);
  private readonly api = inject(OutgoingApi);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  private readonly route = inject(ActivatedRoute);
  private readonly incoming = inject(IncomingApi);

  protected readonly urgencies = URGENCIES;
  protected readonly secrecies = SECRECIES;
  protected readonly acceptSource = ACCEPT_SOURCE;
  protected readonly acceptAttachments = ACCEPT_ATTACHMENTS;
  protected readonly fieldPaths = [
    'metadata',
    'metadata.documentType',
    'metadata.subject',
    'main',
    'source',
    'attachments',
    'organisationId',
  ];

  protected readonly types = signal<DocumentType[]>([]);
  protected documentType = '';
  protected subject = '';
  protected urgency: Urgency = 'THUONG';
  protected secrecy: Secrecy = 'KHONG';
  protected organisationId = '';
  protected reason = '';
  protected dueDate = '';
  /** "Soạn văn bản trả lời": the incoming document this draft answers (?replyTo=<id>). */
  protected readonly replyTo = signal<IncomingDocument | null>(null);
  protected readonly replyLabel = computed(() => {
    const d = this.replyTo();
    if (!d) return '';
    return [numberSymbol(d), d.issuerName, d.subject].filter(Boolean).join(' — ');
  });

  protected readonly recipients = signal<RecipientInput[]>([]);
  protected recipientKind: RecipientKind = 'ORGANISATION';
  protected recipientOrganisation = '';
  protected recipientUnit = '';
  protected organCode = '';
  protected organName = '';

  protected readonly main = signal<File | null>(null);
  protected readonly source = signal<File | null>(null);
  protected readonly attachments = signal<File[]>([]);

  protected readonly submitted = signal(false);
  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  /** Every active unit, labelled with its organisation. */
  protected readonly units = computed(() =>
    this.orgs.organisations().flatMap((o) => o.units.filter((u) => u.active).map((u) => ({ id: u.id, label: `${u.name} — ${o.name}` }))),
  );

  /** Where the caller may draft: own organisations, and the committee an office serves. */
  protected readonly draftingOrganisations = computed(() => {
    const byId = this.orgs.byId();
    const ids = new Set<string>();
    for (const g of this.auth.me()?.roles ?? []) {
      if (!DRAFTING_ROLES.includes(g.role)) continue;
      ids.add(g.organisationId);
      const o = byId.get(g.organisationId);
      if (o?.kind === 'OFFICE' && o.parentId) ids.add(o.parentId);
    }
    return [...ids].map((id) => ({ id, name: byId.get(id)?.name ?? id }));
  });

  protected readonly mainError = computed(() => {
    const file = this.main();
    if (!file) return this.submitted() ? this.i18n.t('outgoing.draft.mainRequired') : null;
    return isPdf(file) ? null : this.i18n.t('outgoing.draft.mainNotPdf');
  });

  ngOnInit(): void {
    this.api.documentTypes().subscribe({ next: (t) => this.types.set(t), error: (e: unknown) => this.problem.set(toProblem(e)) });
    this.orgs.load().subscribe({ error: (e: unknown) => this.problem.set(toProblem(e)) });
    const replyTo = this.route.snapshot.queryParamMap.get('replyTo');
    if (replyTo) {
      this.incoming.get(replyTo).subscribe({ next: (d) => this.startReply(d), error: (e: unknown) => this.problem.set(toProblem(e)) });
    }
  }

  /**
   * A reply: drafted for the organisation that received the document, addressed to whoever sent it or handed
   * it down (when that organisation is on this system), with a subject naming what it answers.
   */
  private startReply(d: IncomingDocument): void {
    this.replyTo.set(d);
    this.organisationId = d.organisationId;
    this.documentType = 'CV';
    const ref = numberSymbol(d);
    this.subject = this.i18n.t('routing.replies.subject', { document: ref || (d.subject ?? ''), issuer: d.issuerName ?? '' });
    const to =
      d.forwardedFrom?.organisationId ??
      this.orgs.organisations().find((o) => !!d.issuerOrganCode && o.organCode === d.issuerOrganCode)?.id;
    if (to) this.recipients.set([{ kind: 'ORGANISATION', organisationId: to }]);
  }

  protected recipientLabel(r: RecipientInput): string {
    if (r.kind === 'ORGANISATION') return this.orgs.byId().get(r.organisationId)?.name ?? r.organisationId;
    if (r.kind === 'UNIT') return this.units().find((u) => u.id === r.unitId)?.label ?? r.unitId;
    return `${r.name} (${r.organCode})`;
  }

  protected canAddRecipient(): boolean {
    if (this.recipientKind === 'ORGANISATION') return !!this.recipientOrganisation;
    if (this.recipientKind === 'UNIT') return !!this.recipientUnit;
    return !!this.organCode.trim() && !!this.organName.trim();
  }

  protected addRecipient(): void {
    if (!this.canAddRecipient()) return;
    let r: RecipientInput;
    if (this.recipientKind === 'ORGANISATION') r = { kind: 'ORGANISATION', organisationId: this.recipientOrganisation };
    else if (this.recipientKind === 'UNIT') r = { kind: 'UNIT', unitId: this.recipientUnit };
    else r = { kind: 'EXTERNAL', organCode: this.organCode.trim(), name: this.organName.trim() };
    const same = (x: RecipientInput) => JSON.stringify(x) === JSON.stringify(r);
    if (!this.recipients().some(same)) this.recipients.update((list) => [...list, r]);
    this.recipientOrganisation = this.recipientUnit = this.organCode = this.organName = '';
  }

  protected removeRecipient(i: number): void {
    this.recipients.update((list) => list.filter((_, j) => j !== i));
  }

  protected pickMain(event: Event): void {
    this.main.set((event.target as HTMLInputElement).files?.[0] ?? null);
  }

  protected pickSource(event: Event): void {
    this.source.set((event.target as HTMLInputElement).files?.[0] ?? null);
  }

  protected pickAttachments(event: Event): void {
    this.attachments.set(Array.from((event.target as HTMLInputElement).files ?? []));
  }

  protected submit(): void {
    this.submitted.set(true);
    const main = this.main();
    if (!main || this.mainError() || !this.documentType || !this.subject.trim() || this.working()) return;
    this.working.set(true);
    this.problem.set(null);
    this.api
      .create({
        metadata: {
          documentType: this.documentType,
          subject: this.subject.trim(),
          recipients: this.recipients(),
          urgency: this.urgency,
          secrecy: this.secrecy,
          ...(this.dueDate ? { dueDate: this.dueDate } : {}),
          ...(this.replyTo() ? { replyTo: [this.replyTo()!.id] } : {}),
        },
        main,
        source: this.source(),
        attachments: this.attachments(),
        organisationId: this.organisationId || undefined,
        reason: this.reason,
      })
      .subscribe({
        next: (doc) => {
          this.working.set(false);
          void this.router.navigate(['/outgoing', doc.id]);
        },
        error: (err: unknown) => {
          this.working.set(false);
          this.problem.set(toProblem(err));
        },
      });
  }
}
