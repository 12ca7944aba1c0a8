import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layerActivationBytes } from '../../src/workload/training/memory.ts';
import { memoryBreakdown } from '../../src/workload/training/memory-stage.ts';
import { layerShape, paramsPerRank } from '../../src/workload/training/shape.ts';
import { gpt22b, job, model } from './fixtures.ts';

const GiB = 2 ** 30;
const within = (a: number, b: number, rel: number, what = '') => assert.ok(Math.abs(a / b - 1) <= rel, `${what} ${a} vs ${b} (${((a / b - 1) * 100).toFixed(3)}%)`);

// Korthikanti et al. 2022 §4, bytes per layer with 2-byte activations, dropout, MHA and f = 4h.
const korthikanti = (s: number, b: number, h: number, a: number, t: number) => ({
  none: s * b * h * (10 + 24 / t + (5 * a * s) / (h * t)),
  sp: ((s * b * h) / t) * (34 + (5 * a * s) / h),
  selectiveSp: (34 * s * b * h) / t,
  full: 2 * s * b * h,
});

test('per-layer activations reproduce Korthikanti\'s formulas (standard attention)', () => {
  for (const [m, t, b] of [[gpt22b, 8, 4], [model('gpt3-175b'), 8, 1], [model('megatron-sc21-1.7b'), 1, 1]] as const) {
    const k = korthikanti(2048, b, m.hiddenSize, m.attentionHeads, t);
    const plain = layerActivationBytes(layerShape(job(m, { parallelism: { tp: t }, micro: b, attention: 'standard' })));
    const sp = layerActivationBytes(layerShape(job(m, { parallelism: { tp: t, sequenceParallel: t > 1 }, micro: b, attention: 'standard' })));
    within(plain.full, k.none, 1e-12, `${m.id} none`);
    within(plain.input, k.full, 1e-12, `${m.id} full`);
    if (t > 1) {
      within(sp.full, k.sp, 1e-12, `${m.id} sp`);
      within(sp.selective, k.selectiveSp, 1e-12, `${m.id} selective+sp`);
    }
  }
});

test('22B at tp 8, micro 4: 48 layers hold 59.25 GiB without recompute, 9.56 GiB with SP + selective (Calculon seqsel_fig1)', () => {
  const plain = layerActivationBytes(layerShape(job(gpt22b, { parallelism: { tp: 8 }, micro: 4, attention: 'standard' })));
  const present = layerActivationBytes(layerShape(job(gpt22b, { parallelism: { tp: 8, sequenceParallel: true }, micro: 4, attention: 'standard' })));
  within((48 * plain.full) / GiB, 59.25, 0.01);
  within((48 * present.selective) / GiB, 9.56, 0.01);
});

test('flash attention stores no s² scores: only the fp32 log-sum-exp is added to the 34sbh/t terms', () => {
  const m = gpt22b;
  const x = layerShape(job(m, { parallelism: { tp: 8, sequenceParallel: true }, micro: 4, attention: 'flash' }));
  const a = layerActivationBytes(x);
  within(a.full, (34 * 2048 * 4 * 6144) / 8 + (4 * 4 * 64 * 2048) / 8, 1e-12);
  assert.equal(a.full, a.selective);
});

test('model state: 2 B weights, 4 B fp32 gradients (bf16) or 2 B (fp16), 12 B Adam state sharded by ZeRO-1', () => {
  const m = model('llama3-70b');
  const n = paramsPerRank(m, 8);
  const bf16 = memoryBreakdown(job(m, { parallelism: { tp: 8, dp: 4 } }), 80 * GiB);
  assert.equal(bf16.weightsBytes, 2 * n);
  assert.equal(bf16.gradientsBytes, 4 * n);
  assert.equal(bf16.optimizerBytes, 12 * n);
  const zero = memoryBreakdown(job(m, { parallelism: { tp: 8, dp: 4, zero: 1 } }), 80 * GiB);
  assert.equal(zero.optimizerBytes, 3 * n);
  const fp16 = memoryBreakdown(job(m, { parallelism: { tp: 8 }, precision: 'fp16' }), 80 * GiB);
  assert.equal(fp16.gradientsBytes, 2 * n);
  const sum = bf16.weightsBytes + bf16.gradientsBytes + bf16.optimizerBytes + bf16.activationsBytes + bf16.otherBytes;
  assert.equal(bf16.totalBytes, sum);
});

test('full recomputation keeps layer inputs plus one layer being recomputed', () => {
  const m = model('llama3-8b');
  const full = memoryBreakdown(job(m, { parallelism: { tp: 8, recompute: 'full' } }), 80 * GiB);
  const none = memoryBreakdown(job(m, { parallelism: { tp: 8 } }), 80 * GiB);
  const l = layerActivationBytes(layerShape(job(m, { parallelism: { tp: 8 } })));
  assert.equal(none.activationsBytes - full.activationsBytes, m.layers * l.full - m.layers * l.input - l.full);
});
