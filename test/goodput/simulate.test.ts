// simulateGoodput (src/goodput/simulate.ts) as a whole: the job's rate from its components, the interval
// from Young when none is set, the figures the reports read, and the same result for the same seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { youngInterval } from '../../src/goodput/young-daly.ts';
import { smallGoodput } from './fixtures.ts';

const g = smallGoodput();

test('the job rate is Σ rate × components, and the interval is Young\'s', () => {
  assert.deepEqual(g.components, { gpus: 32, nodes: 4, nics: 32, links: 32, switches: 1 });
  const perHour = g.failures.causes.reduce((s, c) => s + c.ratePerComponentHour * c.components, 0);
  assert.ok(Math.abs(g.failures.mtbfSeconds! - 3600 / perHour) < 1e-6);
  assert.equal(g.checkpoint.intervalFrom, 'young');
  assert.ok(Math.abs(g.checkpoint.intervalSeconds - youngInterval(30, g.failures.mtbfSeconds!)) < 1e-9);
  assert.equal(g.sweep.youngSeconds, g.checkpoint.intervalSeconds);
});

test('the figures add up: productive plus lost is the window; categories add up to the unexpected interruptions', () => {
  const lost = Object.values(g.lost).reduce((s, e) => s + e.mean, 0);
  assert.ok(Math.abs(g.productiveSeconds.mean + lost - g.durationSeconds) < 1e-6);
  assert.ok(Math.abs(g.ettr.mean - g.productiveSeconds.mean / g.durationSeconds) < 1e-12);
  const byCat = g.interruptions.byCategory.reduce((s, c) => s + c.count.mean, 0);
  assert.ok(Math.abs(byCat - g.interruptions.unexpected.mean) < 1e-9);
  const overTime = g.overTime.bins.reduce((s, b) => s + Object.values(b.byCategory).reduce((a, x) => a + x, 0), 0);
  assert.ok(Math.abs(overTime - g.interruptions.unexpected.mean) < 1e-9);
  assert.equal(g.overTime.binSeconds, 3600 * 1);
  assert.ok(g.interruptions.planned.mean >= 2);
  assert.equal(g.sweep.points.length, 10);
});

test('same seed, same result', () => {
  assert.deepEqual(smallGoodput(), g);
});
