// Power, utilisation and throughput over simulated time (src/metrics/timeseries.ts) and timeseries.csv
// (src/report/timeseries-csv.ts), worked by hand on the H100 / DGX H100 fixtures (700 W / 70 W; node 10.2 kW
// max, 2,560 W idle, so overhead 4,600 W busy and 2,000 W idle per node) at PUE 1.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSpec, EnergySpec } from '../../src/config/scenario-types.ts';
import { computeEnergy } from '../../src/metrics/energy.ts';
import type { InferenceJobResult } from '../../src/metrics/result-types.ts';
import { buildTimeseries, jobSpans, MAX_SPANS_PER_JOB, timeseriesKWh } from '../../src/metrics/timeseries.ts';
import { renderTimeseriesCsv } from '../../src/report/timeseries-csv.ts';
import { makeJob } from '../fixtures/report-fixture.ts';
import { dgxH100, h100 } from './fixtures.ts';

const near = (a: number, e: number, what: string) => assert.ok(Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e)), `${what}: ${a} != ${e}`);
const cluster = (count: number): ClusterSpec => ({ nodes: [{ profile: dgxH100, accelerator: h100, scaleUp: null, count }], scaleOut: null, storage: [] });
const energy: EnergySpec = { pue: 1.2, gridIntensityKgPerJoule: 367 / 3.6e9 };
const on = { accelerator: h100, node: dgxH100 };

test('a training job of 3 steps on one of two nodes, run for 40 s: a row per step, then idle', () => {
  const result = makeJob({ devices: 8, steps: 3, stepSeconds: 10, simulatedSeconds: 30, computeUtilisation: 1, tokensPerSecond: 1000 });
  const ts = buildTimeseries({ cluster: cluster(2), energy, jobs: [{ result, devices: 8, ...on }], simulatedSeconds: 40 });
  assert.deepEqual(ts.rows.map((r) => [r.tSeconds, r.seconds]), [[0, 10], [10, 10], [20, 10], [30, 10]]);
  const busy = ts.rows[0]!;
  near(busy.watts.accelerators, 8 * 700 + 8 * 70, 'accelerators'); // the other node's 8 GPUs idle
  near(busy.watts.nodeOverhead, 4600 + 2000, 'overhead');
  near(busy.watts.total, 12_760 * 1.2, 'total');
  assert.equal(busy.busyFraction, 0.5);
  assert.deepEqual(busy.jobs, [{ busy: 1, tokensPerSecond: 1000 }]);
  near(ts.rows[3]!.watts.total, 2 * 2560 * 1.2, 'idle after the job');
  assert.deepEqual(ts.rows[3]!.jobs, [{ busy: 0, tokensPerSecond: 0 }]);
  assert.equal(ts.rows[0]!.gridGPerKWh, 367);
  // the rows integrate to the energy model's total
  const e = computeEnergy({ cluster: cluster(2), energy, jobs: [{ devices: 8, ...on, busySeconds: 30, computeUtilisation: 1 }], simulatedSeconds: 40 });
  near(timeseriesKWh(ts), e.energy.totalKWh, 'kWh');
});

test('an inference job: a row per time bin, power between idle and busy by the busy fraction', () => {
  const result = {
    kind: 'inference', name: 'serve', devices: 8, computeUtilisation: 1, simulatedSeconds: 10,
    overTime: [{ t: 0, seconds: 5, busy: 0.5, outputTokensPerSecond: 100 }, { t: 5, seconds: 5, busy: 1, outputTokensPerSecond: 200 }],
  } as unknown as InferenceJobResult;
  const ts = buildTimeseries({ cluster: cluster(1), energy, jobs: [{ result, devices: 8, ...on }], simulatedSeconds: 10 });
  assert.equal(ts.rows.length, 2);
  near(ts.rows[0]!.watts.accelerators, 8 * 70 + 8 * 0.5 * 630, 'half busy');
  near(ts.rows[0]!.watts.nodeOverhead, 2000 + 0.5 * 2600, 'half busy overhead');
  assert.deepEqual(ts.rows[1]!.jobs, [{ busy: 1, tokensPerSecond: 200 }]);
});

test('a long training run is grouped into at most 200 spans', () => {
  const spans = jobSpans(makeJob({ steps: 1000, stepSeconds: 1, simulatedSeconds: 1000 }));
  assert.equal(spans.length, MAX_SPANS_PER_JOB);
  assert.deepEqual([spans[0]!.t0, spans[0]!.t1, spans.at(-1)!.t1], [0, 5, 1000]);
});

test('timeseries.csv: header, numbers, job names escaped (RFC 4180 and no spreadsheet formulas)', () => {
  const a = makeJob({ name: 'a,b', devices: 8, steps: 1, stepSeconds: 10, simulatedSeconds: 10, computeUtilisation: 1, tokensPerSecond: 50 });
  const b = makeJob({ name: '=cmd', devices: 8, steps: 1, stepSeconds: 5, simulatedSeconds: 5, computeUtilisation: 1, tokensPerSecond: 7 });
  const ts = buildTimeseries({ cluster: cluster(2), energy: { ...energy, pue: 1 }, jobs: [{ result: a, devices: 8, ...on }, { result: b, devices: 8, ...on }], simulatedSeconds: 10 });
  const lines = renderTimeseriesCsv(ts).trimEnd().split('\n');
  assert.equal(lines[0], 't_s,duration_s,accelerators_w,node_overhead_w,network_w,storage_w,facility_overhead_w,total_w,grid_g_per_kwh,busy_fraction,'
    + '"a,b.busy","a,b.tokens_per_s",\'=cmd.busy,\'=cmd.tokens_per_s');
  // 0-5 s both busy: 16 × 700 W + 2 × 4,600 W = 20,400 W; 5-10 s only a,b
  assert.equal(lines[1], '0,5,11200,9200,0,0,0,20400,367,1,1,50,1,7');
  assert.equal(lines[2], '5,5,6160,6600,0,0,0,12760,367,0.5,1,50,0,0');
  assert.equal(lines.length, 3);
});
