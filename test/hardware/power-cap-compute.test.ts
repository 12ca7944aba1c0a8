/**
 * A scenario's power cap reaches the compute model: capped accelerators attain less of the same nominal
 * peak (capSlowdown in hardware/power-cap.ts), so a compute-bound training step gets longer and MFU drops,
 * while memory-bound kernels keep their time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeRates, elementwiseOp, opSeconds } from '../../src/hardware/compute.ts';

import { capSlowdown, withPowerCap } from '../../src/hardware/power-cap.ts';
import { simulateTraining } from '../../src/workload/training/index.ts';
import { h100Cluster, job, model } from '../workload/fixtures.ts';

test('a 500 W cap on H100: matmul efficiency ÷ slowdown, same peak, memory op unchanged; uncapped clusters are untouched', () => {
  const c = h100Cluster(1);
  assert.equal(withPowerCap(c, undefined), c);
  const capped = withPowerCap(c, { watts: 500 });
  const acc = capped.nodes[0]!.accelerator;
  const slow = capSlowdown(c.nodes[0]!.accelerator, 500);
  assert.ok(slow > 1.05 && slow < 1.3, `${slow}`);
  const before = computeRates(c.nodes[0]!.accelerator, 'bf16')!;
  const after = computeRates(acc, 'bf16')!;
  assert.equal(after.peakFlopsPerSecond, before.peakFlopsPerSecond);
  assert.ok(Math.abs(after.matmulEfficiency * slow - before.matmulEfficiency) < 1e-12);
  const copy = elementwiseOp('copy', 1e9, 4);
  assert.equal(opSeconds(copy, after), opSeconds(copy, before));
});

test('a capped training step is longer and its MFU lower', () => {
  const j = job(model('llama3-8b'), { parallelism: { tp: 8 }, global: 8 });
  const c = h100Cluster(1);
  const free = simulateTraining(j, c, { fidelity: 'analytical' }).result;
  const capped = simulateTraining(j, withPowerCap(c, { fractionOfTdp: 0.7 }), { fidelity: 'analytical' }).result;
  assert.ok(capped.stepSeconds > free.stepSeconds * 1.03, `${capped.stepSeconds} vs ${free.stepSeconds}`);
  assert.ok(capped.mfu < free.mfu);
});

test('fp8 GEMMs on Hopper run at the profile’s measured fp8 efficiency; other precisions and parts keep the bf16 figure', async () => {
  const { loadCatalog } = await import('../../src/hardware/catalog.ts');
  const cat = loadCatalog();
  for (const id of ['h100-sxm', 'h200-sxm', 'h800-sxm']) {
    const acc = cat.accelerators.get(id)!;
    assert.equal(computeRates(acc, 'fp8')!.matmulEfficiency, 0.571, id);
    assert.equal(computeRates(acc, 'bf16')!.matmulEfficiency, acc.efficiency.matmul, id);
  }
  const b200 = cat.accelerators.get('b200')!;
  assert.equal(computeRates(b200, 'fp8')!.matmulEfficiency, b200.efficiency.matmul);
});
