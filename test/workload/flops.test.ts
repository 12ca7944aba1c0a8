import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layerOps, microFlops, sumFlops, sumModelFlops } from '../../src/workload/training/flops.ts';
import { layerParams, layerShape, totalParams } from '../../src/workload/training/shape.ts';
import { job, model } from './fixtures.ts';

const within = (a: number, b: number, rel: number, what = '') => assert.ok(Math.abs(a / b - 1) <= rel, `${what} ${a} vs ${b} (${((a / b - 1) * 100).toFixed(3)}%)`);
const sc21 = ['1.7b', '3.6b', '7.5b', '18.4b', '39.1b', '76.1b', '145.6b', '310.1b', '529.6b', '1t'].map((s) => model(`megatron-sc21-${s}`));

test('SC21 GPT family: model FLOPs = 72·B·s·l·h²(1 + s/6h + V/12lh), full recompute 96·B·s·l·h²(1 + s/6h + V/16lh)', () => {
  for (const m of sc21) {
    for (const tp of [1, 8]) {
      for (const attention of ['standard', 'flash'] as const) {
        const j = job(m, { parallelism: { tp }, micro: 2, attention });
        const { layers: l, hiddenSize: h, vocabSize: V } = m;
        const s = 2048;
        const B = 2;
        const none = microFlops(layerShape(j), l, 'none');
        const full = microFlops(layerShape(j), l, 'full');
        within(none.model * tp, 72 * B * s * l * h * h * (1 + s / (6 * h) + V / (12 * l * h)), 1e-9, `${m.id} tp ${tp} ${attention} model`);
        within(full.hardware * tp, 96 * B * s * l * h * h * (1 + s / (6 * h) + V / (16 * l * h)), 1e-9, `${m.id} tp ${tp} ${attention} hardware`);
        assert.equal(full.model, none.model);
      }
    }
  }
});

test('selective recomputation adds one attention core (4bs²h per layer) to the hardware count', () => {
  const m = sc21[0]!;
  const j = job(m, { attention: 'standard' });
  const sel = microFlops(layerShape(j), m.layers, 'selective');
  within(sel.hardware - sel.model, m.layers * 4 * 2048 * 2048 * m.hiddenSize, 1e-12);
});

test('Llama (GQA, swiglu, untied): model FLOPs = 6·tokens·(matmul params) + 12·L·s²·h·b', () => {
  for (const id of ['llama2-7b', 'llama2-70b', 'llama3-8b', 'llama3-70b', 'llama3-405b']) {
    const m = model(id);
    const j = job(m, { parallelism: { tp: 8 } });
    const s = m.maxSequenceLength;
    const matmulParams = m.layers * (layerParams(m) - 2 * m.hiddenSize) + m.vocabSize * m.hiddenSize;
    const expected = 6 * s * matmulParams + 12 * m.layers * s * s * m.hiddenSize;
    within(microFlops(layerShape(j), m.layers, 'none').model * 8, expected, 1e-9, id);
  }
});

test('GQA: Llama 3 70B QKV projection is h × (a + 2g)·d = 8192 × 10240', () => {
  const m = model('llama3-70b');
  const qkv = layerOps(layerShape(job(m))).forward.find((o) => o.name === 'qkv')!;
  assert.equal(qkv.flops, 2 * 8192 * 8192 * 10240);
});

test('causal flash attention executes half the score work forward and 2.5× that backward', () => {
  const m = model('llama3-8b');
  const ops = layerOps(layerShape(job(m)));
  const fwd = ops.forward.find((o) => o.name === 'flash-attention')!;
  const bwd = ops.backward.find((o) => o.name === 'flash-attention.bwd')!;
  assert.equal(fwd.flops, fwd.modelFlops / 2);
  assert.equal(bwd.flops, fwd.flops * 2.5);
  const matmuls = ops.forward.filter((o) => o.kind === 'matmul');
  assert.equal(sumModelFlops(matmuls) - sumFlops(matmuls), fwd.modelFlops / 2);
});

test('parameter counts match the published sizes within 0.5%', () => {
  const published: [string, number][] = [
    ['llama2-7b', 6.74e9], ['llama2-13b', 13.02e9], ['llama2-70b', 68.98e9],
    ['llama3-8b', 8.03e9], ['llama3-70b', 70.55e9], ['llama3-405b', 405.85e9],
    ['gpt3-175b', 175e9], ['megatron-sc21-18.4b', 18.4e9], ['megatron-sc21-145.6b', 145.6e9], ['megatron-sc21-1t', 1008e9],
  ];
  for (const [id, n] of published) within(totalParams(model(id)), n, 0.005, id);
});
