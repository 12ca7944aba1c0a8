/** Kernels and activations of an MoE layer, on a small hand-worked shape. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../src/config/models.ts';
import { layerOps, microFlops, microFlopsOf, sumFlops, sumModelFlops, type PassOp } from '../../../src/workload/training/flops.ts';
import { layerActivationBytes } from '../../../src/workload/training/memory.ts';
import type { ModelArchitecture, MoeConfig } from '../../../src/workload/training/model-types.ts';
import { activeParams, layerShape } from '../../../src/workload/training/shape.ts';
import { job } from '../fixtures.ts';

function tiny(moe: Partial<MoeConfig> = {}): ModelArchitecture {
  return {
    id: 'tiny-moe', name: 'tiny', source: 'test', layers: 2, hiddenSize: 4, attentionHeads: 2, kvHeads: 2, ffnHiddenSize: 16, ffnKind: 'swiglu',
    vocabSize: 10, tiedEmbeddings: false, maxSequenceLength: 8,
    moe: { experts: 4, topK: 2, expertFfnHiddenSize: 6, sharedExperts: 1, denseLayers: 1, capacityFactor: null, ...moe },
  };
}

const shape = (m: ModelArchitecture, ep = 2) => layerShape(job(m, { parallelism: { ep }, micro: 1, seq: 8 }));
const op = (ops: readonly PassOp[], name: string): PassOp => {
  const found = ops.find((o) => o.name === name);
  return found ?? assert.fail(`no op ${name} in ${ops.map((o) => o.name).join(', ')}`);
};

test('MoE FFN forward on 8 tokens, h 4, 4 experts top-2 of width 6 + 1 shared, ep 2: hand-worked FLOPs', () => {
  const f = layerOps(shape(tiny()), 'moe').forward;
  // router 2·T·h·E = 2·8·4·4; each rank runs T·k = 16 routed rows over its 2 experts (8 each):
  // up (gate + up) 2·16·4·12, down 2·16·6·4; the shared expert on all 8 tokens: 2·8·4·12 and 2·8·6·4
  assert.deepEqual(
    ['router', 'expert-up', 'expert-down', 'shared-expert-up', 'shared-expert-down'].map((n) => op(f, n).flops),
    [256, 1536, 768, 768, 384],
  );
  // batched over the rank's 2 experts: 2 × (8×4 + 4×12 inputs + 8×12 outputs) bf16 elements
  assert.equal(op(f, 'expert-up').bytes, 2 * (2 * (8 * 4 + 4 * 12) + 2 * 8 * 12));
  // elementwise: router softmax/top-k over T·E, permute and unpermute over 16 rows × h, swiglu over rows × f_e
  assert.deepEqual(['router-softmax-topk', 'moe-permute', 'moe-unpermute', 'expert-swiglu', 'shared-expert-swiglu'].map((n) => op(f, n).flops), [32, 64, 64, 96, 48]);
  assert.equal(f.some((o) => o.name === 'ffn-up'), false);
});

test('counted FLOPs of an MoE layer outside attention are 6 · tokens · active matmul weights', () => {
  const m = tiny();
  const l = layerOps(shape(m), 'moe');
  const core = ['flash-attention', 'flash-attention.bwd'];
  const counted = sumModelFlops([...l.forward, ...l.backward].filter((o) => !core.includes(o.name)));
  // active weights of the layer: attention 4h² = 64, router 16, (top-2 + 1 shared) × 3·4·6 = 216; norms are not matmuls
  assert.equal(counted, 6 * 8 * (64 + 16 + 216));
});

test('expert parallelism changes which weights a rank reads, not the FLOPs', () => {
  const one = layerOps(shape(tiny(), 1), 'moe').forward;
  const two = layerOps(shape(tiny(), 2), 'moe').forward;
  assert.equal(sumFlops(one), sumFlops(two));
  // ep 1 reads all 4 experts' 4×12 up weights, ep 2 two of them; activations are the same rows
  assert.equal(op(one, 'expert-up').bytes - op(two, 'expert-up').bytes, 2 * 4 * 12 * 2);
});

test('a capacity factor pads the expert kernels; the counted FLOPs keep only the tokens that were routed', () => {
  const base = layerOps(shape(tiny()), 'moe');
  const padded = layerOps(shape(tiny({ capacityFactor: 1.5 })), 'moe');
  const dropping = layerOps(shape(tiny({ capacityFactor: 0.5 })), 'moe');
  for (const name of ['expert-up', 'expert-down']) {
    assert.equal(op(padded.forward, name).flops, 1.5 * op(base.forward, name).flops, name);
    assert.equal(op(padded.forward, name).modelFlops, op(base.forward, name).flops, name);
    assert.equal(op(dropping.forward, name).flops, 0.5 * op(base.forward, name).flops, name);
    assert.equal(op(dropping.forward, name).modelFlops, op(dropping.forward, name).flops, name);
  }
  assert.equal(op(padded.forward, 'moe-permute').flops, 1.5 * 64);
  assert.equal(op(padded.backward, 'expert-up.wgrad').modelFlops, op(base.backward, 'expert-up.wgrad').flops);
});

test('microFlopsOf sums dense and MoE layers; microFlops is unchanged for dense models', () => {
  const m = tiny();
  const x = shape(m);
  const layer = (kind: 'dense' | 'moe') => {
    const l = layerOps(x, kind);
    return sumModelFlops(l.forward) + sumModelFlops(l.backward);
  };
  const head = microFlops(x, 0, 'none').model;
  assert.equal(microFlopsOf(x, m, 'none').model, head + layer('dense') + layer('moe'));
  const again = sumModelFlops(layerOps(x, 'dense').forward) + sumModelFlops(layerOps(x, 'moe').forward);
  assert.equal(microFlopsOf(x, m, 'full').hardware, microFlopsOf(x, m, 'none').model + again);
  const dense = loadModel('llama3-8b');
  const xd = layerShape(job(dense, { seq: 2048 }));
  assert.deepEqual(microFlopsOf(xd, dense, 'selective'), microFlops(xd, dense.layers, 'selective'));
});

test('DeepSeek-V3 at 4K tokens: counted FLOPs per token are 6 · active matmul weights + the attention core', () => {
  const m = loadModel('deepseek-v3');
  const T = 4096;
  const x = layerShape(job(m, { parallelism: { ep: 64 }, seq: T }));
  const perToken = microFlopsOf(x, m, 'none').model / T;
  // 6 · (active weights less the input embedding, a lookup, and the norms) + 12·L·s·a·d for attention
  const matmulWeights = activeParams(m) - m.vocabSize * m.hiddenSize - m.layers * 2 * m.hiddenSize - m.hiddenSize;
  const attention = 12 * m.layers * T * m.hiddenSize;
  assert.ok(Math.abs(perToken - (6 * matmulWeights + attention)) <= 1e-9 * perToken, `${perToken}`);
});

test('MoE layer activations: hand-worked bytes; the dense formula is untouched', () => {
  const x = shape(tiny());
  const a = layerActivationBytes(x, 'moe');
  // sbh = 32, e = 2: replicated 4e·sbh = 256; attention Q, K, V, projection input 4e·sbh = 256;
  // router probabilities e·T·E = 64; expert input and output 2·e·16 rows·h = 256; swiglu 3e·16·6 = 576;
  // shared expert 3e·8·6 = 288; flash log-sum-exp 4·b·a·s = 64
  assert.deepEqual(a, { full: 256 + 256 + 64 + 256 + 576 + 288 + 64, selective: 1760, input: 64 });
  const dense = layerActivationBytes(x);
  assert.equal(dense.full, 256 + 256 + 3 * 2 * 8 * 16 + 64);
  assert.deepEqual(layerActivationBytes(x, 'dense'), dense);
  const padded = layerActivationBytes(shape(tiny({ capacityFactor: 2 })), 'moe');
  assert.equal(padded.full - a.full, 256 + 576);
});
