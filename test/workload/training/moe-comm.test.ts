/** Dispatch and combine all-to-alls of an MoE layer, and the layouts expert parallelism needs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../src/config/models.ts';
import type { CollectiveTier } from '../../../src/fabric/collective-cost.ts';
import { moeAllToAllBytes, moeLayerCommSeconds, moeLayoutProblems } from '../../../src/workload/training/moe.ts';
import { layerShape } from '../../../src/workload/training/shape.ts';
import { job } from '../fixtures.ts';

const close = (a: number, b: number, rel = 1e-12) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`);
const tier: CollectiveTier = { tier: 'scale-out', busBytesPerSecond: 45e9, latencySeconds: 5e-6, derivation: 'test' };

test('DeepSeek-V3 layer, 4096 tokens on ep 64: 4 all-to-alls of 4096·8·7168·2 bytes per rank', () => {
  const m = loadModel('deepseek-v3');
  const x = layerShape(job(m, { parallelism: { ep: 64 }, micro: 1, seq: 4096 }));
  const S = 4096 * 8 * 7168 * 2; // 469.8 MB
  assert.equal(moeAllToAllBytes(x), S);
  const one = ((63 / 64) * S) / 45e9 + 63 * 5e-6; // 10.59 ms
  const c = moeLayerCommSeconds(x, tier);
  close(c.forward, 2 * one);
  close(c.backward, 2 * one);
});

test('a capacity factor sends the padded buffers; ep 1 or a dense model sends nothing', () => {
  const m = loadModel('mixtral-8x7b');
  const x = layerShape(job(m, { parallelism: { ep: 8 }, micro: 2, seq: 1024 }));
  const padded = layerShape(job({ ...m, moe: { ...m.moe!, capacityFactor: 1.25 } }, { parallelism: { ep: 8 }, micro: 2, seq: 1024 }));
  assert.equal(moeAllToAllBytes(x), 2 * 1024 * 2 * 4096 * 2);
  assert.equal(moeAllToAllBytes(padded), 1.25 * moeAllToAllBytes(x));
  assert.deepEqual(moeLayerCommSeconds(layerShape(job(m, { seq: 1024 })), tier), { forward: 0, backward: 0 });
  assert.deepEqual(moeLayerCommSeconds(layerShape(job(loadModel('llama3-8b'), { parallelism: { ep: 8 }, seq: 1024 })), tier), { forward: 0, backward: 0 });
});

test('layout problems: ep on a dense model, ep not dividing the experts or dp × cp', () => {
  const ds = loadModel('deepseek-v3');
  assert.deepEqual(moeLayoutProblems(ds, { ep: 64, dp: 128, cp: 1 }), []);
  assert.deepEqual(moeLayoutProblems(ds, { ep: 1, dp: 3, cp: 1 }), []);
  assert.deepEqual(moeLayoutProblems(ds, { ep: 8, dp: 4, cp: 2 }), []);
  const bad = moeLayoutProblems(ds, { ep: 48, dp: 128, cp: 1 });
  assert.deepEqual(bad.map((p) => p.path), ['parallelism.ep', 'parallelism.ep']);
  assert.match(bad[0]!.message, /does not divide the 256 experts/);
  assert.match(bad[1]!.message, /does not divide dp × cp \(128\)/);
  const dense = moeLayoutProblems(loadModel('llama3-8b'), { ep: 2, dp: 2, cp: 1 });
  assert.equal(dense.length, 1);
  assert.match(dense[0]!.message, /is dense/);
});
