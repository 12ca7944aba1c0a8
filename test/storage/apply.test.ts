// The data stall joins the step once, and every rate of the result follows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDataStall, withStorage } from '../../src/storage/apply.ts';
import { makeJob } from '../fixtures/report-fixture.ts';
import { cluster, tinyJob } from './fixtures.ts';

test('a 1.2 s stall on the 4.8 s step: step 6 s, rates × 0.8, utilisation compute / 6 s', () => {
  const r = makeJob();
  const s = withDataStall(r, 1.2);
  assert.equal(s.stepSeconds, 6);
  assert.equal(s.breakdown.dataStallSeconds, 1.2);
  assert.ok(Math.abs(s.tokensPerSecond - r.tokensPerSecond * 0.8) < 1e-9 * r.tokensPerSecond);
  assert.ok(Math.abs(s.mfu - r.mfu * 0.8) < 1e-12);
  assert.ok(Math.abs(s.tflopsPerGpu - r.tflopsPerGpu * 0.8) < 1e-9);
  assert.equal(s.computeUtilisation, r.breakdown.computeSeconds / 6);
  assert.equal(s.simulatedSeconds, r.steps * 6);
  assert.equal(withDataStall(r, 0).stepSeconds, r.stepSeconds);
});

test('withStorage stalls the step, costs the checkpoint at the stalled step, and never stalls twice', () => {
  const job = tinyJob({}, {
    data: { bytesPerSample: 1e6, prefetch: 1, readers: null, storage: 'pfs', samplesPerFile: null },
    checkpoint: { every: { steps: 10 }, mode: 'sync', storage: 'pfs', retain: 1, parallelSave: true, parallelLoad: false },
  });
  const base = { ...makeJob(), stepSeconds: 1e-3, breakdown: { computeSeconds: 1e-3, tpCommSeconds: 0, dpCommExposedSeconds: 0, optimizerSeconds: 0, otherSeconds: 0 } };
  const once = withStorage(job, base, cluster());
  // the read is 1.6 ms (data-pipeline.test.ts): 0.6 ms of stall
  assert.ok(Math.abs(once.result.stepSeconds - 1.6e-3) < 1e-12);
  assert.equal(once.result.data!.stepSecondsWithoutData, 1e-3);
  assert.ok(Math.abs(once.result.checkpoint!.intervalSeconds! - 10 * 1.6e-3) < 1e-12);
  assert.ok(once.assumptions.some((a) => a.name === 'pfs write bandwidth, aggregate'));
  const twice = withStorage(job, once.result, cluster());
  assert.equal(twice.result.stepSeconds, once.result.stepSeconds);
  assert.equal(twice.result.data!.stallSeconds, once.result.data!.stallSeconds);
});

test('a job without data or checkpoint keys is returned as it was', () => {
  const r = makeJob();
  assert.equal(withStorage(tinyJob(), r, cluster()).result, r);
});
