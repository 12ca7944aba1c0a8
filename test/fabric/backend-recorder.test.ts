// Per-tier load over time: the flow backend's optional recorder (src/fabric/backend/recorder.ts), checked
// on hand-computed runs, and its bounded (bucketed) mode on a hand-computed series.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowBackend } from '../../src/fabric/backend/flow.ts';
import { TierLoadRecorder, type TierLoadSeries } from '../../src/fabric/backend/recorder.ts';
import { Simulation } from '../../src/sim/index.ts';
import { linkUtilisation } from '../../src/workload/collective/utilisation.ts';
import { railFabric } from './backend-fixtures.ts';

const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);

function assertSeries(actual: TierLoadSeries | undefined, expected: [number, number][], what: string): void {
  assert.ok(actual !== undefined, `${what}: no series`);
  assert.equal(actual.points.length, expected.length, `${what}: ${JSON.stringify(actual.points)}`);
  expected.forEach(([t, u], i) => {
    close(actual.points[i]!.t, t, `${what} t[${i}]`);
    close(actual.points[i]!.utilisation, u, `${what} u[${i}]`);
  });
}

// Two nodes of one GPU, one NIC each, one leaf: GPU -host- NIC -nic- leaf. host links 200 B/s (4 of them,
// 800 B/s in all), nic links 100 B/s (4, 400 B/s). No latency.
const fabric = () => railFabric({ nodes: 2, gpusPerNode: 1, nics: 1, nicBytesPerSecond: 100, hostBytesPerSecond: 200, alphaOut: 0 });

test('flow: two opposite transfers then one alone give the hand-computed tier series', () => {
  // t in [0, 0.5): A (0->1, 100 B) and B (1->0, 50 B) each at 100 B/s on 2 nic + 2 host links:
  //   nic 400/400 = 1, host 400/800 = 0.5. B ends at 0.5; A alone: nic 200/400 = 0.5, host 0.25; A ends at 1.
  const sim = new Simulation();
  const topology = fabric();
  const b = new FlowBackend({ sim, topology, efficiency: {}, tierLoad: {} });
  const a = b.transfer({ src: 0, dst: 1, bytes: 100 });
  const c = b.transfer({ src: 1, dst: 0, bytes: 50 });
  sim.run();
  close(a.value, 1, 'A ends');
  close(c.value, 0.5, 'B ends');
  const series = b.tierLoad()!;
  assert.deepEqual(series.map((s) => s.tier), ['host', 'nic']);
  assertSeries(series.find((s) => s.tier === 'nic'), [[0, 1], [0.5, 0.5], [1, 0]], 'nic');
  assertSeries(series.find((s) => s.tier === 'host'), [[0, 0.5], [0.5, 0.25], [1, 0]], 'host');
  // its time average is the tier's mean utilisation from the byte counters (equal link capacities)
  const mean = linkUtilisation(topology, b.usage(), sim.now, 'flow', 100).tiers.find((t) => t.tier === 'nic')!.meanUtilisation;
  close(mean, 1 * 0.5 + 0.5 * 0.5, 'nic mean');
});

test('flow: sequential transfers, the series closed mid-flight, and no recording unless asked', () => {
  // A 100 B capped at 100 B/s (0..1), then B 50 B capped at 50 B/s (1..2): nic 0.5 then 0.25
  const sim = new Simulation();
  const b = new FlowBackend({ sim, topology: fabric(), efficiency: {}, tierLoad: {} });
  sim.process(function* () {
    yield b.transfer({ src: 0, dst: 1, bytes: 100, maxRateBytesPerSecond: 100 });
    yield b.transfer({ src: 0, dst: 1, bytes: 50, maxRateBytesPerSecond: 50 });
  });
  sim.run(1.5);
  assertSeries(b.tierLoad()!.find((s) => s.tier === 'nic'), [[0, 0.5], [1, 0.25], [1.5, 0.25]], 'nic at 1.5');
  sim.run();
  assertSeries(b.tierLoad()!.find((s) => s.tier === 'nic'), [[0, 0.5], [1, 0.25], [2, 0]], 'nic at the end');
  assert.equal(new FlowBackend({ sim: new Simulation(), topology: fabric(), efficiency: {} }).tierLoad(), null);
});

test('flow: the series starts idle when the backend does, before the route latency has passed', () => {
  // 4 links of α_out / 4 = 0.1 s: the flow moves from 0.4 to 0.4 + 100 / 100 = 1.4
  const sim = new Simulation();
  const b = new FlowBackend({ sim, topology: railFabric({ nodes: 2, gpusPerNode: 1, nics: 1, nicBytesPerSecond: 100, hostBytesPerSecond: 200, alphaOut: 0.4 }), efficiency: {}, tierLoad: {} });
  b.transfer({ src: 0, dst: 1, bytes: 100 });
  sim.run();
  assertSeries(b.tierLoad()!.find((s) => s.tier === 'nic'), [[0, 0], [0.4, 0.5], [1.4, 0]], 'nic');
});

test('recorder: past maxPoints it keeps time-weighted buckets that preserve the integral', () => {
  // load 1 at even t, 0 at odd t, t = 0..9, capacity 1, maxPoints 4. The 5th record (t = 4) switches to
  // 4 buckets of width 4 / (4 / 2) = 2; t = 9 lies past 8, so the width doubles to 4. Closed at 10:
  // buckets [0,4) and [4,8) hold 2 busy seconds each, [8,10) holds 1 of 2: 0.5 each; at 10 the load is 0.
  const r = new TierLoadRecorder(['x'], Float64Array.of(1), 4);
  for (let t = 0; t < 10; t++) r.record(t, Float64Array.of(t % 2 === 0 ? 1 : 0));
  assertSeries(r.series(10)[0], [[0, 0.5], [4, 0.5], [8, 0.5], [10, 0]], 'bucketed');
  // reading did not change the state: a later record and read agree with the same arithmetic
  r.record(12, Float64Array.of(1));
  assertSeries(r.series(16)[0], [[0, 0.5], [4, 0.5], [8, 0.25], [12, 1], [16, 1]], 'after more records');
});

test('recorder: a record at the time of the last one replaces it; time may not go back', () => {
  const r = new TierLoadRecorder(['a', 'b'], Float64Array.of(2, 4), 8);
  r.record(0, Float64Array.of(2, 0));
  r.record(1, Float64Array.of(1, 1));
  r.record(1, Float64Array.of(0, 4));
  assertSeries(r.series()[0], [[0, 1], [1, 0]], 'a');
  assertSeries(r.series(3)[1], [[0, 0], [1, 1], [3, 1]], 'b');
  assert.throws(() => r.record(0.5, Float64Array.of(0, 0)), /back/);
  assert.throws(() => new TierLoadRecorder(['a'], Float64Array.of(1), 1), /maxPoints/);
});

test('flow: a long run stays within maxPoints and its buckets keep the bytes (mean = byte counters)', () => {
  // 10 sequential 100 B transfers capped at 100, 50, 100, 50, ... B/s: 15 s, nic load 0.5 or 0.25
  const sim = new Simulation();
  const topology = fabric();
  const b = new FlowBackend({ sim, topology, efficiency: {}, tierLoad: { maxPoints: 4 } });
  sim.process(function* () {
    for (let i = 0; i < 10; i++) yield b.transfer({ src: 0, dst: 1, bytes: 100, maxRateBytesPerSecond: i % 2 === 0 ? 100 : 50 });
  });
  sim.run();
  close(sim.now, 15, 'ends');
  const nic = b.tierLoad()!.find((s) => s.tier === 'nic')!.points;
  assert.ok(nic.length <= 5, `${nic.length} points`);
  let integral = 0;
  for (let i = 0; i + 1 < nic.length; i++) integral += nic[i]!.utilisation * (nic[i + 1]!.t - nic[i]!.t);
  const mean = linkUtilisation(topology, b.usage(), sim.now, 'flow', 100).tiers.find((t) => t.tier === 'nic')!.meanUtilisation;
  close(integral / 15, mean, 'time average');
  close(mean, (5 * 0.5 + 10 * 0.25) / 15, 'hand-computed mean');
});
