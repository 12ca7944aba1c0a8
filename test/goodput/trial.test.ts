// One Monte Carlo trial (src/goodput/trial.ts) on worked examples whose answer follows by hand, and the
// bookkeeping invariant: productive time plus every lost bucket is the window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomStream } from '../../src/sim/random.ts';
import { LOST_BUCKETS, runTrial, type TrialModel } from '../../src/goodput/trial.ts';
import { bareModel } from './fixtures.ts';

const run = (m: TrialModel, seed = 1, i = 0) => runTrial(m, new RandomStream(seed, `t${i}`), new RandomStream(seed, `s${i}`));
const lost = (r: ReturnType<typeof run>, k: (typeof LOST_BUCKETS)[number]) => r.lost[LOST_BUCKETS.indexOf(k)]!;
const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} != ${b}`);
const total = (r: ReturnType<typeof run>) => r.productive + r.lost.reduce((s, x) => s + x, 0);

test('no failures, synchronous checkpoints: ETTR = tau / (tau + C)', () => {
  // 100 s of training, then a 10 s write: ten whole periods in 1,100 s.
  const r = run(bareModel({ durationSeconds: 1100, tauSeconds: 100, stallSeconds: 10, writeSeconds: 10 }));
  close(r.productive, 1000);
  close(lost(r, 'checkpoint'), 100);
  assert.equal(r.unexpected, 0);
});

test('data stalls: a step of S + D does S of work', () => {
  const r = run(bareModel({ dataRatio: 0.25 }));
  close(r.productive, 800);
  close(lost(r, 'dataStalls'), 200);
});

test('asynchronous checkpoints stall only for the copy; one that cannot drain in time delays the next', () => {
  // Copy 1 s, drain 5 s, interval 100 s: every 101 s one second lost.
  const a = run(bareModel({ durationSeconds: 1010, tauSeconds: 100, stallSeconds: 1, drainSeconds: 5, writeSeconds: 6 }));
  close(lost(a, 'checkpoint'), 10);
  // Interval 2 s but a 5 s drain: a checkpoint every 1 + 5 s, so 1 s lost in every 6 s.
  const b = run(bareModel({ durationSeconds: 600, tauSeconds: 2, stallSeconds: 1, drainSeconds: 5, writeSeconds: 6 }));
  close(lost(b, 'checkpoint'), 100);
  close(b.productive, 500);
});

test('one failure: lost work since the last checkpoint, then detection, restart and restore', () => {
  // Trial stream of seed 2: the first failure after 1,730 s of exposure, the next 1,688 s later (drawn here
  // the way the trial draws them: gap, cause, gap). The window ends 50 s after the job is back.
  const s = new RandomStream(2, 't0');
  const first = s.exponential(1000);
  s.next();
  assert.ok(s.exponential(1000) > 130, 'the second failure falls after the window');
  const m = bareModel({ durationSeconds: first + 110 + 50, causes: [{ rate: 1 / 1000, hardware: false, repairSeconds: 0, category: 0 }], tauSeconds: 100, stallSeconds: 10, writeSeconds: 10, detectionSeconds: 30, restartSeconds: 60, restoreSeconds: 20 });
  const r = run(m, 2);
  assert.equal(r.unexpected, 1);
  // Periods of 110 s (100 s training, 10 s write) before the failure; the training after the last write is lost.
  const periods = Math.floor(first / 110);
  close(lost(r, 'lostWork'), Math.min(first - periods * 110, 100));
  close(lost(r, 'detection'), 30);
  close(lost(r, 'restart'), 60);
  close(lost(r, 'restore'), 20);
  close(total(r), m.durationSeconds);
});

test('no spare nodes: after a hardware failure the job waits for the repair', () => {
  const m = bareModel({ durationSeconds: 1e6, causes: [{ rate: 1 / 1e5, hardware: true, repairSeconds: 7200, category: 0 }], detectionSeconds: 300, spareNodes: 0, tauSeconds: 1000 });
  const r = run(m, 3);
  assert.ok(r.unexpected > 0);
  // Every failure waits repair − detection = 6,900 s (failures are not counted while the job waits).
  close(lost(r, 'repairWait'), r.unexpected * 6900, 1e-9);
  const spares = run({ ...m, spareNodes: Infinity }, 3);
  assert.equal(lost(spares, 'repairWait'), 0);
  assert.ok(spares.productive > r.productive);
});

test('planned maintenance: a checkpoint, the downtime, the restart and the restore, and no lost work', () => {
  const m = bareModel({ durationSeconds: 10_000, maintenance: { everySeconds: 2000, downtimeSeconds: 100 }, writeSeconds: 10, restartSeconds: 50, restoreSeconds: 40, tauSeconds: 1e9 });
  const r = run(m);
  // At 2,000, 4,000, 6,000 and 8,000 s (each cycle takes 200 s, so the next falls in running time again).
  assert.equal(r.planned, 4);
  close(lost(r, 'maintenance'), 4 * (10 + 100 + 50 + 40));
  assert.equal(lost(r, 'lostWork'), 0);
});

test('a slow GPU slows every step until it is found; without detection until the next restart', () => {
  const m = bareModel({ durationSeconds: 1e5, stragglers: { rate: 1 / 1e4, extraRatio: 0.5, detectSeconds: 600 }, writeSeconds: 5, restartSeconds: 60 });
  const r = run(m, 11);
  assert.ok(r.planned > 0, 'some slow GPUs were found and removed');
  // Each episode: 600 s at 1.5 s per unit of work (200 s lost), then the write and the restart.
  close(lost(r, 'stragglers'), r.planned * (200 + 5 + 60), 1e-6);
  close(total(r), 1e5);
});

test('the books balance with everything on at once', () => {
  const m = bareModel({
    durationSeconds: 30 * 86400,
    causes: [{ rate: 1 / 20000, hardware: true, repairSeconds: 86400, category: 0 }, { rate: 1 / 50000, hardware: false, repairSeconds: 0, category: 1 }],
    categories: 2, detectionSeconds: 300, restartSeconds: 600, restoreSeconds: 90, spareNodes: 2,
    tauSeconds: 1800, stallSeconds: 3, drainSeconds: 57, writeSeconds: 60, dataRatio: 0.02,
    stragglers: { rate: 1 / 1e5, extraRatio: 0.3, detectSeconds: Infinity }, maintenance: { everySeconds: 99_252, downtimeSeconds: 600 },
    binSeconds: 86400, bins: 30,
  });
  for (let i = 0; i < 5; i++) {
    const r = run(m, 5, i);
    close(total(r), m.durationSeconds, 1e-9);
    assert.ok(LOST_BUCKETS.every((_, k) => r.lost[k]! >= -1e-6), 'no bucket goes negative');
    assert.equal(r.overTime.reduce((s, x) => s + x, 0), r.unexpected);
    assert.equal(r.byCategory[0]! + r.byCategory[1]!, r.unexpected);
  }
});

test('same seed and trial: the same run; another trial: another run', () => {
  const m = bareModel({ durationSeconds: 1e6, causes: [{ rate: 1 / 1e4, hardware: false, repairSeconds: 0, category: 0 }], tauSeconds: 500, stallSeconds: 5, writeSeconds: 5, restartSeconds: 100 });
  assert.deepEqual(run(m, 1, 0), run(m, 1, 0));
  assert.notEqual(run(m, 1, 0).productive, run(m, 1, 1).productive);
});

test('failures arrive at the rate times the exposure', () => {
  // 1 per hour over 2,000 h with nothing that takes the job out of exposure: about 2,000 (Poisson, sd 45).
  const m = bareModel({ durationSeconds: 2000 * 3600, causes: [{ rate: 1 / 3600, hardware: false, repairSeconds: 0, category: 0 }] });
  const r = run(m, 2);
  assert.ok(Math.abs(r.unexpected - 2000) < 4 * 45, `${r.unexpected}`);
});
