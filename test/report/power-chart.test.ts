// The power-over-time chart (src/report/power-chart.ts): buckets keep the energy of the rows they cover, a row
// straddling buckets is split, a time that sits on a bucket edge still moves on, and the chart leaves out
// components that are zero throughout; report.html carries it when the run has a timeline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimeseriesRow } from '../../src/metrics/timeseries.ts';
import { powerBuckets, powerChartBody } from '../../src/report/power-chart.ts';

const row = (t: number, seconds: number, accelerators: number, network = 0): TimeseriesRow => ({
  tSeconds: t, seconds,
  watts: { accelerators, nodeOverhead: 100, network, storage: 0, facilityOverhead: 50, total: accelerators + 150 + network },
  gridGPerKWh: 400, busyFraction: 1, jobs: [],
});
const energy = (bs: { seconds: number; watts: { accelerators: number } }[]) => bs.reduce((s, b) => s + b.watts.accelerators * b.seconds, 0);

test('buckets conserve energy: 3 rows into 2 buckets, the middle row split at the edge (worked by hand)', () => {
  // 0-1 s at 1000 W, 1-3 s at 4000 W, 3-4 s at 0 W; two buckets of 2 s: (1000 + 4000) / 2 and (4000 + 0) / 2
  const rows = [row(0, 1, 1000), row(1, 2, 4000), row(3, 1, 0)];
  const b = powerBuckets(rows, 2);
  assert.deepEqual(b.map((x) => [x.t, x.seconds, x.watts.accelerators]), [[0, 2, 2500], [2, 2, 2000]]);
  assert.equal(energy(b), 1000 + 8000);
});

test('many rows on float edges: at most n buckets, every second covered, energy kept', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => row(i * 0.1, 0.1, 500 + (i % 7) * 10));
  const b = powerBuckets(rows, 300);
  assert.ok(b.length <= 300);
  assert.ok(Math.abs(b.reduce((s, x) => s + x.seconds, 0) - 100) < 1e-9);
  assert.ok(Math.abs(energy(b) - energy(rows.map((r) => ({ seconds: r.seconds, watts: r.watts })))) < 1e-6);
});

test('the chart: stacked kW by component, zero components left out, a 24-row table; nothing without a timeline', () => {
  const body = powerChartBody({ jobs: [], rows: [row(0, 3600, 8000), row(3600, 3600, 4000)] })!;
  const comps = new Set((body.spec.data as { values: { component: string }[] }).values.map((v) => v.component));
  assert.deepEqual([...comps], ['accelerators', 'node overhead', 'facility overhead']);
  assert.deepEqual(body.columns, ['From (h)', 'accelerators (kW)', 'node overhead (kW)', 'facility overhead (kW)', 'Total (kW)']);
  assert.deepEqual(body.rows, [['0', '8', '0.1', '0.05', '8.15'], ['1', '4', '0.1', '0.05', '4.15']]);
  assert.equal(powerChartBody(undefined), null);
  assert.equal(powerChartBody({ jobs: [], rows: [] }), null);
});
