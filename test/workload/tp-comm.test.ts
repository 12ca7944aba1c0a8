/**
 * Tensor-parallel collectives per layer (src/workload/training/tp-comm.ts): what is synchronous, what is
 * overlapped with which GEMM, and what the overlap costs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeRates } from '../../src/hardware/compute.ts';
import { collectiveSeconds } from '../../src/fabric/collective-cost.ts';
import { layerOps } from '../../src/workload/training/flops.ts';
import { place } from '../../src/workload/training/placement.ts';
import { layerShape } from '../../src/workload/training/shape.ts';
import { NCCL_SM_SHARE, exposedBeside, pipelineGatherSeconds, tpLayerComm, type TpContext } from '../../src/workload/training/tp-comm.ts';
import { opsSeconds } from '../../src/hardware/compute.ts';
import { a100, a100Cluster, gpt22b, job } from './fixtures.ts';

test('a collective beside a longer GEMM adds its share of the SMs; beside a shorter one, the rest of itself', () => {
  assert.equal(exposedBeside(1, 10, 0.25), 0.25);
  assert.equal(exposedBeside(10, 1, 0.25), 9);
  // the switch-over: the GEMM just finishes with the collective
  assert.ok(Math.abs(exposedBeside(4, 3, 0.25) - 1) < 1e-12);
});

function context(sequenceParallel: boolean, overlapTpComm?: boolean, pp = 1): TpContext {
  const base = job(gpt22b, { precision: 'fp16', parallelism: { tp: 8, pp, sequenceParallel }, global: 4 * pp, micro: 4, attention: 'standard' });
  const j = overlapTpComm === undefined ? base : { ...base, overlapTpComm };
  const pl = place(j, a100Cluster(pp))!;
  return { job: j, x: layerShape(j), rates: computeRates(a100, 'fp16')!, tier: pl.tpTier! };
}

test('without SP: two forward all-reduces; backward all-reduces beside the QKV and FFN-up weight-gradient GEMMs', () => {
  const c = context(false);
  const ops = layerOps(c.x).backward;
  const ar = collectiveSeconds('all-reduce', 4 * 2048 * 6144 * 2, 8, c.tier);
  const wgrad = (n: string) => opsSeconds(ops.filter((o) => o.name === `${n}.wgrad`), c.rates);
  const comm = tpLayerComm(c, 'dense', ops);
  assert.equal(comm.forward, 2 * ar);
  assert.ok(Math.abs(comm.backward - exposedBeside(ar, wgrad('qkv')) - exposedBeside(ar, wgrad('ffn-up'))) < 1e-15);
  // both GEMMs outlast the all-reduce here, so only the SM share shows
  assert.ok(Math.abs(comm.backward - 2 * ar * NCCL_SM_SHARE) < 1e-15);
  // the 2021 code: the same all-reduces, synchronous
  assert.equal(tpLayerComm(context(false, false), 'dense', ops).backward, 2 * ar);
});

test('with SP: backward has two synchronous all-gathers plus the re-gathers and reduce-scatters beside GEMMs', () => {
  const c = context(true);
  const ops = layerOps(c.x).backward;
  const msg = 4 * 2048 * 6144 * 2;
  const ag = collectiveSeconds('all-gather', msg, 8, c.tier);
  const rs = collectiveSeconds('reduce-scatter', msg, 8, c.tier);
  const gemm = (n: string) => opsSeconds(ops.filter((o) => o.name === n), c.rates);
  const comm = tpLayerComm(c, 'dense', ops);
  assert.equal(comm.forward, 2 * (ag + rs));
  const expected = 2 * ag + exposedBeside(ag, gemm('qkv.dgrad')) + exposedBeside(rs, gemm('qkv.wgrad')) + exposedBeside(ag, gemm('ffn-up.dgrad')) + exposedBeside(rs, gemm('ffn-up.wgrad'));
  assert.ok(Math.abs(comm.backward - expected) < 1e-15);
  // more than without SP's overlapped all-reduces, less than all of it synchronous
  assert.ok(comm.backward > tpLayerComm(context(false), 'dense', ops).backward);
  assert.ok(comm.backward < 2 * ag + 2 * (ag + rs));
});

test('scatter/gather: a pipeline stage without SP all-gathers what it receives; with SP or without a pipeline nothing', () => {
  assert.equal(pipelineGatherSeconds(context(false)), 0);
  assert.equal(pipelineGatherSeconds(context(true, undefined, 2)), 0);
  const c = context(false, undefined, 2);
  assert.equal(pipelineGatherSeconds(c), collectiveSeconds('all-gather', 4 * 2048 * 6144 * 2, 8, c.tier));
});
