import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateTraining } from '../../src/workload/training/index.ts';
import { h100Cluster, job, model } from './fixtures.ts';

const j = job(model('llama3-8b'), { parallelism: { tp: 2, dp: 16, zero: 1, sequenceParallel: true, recompute: 'selective' }, global: 64 });
const { result: r, assumptions } = simulateTraining(j, h100Cluster(4), { fidelity: 'analytical' });

test('the result is internally consistent', () => {
  const b = r.breakdown;
  const sum = b.computeSeconds + b.tpCommSeconds + b.dpCommExposedSeconds + b.optimizerSeconds + b.otherSeconds;
  assert.ok(Math.abs(sum / r.stepSeconds - 1) < 1e-12);
  assert.equal(r.devices, 32);
  assert.ok(Math.abs(r.tokensPerSecond - (64 * 8192) / r.stepSeconds) < 1e-6);
  assert.ok(Math.abs(r.tflopsPerGpu - r.modelFlopsPerStep / r.stepSeconds / 32 / 1e12) < 1e-9);
  assert.ok(Math.abs(r.mfu - (r.tflopsPerGpu * 1e12) / 989.4e12) < 1e-12);
  assert.ok(r.hardwareFlopsPerStep > r.modelFlopsPerStep); // selective recomputation
  assert.ok(r.computeUtilisation > 0 && r.computeUtilisation < 1);
  assert.equal(r.simulatedSeconds, r.steps * r.stepSeconds);
  assert.ok(r.memory.totalBytes < r.memory.capacityBytes);
  assert.ok(r.mfu > 0.3 && r.mfu < 0.8, `mfu ${r.mfu}`);
});

test('model FLOPs per step ≈ 6·N·tokens + attention (12·L·s²·h per sequence)', () => {
  const m = j.model;
  const approx = 6 * 8.03e9 * 64 * 8192 + 12 * m.layers * 8192 * 8192 * m.hiddenSize * 64;
  // 6N counts the input embedding, which is a lookup, not a matmul: ≈ 6% of 8B
  assert.ok(Math.abs(r.modelFlopsPerStep / approx - 1) < 0.08, `${r.modelFlopsPerStep / approx}`);
});

test('assumptions cite every figure used, with a source', () => {
  const names = assumptions.map((a) => a.name);
  for (const part of ['bf16 dense peak', 'HBM bandwidth', 'matmul efficiency', 'memory efficiency', 'NVLink 4', 'InfiniBand NDR 400', 'data-parallel collective bus bandwidth', 'tensor-parallel collective bus bandwidth']) {
    assert.ok(names.some((n) => n.includes(part)), `missing ${part}`);
  }
  for (const a of assumptions) assert.ok(a.source.length > 0 && Number.isFinite(a.value), a.name);
});
