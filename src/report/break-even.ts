/**
 * What the reports show of the owned-versus-cloud comparison (metrics/break-even.ts): the cost-per-year
 * chart (two lines over utilisation, a rule at the break-even), its data table, the cost per year by item and
 * the prices with their sources and dates. Values are plain text here; each renderer escapes for its own format.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BreakEvenResult, Report } from '../metrics/result-types.ts';
import { formatPercent, formatSig, formatUsd } from './format.ts';

export const BREAK_EVEN_PRICE_COLUMNS = ['Price', 'Value', 'Unit', 'Date', 'Source'];

export function breakEvenPriceRows(b: BreakEvenResult): string[][] {
  return b.prices.map((p) => [p.name, formatSig(p.value, 6), p.unit, p.date, p.source]);
}

const ITEM_LABELS: Record<string, string> = {
  depreciation: 'purchase, depreciation',
  financing: 'purchase, cost of capital',
  maintenance: 'maintenance',
  idleElectricity: 'electricity with the devices idle',
  facility: 'facility',
  busyElectricity: 'electricity a working year adds (at 100%)',
  compute: 'device-hours',
  storage: 'storage',
  egress: 'egress',
};

export const BREAK_EVEN_ITEM_COLUMNS = ['Item', 'Owned USD per year', 'Cloud USD per year'];

/** Cost per year by item: the owned items at 0% (and what work adds), the cloud items at 100%. */
export function breakEvenItemRows(b: BreakEvenResult): string[][] {
  const owned = Object.entries(b.ownedByItemUsdPerYear ?? {}).map(([k, v]) => [ITEM_LABELS[k] ?? k, formatUsd(v), '']);
  const cloud = Object.entries(b.cloudByItemUsdPerYear ?? {}).map(([k, v]) => [`${ITEM_LABELS[k] ?? k}${k === 'compute' ? ` (${b.cloudPricing ?? 'on-demand'}, at 100%)` : ''}`, '', formatUsd(v)]);
  return [...owned, ...cloud];
}

/** "cloud" or "reserved-1y cloud": the line's name in the chart and the words. */
function cloudName(b: BreakEvenResult): string {
  return b.cloudPricing === undefined || b.cloudPricing === 'on-demand' ? 'cloud' : `${b.cloudPricing} cloud`;
}

/** Owned cheaper below u* rather than above: a reserved (flat) cloud against owned electricity that grows with use. */
function ownedCheaperBelow(b: BreakEvenResult): boolean {
  const first = b.curve[0];
  return b.verdict === 'break-even' && first !== undefined && first.ownedUsdPerYear < first.cloudUsdPerYear;
}

const OWNED = 'owned';

export function breakEvenChartBody(report: Report): { spec: Partial<TopLevelSpec>; columns: string[]; rows: string[][] } | null {
  const b = report.cost.breakEven;
  if (b === undefined) return null;
  const CLOUD = cloudName(b);
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
    columns: ['Utilisation', 'Owned USD per year', `${CLOUD[0]!.toUpperCase()}${CLOUD.slice(1)} USD per year`],
    rows: b.curve.map((p) => [formatPercent(p.utilisation), formatUsd(p.ownedUsdPerYear), formatUsd(p.cloudUsdPerYear)]),
  };
}

/** The chart's description: what the two lines are and where they cross. */
export function breakEvenChartDescription(b: BreakEvenResult): string {
  const owned = `the cluster's cost per year in USD if owned (purchase paid off over ${formatSig(b.years)} years with its cost of capital, maintenance, `
    + 'electricity at the power the utilisation draws, facility cost)';
  const rented = b.cloudCommitted
    ? `if rented on ${b.cloudPricing} terms (every hour of the term paid, so a flat line)`
    : `if rented per device-hour used (${b.cloudPricing ?? 'on-demand'})`;
  const where = b.utilisation === null ? 'owning is never cheaper.'
    : b.verdict === 'owned-always-cheaper' ? 'owning is always cheaper.'
      : `the dashed rule marks the break-even utilisation, ${formatPercent(b.utilisation)}, ${ownedCheaperBelow(b) ? 'below' : 'above'} which owning is cheaper.`;
  return `Two lines: ${owned} and ${rented}, against the fraction of hours the devices work; ${where}`;
}

/** The break-even in words, for summary.md, the CLI and the page. */
export function breakEvenText(r: BreakEvenResult): string {
  const vs = `Owned vs ${cloudName(r)}`;
  if (r.verdict === 'owned-always-cheaper') return `${vs}: owned always cheaper (break-even at 0% utilisation)`;
  if (r.verdict === 'owned-never-cheaper' || r.utilisation === null) return `${vs}: owned never cheaper, even at 100% utilisation`;
  return `${vs} break-even at ${(r.utilisation * 100).toFixed(1)}% utilisation${ownedCheaperBelow(r) ? ' (owned cheaper below it)' : ''}`;
}
