// Synthetic request sources: arrival processes, length distributions, and merging tenants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { RandomStream } from '../../src/sim/random.ts';
import {
  constantArrivals, empiricalLength, fixedLength, gammaArrivals, gammaVariate, loadEmpiricalPairs, lognormalLength,
  mergeSources, piecewiseArrivals, poissonArrivals, syntheticSource, uniformLength,
} from '../../src/workload/inference/sources/index.ts';
import type { InferenceRequest, RequestSource } from '../../src/workload/inference/types.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/traces/${name}`, import.meta.url));

async function drain(src: RequestSource): Promise<InferenceRequest[]> {
  const out: InferenceRequest[] = [];
  for (let b = await src.nextBatch(); b; b = await src.nextBatch()) out.push(...b);
  return out;
}

const gapsOf = (rs: InferenceRequest[]) => rs.slice(1).map((r, i) => r.arrivalSeconds - rs[i]!.arrivalSeconds);
const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cvOf = (xs: number[]) => {
  const m = meanOf(xs);
  return Math.sqrt(meanOf(xs.map((x) => (x - m) ** 2))) / m;
};

test('Poisson: mean rate within 2% over 100k arrivals, exponential gaps (cv 1), deterministic per seed', async () => {
  const make = (seed: number) =>
    syntheticSource({ arrivals: poissonArrivals(20), prompt: fixedLength(100), output: fixedLength(10), count: 100_000, seed });
  const a = await drain(make(7));
  assert.equal(a.length, 100_000);
  const rate = a.length / a.at(-1)!.arrivalSeconds;
  assert.ok(Math.abs(rate / 20 - 1) < 0.02, `rate ${rate}`);
  assert.ok(Math.abs(cvOf(gapsOf(a)) - 1) < 0.02);
  const again = await drain(make(7));
  assert.deepEqual(again.slice(0, 1000), a.slice(0, 1000));
  assert.equal(again.at(-1)!.arrivalSeconds, a.at(-1)!.arrivalSeconds);
  const other = (await make(8).nextBatch())!;
  assert.notEqual(other[0]!.arrivalSeconds, a[0]!.arrivalSeconds);
});

test('gamma arrivals keep the rate and give the requested burstiness (cv)', async () => {
  for (const cv of [0.5, 3]) {
    const rs = await drain(syntheticSource({ arrivals: gammaArrivals(10, cv), prompt: fixedLength(1), output: fixedLength(1), count: 50_000, seed: 1 }));
    const gaps = gapsOf(rs);
    assert.ok(Math.abs(meanOf(gaps) * 10 - 1) < 0.05, `cv ${cv}: mean gap ${meanOf(gaps)}`);
    assert.ok(Math.abs(cvOf(gaps) / cv - 1) < 0.06, `cv ${cv}: measured ${cvOf(gaps)}`);
  }
  const rng = new RandomStream(3, 'gamma');
  const xs = Array.from({ length: 40_000 }, () => gammaVariate(0.3, rng)); // mean k, variance k
  assert.ok(Math.abs(meanOf(xs) / 0.3 - 1) < 0.03);
});

test('constant arrivals and durationSeconds: exactly rate x duration requests', async () => {
  const rs = await drain(syntheticSource({ arrivals: constantArrivals(4), prompt: fixedLength(5), output: fixedLength(6), durationSeconds: 10, seed: 0, batchSize: 7 }));
  assert.equal(rs.length, 39); // 0.25, 0.5, ... 9.75 (the arrival at 10 is outside [0, 10))
  assert.ok(rs.every((r, i) => Math.abs(r.arrivalSeconds - (i + 1) * 0.25) < 1e-9 && r.promptTokens === 5 && r.outputTokens === 6));
});

test('piecewise rate over the day: arrivals follow the table (thinned Poisson)', async () => {
  const arrivals = piecewiseArrivals({ points: [{ atSeconds: 0, ratePerSecond: 1 }, { atSeconds: 500, ratePerSecond: 9 }], periodSeconds: 1000 });
  const rs = await drain(syntheticSource({ arrivals, prompt: fixedLength(1), output: fixedLength(1), durationSeconds: 4000, seed: 5 }));
  const low = rs.filter((r) => r.arrivalSeconds % 1000 < 500).length;
  const high = rs.length - low;
  assert.ok(Math.abs(low / 2000 - 1) < 0.1, `low ${low}`); // 4 periods x 500 s x 1/s
  assert.ok(Math.abs(high / 18000 - 1) < 0.03, `high ${high}`); // 4 x 500 x 9/s
  const lin = piecewiseArrivals({ points: [{ atSeconds: 0, ratePerSecond: 0 }, { atSeconds: 50, ratePerSecond: 10 }], periodSeconds: 100, interpolation: 'linear' });
  const lr = await drain(syntheticSource({ arrivals: lin, prompt: fixedLength(1), output: fixedLength(1), durationSeconds: 2000, seed: 2 }));
  // mean of the triangle 0 -> 10 -> 0 is 5/s
  assert.ok(Math.abs(lr.length / 10_000 - 1) < 0.03, `linear ${lr.length}`);
  assert.throws(() => piecewiseArrivals({ points: [{ atSeconds: 10, ratePerSecond: 1 }] }), /start at atSeconds 0/);
});

test('lognormal lengths: the median is the parameter, clamping bounds the tails', () => {
  const rng = new RandomStream(11, 'len');
  const d = lognormalLength({ median: 1000, sigma: 1, min: 500, max: 3000 });
  const xs = Array.from({ length: 20_001 }, () => d.sample(rng)).sort((a, b) => a - b);
  assert.ok(Math.abs(xs[10_000]! / 1000 - 1) < 0.04, `median ${xs[10_000]}`);
  assert.equal(xs[0], 500); // about 24% of draws fall below 500 and 14% above 3000
  assert.equal(xs.at(-1), 3000);
  assert.ok(xs.every(Number.isInteger));
  const u = uniformLength(3, 5);
  const us = new Set(Array.from({ length: 200 }, () => u.sample(rng)));
  assert.deepEqual([...us].sort(), [3, 4, 5]);
});

test('empirical pairs draw only observed (prompt, output) pairs, and each of them', async () => {
  const pairs = await loadEmpiricalPairs(fixture('small.csv'));
  assert.deepEqual([...pairs.prompt], [100, 200, 300, 400, 500]);
  const rs = await drain(syntheticSource({ arrivals: poissonArrivals(1), pairs, count: 2000, seed: 4 }));
  const seen = new Set(rs.map((r) => `${r.promptTokens}/${r.outputTokens}`));
  assert.deepEqual([...seen].sort(), ['100/10', '200/20', '300/30', '400/40', '500/50']);
  const one = empiricalLength(Int32Array.of(7, 9));
  const rng = new RandomStream(1, 'e');
  assert.ok(Array.from({ length: 50 }, () => one.sample(rng)).every((x) => x === 7 || x === 9));
  assert.throws(() => syntheticSource({ arrivals: poissonArrivals(1), pairs, prompt: fixedLength(1), count: 1, seed: 0 }), /either pairs/);
});

test('changing the length model leaves arrival times as they were', async () => {
  const a = await drain(syntheticSource({ arrivals: poissonArrivals(5), prompt: fixedLength(1), output: fixedLength(1), count: 100, seed: 9 }));
  const b = await drain(syntheticSource({ arrivals: poissonArrivals(5), prompt: uniformLength(1, 99), output: fixedLength(2), count: 100, seed: 9 }));
  assert.deepEqual(a.map((r) => r.arrivalSeconds), b.map((r) => r.arrivalSeconds));
});

test('merge keeps arrival order across tenants, renumbers ids and keeps every request', async () => {
  const tenant = (name: string, rate: number, batchSize: number) =>
    syntheticSource({ arrivals: poissonArrivals(rate), prompt: fixedLength(rate), output: fixedLength(1), count: 3000, seed: 1, tenant: name, batchSize });
  const merged = await drain(mergeSources([tenant('chat', 10, 64), tenant('code', 3, 1000), tenant('batch', 1, 7)], { batchSize: 100 }));
  assert.equal(merged.length, 9000);
  assert.deepEqual(merged.map((r) => r.id), [...Array(9000).keys()]);
  assert.ok(merged.every((r, i) => i === 0 || r.arrivalSeconds >= merged[i - 1]!.arrivalSeconds));
  for (const [name, rate] of [['chat', 10], ['code', 3], ['batch', 1]] as const) {
    const mine = merged.filter((r) => r.tenant === name);
    assert.equal(mine.length, 3000);
    assert.ok(mine.every((r) => r.promptTokens === rate));
  }
  // ties go to the source listed first
  const tie = await drain(mergeSources([
    syntheticSource({ arrivals: constantArrivals(1), prompt: fixedLength(1), output: fixedLength(1), count: 2, seed: 0, tenant: 'a' }),
    syntheticSource({ arrivals: constantArrivals(1), prompt: fixedLength(1), output: fixedLength(1), count: 2, seed: 0, tenant: 'b' }),
  ]));
  assert.deepEqual(tie.map((r) => r.tenant), ['a', 'b', 'a', 'b']);
  assert.equal(await mergeSources([]).nextBatch(), null);
});
