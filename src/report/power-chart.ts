/**
 * Power over simulated time (issue 6 named it as missing from report.html): the facility power of the run
 * by component, from the same timeline as timeseries.csv (metrics/timeseries.ts), as a stacked step area.
 *
 * The timeline can hold a row per step or request bucket; the chart merges rows into at most 300 equal
 * time buckets and the accessible table into at most 24, each a time-weighted mean of watts, so a bucket's
 * energy is the energy of the rows it covers. Components that are zero throughout are left out.
 */
import type { Timeseries, TimeseriesRow } from '../metrics/timeseries.ts';
import { timeUnit } from './fabric.ts';
import { formatSig } from './format.ts';
import { ENERGY_COMPONENTS } from './figures.ts';

const COMPONENTS = ENERGY_COMPONENTS;

type Watts = TimeseriesRow['watts'];
interface Bucket {
  t: number;
  seconds: number;
  watts: Omit<Watts, 'total'>;
}

/** Rows merged into at most n equal time buckets, watts time-weighted; empty buckets dropped. */
export function powerBuckets(rows: readonly TimeseriesRow[], n: number): Bucket[] {
  const end = Math.max(0, ...rows.map((r) => r.tSeconds + r.seconds));
  if (rows.length === 0 || !(end > 0)) return [];
  const count = Math.min(n, rows.length);
  const width = end / count;
  const last = count - 1;
  const buckets: Bucket[] = [];
  const energy = new Map<number, { seconds: number; j: Record<(typeof COMPONENTS)[number][0], number> }>();
  for (const r of rows) {
    // a row may straddle buckets: split its time between them
    let t = r.tSeconds;
    const stop = r.tSeconds + r.seconds;
    while (t < stop - 1e-12 * end) {
      let k = Math.min(Math.floor(t / width), last);
      // t / width can round below a bucket edge t sits on: step past it so every pass moves t forward
      if (k < last && (k + 1) * width <= t) k++;
      const until = k === last ? stop : Math.min(stop, (k + 1) * width);
      const dt = until - t;
      const e = energy.get(k) ?? { seconds: 0, j: { accelerators: 0, nodeOverhead: 0, network: 0, storage: 0, facilityOverhead: 0 } };
      e.seconds += dt;
      for (const [c] of COMPONENTS) e.j[c] += r.watts[c] * dt;
      energy.set(k, e);
      t = until;
    }
  }
  for (const [k, e] of [...energy].sort((a, b) => a[0] - b[0])) {
    if (!(e.seconds > 0)) continue;
    const w = { accelerators: 0, nodeOverhead: 0, network: 0, storage: 0, facilityOverhead: 0 };
    for (const [c] of COMPONENTS) w[c] = e.j[c] / e.seconds;
    buckets.push({ t: k * width, seconds: e.seconds, watts: w });
  }
  return buckets;
}

export interface PowerChartBody {
  id: string;
  title: string;
  description: string;
  spec: Record<string, unknown>;
  columns: string[];
  rows: string[][];
}

export function powerChartBody(ts: Timeseries | undefined): PowerChartBody | null {
  if (ts === undefined || ts.rows.length === 0) return null;
  const chart = powerBuckets(ts.rows, 300);
  if (chart.length === 0) return null;
  const used = COMPONENTS.filter(([c]) => chart.some((b) => b.watts[c] > 0));
  const { unit, scale } = timeUnit(Math.max(...chart.map((b) => b.t + b.seconds)));
  const values = chart.flatMap((b) => used.map(([c, label], order) => ({ time: b.t * scale, component: label, kW: b.watts[c] / 1e3, order })));
  const table = powerBuckets(ts.rows, 24);
  const title = 'Power over time';
  const description = `Stacked step area: facility power in kW by component against simulated time, time-weighted over at most 300 equal buckets (the table: 24), from the timeline of timeseries.csv.`;
  return {
    id: 'power-over-time', title, description,
    spec: {
      height: 240,
      data: { values },
      mark: { type: 'area', interpolate: 'step-after', tooltip: true },
      encoding: {
        x: { field: 'time', type: 'quantitative', title: `simulated time (${unit})` },
        y: { field: 'kW', type: 'quantitative', title: 'power (kW)', stack: 'zero' },
        color: { field: 'component', type: 'nominal', title: null, sort: used.map(([, l]) => l) },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [
          { field: 'component', type: 'nominal' },
          { field: 'time', type: 'quantitative', title: `from (${unit})`, format: '.4~g' },
          { field: 'kW', type: 'quantitative', title: 'kW', format: '.4~g' },
        ],
      },
    },
    columns: [`From (${unit})`, ...used.map(([, l]) => `${l} (kW)`), 'Total (kW)'],
    rows: table.map((b) => [formatSig(b.t * scale, 4), ...used.map(([c]) => formatSig(b.watts[c] / 1e3, 4)), formatSig(used.reduce((s, [c]) => s + b.watts[c], 0) / 1e3, 4)]),
  };
}
