/**
 * Replica model worked examples: weights and KV cache from the architecture, the decode (memory-bound)
 * and prefill (compute-bound) limits of the iteration time, tensor parallelism, and does-not-fit hints.
 * Hardware from hardware-profiles/ (h100-sxm: 80 GB, 3.35 TB/s, bf16 989.4 TFLOP/s, e_mm 0.8, e_mem 0.9).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { loadModel } from '../../src/config/models.ts';
import { totalParams } from '../../src/workload/training/shape.ts';
import type { BatchEntry, ReplicaSpec } from '../../src/workload/inference/types.ts';
import { createReplicaModel, replicaFitIssue } from '../../src/workload/inference/replica/index.ts';
import { headWeightBytes, linearParamsPerRank } from '../../src/workload/inference/replica/memory.ts';

const catalog = loadCatalog();
const h100 = catalog.accelerators.get('h100-sxm')!;
const h200 = catalog.accelerators.get('h200-sxm')!;
const nvlink4 = catalog.fabrics.get('nvlink4-nvswitch')!;
const llama8 = loadModel('llama3-8b');
const llama70 = loadModel('llama3-70b');

function spec(over: Partial<ReplicaSpec>): ReplicaSpec {
  return {
    model: llama8, accelerator: h100, tp: 1, pp: 1, weightPrecision: 'bf16', kvPrecision: 'bf16', computePrecision: 'bf16',
    scaleUp: null, blockTokens: 16, memoryFraction: 0.9, ...over,
  };
}

function decode(batch: number, context: number): BatchEntry[] {
  return Array.from({ length: batch }, (_, i) => ({ requestId: i, tokens: 1, contextTokens: context, phase: 'decode' as const }));
}

const within = (actual: number, expected: number, rel: number, what: string) =>
  assert.ok(Math.abs(actual / expected - 1) <= rel, `${what}: ${actual} vs ${expected} (±${rel * 100}%)`);

const HBM = h100.memory.bandwidthBytesPerSecond * h100.efficiency.memory;
const BF16 = h100.compute.bf16! * h100.efficiency.matmul;

test('weights per GPU: Llama 3 8B 16.06 GB and 70B 141 GB in bf16 (2 bytes × parameters)', () => {
  const w8 = createReplicaModel(spec({})).weightsBytesPerGpu;
  within(w8, 16.06e9, 0.002, '8B');
  assert.equal(w8, 2 * totalParams(llama8));
  const w70 = createReplicaModel(spec({ model: llama70, accelerator: h200, weightPrecision: 'int4' })).weightsBytesPerGpu;
  // int4: linear layers at 0.5 + 2.5/128 byte, embedding + LM head + norms at 2 bytes
  const p = linearParamsPerRank(llama70, 1);
  const linear = llama70.layers * (p.qkv + p.out + p.ffnUp + p.ffnDown);
  within(w70, linear * (0.5 + 2.5 / 128) + 2 * (totalParams(llama70) - linear), 1e-12, '70B int4');
  within(2 * totalParams(llama70), 141e9, 0.005, '70B bf16 parameters');
});

test('fp8 quantises the linear layers only; tp splits everything, embeddings vocab-parallel', () => {
  const fp8 = createReplicaModel(spec({ weightPrecision: 'fp8' })).weightsBytesPerGpu;
  const head = headWeightBytes(spec({}));
  const embOut = head.embedding + head.output;
  within(fp8, (16.06e9 - embOut) / 2 + embOut, 0.002, 'fp8 8B');
  const tp4 = createReplicaModel(spec({ model: llama70, tp: 4, scaleUp: nvlink4 })).weightsBytesPerGpu;
  // 8 KV heads over 4 ranks: 2 each, nothing replicated, so exactly a quarter (norm vectors aside)
  within(tp4, 141.1e9 / 4, 0.002, '70B tp 4');
});

test('KV bytes per token: Llama 3 70B bf16 = 2·80·8·128·2 = 327,680 (tp 1); GQA heads replicate when kvHeads < tp', () => {
  const at = (over: Partial<ReplicaSpec>) => createReplicaModel(spec({ model: llama70, accelerator: h200, weightPrecision: 'int4', ...over })).kvBytesPerTokenPerGpu;
  assert.equal(at({}), 327_680);
  assert.equal(at({ kvPrecision: 'fp8' }), 163_840);
  assert.equal(createReplicaModel(spec({ model: llama70, tp: 8, scaleUp: nvlink4 })).kvBytesPerTokenPerGpu, 327_680 / 8);
  // tp 16 > 8 KV heads: each rank still holds one head, so per-GPU KV stops shrinking
  const tp16 = createReplicaModel(spec({ model: llama70, tp: 16, scaleUp: nvlink4 })).kvBytesPerTokenPerGpu;
  assert.equal(tp16, 327_680 / 8);
});

test('KV blocks: (capacity × fraction − weights − workspace) / (block × KV per token)', () => {
  const r = createReplicaModel(spec({}));
  // 72 GB usable − 16.06 GB weights − ~1 GB workspace ≈ 55 GB, / (16 × 131,072 B)
  assert.ok(r.kvBlocks > 25_000 && r.kvBlocks < 27_000, `${r.kvBlocks}`);
  const more = createReplicaModel(spec({ memoryFraction: 0.95 })).kvBlocks;
  assert.ok(more > r.kvBlocks);
});

test('decode at small batch is weight-read bound and grows slowly with batch', () => {
  const r = createReplicaModel(spec({}));
  const head = headWeightBytes(spec({}));
  // every weight is read once, except the embedding table, of which only the batch's rows are gathered
  const weightRead = (r.weightsBytesPerGpu - head.embedding) / HBM;
  const t1 = r.iterationSeconds(decode(1, 512));
  within(t1, weightRead, 0.02, 'batch 1');
  const t8 = r.iterationSeconds(decode(8, 512));
  const t32 = r.iterationSeconds(decode(32, 512));
  assert.ok(t1 < t8 && t8 < t32, 'monotone in batch');
  assert.ok(t32 < 1.25 * t1, `32 sequences cost < 25% more than one: ${t32} vs ${t1}`);
});

test('prefill of 8k tokens is compute-bound: ≈ 2·params·T / (peak × e_mm)', () => {
  const r = createReplicaModel(spec({}));
  const T = 8192;
  const b = r.iterationBreakdown([{ requestId: 0, tokens: T, contextTokens: 0, phase: 'prefill' }]);
  const p = linearParamsPerRank(llama8, 1);
  const linear = llama8.layers * (p.qkv + p.out + p.ffnUp + p.ffnDown);
  within(b.weightGemms, (2 * linear * T) / BF16, 0.01, 'weight GEMMs');
  // with causal attention (4·T·T/2·h per layer) and the bandwidth-bound norms and activations on top
  const dense = (2 * totalParams(llama8) * T) / BF16;
  assert.ok(b.total > dense && b.total < 1.35 * dense, `${b.total} vs ${dense}`);
  within(b.attention, (llama8.layers * 4 * T * (T / 2) * llama8.hiddenSize) / BF16, 0.01, 'causal attention');
});

test('tp 4 divides the weight time by ~4 and adds the all-reduce time', () => {
  const r1 = createReplicaModel(spec({ model: llama70, accelerator: h200, weightPrecision: 'fp8' }));
  const r4 = createReplicaModel(spec({ model: llama70, accelerator: h200, weightPrecision: 'fp8', tp: 4, scaleUp: nvlink4 }));
  const b1 = r1.iterationBreakdown(decode(16, 1024));
  const b4 = r4.iterationBreakdown(decode(16, 1024));
  within(b1.weightGemms / b4.weightGemms, 4, 0.02, 'weight time ratio');
  assert.equal(b1.communication, 0);
  // 2 per layer + embedding, ring of 4: 6 steps × 2 µs α + 1.5 × 16·8192·2 B / (450 GB/s × 0.82)
  const ring = 6 * 2e-6 + (1.5 * 16 * 8192 * 2) / (450e9 * 0.82);
  const gather = 3 * 2e-6 + (0.75 * 16 * llama70.vocabSize * 2) / (450e9 * 0.82);
  within(b4.communication, (2 * 80 + 1) * ring + gather, 1e-9, 'all-reduce time');
  assert.ok(b4.total < b1.total / 2.5, 'tp 4 still wins by > 2.5× at this batch');
});

test('pp runs the stages in sequence: no faster for one iteration, and the stage sends add time', () => {
  const s1 = spec({ model: llama70, accelerator: h200, weightPrecision: 'fp8', scaleUp: nvlink4 });
  const r1 = createReplicaModel(s1);
  const r2 = createReplicaModel({ ...s1, pp: 2 });
  assert.ok(r2.weightsBytesPerGpu < 0.55 * r1.weightsBytesPerGpu);
  assert.equal(r2.kvBytesPerTokenPerGpu, r1.kvBytesPerTokenPerGpu / 2);
  const e = decode(16, 1024);
  assert.ok(r2.iterationSeconds(e) > r1.iterationSeconds(e));
  within(r2.iterationSeconds(e), r1.iterationSeconds(e), 0.01, 'pp 2 vs 1');
});

test('mixed batches cost less than their parts run separately (one weight read)', () => {
  const r = createReplicaModel(spec({}));
  const pre: BatchEntry = { requestId: 99, tokens: 256, contextTokens: 0, phase: 'prefill' };
  const dec = decode(32, 400);
  const mixed = r.iterationSeconds([...dec, pre]);
  assert.ok(mixed < r.iterationSeconds(dec) + r.iterationSeconds([pre]));
  assert.ok(mixed > r.iterationSeconds(dec));
  assert.equal(r.iterationSeconds([]), 0);
});

test('does not fit: Llama 3 70B bf16 on one 80 GB H100, with hints that do fit', () => {
  const s = spec({ model: llama70 });
  const issue = replicaFitIssue(s);
  assert.ok(issue !== null);
  assert.match(issue.message, /does not fit/);
  assert.match(issue.message, /141\.1 GB/);
  assert.match(issue.hint, /tp 1 -> 2/);
  assert.match(issue.hint, /weightPrecision: int4/);
  assert.throws(() => createReplicaModel(s), /does not fit[\s\S]*hint: tp 1 -> 2/);
  // the hints are real: each of them fits
  assert.equal(replicaFitIssue({ ...s, tp: 2, scaleUp: nvlink4 }), null);
  assert.equal(replicaFitIssue({ ...s, weightPrecision: 'int4' }), null);
  // 70B fp8 on an H100 does not fit either (70.5 + 2.1 GB 16-bit embedding and head > 72 GB)
  assert.match(replicaFitIssue(spec({ model: llama70, weightPrecision: 'fp8' }))?.hint ?? '', /tp 1 -> 2/);
});

test('structural problems: tp without a fabric, tp not dividing the heads, fp8 compute without an fp8 peak', () => {
  assert.match(replicaFitIssue(spec({ tp: 2 }))?.message ?? '', /scale-up fabric/);
  assert.match(replicaFitIssue(spec({ tp: 3, scaleUp: nvlink4 }))?.hint ?? '', /tp one of 1, 2, 4, 8, 16, 32/);
  const a100 = catalog.accelerators.get('a100-sxm4-80gb')!;
  assert.deepEqual(replicaFitIssue(spec({ accelerator: a100, computePrecision: 'fp8' }))?.hint, 'computePrecision: bf16');
  assert.equal(replicaFitIssue(spec({})), null);
});
