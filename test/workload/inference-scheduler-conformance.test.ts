// The batching-policy conformance suite (STYLE.md, Hono: one suite, every implementation): each case runs
// against every scheduler in the registry through a ReplicaSim, with a fake replica model whose iteration
// takes a + b·Σtokens + c·Σcontext seconds. An instrumented wrapper checks, at every iteration, that the
// KV blocks held cover each entry's context and that the cache is never over capacity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Simulation } from '../../src/sim/index.ts';
import { createScheduler, schedulerNames } from '../../src/workload/inference/scheduler/index.ts';
import type { KvBudget, ReplicaScheduler, SchedulerName, SchedulerOptions } from '../../src/workload/inference/scheduler/index.ts';
import { feedRequests, ReplicaSim } from '../../src/workload/inference/replica-sim.ts';
import type { RequestRecord } from '../../src/workload/inference/replica-sim.ts';
import type { BatchEntry, InferenceRequest } from '../../src/workload/inference/types.ts';

const fakeModel = (a: number, b = 0, c = 0) => ({
  iterationSeconds(entries: readonly BatchEntry[]): number {
    let tokens = 0;
    let context = 0;
    for (const e of entries) {
      tokens += e.tokens;
      context += e.contextTokens;
    }
    return a + b * tokens + c * context;
  },
});

const req = (id: number, arrivalSeconds: number, promptTokens: number, outputTokens: number): InferenceRequest => ({ id, arrivalSeconds, promptTokens, outputTokens, tenant: 'default', session: -1 });

interface RunResult {
  records: RequestRecord[];
  rejected: number[];
  /** per iteration: [start, entries as requestId:phase:tokens:context] */
  log: string[];
  preemptions: number;
  peakBlocks: number;
}

/** runs `requests` through one replica, checking the per-iteration invariants; returns what it saw */
function serve(name: SchedulerName, requests: InferenceRequest[], budget: KvBudget, options: SchedulerOptions = {}, model = fakeModel(0.5)): RunResult {
  const sim = new Simulation();
  const inner = createScheduler(name, budget, options);
  const log: string[] = [];
  const emittedCount = new Map<number, number>();
  const byId = new Map(requests.map((r) => [r.id, r]));
  const scheduler: ReplicaScheduler = Object.create(inner, {
    nextIteration: {
      value: (now: number) => {
        const entries = inner.nextIteration(now);
        const kv = inner.kv;
        assert.ok(kv.usedBlocks <= kv.totalBlocks, `KV over capacity: ${kv.usedBlocks} > ${kv.totalBlocks}`);
        assert.ok(entries.length <= ((name === 'static' ? options.maxBatch : options.maxSeqs) ?? 256), 'too many sequences in one batch');
        const tokens = entries.reduce((n, e) => n + e.tokens, 0);
        const oversized = entries.some((e) => e.tokens > (options.maxBatchedTokens ?? 8192));
        if (name === 'chunked-prefill') assert.ok(tokens <= (options.maxBatchedTokens ?? 2048), `token budget exceeded: ${tokens}`);
        if (name === 'continuous' && !oversized) assert.ok(tokens <= (options.maxBatchedTokens ?? 8192), `token budget exceeded: ${tokens}`);
        for (const e of entries) {
          assert.ok(kv.blocksOf(e.requestId) * kv.blockTokens >= e.contextTokens + e.tokens, `request ${e.requestId} runs ${e.tokens} tokens past its KV blocks`);
          assert.ok(e.tokens >= 1 && (e.phase === 'prefill' || e.tokens === 1));
        }
        assert.equal(new Set(entries.map((e) => e.requestId)).size, entries.length, 'a request twice in one batch');
        if (entries.length > 0) log.push(`${now}: ${entries.map((e) => `${e.requestId}:${e.phase[0]}${e.tokens}@${e.contextTokens}`).join(' ')}`);
        return entries;
      },
    },
    completeIteration: {
      value: (entries: readonly BatchEntry[], now: number) => {
        const out = inner.completeIteration(entries, now);
        for (const id of out.firstTokens) {
          // the first token comes only from the iteration that puts the last prompt token in the KV cache
          const e = entries.find((x) => x.requestId === id)!;
          assert.equal(e.phase, 'prefill');
          assert.equal(e.contextTokens + e.tokens, byId.get(id)!.promptTokens, `request ${id}: first token before its prompt was prefilled`);
          assert.equal(emittedCount.get(id) ?? 0, 0);
        }
        for (const id of out.emitted) emittedCount.set(id, (emittedCount.get(id) ?? 0) + 1);
        for (const r of out.finished) assert.equal(emittedCount.get(r.id), r.outputTokens, `request ${r.id}: emitted ${emittedCount.get(r.id)} tokens, wanted ${r.outputTokens}`);
        for (const id of out.emitted) assert.ok(emittedCount.get(id)! <= byId.get(id)!.outputTokens, `request ${id} emitted past its output length`);
        return out;
      },
    },
  });
  let iterations = 0;
  const replica = new ReplicaSim(sim, 0, scheduler, model, {
    onIteration: () => {
      if (++iterations > 100_000) throw new Error('no progress: over 100,000 iterations');
    },
  });
  feedRequests(sim, requests, (r) => replica.submit(r));
  sim.run();
  assert.equal(inner.queued, 0);
  assert.equal(inner.running, 0);
  assert.equal(inner.kv.usedBlocks, 0, 'blocks left after every request finished');
  assert.equal(replica.outstandingTokens, 0);
  return { records: replica.records, rejected: replica.rejected.map((r) => r.id), log, preemptions: inner.preemptions, peakBlocks: inner.kv.peakUsedBlocks };
}

function checkRecords(requests: InferenceRequest[], result: RunResult): void {
  const done = new Set(result.records.map((r) => r.id));
  assert.equal(done.size, result.records.length, 'a request finished twice');
  for (const r of requests) assert.ok(done.has(r.id) !== result.rejected.includes(r.id), `request ${r.id} neither finished nor rejected (or both)`);
  for (const r of result.records) {
    assert.ok(r.ttftSeconds > 0, `request ${r.id}: TTFT ${r.ttftSeconds}`);
    assert.ok(r.e2eSeconds >= r.ttftSeconds);
    assert.ok(r.outputTokens === 1 ? r.tpotSeconds === null && r.e2eSeconds === r.ttftSeconds : r.tpotSeconds! > 0);
    assert.ok(r.itlMaxSeconds >= (r.tpotSeconds ?? 0) - 1e-12);
  }
}

const workload = fc.array(fc.record({ gap: fc.integer({ min: 0, max: 4 }), p: fc.integer({ min: 1, max: 40 }), o: fc.integer({ min: 1, max: 12 }) }), { minLength: 1, maxLength: 25 });
const toRequests = (w: { gap: number; p: number; o: number }[]) => {
  let t = 0;
  return w.map((x, i) => req(i, (t += x.gap * 0.25), x.p, x.o));
};
const optionVariants: SchedulerOptions[] = [{}, { maxSeqs: 4, maxBatchedTokens: 16 }, { maxSeqs: 3, maxBatchedTokens: 8, preemption: 'swap', swapBytesPerSecond: 4096, maxBatch: 3 }];

for (const name of schedulerNames) {
  test(`${name}: conservation — every admitted request finishes with exactly its output tokens, KV within capacity (property)`, () => {
    fc.assert(
      fc.property(workload, fc.integer({ min: 4, max: 60 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 2 }), (w, blocks, blockTokens, v) => {
        const requests = toRequests(w);
        const result = serve(name, requests, { kvBlocks: blocks, blockTokens, kvBytesPerTokenPerGpu: 64 }, optionVariants[v], fakeModel(0.25, 1 / 64, 1 / 1024));
        checkRecords(requests, result);
        for (const id of result.rejected) {
          const r = requests[id]!;
          assert.ok(Math.ceil((r.promptTokens + r.outputTokens - 1) / blockTokens) > blocks - Math.floor(0.01 * blocks), `request ${id} rejected though it fits`);
        }
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  test(`${name}: a tiny KV cache still completes everything (preempting where the policy does)`, () => {
    // 12 requests at once, each needing up to 5 blocks of 4 tokens; 8 blocks in all.
    const requests = Array.from({ length: 12 }, (_, i) => req(i, 0, 8 + (i % 3) * 2, 6 + (i % 4)));
    for (const preemption of ['recompute', 'swap'] as const) {
      const result = serve(name, requests, { kvBlocks: 8, blockTokens: 4, kvBytesPerTokenPerGpu: 1024 }, { preemption, swapBytesPerSecond: 1e6, watermark: 0 });
      assert.equal(result.rejected.length, 0);
      assert.equal(result.records.length, 12);
      checkRecords(requests, result);
      assert.ok(result.peakBlocks <= 8);
      if (name === 'static') assert.equal(result.preemptions, 0, 'static reserves whole footprints and never preempts');
      else assert.ok(result.preemptions > 0, `${preemption}: expected the small cache to force preemption`);
    }
  });

  test(`${name}: deterministic — same inputs give the same records and the same iterations`, () => {
    const requests = Array.from({ length: 40 }, (_, i) => req(i, Math.floor(i / 3) * 0.125, 5 + ((i * 7) % 23), 1 + ((i * 5) % 9)));
    const run = () => serve(name, requests, { kvBlocks: 30, blockTokens: 4, kvBytesPerTokenPerGpu: 64 }, { maxSeqs: 8, maxBatchedTokens: 32 }, fakeModel(0.01, 1e-3, 1e-4));
    const a = run();
    const b = run();
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    assert.equal(a.records.length, 40);
  });

  test(`${name}: a request that cannot fit the cache even alone is rejected, the others still served`, () => {
    const requests = [req(0, 0, 10, 5), req(1, 0, 100, 1), req(2, 1, 3, 2)];
    const result = serve(name, requests, { kvBlocks: 8, blockTokens: 4, kvBytesPerTokenPerGpu: 64 });
    assert.deepEqual(result.rejected, [1]);
    assert.deepEqual(result.records.map((r) => r.id).sort(), [0, 2]);
  });

  test(`${name}: arrivals while idle wake the replica at their arrival time`, () => {
    const result = serve(name, [req(0, 0, 4, 1), req(1, 10, 4, 1)], { kvBlocks: 16, blockTokens: 4, kvBytesPerTokenPerGpu: 64 });
    assert.deepEqual(result.records.map((r) => [r.id, r.firstTokenSeconds, r.finishSeconds]), [[0, 0.5, 0.5], [1, 10.5, 10.5]]);
  });
}

// Worked examples, computed by hand. R0 arrives at 0 (P 4, O 3); R1 at 0.25 (P 2, O 2); blocks of 4 tokens.
const twoRequests = [req(0, 0, 4, 3), req(1, 0.25, 2, 2)];
const roomy: KvBudget = { kvBlocks: 100, blockTokens: 4, kvBytesPerTokenPerGpu: 64 };
const timesOf = (r: RunResult) => r.records.map((x) => ({ id: x.id, ttft: x.ttftSeconds, e2e: x.e2eSeconds })).sort((a, b) => a.id - b.id);

test('continuous, worked example with a fixed 0.5 s iteration', () => {
  // [0, .5) R0 prefill 4 -> R0's first token at .5 (R1 arrives at .25 and waits for the boundary).
  // [.5, 1) R0 decode + R1 prefill 2 -> R0 token 2, R1 first token at 1. [1, 1.5) both decode, both done.
  const r = serve('continuous', twoRequests, roomy);
  assert.deepEqual(r.log, ['0: 0:p4@0', '0.5: 0:d1@4 1:p2@0', '1: 0:d1@5 1:d1@2']);
  assert.deepEqual(timesOf(r), [{ id: 0, ttft: 0.5, e2e: 1.5 }, { id: 1, ttft: 0.75, e2e: 1.25 }]);
  assert.equal(r.records.find((x) => x.id === 0)!.tpotSeconds, 0.5);
});

test('continuous, worked example where the iteration time depends on tokens and context (a=1/4, b=1/16, c=1/32)', () => {
  // iteration 1: 1/4 + 4/16 = .5; iteration 2: 1/4 + 3/16 + 4/32 = .5625 (ends 1.0625);
  // iteration 3: 1/4 + 2/16 + (5 + 2)/32 = .59375 (ends 1.65625).
  const r = serve('continuous', twoRequests, roomy, {}, fakeModel(0.25, 1 / 16, 1 / 32));
  assert.deepEqual(timesOf(r), [{ id: 0, ttft: 0.5, e2e: 1.65625 }, { id: 1, ttft: 0.8125, e2e: 1.40625 }]);
});

test('chunked-prefill, worked example with a 3-token budget', () => {
  // [0, .5) R0 chunk 3; [.5, 1) R0 chunk 1 + R1 chunk 2 -> both first tokens at 1; [1, 1.5) both decode,
  // R1 done; [1.5, 2) R0 decodes its third token.
  const r = serve('chunked-prefill', twoRequests, roomy, { maxSeqs: 2, maxBatchedTokens: 3 });
  assert.deepEqual(r.log, ['0: 0:p3@0', '0.5: 0:p1@3 1:p2@0', '1: 0:d1@4 1:d1@2', '1.5: 0:d1@5']);
  assert.deepEqual(timesOf(r), [{ id: 0, ttft: 1, e2e: 2 }, { id: 1, ttft: 0.75, e2e: 1.25 }]);
});

test('static, worked example: R1 waits for the whole first batch', () => {
  // R0 alone is the first batch (R1 has not arrived at 0): prefill to .5, decodes to 1 and 1.5.
  // R1 then runs alone: prefill to 2 (TTFT 1.75), decode to 2.5.
  const r = serve('static', twoRequests, roomy, { maxBatch: 2 });
  assert.deepEqual(r.log, ['0: 0:p4@0', '0.5: 0:d1@4', '1: 0:d1@5', '1.5: 1:p2@0', '2: 1:d1@2']);
  assert.deepEqual(timesOf(r), [{ id: 0, ttft: 0.5, e2e: 1.5 }, { id: 1, ttft: 1.75, e2e: 2.25 }]);
});
