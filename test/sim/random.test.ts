// Seeded random streams: reproducible per (seed, name), independent across names, and the
// distributions roughly right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomStream, Simulation } from '../../src/sim/index.ts';

const draw = (s: RandomStream, n: number) => Array.from({ length: n }, () => s.next());

test('the same seed and name give the same sequence, in any simulation', () => {
  const a = new Simulation({ seed: 42 }).random('arrivals');
  const b = new Simulation({ seed: 42 }).random('arrivals');
  assert.deepEqual(draw(a, 100), draw(b, 100));
});

test('different names or seeds give different sequences', () => {
  const sim = new Simulation({ seed: 42 });
  const arrivals = draw(sim.random('arrivals'), 20);
  assert.notDeepEqual(arrivals, draw(sim.random('failures'), 20));
  assert.notDeepEqual(arrivals, draw(new Simulation({ seed: 43 }).random('arrivals'), 20));
  // Seeds that differ only above 32 bits must differ too.
  assert.notDeepEqual(arrivals, draw(new Simulation({ seed: 42 + 2 ** 32 }).random('arrivals'), 20));
});

test('a stream is created once per simulation and drawing from one stream leaves others alone', () => {
  const one = new Simulation({ seed: 7 });
  assert.equal(one.random('x'), one.random('x'));
  draw(one.random('noise'), 1000);
  const two = new Simulation({ seed: 7 });
  assert.deepEqual(draw(one.random('x'), 10), draw(two.random('x'), 10));
});

test('the default seed is 1', () => {
  assert.deepEqual(draw(new Simulation().random('s'), 5), draw(new Simulation({ seed: 1 }).random('s'), 5));
});

test('xoshiro128** core matches the reference first outputs for state (1, 2, 3, 4)', () => {
  // Reference values from the C implementation (xoshiro128starstar.c) with s = {1, 2, 3, 4}.
  const s = new RandomStream(1, 'x');
  Object.assign(s, { s0: 1, s1: 2, s2: 3, s3: 4 });
  assert.deepEqual([s.nextUint32(), s.nextUint32(), s.nextUint32()], [11520, 0, 5927040]);
});

test('uniform, int and choice stay in range', () => {
  const r = new Simulation({ seed: 3 }).random('ranges');
  for (let i = 0; i < 10_000; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    const x = r.uniform(-2, 5);
    assert.ok(x >= -2 && x < 5);
    const k = r.int(6);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 6);
  }
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) seen.add(r.choice(['a', 'b', 'c']));
  assert.deepEqual([...seen].sort(), ['a', 'b', 'c']);
  assert.throws(() => r.int(0), RangeError);
  assert.throws(() => r.choice([]), RangeError);
  assert.throws(() => r.exponential(0), RangeError);
});

test('exponential mean is close to the requested mean over 100k draws', () => {
  const r = new Simulation({ seed: 11 }).random('service');
  const n = 100_000;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += r.exponential(2.5);
  // Standard error is 2.5 / sqrt(1e5) ~ 0.0079; 0.05 is over 6 standard errors.
  assert.ok(Math.abs(sum / n - 2.5) < 0.05, `mean ${sum / n}`);
});

test('normal and lognormal have the right moments', () => {
  const r = new Simulation({ seed: 5 }).random('noise');
  const n = 100_000;
  let sum = 0;
  let sumSq = 0;
  let logSum = 0;
  for (let i = 0; i < n; i++) {
    const x = r.normal(10, 2);
    sum += x;
    sumSq += x * x;
    logSum += Math.log(r.lognormal(1, 0.5));
  }
  const mean = sum / n;
  const sd = Math.sqrt(sumSq / n - mean * mean);
  assert.ok(Math.abs(mean - 10) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(sd - 2) < 0.05, `sd ${sd}`);
  assert.ok(Math.abs(logSum / n - 1) < 0.02, `log-mean ${logSum / n}`);
});
