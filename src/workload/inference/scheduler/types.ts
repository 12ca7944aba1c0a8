/**
 * The per-replica batching policy (the second of Vidur's two scheduling levels; the router is the first).
 * The replica process (replica-sim.ts) asks the scheduler for the next engine iteration, holds for the
 * model's time of that iteration, then reports it done; the scheduler says which requests emitted a token,
 * which emitted their first, and which finished. Every policy implements this interface and passes the
 * conformance suite in test/workload/inference-scheduler-conformance.test.ts.
 *
 * Token accounting shared by every policy (vLLM's): a prefill over all known tokens of a sequence (the
 * prompt, plus the tokens generated so far when it is recomputed after preemption) emits one token when it
 * completes; each decode step processes the last emitted token and emits the next. A request of P prompt
 * and O output tokens therefore holds at most P + O - 1 tokens of KV context.
 */
import type { BatchEntry, InferenceRequest } from '../types.ts';
import type { KvCache } from '../kv-cache.ts';

/** What a scheduler needs to know of the replica's memory (see kvBudgetOf in registry.ts). */
export interface KvBudget {
  /** paged KV blocks of the replica */
  kvBlocks: number;
  /** tokens per block */
  blockTokens: number;
  /** KV bytes per token per GPU (swap moves this much per token over each GPU's own host link) */
  kvBytesPerTokenPerGpu: number;
}

export type PreemptionMode = 'recompute' | 'swap';

export interface SchedulerOptions {
  /** most sequences in an iteration (vLLM max_num_seqs, default 256) */
  maxSeqs?: number;
  /**
   * most tokens in an iteration (vLLM max_num_batched_tokens): default 8192 for `continuous`; the
   * per-iteration token budget of `chunked-prefill`, default 2048 (Sarathi-Serve, OSDI'24, evaluates
   * budgets of 512 and 2048; the larger favours throughput). Must be >= maxSeqs so decodes always fit.
   */
  maxBatchedTokens?: number;
  /** fraction of KV blocks left free when admitting a prompt (vLLM watermark, default 0.01) */
  watermark?: number;
  /** what happens to a sequence pushed out when KV blocks run out (default 'recompute') */
  preemption?: PreemptionMode;
  /** host link bandwidth per GPU for swapping KV blocks, bytes/s (required for 'swap') */
  swapBytesPerSecond?: number;
  /**
   * vLLM's priority policy (`--scheduling-policy priority`): a waiting request that outranks the lowest
   * running one and does not fit preempts running sequences, lowest priority first, until it does
   * (base.ts preemptForPriority). Default false: a higher priority only goes first.
   */
  priorityPreemption?: boolean;
  /** `static`: most requests in one batch (default 256, the continuous default, so only the policy differs) */
  maxBatch?: number;
}

export interface IterationOutcome {
  /** requests that emitted a token this iteration, in batch order */
  emitted: number[];
  /** requests whose first token this was (a subset of emitted) */
  firstTokens: number[];
  /** requests that emitted their last token; their KV blocks are free */
  finished: InferenceRequest[];
}

export interface ReplicaScheduler {
  readonly name: string;
  /**
   * Queues an arriving request. Returns false, and drops it, when it could never complete on this replica:
   * its largest context (P + O - 1 tokens) needs more blocks than the cache has (vLLM likewise refuses
   * prompts longer than the cache). Throws RangeError on token counts that are not integers >= 1.
   */
  enqueue(req: InferenceRequest, now: number): boolean;
  /** the next iteration's batch; empty only when nothing is queued or running (the replica idles) */
  nextIteration(now: number): BatchEntry[];
  /** seconds the last planned iteration spends moving KV between device and host (swap), else 0 */
  readonly overheadSeconds: number;
  /** applies a finished iteration (the entries nextIteration returned) */
  completeIteration(entries: readonly BatchEntry[], now: number): IterationOutcome;
  /** requests waiting to be admitted (including preempted and swapped-out ones) */
  readonly queued: number;
  /** requests admitted and holding KV blocks */
  readonly running: number;
  readonly kv: KvCache;
  /** preemptions so far (a request may be preempted more than once) */
  readonly preemptions: number;
  /** of them, made for a higher-priority waiting request (priorityPreemption); absent where never */
  readonly priorityPreemptions?: number;
}
