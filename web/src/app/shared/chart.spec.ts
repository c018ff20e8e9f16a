import { TestBed } from '@angular/core/testing';
import { Chart, niceStep, type ChartSeries } from './chart';

function render(inputs: { kind?: 'bar' | 'line'; labels: string[]; series: ChartSeries[]; max?: number; unit?: string }) {
  const fixture = TestBed.createComponent(Chart);
  for (const [k, v] of Object.entries(inputs)) fixture.componentRef.setInput(k, v);
  fixture.detectChanges();
  return fixture.nativeElement as HTMLElement;
}

const all = (el: HTMLElement, testid: string) => Array.from(el.querySelectorAll<SVGElement>(`[data-testid="${testid}"]`));
const num = (e: Element, attr: string) => Number(e.getAttribute(attr));

describe('Chart (inline SVG)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('picks round scale steps', () => {
    expect([0, 3, 4, 5, 7, 12, 37, 180].map((v) => niceStep(v) * 4)).toEqual([4, 4, 4, 8, 8, 20, 40, 200]);
  });

  it('draws grouped bars proportional to their values on a round scale, with tooltips and a legend', () => {
    const el = render({
      labels: ['01/2025', '02/2025', '03/2025'],
      series: [
        { name: 'Đến', values: [2, 6, 0], color: '#111111' },
        { name: 'Đi', values: [3, null, 1], color: '#222222' },
      ],
    });
    expect(el.querySelector('[data-testid="chart"]')!.getAttribute('data-kind')).toBe('bar');
    // Largest 6 → scale 0…8 in steps of 2.
    expect(all(el, 'chart-tick').map((t) => t.textContent!.trim())).toEqual(['0', '2', '4', '6', '8']);
    const bars = all(el, 'chart-bar');
    // A null draws no bar.
    expect(bars.map((b) => [b.getAttribute('data-series'), b.getAttribute('data-index'), b.getAttribute('data-value')])).toEqual([
      ['Đến', '0', '2'],
      ['Đến', '1', '6'],
      ['Đến', '2', '0'],
      ['Đi', '0', '3'],
      ['Đi', '2', '1'],
    ]);
    const height = (i: number) => num(bars[i], 'height');
    expect(height(1) / height(0)).toBeCloseTo(3);
    expect(height(3) / height(0)).toBeCloseTo(1.5);
    expect(height(2)).toBe(0);
    // Every bar stands on the same baseline, each series beside the other within its period.
    expect(new Set(bars.map((b) => (num(b, 'y') + num(b, 'height')).toFixed(3))).size).toBe(1);
    expect(num(bars[3], 'x')).toBeGreaterThan(num(bars[0], 'x'));
    expect(num(bars[3], 'x')).toBeLessThan(num(bars[1], 'x'));
    expect(bars[1].querySelector('title')!.textContent).toBe('02/2025 — Đến: 6');
    expect(all(el, 'chart-label').map((l) => l.textContent)).toEqual(['01/2025', '02/2025', '03/2025']);
    expect(el.querySelector('[data-testid="chart-legend"]')!.textContent).toContain('Đến');
    expect(el.querySelector('[data-testid="chart-legend"]')!.textContent).toContain('Đi');
  });

  it('draws lines on a fixed scale, breaking at missing values, and thins crowded labels', () => {
    const labels = Array.from({ length: 30 }, (_, i) => `W${i + 1}`);
    const values = labels.map((_, i) => (i === 2 ? null : i === 5 ? 120 : 50));
    const el = render({ kind: 'line', labels, series: [{ name: 'Đúng hạn', values, color: '#2e7d32' }], max: 100, unit: '%' });
    expect(all(el, 'chart-tick').map((t) => t.textContent!.trim())).toEqual(['0%', '25%', '50%', '75%', '100%']);
    const points = all(el, 'chart-point');
    expect(points).toHaveLength(29);
    // 50% sits half-way between the 0% and 100% gridlines; 120% is drawn at the top, its tooltip tells the value.
    const ticks = all(el, 'chart-tick').map((t) => num(t, 'y') - 4);
    expect(num(points[0], 'cy')).toBeCloseTo((ticks[0] + ticks[4]) / 2);
    const over = points.find((p) => p.getAttribute('data-value') === '120')!;
    expect(num(over, 'cy')).toBeCloseTo(ticks[4]);
    expect(over.querySelector('title')!.textContent).toBe('W6 — Đúng hạn: 120%');
    // The gap at W3 starts a new segment: two "M" moves.
    expect(all(el, 'chart-line')[0].getAttribute('d')!.match(/M/g)).toHaveLength(2);
    expect(all(el, 'chart-label').map((l) => l.textContent)).toEqual(['W1', 'W4', 'W7', 'W10', 'W13', 'W16', 'W19', 'W22', 'W25', 'W28']);
  });
});
