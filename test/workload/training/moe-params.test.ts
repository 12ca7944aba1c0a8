/** Parameter counts of mixture-of-experts models: totals and active parameters against the published figures,
 * layer kinds, and the split of expert weights over ep and tp ranks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../src/config/models.ts';
import type { ModelArchitecture } from '../../../src/workload/training/model-types.ts';
import {
  activeParams, expertParamsPerRank, headParams, headParamsPerRank, layerCounts, layerKindOf, layerParams, layerParamsPerRank, paramsPerRank, totalParams,
} from '../../../src/workload/training/shape.ts';

const within = (got: number, want: number, rel: number, what: string) =>
  assert.ok(Math.abs(got - want) <= rel * want, `${what}: ${(got / 1e9).toFixed(2)}B, published ${(want / 1e9).toFixed(2)}B (±${rel * 100}%)`);

test('Mixtral 8x7B and 8x22B: total and active parameters as published', () => {
  // Jiang et al. 2024 §2: 46.7B total, 12.9B active; Mistral AI (Apr 2024): 141B total, 39B active
  within(totalParams(loadModel('mixtral-8x7b')), 46.7e9, 0.005, 'Mixtral 8x7B total');
  within(activeParams(loadModel('mixtral-8x7b')), 12.9e9, 0.005, 'Mixtral 8x7B active');
  within(totalParams(loadModel('mixtral-8x22b')), 141e9, 0.005, 'Mixtral 8x22B total');
  within(activeParams(loadModel('mixtral-8x22b')), 39e9, 0.01, 'Mixtral 8x22B active');
});

test('DeepSeek-V3 (MLA approximated as MHA): 671B total, 37B active within 5%', () => {
  // arXiv 2412.19437 §1; the approximation adds 18M attention weights a layer (deepseek-v3.yaml)
  const m = loadModel('deepseek-v3');
  within(totalParams(m), 671e9, 0.01, 'DeepSeek-V3 total');
  within(activeParams(m), 37e9, 0.05, 'DeepSeek-V3 active');
});

test('a worked MoE layer: attention, norms, router, routed and shared experts', () => {
  const m: ModelArchitecture = {
    id: 'tiny-moe', name: 'tiny', source: 'test', layers: 4, hiddenSize: 8, attentionHeads: 2, kvHeads: 1, ffnHiddenSize: 32, ffnKind: 'swiglu',
    vocabSize: 100, tiedEmbeddings: false, maxSequenceLength: 64,
    moe: { experts: 4, topK: 2, expertFfnHiddenSize: 6, sharedExperts: 1, denseLayers: 1, capacityFactor: null },
  };
  // attention: h·(a + 2g)·d + a·d·h = 8·4·4 + 2·4·8 = 192; norms 16
  // dense FFN 3·8·32 = 768; one expert 3·8·6 = 144; router 8·4 = 32
  assert.equal(layerParams(m), 192 + 768 + 16);
  assert.equal(layerParams(m, 'moe'), 192 + (4 + 1) * 144 + 32 + 16);
  assert.deepEqual(layerCounts(m), { dense: 1, moe: 3 });
  assert.deepEqual([0, 1, 2, 3].map((i) => layerKindOf(m, i)), ['dense', 'moe', 'moe', 'moe']);
  assert.equal(totalParams(m), 976 + 3 * 960 + headParams(m));
  assert.equal(activeParams(m), totalParams(m) - 3 * (4 - 2) * 144);
  // per rank with tp 2, ep 2: attention 8·(1 + 2·1)·4 + 1·4·8 = 128 (the one K/V head replicated),
  // experts (4/2 + 1)·144/2 = 216, router 32 replicated, norms 16
  assert.equal(layerParamsPerRank(m, 2, 'moe', 2), 128 + 216 + 32 + 16);
  assert.equal(layerParamsPerRank(m, 2), 128 + 384 + 16);
  assert.equal(paramsPerRank(m, 2, 2), 528 + 3 * 392 + headParamsPerRank(m, 2));
  assert.equal(expertParamsPerRank(m, 2, 2), (3 * 2 * 144) / 2);
});

test('dense models are unchanged: the defaults give the old per-layer formula, no experts', () => {
  const m = loadModel('llama3-70b');
  const d = m.hiddenSize / m.attentionHeads;
  const layer = m.hiddenSize * (m.attentionHeads + 2 * m.kvHeads) * d + m.attentionHeads * d * m.hiddenSize + 3 * m.hiddenSize * m.ffnHiddenSize + 2 * m.hiddenSize;
  assert.equal(layerParams(m), layer);
  assert.equal(totalParams(m), m.layers * layer + headParams(m));
  assert.equal(activeParams(m), totalParams(m));
  assert.equal(paramsPerRank(m, 8), paramsPerRank(m, 8, 4));
  assert.equal(expertParamsPerRank(m, 8, 4), 0);
  assert.equal(layerKindOf(m, 79), 'dense');
  assert.throws(() => layerParams(m, 'moe'), /no moe block/);
});

test('expert parallelism divides only the routed experts: DeepSeek-V3 on ep 64', () => {
  const m = loadModel('deepseek-v3');
  const whole = paramsPerRank(m, 1, 1);
  const split = paramsPerRank(m, 1, 64);
  assert.equal(whole, totalParams(m));
  assert.equal(whole - split, expertParamsPerRank(m, 1, 1) - expertParamsPerRank(m, 1, 64));
  // 58 MoE layers x 4 of 256 experts x 3·7168·2048 = 10.2B routed weights per rank
  within(expertParamsPerRank(m, 1, 64), 58 * 4 * 3 * 7168 * 2048, 1e-12, 'routed experts per rank');
});
