// Worked examples of the paged KV cache and of preemption (recompute and swap), computed by hand, and the
// option checks of the batching policies. The conformance suite (inference-scheduler-conformance.test.ts)
// holds the cases every policy must pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../src/sim/index.ts';
import { KvCache } from '../../src/workload/inference/kv-cache.ts';
import { ContinuousScheduler, createScheduler, kvBudgetOf, schedulerNames } from '../../src/workload/inference/scheduler/index.ts';
import type { KvBudget, SchedulerOptions } from '../../src/workload/inference/scheduler/index.ts';
import { feedRequests, ReplicaSim } from '../../src/workload/inference/replica-sim.ts';
import type { BatchEntry, InferenceRequest, ReplicaModel } from '../../src/workload/inference/types.ts';

const req = (id: number, arrivalSeconds: number, promptTokens: number, outputTokens: number): InferenceRequest => ({ id, arrivalSeconds, promptTokens, outputTokens, tenant: 'default', session: -1 });
const fixed = (seconds: number) => ({ iterationSeconds: (_: readonly BatchEntry[]) => seconds });

test('KV cache: ceil(tokens / blockTokens) blocks per sequence, grown as context grows, freed whole', () => {
  const kv = new KvCache(10, 16);
  assert.equal(kv.blocksFor(1), 1);
  assert.equal(kv.blocksFor(16), 1);
  assert.equal(kv.blocksFor(17), 2);
  kv.grow(7, 17);
  assert.equal(kv.blocksOf(7), 2);
  kv.grow(7, 32); // still two blocks
  assert.equal(kv.usedBlocks, 2);
  kv.grow(7, 33);
  kv.grow(8, 100); // 7 blocks
  assert.equal(kv.usedBlocks, 10);
  assert.equal(kv.usage, 1);
  assert.equal(kv.canGrow(7, 48), true, 'within its third block');
  assert.equal(kv.canGrow(7, 49), false);
  assert.throws(() => kv.grow(7, 49), /over capacity/);
  assert.equal(kv.free(8), 7);
  assert.equal(kv.usedBlocks, 3);
  assert.equal(kv.peakUsedBlocks, 10);
  assert.equal(kv.canAdmit(7 * 16), true);
  assert.equal(kv.canAdmit(7 * 16, 1), false, 'the watermark keeps one block back');
  assert.equal(kv.maxTokens(7), 10 * 16);
  assert.throws(() => new KvCache(0, 16), RangeError);
});

/** R0 (P 4, O 4) and R1 (P 2, O 3) at time 0; 4 blocks of 2 tokens, so R1's growth finds no block at t = 1. */
function preemptionRun(options: SchedulerOptions) {
  const sim = new Simulation();
  const scheduler = new ContinuousScheduler({ kvBlocks: 4, blockTokens: 2, kvBytesPerTokenPerGpu: 1000 }, { watermark: 0, ...options });
  const replica = new ReplicaSim(sim, 0, scheduler, fixed(1));
  feedRequests(sim, [req(0, 0, 4, 4), req(1, 0, 2, 3)], (r) => replica.submit(r));
  sim.run();
  const byId = new Map(replica.records.map((r) => [r.id, r]));
  return { r0: byId.get(0)!, r1: byId.get(1)!, preemptions: scheduler.preemptions, iterations: replica.iterations };
}

test('preemption by recomputation, worked example', () => {
  // [0,1) both prefill (R0 2 blocks, R1 1 block); first tokens at 1. [1,2) R0's decode takes the last block
  // (context 5 -> 3 blocks); R1 needs a second block, none is left: R1 is the most recent, preempts itself,
  // and no one is admitted in an iteration with a preemption. [2,3) R0 decodes; R1 must reprefill P + 1 = 3
  // tokens (2 blocks), 1 free. [3,4) R0 decodes its last token (context 7, 4 blocks). [4,5) R1 prefills 3
  // tokens and emits its 2nd token; [5,6) decodes its 3rd.
  const { r0, r1, preemptions, iterations } = preemptionRun({});
  assert.equal(preemptions, 1);
  assert.equal(iterations, 6);
  assert.deepEqual([r0.ttftSeconds, r0.e2eSeconds, r0.itlMaxSeconds], [1, 4, 1]);
  assert.deepEqual([r1.ttftSeconds, r1.e2eSeconds, r1.itlMaxSeconds, r1.tpotSeconds], [1, 6, 4, 2.5]);
});

test('preemption by swap, worked example: blocks cross the host link at the given bandwidth', () => {
  // A block is 2 tokens × 1000 B = 2000 B; at 2000 B/s each block moved adds 1 s to its iteration.
  // [1,3) R0 decodes while R1's one block swaps out (1 + 1 s). [3,4), [4,5) R0 decodes, finishing at 5;
  // R1 cannot come back (2 blocks needed, at most 1 free). [5,7) R1 swaps in (1 block, 1 s) and decodes
  // token 2 at context 2 — no recomputation; [7,8) token 3.
  const { r0, r1, preemptions } = preemptionRun({ preemption: 'swap', swapBytesPerSecond: 2000 });
  assert.equal(preemptions, 1);
  assert.deepEqual([r0.ttftSeconds, r0.e2eSeconds], [1, 5]);
  assert.deepEqual([r1.ttftSeconds, r1.e2eSeconds, r1.itlMaxSeconds], [1, 8, 6]);
});

test('continuous: a prompt longer than maxBatchedTokens runs as the only prefill of its iteration', () => {
  const s = createScheduler('continuous', { kvBlocks: 100, blockTokens: 16, kvBytesPerTokenPerGpu: 1 }, { maxSeqs: 4, maxBatchedTokens: 8 });
  s.enqueue(req(0, 0, 20, 1), 0);
  s.enqueue(req(1, 0, 3, 1), 0);
  assert.deepEqual(s.nextIteration(0), [{ requestId: 0, tokens: 20, contextTokens: 0, phase: 'prefill' }]);
});

test('continuous: admission is FCFS and stops at the first request that does not fit (head of line)', () => {
  const s = createScheduler('continuous', { kvBlocks: 100, blockTokens: 16, kvBytesPerTokenPerGpu: 1 }, { maxSeqs: 4, maxBatchedTokens: 10 });
  for (const [id, p] of [[0, 4], [1, 7], [2, 2]] as const) s.enqueue(req(id, 0, p, 2), 0);
  assert.deepEqual(s.nextIteration(0).map((e) => e.requestId), [0], 'request 1 (7 tokens) does not fit the 6 left; 2 is not taken past it');
  assert.equal(s.queued, 2);
});

test('chunked-prefill: decodes come first and prompt chunks fill the rest of the budget', () => {
  const s = createScheduler('chunked-prefill', { kvBlocks: 100, blockTokens: 16, kvBytesPerTokenPerGpu: 1 }, { maxSeqs: 4, maxBatchedTokens: 8 });
  s.enqueue(req(0, 0, 3, 5), 0);
  s.enqueue(req(1, 0, 3, 5), 0);
  s.completeIteration(s.nextIteration(0), 1); // both prompts whole: 6 of 8 tokens
  s.enqueue(req(2, 1, 20, 2), 1);
  const plan = s.nextIteration(1);
  assert.deepEqual(plan.map((e) => [e.requestId, e.phase, e.tokens]), [[0, 'decode', 1], [1, 'decode', 1], [2, 'prefill', 6]]);
});

test('every scheduler refuses bad options and bad requests with a RangeError', () => {
  const budget: KvBudget = { kvBlocks: 10, blockTokens: 4, kvBytesPerTokenPerGpu: 1 };
  assert.throws(() => createScheduler('continuous', budget, { maxSeqs: 16, maxBatchedTokens: 8 }), /maxBatchedTokens \(8\) must be >= maxSeqs/);
  assert.throws(() => createScheduler('chunked-prefill', budget, { preemption: 'swap' }), /swapBytesPerSecond/);
  assert.throws(() => createScheduler('static', budget, { maxBatch: 0 }), /maxBatch/);
  assert.throws(() => createScheduler('nope' as 'static', budget), /unknown scheduler "nope" \(known: continuous, chunked-prefill, static\)/);
  for (const name of schedulerNames) {
    const s = createScheduler(name, budget);
    assert.throws(() => s.enqueue(req(0, 0, 0, 1), 0), /promptTokens must be an integer >= 1/);
    assert.throws(() => s.enqueue(req(0, 0, 4, 1.5), 0), /outputTokens/);
  }
});

test('kvBudgetOf reads the budget off a replica model', () => {
  const model = { spec: { blockTokens: 16 }, kvBlocks: 1234, kvBytesPerTokenPerGpu: 40960 } as unknown as ReplicaModel;
  assert.deepEqual(kvBudgetOf(model), { kvBlocks: 1234, blockTokens: 16, kvBytesPerTokenPerGpu: 40960 });
});

/** R0 (priority 0, P 5, O 3) at 0 and R1 (priority 1, P 4, O 2) at 0.5; 4 blocks of 2 tokens, 1 s iterations. */
function priorityRun(priorityPreemption: boolean) {
  const sim = new Simulation();
  const scheduler = new ContinuousScheduler({ kvBlocks: 4, blockTokens: 2, kvBytesPerTokenPerGpu: 1000 }, { watermark: 0, priorityPreemption });
  const replica = new ReplicaSim(sim, 0, scheduler, fixed(1));
  feedRequests(sim, [req(0, 0, 5, 3), { ...req(1, 0.5, 4, 2), priority: 1 }], (r) => replica.submit(r));
  sim.run();
  const byId = new Map(replica.records.map((r) => [r.id, r]));
  return { r0: byId.get(0)!, r1: byId.get(1)!, preemptions: scheduler.preemptions, forPriority: scheduler.priorityPreemptions };
}

test('priority preemption (vLLM priority policy), worked example', () => {
  // With it: [0,1) R0 prefills 5 tokens (3 blocks). At 1 R1 waits, outranks R0 and needs 2 blocks with 1
  // free: R0 is preempted (recomputed) and R1 prefills [1,2), first token at 2 (TTFT 1.5), decodes [2,3)
  // (3 blocks) and ends at 3. R0 needs P + 1 = 6 tokens (3 blocks) again: admitted at 3, 2nd token at 4,
  // 3rd at 5.
  const on = priorityRun(true);
  assert.deepEqual([on.preemptions, on.forPriority], [1, 1]);
  assert.deepEqual([on.r1.ttftSeconds, on.r1.e2eSeconds], [1.5, 2.5]);
  assert.deepEqual([on.r0.ttftSeconds, on.r0.e2eSeconds], [1, 5]);
  // Without: R0 keeps decoding (its 3rd block at 1, 4th at 2) and ends at 3; R1 gets its blocks only then:
  // prefill [3,4), TTFT 3.5, done at 5 (e2e 4.5).
  const off = priorityRun(false);
  assert.deepEqual([off.preemptions, off.forPriority], [0, 0]);
  assert.deepEqual([off.r1.ttftSeconds, off.r1.e2eSeconds], [3.5, 4.5]);
  assert.deepEqual([off.r0.ttftSeconds, off.r0.e2eSeconds], [1, 3]);
});
