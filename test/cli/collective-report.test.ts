// How the reports render collective jobs: the busbw-vs-size chart (log x axis, compiles cleanly), the
// summary.md section, and the CSV files (names, quoting). Built on the report fixture plus a hand-made job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectiveJobResult } from '../../src/metrics/result-types.ts';
import { buildCharts, responsiveSpec } from '../../src/report/charts.ts';
import { collectiveCsvFiles, formatSize, renderCollectiveCsv } from '../../src/report/collective.ts';
import { compileChart } from '../../src/report/render-svg.ts';
import { renderSummaryMd } from '../../src/report/summary-md.ts';
import { makeJob, makeReport } from '../fixtures/report-fixture.ts';

function collectiveJob(name: string): CollectiveJobResult {
  // 8 ranks, all_reduce: busbw = algbw x 7/4; times picked so algbw is 1, 10 and 100 GB/s
  const points = [[1024, 1.024e-6], [1048576, 1.048576e-4], [1073741824, 1.073741824e-2]].map(([bytes, seconds]) => {
    const algbwGBps = bytes! / seconds! / 1e9;
    return { bytes: bytes!, seconds: seconds!, algbwGBps, busbwGBps: algbwGBps * 1.75, algorithm: 'ring' };
  });
  const last = points.at(-1)!;
  return {
    kind: 'collective', name, op: 'all_reduce', ranks: 8, nodes: 1, devices: 8, accelerator: 'h100-sxm', algorithm: 'auto', points,
    busbwGBps: last.busbwGBps, algbwGBps: last.algbwGBps, busbwPerNicGBps: null, simulatedSeconds: points.reduce((s, p) => s + p.seconds, 0), computeUtilisation: 0,
  };
}

test('a report with a training and a collective job gets both kinds of charts; the busbw chart has a log x axis', () => {
  const report = makeReport({ jobs: { pretrain: makeJob(), ar: collectiveJob('ar') } });
  const charts = buildCharts(report);
  assert.deepEqual(charts.map((c) => c.id), ['step-breakdown', 'memory', 'collective-busbw', 'energy', 'cost']);
  const chart = charts.find((c) => c.id === 'collective-busbw')!;
  const x = (chart.spec as { encoding: { x: { scale: { type: string }; axis: { values: number[] } } } }).encoding.x;
  assert.equal(x.scale.type, 'log');
  assert.deepEqual(x.axis.values, [1024, 32768, 1048576, 33554432, 1073741824]);
  assert.equal(chart.table.rows.length, 3);
  const warnings: string[] = [];
  compileChart(chart.spec, warnings);
  compileChart(responsiveSpec(chart.spec), warnings);
  assert.deepEqual(warnings, []);
});

test('summary.md: a collective-only report has its section and per-size table, no training table', () => {
  const md = renderSummaryMd(makeReport({ jobs: { ar: collectiveJob('ar') } }));
  assert.doesNotMatch(md, /No jobs ran|Step breakdown/);
  assert.match(md, /## Collective: ar/);
  assert.match(md, /\| 1 GiB \| 10,737\.42 \| 100 \| 175 \| ring \|/);
  assert.match(md, /busbw at the largest size \| 175 GB\/s/);
});

test('CSV: one file per collective job, names made safe and unique, fields quoted when needed', () => {
  const a = collectiveJob('a/b');
  const b = collectiveJob('a-b');
  const files = collectiveCsvFiles(makeReport({ jobs: { 'a/b': a, 'a-b': b, pretrain: makeJob() } }));
  assert.deepEqual(files.map(([n]) => n), ['collective-a-b.csv', 'collective-a-b-2.csv']);
  const point = { bytes: 1024, seconds: 2 ** -20, algbwGBps: 2, busbwGBps: 3.5, algorithm: 'ring' };
  const csv = renderCollectiveCsv({ ...a, op: 'all,reduce', points: [point] }).split('\n');
  assert.equal(csv[1], '"all,reduce",8,1024,0.95367431640625,2,3.5,ring');
  assert.equal(formatSize(3 * 2 ** 19), '1.5 MiB');
});
