/**
 * Issue 5's inference validation: TensorRT-LLM's published offline maximum throughput for Llama 3.1 8B FP8
 * on one H100 (validation-dev.md row 69, seven ISL/OSL points) and one H200 (row 70, six points), one
 * scenario per point in scenarios/validation/inference/ (method and sources in its README.md). Each
 * predicted total output throughput must be within 15% of the published figure.
 *
 * Also checked: the KV cache of those runs must have been fp8. With a 16-bit cache the 20000/2000 points
 * cannot reach their published throughput even as pure decode (every step reads the whole KV cache, so
 * the step takes cache bytes / bandwidth while only half as many sequences fit), which is the physical
 * side of the README's finding that trtllm-bench runs these checkpoints with an fp8 cache.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accuracyCases } from '../../src/cli/commands/accuracy.ts';
import { findProfile, loadCatalog } from '../../src/hardware/catalog.ts';
import type { AcceleratorProfile } from '../../src/hardware/profile-types.ts';
import type { ModelArchitecture } from '../../src/workload/training/model-types.ts';
import { createReplicaModel } from '../../src/workload/inference/replica/index.ts';
import { BLOCK_TOKENS, MEMORY_FRACTION } from '../../src/workload/inference/issues.ts';

const dir = new URL('../../scenarios/validation/inference/', import.meta.url).pathname;
const cases = await accuracyCases(dir);

test('rows 69 and 70 are there: 7 H100 points and 6 H200 points', () => {
  assert.equal(cases.filter((c) => c.name.startsWith('trtllm-row69-h100-')).length, 7);
  assert.equal(cases.filter((c) => c.name.startsWith('trtllm-row70-h200-')).length, 6);
  assert.equal(cases.length, 13);
  for (const c of cases) assert.equal(c.metric, 'jobs.bench.throughput.outputTokensPerSecond', c.name);
});

for (const c of cases) {
  test(`${c.name}: total output throughput within 15% of TensorRT-LLM's`, () => {
    assert.ok(c.predicted !== null && c.errorPercent !== null, `${c.name}: no prediction`);
    assert.ok(
      Math.abs(c.errorPercent) <= 15,
      `${c.name}: predicted ${c.predicted.toFixed(0)} tok/s vs measured ${c.measured} tok/s (${c.errorPercent.toFixed(1)}%)`,
    );
  });
}

const llama31_8b: ModelArchitecture = {
  id: 'llama3.1-8b', name: 'Llama 3.1 8B', source: 'meta-llama/Llama-3.1-8B config.json', layers: 32, hiddenSize: 4096,
  attentionHeads: 32, kvHeads: 8, ffnHiddenSize: 14336, ffnKind: 'swiglu', vocabSize: 128256, tiedEmbeddings: false,
  maxSequenceLength: 131072,
};

/** Output tokens/s of decode-only steps with the KV cache full of 20000/2000 sequences near their end. */
function decodeCeiling(accelerator: AcceleratorProfile, kv: 'bf16' | 'fp8'): number {
  const m = createReplicaModel({
    model: llama31_8b, accelerator, tp: 1, pp: 1, weightPrecision: 'fp8', kvPrecision: kv, computePrecision: 'fp8',
    scaleUp: null, blockTokens: BLOCK_TOKENS, memoryFraction: MEMORY_FRACTION,
  });
  const seqs = Math.floor((m.kvBlocks * BLOCK_TOKENS) / 22000);
  const step = m.iterationSeconds(Array.from({ length: seqs }, (_, i) => ({ requestId: i, tokens: 1, contextTokens: 21000, phase: 'decode' as const })));
  return seqs / step;
}

test('20000/2000 is out of reach with a 16-bit KV cache and within reach with fp8', () => {
  const catalog = loadCatalog();
  for (const [id, name] of [['h100-sxm', 'trtllm-row69-h100-20000-2000'], ['h200-sxm', 'trtllm-row70-h200-20000-2000']] as const) {
    const found = findProfile(catalog, id);
    assert.ok(found?.kind === 'accelerator', id);
    const measured = cases.find((c) => c.name === name)!.measured;
    assert.ok(decodeCeiling(found.profile, 'bf16') < measured, `${id}: bf16 KV ceiling below ${measured} tok/s`);
    assert.ok(decodeCeiling(found.profile, 'fp8') > measured, `${id}: fp8 KV ceiling above ${measured} tok/s`);
  }
});
