import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** One named row of values, one per label; null is "no value" (a gap in a line, no bar). */
export interface ChartSeries {
  name: string;
  values: (number | null)[];
  color: string;
}

const W = 600;
const H = 220;
const PAD = { left: 40, right: 8, top: 10, bottom: 28 };
const TICKS = 4;
/** At most this many labels under the axis; the others are thinned out (every value keeps its tooltip). */
const MAX_LABELS = 14;

/** A round step (1, 2 or 5 × 10^k, at least `min`) so that TICKS steps cover `top`. */
export function niceStep(top: number, min = 1): number {
  const raw = Math.max(top / TICKS, min);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw - 1e-9)!;
  return Math.max(step, min);
}

/**
 * A small chart drawn as inline SVG, no library: grouped bars or lines over the same labels, a value axis
 * with round ticks and a legend. The scale ends at `max` when given (100 for percentages), else at a round
 * number above the largest value. Every bar and point has a tooltip (<title>) with label, series and value.
 */
@Component({
  selector: 'vt-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './chart.html',
  styleUrl: './chart.css',
})
export class Chart {
  readonly kind = input<'bar' | 'line'>('bar');
  readonly labels = input.required<string[]>();
  readonly series = input.required<ChartSeries[]>();
  /** Fixed top of the scale; null: a round number above the largest value. */
  readonly max = input<number | null>(null);
  /** Shown after tick values and in tooltips, e.g. "%". */
  readonly unit = input('');
  /** What the chart shows, for screen readers. */
  readonly caption = input('');

  protected readonly width = W;
  protected readonly height = H;
  protected readonly pad = PAD;

  private readonly top = computed(() => {
    const fixed = this.max();
    if (fixed !== null) return fixed;
    const largest = Math.max(0, ...this.series().flatMap((s) => s.values.filter((v): v is number => v !== null)));
    return niceStep(largest) * TICKS;
  });
  private readonly slot = computed(() => (W - PAD.left - PAD.right) / Math.max(1, this.labels().length));
  private readonly y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - Math.min(v, this.top()) / this.top());
  private readonly centre = (i: number) => PAD.left + this.slot() * (i + 0.5);
  private readonly tip = (i: number, s: ChartSeries, v: number) => `${this.labels()[i]} — ${s.name}: ${v}${this.unit()}`;

  protected readonly ticks = computed(() =>
    Array.from({ length: TICKS + 1 }, (_, i) => {
      const value = Math.round(((this.top() * i) / TICKS) * 100) / 100;
      return { value, y: this.y(value) };
    }),
  );

  protected readonly bars = computed(() => {
    const all = this.series();
    const group = this.slot() * 0.7;
    const w = group / Math.max(1, all.length);
    return all.flatMap((s, si) =>
      s.values.flatMap((value, index) => {
        if (value === null) return [];
        const y = this.y(value);
        const x = this.centre(index) - group / 2 + si * w;
        return [
          {
            key: `${si}-${index}`,
            series: s.name,
            index,
            value,
            x,
            y,
            w: Math.max(1, w - 1),
            h: this.y(0) - y,
            color: s.color,
            tip: this.tip(index, s, value),
          },
        ];
      }),
    );
  });

  protected readonly lines = computed(() =>
    this.series().map((s) => {
      const points = s.values.flatMap((value, index) =>
        value === null ? [] : [{ index, value, x: this.centre(index), y: this.y(value), tip: this.tip(index, s, value) }],
      );
      // A null breaks the line: the next point starts a new segment.
      const d = points
        .map((p, k) => `${k > 0 && points[k - 1].index === p.index - 1 ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
        .join(' ');
      return { series: s.name, color: s.color, points, d };
    }),
  );

  protected readonly axisLabels = computed(() => {
    const labels = this.labels();
    const every = Math.ceil(labels.length / MAX_LABELS);
    return labels.flatMap((text, index) => (index % every === 0 ? [{ index, text, x: this.centre(index) }] : []));
  });
}
