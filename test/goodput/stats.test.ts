// Monte Carlo summaries (src/goodput/stats.ts): Student t quantiles against tables, and a worked estimate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, scaleEstimate, t975 } from '../../src/goodput/stats.ts';

test('t(0.975) matches the printed tables', () => {
  // NIST/SEMATECH e-Handbook, Table 1.3.6.7.2 (upper critical values of Student's t).
  for (const [df, t] of [[1, 12.706], [5, 2.571], [10, 2.228], [11, 2.201], [20, 2.086], [30, 2.042], [60, 2.0], [99, 1.984]] as const) {
    assert.ok(Math.abs(t975(df) - t) < 1.5e-3, `df ${df}: ${t975(df)} vs ${t}`);
  }
});

test('the estimate of 1..5: mean 3, sd sqrt(2.5), CI 3 ± 2.776·sd/sqrt(5), percentiles by interpolation', () => {
  const e = estimate([5, 1, 4, 2, 3]);
  assert.equal(e.mean, 3);
  assert.ok(Math.abs(e.sd - Math.sqrt(2.5)) < 1e-12);
  const half = 2.7764 * Math.sqrt(2.5) / Math.sqrt(5);
  assert.ok(Math.abs(e.ci95[0] - (3 - half)) < 1e-9 && Math.abs(e.ci95[1] - (3 + half)) < 1e-9);
  assert.ok(Math.abs(e.p025 - 1.1) < 1e-12 && Math.abs(e.p975 - 4.9) < 1e-12);
  const d = scaleEstimate(e, 2);
  assert.deepEqual([d.mean, d.ci95[0], d.p975], [6, 2 * e.ci95[0], 2 * e.p975]);
});

test('one value: no spread', () => {
  assert.deepEqual(estimate([7]), { mean: 7, ci95: [7, 7], sd: 0, p025: 7, p975: 7 });
  assert.throws(() => estimate([]));
});
