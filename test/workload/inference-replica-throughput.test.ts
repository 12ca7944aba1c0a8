/**
 * A closed-form offline-throughput estimate on the replica model, against TensorRT-LLM's published
 * maximum-throughput figures (validation-dev.md §6b rows 69–70: Llama 3.1 8B FP8, tp 1, H100 and H200,
 * trtllm-bench, fixed ISL/OSL). The predictions are reported (t.diagnostic), not asserted against the
 * measurements: nothing here is tuned to them, and the tolerance belongs to the validation scenarios that
 * the scheduler layer will run. What is asserted is the shape a steady state must have.
 *
 * Steady state of a full KV cache (no scheduler simulation):
 *   batch     B = min(⌊kvBlocks · blockTokens / (ISL + OSL/2)⌋, 2048)   (2048: TensorRT-LLM's max batch cap)
 *   decode    t_dec = iteration of B decode entries at the mean context ISL + OSL/2
 *   prefill   requests are prefilled in prefill-only iterations of up to 8192 tokens (max_num_tokens):
 *             ⌊8192/ISL⌋ requests per iteration, or one request in 8192-token chunks when ISL > 8192;
 *             t_pre = time per request
 *   each cycle of B requests: OSL decode iterations and B prefills, so
 *   output tok/s = B · OSL / (OSL · t_dec + B · t_pre)
 * Llama 3.1 8B has Llama 3 8B's architecture (scenarios/models/llama3-8b.yaml; only the RoPE scaling and
 * context length differ). FP8 weights and fp8 matmuls; KV cache in bf16 and, as a variant, fp8 (whether
 * the benchmarked checkpoints quantise the KV cache is not stated in the source row).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { loadModel } from '../../src/config/models.ts';
import type { AcceleratorProfile } from '../../src/hardware/profile-types.ts';
import type { BatchEntry, KvPrecision, ReplicaModel } from '../../src/workload/inference/types.ts';
import { createReplicaModel } from '../../src/workload/inference/replica/index.ts';

const catalog = loadCatalog();
const llama8 = loadModel('llama3-8b');
const MAX_SEQUENCES = 2048;
const MAX_TOKENS = 8192;

/** validation-dev.md §6b, output tokens/s for the whole GPU, ISL/OSL → measured */
const ROWS: { row: number; gpu: string; points: [number, number, number][] }[] = [
  { row: 69, gpu: 'h100-sxm', points: [[128, 128, 28312], [128, 2048, 22714], [1000, 1000, 15220], [2048, 128, 3450], [2048, 2048, 9305], [5000, 500, 3459], [20000, 2000, 1351]] },
  { row: 70, gpu: 'h200-sxm', points: [[128, 128, 27911], [128, 2048, 26221], [1000, 1000, 17744], [2048, 128, 3538], [2048, 2048, 12194], [20000, 2000, 1804]] },
];

function replica(acc: AcceleratorProfile, kv: KvPrecision): ReplicaModel {
  return createReplicaModel({
    model: llama8, accelerator: acc, tp: 1, pp: 1, weightPrecision: 'fp8', kvPrecision: kv, computePrecision: 'fp8',
    scaleUp: null, blockTokens: 16, memoryFraction: 0.9,
  });
}

function prefillSecondsPerRequest(r: ReplicaModel, isl: number): number {
  if (isl > MAX_TOKENS) {
    let t = 0;
    for (let done = 0; done < isl; done += MAX_TOKENS) {
      t += r.iterationSeconds([{ requestId: 0, tokens: Math.min(MAX_TOKENS, isl - done), contextTokens: done, phase: 'prefill' }]);
    }
    return t;
  }
  const k = Math.floor(MAX_TOKENS / isl);
  const batch: BatchEntry[] = Array.from({ length: k }, (_, i) => ({ requestId: i, tokens: isl, contextTokens: 0, phase: 'prefill' }));
  return r.iterationSeconds(batch) / k;
}

export function offlineThroughput(r: ReplicaModel, isl: number, osl: number): { batch: number; outputTokensPerSecond: number } {
  const tokens = r.kvBlocks * r.spec.blockTokens;
  const batch = Math.min(Math.floor(tokens / (isl + osl / 2)), MAX_SEQUENCES);
  const decode: BatchEntry[] = Array.from({ length: batch }, (_, i) => ({ requestId: i, tokens: 1, contextTokens: isl + osl / 2, phase: 'decode' }));
  const tDec = r.iterationSeconds(decode);
  const tPre = prefillSecondsPerRequest(r, isl);
  return { batch, outputTokensPerSecond: (batch * osl) / (osl * tDec + batch * tPre) };
}

for (const { row, gpu, points } of ROWS) {
  test(`TensorRT-LLM row ${row} (${gpu}, Llama 3.1 8B FP8): predicted vs measured output tok/s`, (t) => {
    const acc = catalog.accelerators.get(gpu)!;
    const bf = replica(acc, 'bf16');
    const f8 = replica(acc, 'fp8');
    const predicted: number[] = [];
    for (const [isl, osl, measured] of points) {
      const a = offlineThroughput(bf, isl, osl);
      const b = offlineThroughput(f8, isl, osl);
      predicted.push(a.outputTokensPerSecond);
      const pct = (x: number) => `${x >= measured ? '+' : ''}${(((x - measured) / measured) * 100).toFixed(0)}%`;
      t.diagnostic(
        `${gpu} ${isl}/${osl}: measured ${measured}; kv bf16 batch ${a.batch} -> ${a.outputTokensPerSecond.toFixed(0)} (${pct(a.outputTokensPerSecond)}); ` +
          `kv fp8 batch ${b.batch} -> ${b.outputTokensPerSecond.toFixed(0)} (${pct(b.outputTokensPerSecond)})`,
      );
      assert.ok(Number.isFinite(a.outputTokensPerSecond) && a.outputTokensPerSecond > 0);
      // a smaller KV cache never raises throughput
      assert.ok(b.batch >= a.batch && b.outputTokensPerSecond >= a.outputTokensPerSecond * 0.999);
    }
    // long contexts cost more per output token than short ones (KV reads, quadratic attention, long prefills)
    assert.ok(predicted[0]! > predicted[predicted.length - 1]! * 5);
  });
}

test('H200 beats H100 at every shared point (more HBM bandwidth, larger KV cache, same compute)', () => {
  const a = replica(catalog.accelerators.get('h100-sxm')!, 'bf16');
  const b = replica(catalog.accelerators.get('h200-sxm')!, 'bf16');
  for (const [isl, osl] of ROWS[1]!.points) {
    assert.ok(offlineThroughput(b, isl, osl).outputTokensPerSecond >= offlineThroughput(a, isl, osl).outputTokensPerSecond, `${isl}/${osl}`);
  }
});
