/**
 * What the reports show of the owned-versus-cloud comparison (metrics/break-even.ts): the cost-per-year
 * chart (two lines over utilisation, a rule at the break-even), its data table and the prices with their
 * sources and dates. Values are plain text here; each renderer escapes for its own format.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BreakEvenResult, Report } from '../metrics/result-types.ts';
import { formatPercent, formatSig, formatUsd } from './format.ts';

export const BREAK_EVEN_PRICE_COLUMNS = ['Price', 'Value', 'Unit', 'Date', 'Source'];

export function breakEvenPriceRows(b: BreakEvenResult): string[][] {
  return b.prices.map((p) => [p.name, formatSig(p.value, 6), p.unit, p.date, p.source]);
}

const OWNED = 'owned';
const CLOUD = 'cloud';

export function breakEvenChartBody(report: Report): { spec: Partial<TopLevelSpec>; columns: string[]; rows: string[][] } | null {
  const b = report.cost.breakEven;
  if (b === undefined) return null;
  const values = b.curve.flatMap((p) => [
    { utilisation: p.utilisation, basis: OWNED, usdPerYear: p.ownedUsdPerYear },
    { utilisation: p.utilisation, basis: CLOUD, usdPerYear: p.cloudUsdPerYear },
  ]);
  const x = { field: 'utilisation', type: 'quantitative' as const, title: 'utilisation (fraction of hours the devices work)', axis: { format: '.0%' }, scale: { domain: [0, 1] } };
  const layers: unknown[] = [{
    data: { values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x,
      y: { field: 'usdPerYear', type: 'quantitative', title: 'USD per year' },
      color: { field: 'basis', type: 'nominal', title: null, scale: { domain: [OWNED, CLOUD], range: ['#7c3aed', '#f59e0b'] } },
      tooltip: [{ field: 'basis', type: 'nominal' }, { field: 'utilisation', type: 'quantitative', format: '.0%' }, { field: 'usdPerYear', type: 'quantitative', title: 'USD per year', format: ',.0f' }],
    },
  }];
  if (b.utilisation !== null) {
    layers.push({
      data: { values: [{ utilisation: b.utilisation, label: `break-even ${formatPercent(b.utilisation)}` }] },
      mark: { type: 'rule', color: '#dc2626', strokeDash: [4, 3], tooltip: true },
      encoding: { x, tooltip: [{ field: 'label', type: 'nominal', title: 'break-even' }] },
    });
  }
  return {
    spec: { height: 280, layer: layers } as Partial<TopLevelSpec>,
    columns: ['Utilisation', 'Owned USD per year', 'Cloud USD per year'],
    rows: b.curve.map((p) => [formatPercent(p.utilisation), formatUsd(p.ownedUsdPerYear), formatUsd(p.cloudUsdPerYear)]),
  };
}

/** The break-even in words, for summary.md, the CLI and the page. */
export function breakEvenText(r: BreakEvenResult): string {
  if (r.verdict === 'owned-always-cheaper') return 'Owned vs cloud: owned always cheaper (break-even at 0% utilisation)';
  if (r.verdict === 'owned-never-cheaper' || r.utilisation === null) return 'Owned vs cloud: owned never cheaper, even at 100% utilisation';
  return `Owned vs cloud break-even at ${(r.utilisation * 100).toFixed(1)}% utilisation`;
}
