// Acceptance (issue 7): on a reference case (exponential failures, MTBF 3 h, a synchronous 60 s checkpoint,
// 10 min restarts) the checkpoint interval that the simulation finds best lies within 10% of Young's
// sqrt(2 C M) = 1,138 s (and of Daly's higher-order 1,099 s); and asynchronous checkpointing (a 5 s copy,
// the rest of the write draining while training goes on) gains effective training time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sweepIntervals } from '../../src/goodput/sweep.ts';
import { dalyInterval, youngInterval } from '../../src/goodput/young-daly.ts';
import { bareModel } from './fixtures.ts';

const M = 3 * 3600;
const C = 60;
// 8 trials of 1,000 MTBF each: 8,000 failures per interval, the same ones at every interval.
const base = bareModel({
  durationSeconds: 1000 * M, causes: [{ rate: 1 / M, hardware: false, repairSeconds: 0, category: 0 }],
  restartSeconds: 600, stallSeconds: C, writeSeconds: C, binSeconds: 86400, bins: 1,
});
const sweep = sweepIntervals({
  base, modes: [{ mode: 'sync', stallSeconds: C, drainSeconds: 0 }, { mode: 'async', stallSeconds: 5, drainSeconds: C - 5 }],
  mtbfSeconds: M, minIntervalSeconds: 1, points: 13, span: 3, trials: 8, seed: 1, job: 'reference',
});

test('Young and Daly on the reference case', () => {
  assert.ok(Math.abs(youngInterval(C, M) - 1138.42) < 0.01);
  assert.ok(Math.abs(dalyInterval(C, M) - 1098.77) < 0.01);
  assert.equal(dalyInterval(3 * M, M), M);
});

test('the simulated optimum of synchronous checkpoints is within 10% of Young/Daly', () => {
  const sync = sweep.optimum.find((o) => o.mode === 'sync')!;
  const young = youngInterval(C, M);
  const daly = dalyInterval(C, M);
  assert.ok(Math.abs(sync.intervalSeconds / young - 1) <= 0.1, `${sync.intervalSeconds} vs Young ${young}`);
  assert.ok(Math.abs(sync.intervalSeconds / daly - 1) <= 0.1, `${sync.intervalSeconds} vs Daly ${daly}`);
  // Far from the optimum the simulation is clearly worse: the curve has a maximum, not a plateau.
  const points = sweep.points.filter((p) => p.mode === 'sync');
  assert.ok(points[0]!.ettr.mean < sync.ettr - 0.01 && points.at(-1)!.ettr.mean < sync.ettr - 0.01);
});

test('asynchronous checkpoints gain: better at every interval, and a shorter optimum', () => {
  const sync = sweep.points.filter((p) => p.mode === 'sync');
  const async = sweep.points.filter((p) => p.mode === 'async');
  sync.forEach((p, i) => assert.ok(async[i]!.ettr.mean > p.ettr.mean, `at ${p.intervalSeconds} s`));
  const best = (mode: string) => sweep.optimum.find((o) => o.mode === mode)!;
  assert.ok(best('async').ettr - best('sync').ettr > 0.02, `${best('async').ettr} vs ${best('sync').ettr}`);
  assert.ok(best('async').intervalSeconds < best('sync').intervalSeconds);
});
