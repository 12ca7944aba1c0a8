/**
 * Optimizer-step traffic per parameter (plan.ts optimizerBytesPerParam), kernel by kernel as Megatron-LM's
 * mixed-precision optimizer runs them, and the step time it gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeRates } from '../../src/hardware/compute.ts';
import { place } from '../../src/workload/training/placement.ts';
import { optimizerBytesPerParam } from '../../src/workload/training/optimizer.ts';
import { buildPlan } from '../../src/workload/training/plan.ts';
import { a100, a100Cluster, gpt22b, job } from './fixtures.ts';

test('fp16 moves 54 B per parameter (grad copy, unscale, norm, Adam, weight copy, zeroing); bf16 42; fp32 36', () => {
  const sum = (p: Parameters<typeof optimizerBytesPerParam>[0]) => {
    const b = optimizerBytesPerParam(p);
    return b.updated + b.zeroed;
  };
  assert.deepEqual([sum('fp16'), sum('bf16'), sum('fp8'), sum('fp32'), sum('tf32')], [54, 42, 42, 36, 36]);
});

test('the optimizer step is that traffic at the memory efficiency; ZeRO-1 shards the update, not the zeroing', () => {
  const r = computeRates(a100, 'fp16')!;
  const plan = (dp: number, zero: 0 | 1) => {
    const j = job(gpt22b, { precision: 'fp16', parallelism: { tp: 8, dp, zero }, global: 4 * dp, micro: 4, attention: 'standard' });
    const pl = place(j, a100Cluster(dp))!;
    return buildPlan(j, r, { tp: pl.tpTier!, dp: pl.dpTier!, pp: pl.ppTier!, cp: pl.cpTier!, ep: pl.epTier!, expertDp: pl.expertDpTier! }).ranks[0]!;
  };
  const bw = r.memoryBytesPerSecond * r.memoryEfficiency;
  const one = plan(1, 0);
  assert.ok(Math.abs(one.optimizerSeconds - (one.params * 54) / bw) < 1e-12);
  const sharded = plan(4, 1);
  assert.ok(Math.abs(sharded.optimizerSeconds - ((sharded.params / 4) * 52 + sharded.params * 2) / bw) < 1e-12);
});
