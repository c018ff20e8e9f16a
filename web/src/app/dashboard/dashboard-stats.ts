import { HttpClient, HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Problem, RoleGrant, Schema } from '../core/api.models';
import { AuthService } from '../core/auth.service';
import { OrganisationsService } from '../core/organisations.service';
import { toProblem } from '../core/problem';
import { VtDatePipe } from '../incoming/shared/vt-date.pipe';
import { TranslationService } from '../i18n/translation.service';
import { Chart, type ChartSeries } from '../shared/chart';
import { ProblemMessage } from '../shared/problem-message';

/** GET /api/dashboard (api/src/dashboard/routes.ts), from the generated contract. */
export type DashboardReport = Schema<'Dashboard'>;
export type Period = DashboardReport['period'];

/** Roles that see a whole organisation (the API's DASHBOARD_ROLES); a unit head sees his unit. */
export const DASHBOARD_ROLES = ['LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG', 'VAN_THU'] as const;
const UNIT_HEAD = 'TRUONG_PHONG';

export interface DashboardScopeOption {
  id: string;
  name: string;
  /** Sees the whole organisation and every unit; otherwise only `units`. */
  whole: boolean;
  units: { id: string; name: string }[];
}

/** The organisations whose dashboard the user may see, each with the units they may narrow it to. */
export function dashboardOrganisations(roles: RoleGrant[]): DashboardScopeOption[] {
  const byOrg = new Map<string, DashboardScopeOption>();
  for (const g of roles) {
    const whole = (DASHBOARD_ROLES as readonly string[]).includes(g.role);
    const head = g.role === UNIT_HEAD && !!g.unitId;
    if (!whole && !head) continue;
    const o = byOrg.get(g.organisationId) ?? { id: g.organisationId, name: g.organisationName, whole: false, units: [] };
    o.whole ||= whole;
    if (head && !o.units.some((u) => u.id === g.unitId)) o.units.push({ id: g.unitId!, name: g.unitName ?? g.unitId! });
    byOrg.set(g.organisationId, o);
  }
  return [...byOrg.values()];
}

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
/** The API's default: the first day of the month eleven months before `to`. */
const yearBefore = (to: string) => {
  const m = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - 1 - 11;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
};

/** "2026-03" → "03/2026", "2026-Q1" → "Q1/2026", "2026-W10" → "W10/2026". */
export function periodLabel(key: string): string {
  const [year, part] = key.split('-');
  return `${part}/${year}`;
}

const COLORS = { received: '#1f4e89', issued: '#c0392b', onTime: '#2e7d32', electronic: '#1f4e89', signed: '#8e44ad' };
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/**
 * Số liệu văn bản for leaders, chiefs of office and clerks (any unit of their organisation) and unit heads
 * (their unit): pickers, KPI tiles and two inline-SVG charts from GET /api/dashboard.
 */
@Component({
  selector: 'vt-dashboard-stats',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, Chart, ProblemMessage, VtDatePipe],
  templateUrl: './dashboard-stats.html',
  styleUrl: './dashboard-stats.css',
})
export class DashboardStats implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);
  private readonly orgs = inject(OrganisationsService);

  protected readonly organisations = computed(() => dashboardOrganisations(this.auth.me()?.roles ?? []));
  protected readonly organisationId = signal('');
  protected unitId = '';
  protected period: Period = 'month';
  protected to = today();
  protected from = yearBefore(this.to);
  protected readonly periods: Period[] = ['week', 'month', 'quarter'];

  protected readonly current = computed(() => this.organisations().find((o) => o.id === this.organisationId()));
  /** Whole-organisation viewers pick among all active units; unit heads among their own. */
  protected readonly units = computed(() => {
    const o = this.current();
    if (!o) return [];
    if (!o.whole) return o.units;
    return (this.orgs.byId().get(o.id)?.units ?? []).filter((u) => u.active).map((u) => ({ id: u.id, name: u.name }));
  });

  protected readonly stats = signal<DashboardReport | null>(null);
  protected readonly loading = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected readonly labels = computed(() => (this.stats()?.series ?? []).map((r) => periodLabel(r.key)));
  protected readonly volume = computed<ChartSeries[]>(() => {
    const rows = this.stats()?.series ?? [];
    const s = this.i18n.t.bind(this.i18n);
    return [
      { name: s('dashboard.stats.seriesReceived'), values: rows.map((r) => r.received), color: COLORS.received },
      { name: s('dashboard.stats.seriesIssued'), values: rows.map((r) => r.issued), color: COLORS.issued },
    ];
  });
  protected readonly rates = computed<ChartSeries[]>(() => {
    const rows = this.stats()?.series ?? [];
    const s = this.i18n.t.bind(this.i18n);
    return [
      { name: s('dashboard.stats.seriesOnTime'), values: rows.map((r) => percent(r.onTimeRate)), color: COLORS.onTime },
      { name: s('dashboard.stats.seriesElectronic'), values: rows.map((r) => percent(r.electronicRate)), color: COLORS.electronic },
      { name: s('dashboard.stats.seriesSigned'), values: rows.map((r) => percent(r.signedRate)), color: COLORS.signed },
    ];
  });

  /** The six KPI tiles over the whole range (overdue: as of today). */
  protected readonly tiles = computed(() => {
    const r = this.stats();
    if (!r) return [];
    const t = r.totals;
    const s = this.i18n.t.bind(this.i18n);
    return [
      {
        id: 'received',
        label: s('dashboard.stats.received'),
        value: String(t.received),
        hint: s('dashboard.stats.receivedHint'),
        alert: false,
      },
      { id: 'issued', label: s('dashboard.stats.issued'), value: String(t.issued), hint: s('dashboard.stats.issuedHint'), alert: false },
      {
        id: 'on-time',
        label: s('dashboard.stats.onTime'),
        value: this.rate(t.onTimeRate),
        hint: s('dashboard.stats.onTimeHint', { onTime: t.completedOnTime, completed: t.completedWithDeadline }),
        alert: false,
      },
      {
        id: 'overdue',
        label: s('dashboard.stats.overdue'),
        value: String(t.overdueNow),
        hint: s('dashboard.stats.overdueHint'),
        alert: t.overdueNow > 0,
      },
      {
        id: 'electronic',
        label: s('dashboard.stats.electronic'),
        value: this.rate(t.electronicRate),
        hint: s('dashboard.stats.electronicHint'),
        alert: false,
      },
      {
        id: 'signed',
        label: s('dashboard.stats.signed'),
        value: this.rate(t.signedRate),
        hint: s('dashboard.stats.signedHint', { signed: t.issuedSigned, issued: t.issued }),
        alert: false,
      },
    ];
  });

  ngOnInit(): void {
    const first = this.organisations()[0];
    if (!first) return;
    this.organisationId.set(first.id);
    this.unitId = first.whole ? '' : first.units[0].id;
    this.orgs.load().subscribe({ error: () => undefined });
    this.load();
  }

  protected chooseOrganisation(id: string): void {
    this.organisationId.set(id);
    const o = this.current();
    this.unitId = o && !o.whole ? o.units[0].id : '';
    this.load();
  }

  protected periodName(p: Period): string {
    return this.i18n.t(`dashboard.stats.periods.${p}`);
  }

  /** A rate as a percentage in the current language ("75%", "55,6%"), or a dash when there is none. */
  private rate(value: number | null): string {
    if (value === null) return this.i18n.t('dashboard.stats.noRate');
    return new Intl.NumberFormat(this.i18n.lang() === 'vi' ? 'vi-VN' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(
      value,
    );
  }

  protected load(): void {
    if (!this.organisationId() || !this.from || !this.to) return;
    const params: Record<string, string> = { organisationId: this.organisationId(), from: this.from, to: this.to, period: this.period };
    if (this.unitId) params['unitId'] = this.unitId;
    this.loading.set(true);
    this.problem.set(null);
    this.http.get<DashboardReport>('/api/dashboard', { params: new HttpParams({ fromObject: params }) }).subscribe({
      next: (r) => {
        this.stats.set(r);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.stats.set(null);
        this.loading.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
