/**
 * Analytical (closed form) against flow (DES replay) step times. Without overlap the closed form is
 * exact, so the two agree; with overlap the closed form is a lower bound on the exposed reduction and
 * the replay sits between it and the no-overlap time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { simulateTraining } from '../../src/workload/training/index.ts';
import { analyticalStep } from '../../src/workload/training/step.ts';
import { replayStep } from '../../src/workload/training/replay.ts';
import type { StepPlan } from '../../src/workload/training/plan.ts';
import { a100Cluster, h100Cluster, job, model } from './fixtures.ts';

const cases = [
  { name: 'SC21 row 4 (tp 8, dp 32)', j: (overlap: boolean) => job(model('megatron-sc21-18.4b'), { precision: 'fp16', parallelism: { tp: 8, dp: 32, recompute: 'full' }, global: 1024, attention: 'standard', overlapGradReduce: overlap }), c: a100Cluster(32) },
  { name: 'Llama 3 8B (tp 1, dp 32, ZeRO-1)', j: (overlap: boolean) => job(model('llama3-8b'), { parallelism: { dp: 32, zero: 1, recompute: 'full' }, global: 64, overlapGradReduce: overlap }), c: h100Cluster(4) },
];

for (const { name, j, c } of cases) {
  test(`${name}: flow within 1% of analytical without overlap; with overlap it is no slower than without`, () => {
    const an = simulateTraining(j(false), c, { fidelity: 'analytical' }).result;
    const flow = simulateTraining(j(false), c, { fidelity: 'flow' }).result;
    assert.ok(Math.abs(flow.stepSeconds / an.stepSeconds - 1) < 0.01, `${flow.stepSeconds} vs ${an.stepSeconds}`);
    assert.ok(an.breakdown.dpCommExposedSeconds > 0);
    const flowOverlap = simulateTraining(j(true), c, { fidelity: 'flow' }).result;
    const anOverlap = simulateTraining(j(true), c, { fidelity: 'analytical' }).result;
    assert.ok(flowOverlap.stepSeconds <= an.stepSeconds, `${flowOverlap.stepSeconds} > ${an.stepSeconds}`);
    assert.ok(flowOverlap.breakdown.dpCommExposedSeconds < an.breakdown.dpCommExposedSeconds);
    assert.ok(anOverlap.stepSeconds <= flowOverlap.stepSeconds * (1 + 1e-12));
  });
}

const stage = (fwd: number, bwd: number) => ({ forward: fwd, backward: bwd, tpForward: 0, tpBackward: 0 });

function syntheticPlan(layers: number, bwd: number, buckets: { at: number; c: number }[], overlap: boolean): StepPlan {
  return {
    microbatches: 2, layers, layer: stage(bwd / 2, bwd), recomputeSeconds: 0, embedding: stage(0.1, 0.1), output: stage(0.2, 0.2),
    gradReduce: 'all-reduce', paramGatherSeconds: 0, optimizerSeconds: 0.05, overlapGradReduce: overlap,
    buckets: buckets.map((b) => ({ params: 1, readyAfter: b.at, seconds: b.c })),
  };
}

test('a bucket that arrives late behind a long reduction: the replay exposes more than the closed form', () => {
  // buckets ready after stages 0, 2 (mid-backward) and 3 (the end); the middle one is long
  const on = syntheticPlan(2, 1, [{ at: 0, c: 0.2 }, { at: 2, c: 1.5 }, { at: 3, c: 0.2 }], true);
  const flow = replayStep(on).breakdown.dpCommExposedSeconds;
  const closed = analyticalStep(on).breakdown.dpCommExposedSeconds;
  // replay: bucket 2 runs from the end of layer 1's backward (t = 2.2) to 3.7, bucket 3 to 3.9; backward ends at 2.3
  assert.ok(Math.abs(flow - 1.6) < 1e-9, `${flow}`);
  assert.ok(closed < flow);
});

test('property: closed form with overlap ≤ replay with overlap ≤ replay without = closed form without', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.double({ min: 0.01, max: 2, noNaN: true }),
      fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 1, maxLength: 8 }),
      (layers, bwd, costs) => {
        const stages = layers + 2;
        const buckets = costs.map((c, i) => ({ at: Math.max(0, Math.floor(((i + 1) * stages) / costs.length) - 1), c }));
        buckets[buckets.length - 1]!.at = stages - 1;
        const on = syntheticPlan(layers, bwd, buckets, true);
        const off = syntheticPlan(layers, bwd, buckets, false);
        const eps = 1e-9;
        const a = analyticalStep(on).stepSeconds;
        const f = replayStep(on).stepSeconds;
        const fOff = replayStep(off).stepSeconds;
        const aOff = analyticalStep(off).stepSeconds;
        return a <= f + eps && f <= fOff + eps && Math.abs(fOff - aOff) <= eps;
      },
    ),
    { numRuns: 60 },
  );
});
