/**
 * MoE inference replicas (replica/moe.ts): weights of all experts held over tp and ep, decode reading only the
 * experts the batch hits (E·(1 − (1 − k/E)^B), balanced routing), the EP all-to-all, KV blocks per ep group,
 * layout checks, and a Mixtral 8x7B scenario end to end. Hardware from hardware-profiles/ (h100-sxm: 80 GB,
 * 3.35 TB/s, e_mem 0.9; h200-sxm 141 GB).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { loadModel } from '../../src/config/models.ts';
import { activeParams, totalParams } from '../../src/workload/training/shape.ts';
import type { BatchEntry, ReplicaSpec } from '../../src/workload/inference/types.ts';
import { createReplicaModel, replicaFitIssue } from '../../src/workload/inference/replica/index.ts';
import { expectedExpertsHit } from '../../src/workload/inference/replica/moe.ts';
import { runScenarioFile } from '../../src/pipeline.ts';
import type { InferenceJobResult } from '../../src/metrics/result-types.ts';

const catalog = loadCatalog();
const h100 = catalog.accelerators.get('h100-sxm')!;
const h200 = catalog.accelerators.get('h200-sxm')!;
const nvlink4 = catalog.fabrics.get('nvlink4-nvswitch')!;
const mixtral = loadModel('mixtral-8x7b');
const deepseek = loadModel('deepseek-v3');
const llama8 = loadModel('llama3-8b');
const HBM = h100.memory.bandwidthBytesPerSecond * h100.efficiency.memory;

function spec(over: Partial<ReplicaSpec>): ReplicaSpec {
  return {
    model: mixtral, accelerator: h100, tp: 2, pp: 1, weightPrecision: 'bf16', kvPrecision: 'bf16', computePrecision: 'bf16',
    scaleUp: nvlink4, blockTokens: 16, memoryFraction: 0.9, ...over,
  };
}

const decode = (batch: number, context = 512): BatchEntry[] =>
  Array.from({ length: batch }, (_, i) => ({ requestId: i, tokens: 1, contextTokens: context, phase: 'decode' as const }));

const within = (actual: number, expected: number, rel: number, what: string) =>
  assert.ok(Math.abs(actual / expected - 1) <= rel, `${what}: ${actual} vs ${expected} (±${rel * 100}%)`);

test('expected experts hit: k at one token, E·(1 − (1 − k/E)^B) in between, all E for a large batch', () => {
  assert.equal(expectedExpertsHit(8, 2, 0), 0);
  within(expectedExpertsHit(8, 2, 1), 2, 1e-12, 'one token');
  within(expectedExpertsHit(8, 2, 4), 8 * (1 - 0.75 ** 4), 1e-12, 'four tokens');
  within(expectedExpertsHit(256, 8, 1000), 256, 1e-9, 'DeepSeek-V3, 1000 tokens');
});

test('weights: every expert is held; tp 2 holds half of Mixtral (46.7B × 2 bytes / 2), ep splits experts but replicates attention', () => {
  const tp2 = createReplicaModel(spec({})).weightsBytesPerGpu;
  // all parameters over tp, plus the per-rank copies of the router and norms (4.2M parameters over 32 layers)
  within(tp2, totalParams(mixtral), 0.001, 'tp 2');
  const ep2 = createReplicaModel(spec({ tp: 1, ep: 2 })).weightsBytesPerGpu;
  const attention = 32 * (4096 * (32 + 16) * 128 + 32 * 128 * 4096);
  const head = 2 * 32000 * 4096;
  // tp 1 × ep 2: attention and head whole on each GPU, the 8 experts 4 a GPU
  within(ep2, 2 * (attention + head + 32 * 4 * 3 * 4096 * 14336), 0.001, 'tp 1 ep 2');
  assert.ok(ep2 > tp2, 'ep replicates attention, tp splits it');
  within(createReplicaModel(spec({ ep: 2 })).weightsBytesPerGpu, ep2 / 2, 0.002, 'tp 2 ep 2 halves tp 1 ep 2');
});

test('KV blocks: each ep group caches its own sequences, so ep 2 has twice the per-GPU blocks', () => {
  const a = createReplicaModel(spec({ ep: 2 }));
  assert.equal(a.kvBlocks % 2, 0);
  const perGpuTokens = (a.kvBlocks / 2) * 16;
  // per-GPU KV: 32 layers × 2 × (8/2 heads) × 128 × 2 bytes = 64 KiB a token
  assert.equal(a.kvBytesPerTokenPerGpu, 32 * 2 * 4 * 128 * 2);
  assert.ok(perGpuTokens * a.kvBytesPerTokenPerGpu < 0.9 * h100.memory.capacityBytes - a.weightsBytesPerGpu);
});

test('decode at batch 1 reads only the 2 routed experts: time ≈ active weights over HBM bandwidth', () => {
  const r = createReplicaModel(spec({}));
  const b = r.iterationBreakdown(decode(1));
  within(b.weightGemms + b.head, (2 * activeParams(mixtral)) / 2 / HBM, 0.05, 'batch 1 weight reads');
  // batch 64 touches all 8 experts (8·(1 − 0.75^64) ≈ 8): the weight reads approach the whole model
  const b64 = r.iterationBreakdown(decode(64));
  within(b64.weightGemms + b64.head, (2 * totalParams(mixtral)) / 2 / HBM, 0.08, 'batch 64 weight reads');
  // in between, the weight-GEMM time follows the expected number of experts hit
  const b2 = r.iterationBreakdown(decode(2)).weightGemms;
  assert.ok(b.weightGemms < b2 && b2 < b64.weightGemms);
});

test('prefill compute counts the routed experts only (active FLOPs), not all of them', () => {
  const r = createReplicaModel(spec({}));
  const T = 8192;
  const gemm = r.iterationBreakdown([{ requestId: 0, tokens: T, contextTokens: 0, phase: 'prefill' }]).weightGemms;
  const rate = h100.compute.bf16! * h100.efficiency.matmul;
  const linearActive = activeParams(mixtral) - 2 * 32000 * 4096;
  within(gemm, (2 * T * linearActive) / 2 / rate, 0.05, 'prefill GEMMs at 12.9B active');
});

test('ep > 1 adds the dispatch and combine all-to-alls on top of the tp all-reduces', () => {
  const tp2 = createReplicaModel(spec({})).iterationBreakdown(decode(64)).communication;
  const ep2 = createReplicaModel(spec({ ep: 2 })).iterationBreakdown(decode(64)).communication;
  const tp4 = createReplicaModel(spec({ tp: 4 })).iterationBreakdown(decode(64)).communication;
  assert.ok(ep2 > tp2, `ep 2 (${ep2}) has all-to-alls on top of tp 2's all-reduces (${tp2})`);
  assert.ok(Number.isFinite(tp4) && tp4 > 0);
  // two all-to-alls per MoE layer of 32 tokens × 2 routes × 4096 × 2 bytes over 2 ranks
  const S = 32 * 2 * 4096 * 2;
  const a2a = 0.5 * S / (nvlink4.linkBandwidthBytesPerSecond * nvlink4.efficiency) + nvlink4.latencySeconds;
  assert.ok(ep2 - tp2 > 32 * 2 * a2a * 0.5, 'the all-to-all share is at least half the closed form (tp all-reduces shrink with T/ep)');
});

test('DeepSeek-V3-like: fp8 on 8 × H200 fits as tp 8 or ep 8; bf16 on one node does not, hint given', () => {
  const ds = (over: Partial<ReplicaSpec>) => spec({ model: deepseek, accelerator: h200, tp: 1, weightPrecision: 'fp8', computePrecision: 'fp8', ...over });
  assert.equal(replicaFitIssue(ds({ ep: 8 })), null);
  assert.equal(replicaFitIssue(ds({ tp: 8 })), null);
  const big = replicaFitIssue(ds({ ep: 4, weightPrecision: 'bf16', computePrecision: 'bf16' }));
  assert.ok(big !== null && /does not fit/.test(big.message) && /ep 4 -> /.test(big.hint), big?.hint);
  const r = createReplicaModel(ds({ ep: 8 }));
  const one = r.iterationBreakdown(decode(1)).weightGemms;
  const many = r.iterationBreakdown(decode(256)).weightGemms;
  assert.ok(many > 5 * one, 'a big batch reads many more of the 256 experts than one token’s 8');
});

test('layout checks: ep on a dense model, ep not dividing the experts, ep without a fabric', () => {
  assert.match(replicaFitIssue(spec({ model: llama8, tp: 1, ep: 2 }))!.message, /needs a mixture-of-experts model/);
  assert.match(replicaFitIssue(spec({ ep: 3 }))!.message, /does not divide the 8 experts/);
  assert.match(replicaFitIssue(spec({ tp: 1, ep: 2, scaleUp: null }))!.message, /needs a scale-up fabric/);
});

test('scenario inference-mixtral-8x7b runs: 2 replicas × (tp 2 × ep 2) = 8 devices, every request completes', async () => {
  const out = await runScenarioFile('scenarios/inference-mixtral-8x7b.yaml', { sets: ['workloads[0].source.window.end=2 min'] });
  const w = out.scenario.workloads[0]!;
  assert.ok(w.kind === 'inference');
  assert.deepEqual(w.parallelism, { tp: 2, pp: 1, ep: 2 });
  const j = out.report.jobs.serve as InferenceJobResult;
  assert.equal(j.devices, 8);
  assert.deepEqual(j.parallelism, { tp: 2, pp: 1, ep: 2 });
  assert.ok(j.requests.arrived > 100);
  assert.equal(j.requests.completed, j.requests.arrived);
  assert.ok(j.tpot.p50! > 0 && j.tpot.p50! < 0.1, `TPOT p50 ${j.tpot.p50}`);
});
