import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ComputeRates } from '../../src/hardware/compute.ts';
import { collectiveSeconds, collectiveTier, type CollectiveTier, type FabricContext } from '../../src/fabric/collective-cost.ts';
import { contextParallelIssues, cpBlockBytes, cpLayerCommSeconds, cpRingTier } from '../../src/workload/training/context-parallel.ts';
import { layerOps, microFlops, STANDARD_ATTENTION_WITH_CP, sumFlops, sumModelFlops } from '../../src/workload/training/flops.ts';
import { headActivationBytes, layerActivationBytes } from '../../src/workload/training/memory.ts';
import { memoryBreakdown } from '../../src/workload/training/memory-stage.ts';
import { layerShape } from '../../src/workload/training/shape.ts';
import type { ModelArchitecture } from '../../src/workload/training/model-types.ts';
import { dgxH100, h100Cluster, job, model, nvlink4 } from './fixtures.ts';

const near = (a: number, b: number, what = '') => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);
const within = (a: number, b: number, rel: number, what = '') => assert.ok(Math.abs(a / b - 1) <= rel, `${what} ${a} vs ${b}`);

/** h 1024, 8 heads of 128, MHA: small enough to work the ring by hand. */
const tiny: ModelArchitecture = {
  id: 'tiny', name: 'tiny', source: 'test', layers: 2, hiddenSize: 1024, attentionHeads: 8, kvHeads: 8,
  ffnHiddenSize: 4096, ffnKind: 'gelu', vocabSize: 32000, tiedEmbeddings: true, maxSequenceLength: 16384,
};

/** 1 PFLOP/s at efficiency 1 and 1 PB/s of memory: the flash kernels are compute-bound, times are FLOPs / 1e15. */
const rates: ComputeRates = {
  precision: 'bf16', peakFlopsPerSecond: 1e15, vectorFlopsPerSecond: 1e15, memoryBytesPerSecond: 1e15,
  matmulEfficiency: 1, memoryEfficiency: 1,
};
const tier: CollectiveTier = { tier: 'scale-up', busBytesPerSecond: 400e9, latencySeconds: 5e-6, derivation: 'test' };

test('ring attention by hand: cp 4, 16384 tokens, 8 heads of 128 on one tp rank', () => {
  const x = layerShape(job(tiny, { parallelism: { cp: 4 }, seq: 16384, micro: 1 }));
  assert.equal(x.seq, 4096);
  // K/V block: 2 (K and V) · b 1 · 4096 local tokens · 8 heads · 128 · 2 bytes = 16 MiB
  assert.equal(cpBlockBytes(x), 16_777_216);
  // attention per rank, executed: 2·b·(a/t)·s·S·d = 2·8·4096·16384·128 = 137.438953472 GFLOP forward
  // → 137.44 µs at 1 PFLOP/s, 34.359738368 µs per step (4 steps); backward 2.5× → 85.89934592 µs per step
  // message: 16777216 B / 400 GB/s = 41.94304 µs + α 5 µs = 46.94304 µs (K/V block), 88.88608 µs (K/V + dK/dV)
  // forward: 3 messages, each 46.94304 − 34.359738368 = 12.583301632 µs exposed
  // backward: B, 2B, 2B, B: the B ones hide behind 85.9 µs, each 2B one shows 88.88608 − 85.89934592 = 2.98673408 µs
  const c = cpLayerCommSeconds(x, tier, rates);
  near(c.forward, 3 * 46.94304e-6, 'forward');
  near(c.exposedForward, 3 * 12.583301632e-6, 'exposed forward');
  near(c.backward, 2 * 46.94304e-6 + 2 * 88.88608e-6, 'backward');
  near(c.exposedBackward, 2 * 2.98673408e-6, 'exposed backward');
  // the forward ring moves exactly what a ring all-gather of the four blocks does
  near(c.forward, collectiveSeconds('all-gather', 4 * cpBlockBytes(x), 4, tier), 'all-gather equivalence');
  // recomputation reruns the forward ring in backward
  const sel = cpLayerCommSeconds(x, tier, rates, 'selective');
  near(sel.backward, c.backward + c.forward);
  near(sel.exposedBackward, c.exposedBackward + c.exposedForward);
});

test('cp 2 by hand: two messages backward (K/V, then dK/dV), one forward; a slow tier exposes them', () => {
  const x = layerShape(job(tiny, { parallelism: { cp: 2 }, seq: 8192, micro: 1 }));
  const slow: CollectiveTier = { ...tier, busBytesPerSecond: 100e9, latencySeconds: 10e-6 };
  // block 16 MiB again (4096 local tokens); message 167.77216 + 10 = 177.77216 µs
  // steps: forward 2·8·4096·8192·128 / 1e15 / 2 = 34.359738368 µs, backward 85.89934592 µs
  const c = cpLayerCommSeconds(x, slow, rates);
  near(c.forward, 177.77216e-6);
  near(c.exposedForward, (177.77216 - 34.359738368) * 1e-6);
  near(c.backward, 2 * 177.77216e-6);
  near(c.exposedBackward, 2 * (177.77216 - 85.89934592) * 1e-6);
});

test('cp 1: no ring', () => {
  const c = cpLayerCommSeconds(layerShape(job(tiny, { seq: 8192 })), tier, rates, 'full');
  assert.deepEqual(c, { forward: 0, backward: 0, exposedForward: 0, exposedBackward: 0 });
});

test('GQA: the block carries one tp rank\'s K/V heads (Llama 3 70B, 8 K/V heads, tp 8 → 1)', () => {
  const x = layerShape(job(model('llama3-70b'), { parallelism: { tp: 8, cp: 2 }, seq: 8192 }));
  assert.equal(cpBlockBytes(x), 2 * 4096 * 1 * 128 * 2);
});

test('cp 2 halves the per-rank matmul FLOPs of a layer (balanced causal), cp ranks sum to the unsplit sequence', () => {
  for (const [id, tp] of [['llama3-8b', 1], ['llama3-8b', 4], ['megatron-sc21-1.7b', 2]] as const) {
    const m = model(id);
    const base = layerShape(job(m, { parallelism: { tp }, seq: 8192 }));
    const one = layerOps(base);
    const matmul = (ops: ReturnType<typeof layerOps>) => [...ops.forward, ...ops.backward].filter((o) => o.kind === 'matmul');
    for (const cp of [2, 4, 8]) {
      const ops = layerOps(layerShape(job(m, { parallelism: { tp, cp }, seq: 8192 })));
      within(sumFlops(matmul(ops)) * cp, sumFlops(matmul(one)), 1e-12, `${id} tp ${tp} cp ${cp} executed`);
      within(sumModelFlops(matmul(ops)) * cp, sumModelFlops(matmul(one)), 1e-12, `${id} tp ${tp} cp ${cp} model`);
      const fa = (o: ReturnType<typeof layerOps>) => o.forward.find((k) => k.name === 'flash-attention')!.flops;
      within(fa(ops) * cp, fa(one), 1e-12, `${id} cp ${cp} attention core is 1/cp`);
      const step = microFlops(layerShape(job(m, { parallelism: { tp, cp }, seq: 8192 })), m.layers, 'selective');
      const whole = microFlops(base, m.layers, 'selective');
      within(step.model * cp, whole.model, 1e-12, `${id} cp ${cp} micro model`);
      within(step.hardware * cp, whole.hardware, 1e-12, `${id} cp ${cp} micro hardware`);
    }
  }
});

test('cp 2 halves the activations per rank; ZeRO-1 shards the optimizer over dp × cp', () => {
  const m = model('llama3-8b');
  for (const sequenceParallel of [false, true]) {
    const one = layerShape(job(m, { parallelism: { tp: 4, sequenceParallel }, seq: 8192 }));
    const two = layerShape(job(m, { parallelism: { tp: 4, sequenceParallel, cp: 2 }, seq: 8192 }));
    const a1 = layerActivationBytes(one);
    const a2 = layerActivationBytes(two);
    near(a2.full * 2, a1.full, 'full');
    near(a2.selective * 2, a1.selective, 'selective');
    near(a2.input * 2, a1.input, 'input');
    near(headActivationBytes(two) * 2, headActivationBytes(one), 'head');
  }
  const cap = 80 * 2 ** 30;
  const base = memoryBreakdown(job(m, { parallelism: { tp: 4, dp: 2 }, seq: 8192 }), cap);
  const cp = memoryBreakdown(job(m, { parallelism: { tp: 4, dp: 2, cp: 2 }, seq: 8192 }), cap);
  near(cp.activationsBytes * 2, base.activationsBytes);
  assert.equal(cp.optimizerBytes, base.optimizerBytes);
  const z = memoryBreakdown(job(m, { parallelism: { tp: 4, dp: 2, cp: 2, zero: 1 }, seq: 8192 }), cap);
  near(z.optimizerBytes * 4, base.optimizerBytes);
});

test('standard attention with cp > 1 is rejected, by the kernels and as an input issue', () => {
  const j = job(tiny, { parallelism: { cp: 2 }, seq: 8192, attention: 'standard' });
  assert.throws(() => layerOps(layerShape(j)), { message: STANDARD_ATTENTION_WITH_CP });
  const issues = contextParallelIssues(j);
  assert.equal(issues.length, 1);
  assert.equal(issues[0]!.path, 'attention');
  assert.match(issues[0]!.message, /cp: 2/);
  assert.equal(layerOps(layerShape(job(tiny, { seq: 8192, attention: 'standard' }))).forward.length > 0, true);
});

test('the sequence must split into 2·cp chunks', () => {
  assert.deepEqual(contextParallelIssues(job(tiny, { parallelism: { cp: 4 }, seq: 8192 })), []);
  const bad = contextParallelIssues(job(tiny, { parallelism: { cp: 4 }, seq: 8196 }));
  assert.equal(bad.length, 1);
  assert.equal(bad[0]!.path, 'batch.sequenceLength');
  assert.match(bad[0]!.hint, /8192 or 8200/);
  assert.deepEqual(contextParallelIssues(job(tiny, { seq: 8195 })), []);
});

test('cp ring tier: collectiveTier within a node; across nodes one NIC share per boundary', () => {
  const cluster = h100Cluster(2);
  const ctx: FabricContext = { node: dgxH100, scaleUp: nvlink4, scaleOut: cluster.scaleOut };
  const inside = { size: 4, stride: 2 };
  assert.deepEqual(cpRingTier(inside, ctx), collectiveTier(inside, ctx));
  const across = { size: 4, stride: 4 }; // tp 4, cp 4: two cp ranks per node
  const coll = collectiveTier(across, ctx)!;
  const p2p = cpRingTier(across, ctx)!;
  assert.equal(coll.tier, 'scale-out');
  assert.equal(p2p.tier, 'scale-out');
  near(coll.busBytesPerSecond, 2 * 50e9 * 0.92); // two members per node: two NIC shares (NDR 50 GB/s, eff 0.92)
  near(p2p.busBytesPerSecond, 50e9 * 0.92);
  assert.equal(p2p.latencySeconds, coll.latencySeconds);
  assert.equal(cpRingTier(across, { ...ctx, scaleOut: null }), undefined);
});
