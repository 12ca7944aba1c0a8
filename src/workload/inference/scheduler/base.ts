/**
 * What every batching policy shares: sequence state, the waiting and swapped queues, token accounting on
 * a finished iteration, and preemption. A policy only decides what goes into the next iteration.
 *
 * A sequence holds `computed` tokens of KV context and has emitted `generated` of its O output tokens;
 * its known tokens are P + generated. While `prefilling` it processes known − computed tokens in one or
 * more chunks and emits a token when they are all in; otherwise each iteration decodes one token. So after
 * every emission computed = P + generated − 1.
 *
 * Preemption (vLLM): when a running sequence cannot get a block for its next tokens, the most recently
 * admitted running sequence gives its blocks back, repeatedly, possibly the sequence itself. The oldest
 * running sequence is never a victim of another, and `enqueue` refuses requests that could not complete
 * alone, so every admitted request finishes. By recomputation the victim drops its KV and goes to the
 * front of the waiting queue to prefill P + generated tokens again; by swap (decoding sequences only; a
 * victim caught mid-prefill is recomputed) its blocks are copied to host memory, taking
 * blocks × blockTokens × kvBytesPerTokenPerGpu / swapBytesPerSecond seconds added to the iteration (each
 * GPU of a TP group moves its own shard over its own host link, in parallel; the copy is not overlapped
 * with compute, as in vLLM v0 where the cache engine's swap completes before the model runs), and back in
 * the same way before it resumes decoding. Host memory for swapped blocks is taken to be unlimited.
 *
 * Priorities (request classes, issue 5; InferenceRequest.priority, default 0): the waiting and swapped
 * queues serve the highest priority first, FCFS within a priority (wait-queue.ts PriorityWaitQueue), and
 * the running set is kept ordered by priority (highest first), then admission order, so "the last running
 * sequence" — the preemption victim — is the most recently admitted of the lowest priority running. With
 * one priority every ordering is the single-class one above, unchanged. By default admission never
 * preempts a running sequence to make room for a higher-priority arrival; it only goes first.
 *
 * With `priorityPreemption` (vLLM v0's `_schedule_priority_preemption`, scheduling policy "priority"), the
 * plan of an iteration starts with one check. While the head of the waiting queue outranks the lowest
 * running sequence and does not fit, the lowest running sequence (latest admitted among its priority) is
 * preempted, by recomputation as vLLM's default for single-sequence requests. "Fits" means:
 *   - a sequence slot;
 *   - the KV blocks its prompt needs above the watermark;
 *   - the token budget left after the running decodes (an oversized prompt is exempt).
 * The head is then admitted in that iteration as usual. Priority preemptions do not count as the decode
 * preemptions that stop admission for an iteration.
 */
import { KvCache } from '../kv-cache.ts';
import type { BatchEntry, InferenceRequest } from '../types.ts';
import type { IterationOutcome, KvBudget, PreemptionMode, ReplicaScheduler, SchedulerOptions } from './types.ts';
import { PriorityWaitQueue } from './wait-queue.ts';

export interface Sequence {
  readonly req: InferenceRequest;
  computed: number;
  generated: number;
  prefilling: boolean;
}

function positiveInt(what: string, v: number): number {
  if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`${what} must be an integer >= 1, got ${v}`);
  return v;
}

export abstract class SchedulerBase implements ReplicaScheduler {
  abstract readonly name: string;
  readonly kv: KvCache;
  readonly maxSeqs: number;
  preemptions = 0;
  overheadSeconds = 0;
  protected readonly waiting = new PriorityWaitQueue<Sequence>(priorityOf);
  protected readonly swapped = new PriorityWaitQueue<Sequence>(priorityOf);
  /** admitted sequences by priority (highest first), then admission order: the last is the first preemption victim */
  protected runningSeqs: Sequence[] = [];
  protected readonly watermarkBlocks: number;
  protected readonly byId = new Map<number, Sequence>();
  private readonly mode: PreemptionMode;
  private readonly bytesPerBlock: number;
  private readonly swapBytesPerSecond: number;
  private readonly priorityPreemption: boolean;
  private transferBytes = 0;

  constructor(budget: KvBudget, options: SchedulerOptions, useWatermark: boolean) {
    this.kv = new KvCache(budget.kvBlocks, budget.blockTokens);
    this.maxSeqs = positiveInt('maxSeqs', options.maxSeqs ?? 256);
    const watermark = options.watermark ?? 0.01;
    if (!(watermark >= 0 && watermark < 1)) throw new RangeError(`watermark must be in [0, 1), got ${watermark}`);
    this.watermarkBlocks = useWatermark ? Math.floor(watermark * budget.kvBlocks) : 0;
    this.mode = options.preemption ?? 'recompute';
    this.bytesPerBlock = budget.blockTokens * budget.kvBytesPerTokenPerGpu;
    this.swapBytesPerSecond = options.swapBytesPerSecond ?? 0;
    this.priorityPreemption = options.priorityPreemption ?? false;
    if (this.mode === 'swap' && !(this.swapBytesPerSecond > 0 && this.swapBytesPerSecond < Infinity)) {
      throw new RangeError(`preemption 'swap' needs swapBytesPerSecond > 0 (host link bandwidth per GPU), got ${options.swapBytesPerSecond}`);
    }
  }

  get queued(): number {
    return this.waiting.length + this.swapped.length;
  }

  get running(): number {
    return this.runningSeqs.length;
  }

  enqueue(req: InferenceRequest, _now: number): boolean {
    positiveInt(`request ${req.id}: promptTokens`, req.promptTokens);
    positiveInt(`request ${req.id}: outputTokens`, req.outputTokens);
    if (this.kv.blocksFor(req.promptTokens + req.outputTokens - 1) + this.watermarkBlocks > this.kv.totalBlocks) return false;
    const seq: Sequence = { req, computed: 0, generated: 0, prefilling: true };
    this.byId.set(req.id, seq);
    this.waiting.pushBack(seq);
    return true;
  }

  abstract nextIteration(now: number): BatchEntry[];

  completeIteration(entries: readonly BatchEntry[], _now: number): IterationOutcome {
    const out: IterationOutcome = { emitted: [], firstTokens: [], finished: [] };
    for (const e of entries) {
      const s = this.byId.get(e.requestId);
      if (s === undefined) throw new Error(`${this.name}: iteration names request ${e.requestId}, which is not running`);
      s.computed += e.tokens;
      if (e.phase === 'prefill') {
        if (s.computed < s.req.promptTokens + s.generated) continue;
        s.prefilling = false;
      }
      if (s.generated === 0) out.firstTokens.push(e.requestId);
      s.generated++;
      out.emitted.push(e.requestId);
      if (s.generated === s.req.outputTokens) {
        out.finished.push(s.req);
        this.kv.free(e.requestId);
        this.byId.delete(e.requestId);
      }
    }
    if (out.finished.length > 0) this.runningSeqs = this.runningSeqs.filter((s) => s.generated < s.req.outputTokens);
    return out;
  }

  /** starts planning an iteration */
  protected beginPlan(): void {
    this.transferBytes = 0;
  }

  /** One decode token for every running sequence, preempting from the end of runningSeqs when KV blocks run
   * out (the victims come off the end, which this loop has not reached yet). */
  protected decodeRunning(): BatchEntry[] {
    const entries: BatchEntry[] = [];
    for (let i = 0; i < this.runningSeqs.length; i++) {
      const s = this.runningSeqs[i]!;
      if (this.claim(s, s.computed + 1)) entries.push(decodeEntry(s));
    }
    return entries;
  }

  /** ends planning: the iteration's swap time follows from the bytes moved */
  protected endPlan(entries: BatchEntry[]): BatchEntry[] {
    this.overheadSeconds = this.transferBytes > 0 ? this.transferBytes / this.swapBytesPerSecond : 0;
    if (entries.length === 0 && this.queued + this.running > 0) {
      throw new Error(`${this.name}: ${this.queued} queued and ${this.running} running, but nothing can be scheduled`);
    }
    return entries;
  }

  /**
   * Claims blocks for `seq` (running) to hold `tokens` tokens, preempting the most recently admitted
   * running sequences until they fit. Returns false when `seq` itself was the victim.
   */
  protected claim(seq: Sequence, tokens: number): boolean {
    const id = seq.req.id;
    while (!this.kv.canGrow(id, tokens)) {
      const victim = this.preemptLast();
      if (victim === seq) return false;
    }
    this.kv.grow(id, tokens);
    return true;
  }

  /**
   * vLLM's priority preemption (header), with the token budget of the policy (`maxBatchedTokens`): makes room
   * for the waiting head when it outranks the lowest running sequence. Does nothing unless enabled.
   */
  protected preemptForPriority(maxBatchedTokens: number): void {
    if (!this.priorityPreemption) return;
    const head = this.waiting.peek();
    if (head === undefined) return;
    const p = priorityOf(head);
    const tokens = prefillLeft(head);
    const fits = () =>
      this.runningSeqs.length < this.maxSeqs &&
      (tokens > maxBatchedTokens || tokens <= maxBatchedTokens - this.runningSeqs.length) &&
      this.kv.canAdmit(tokens, this.watermarkBlocks);
    while (this.runningSeqs.length > 0 && priorityOf(this.runningSeqs[this.runningSeqs.length - 1]!) < p && !fits()) {
      this.preemptLast(true);
      this.priorityPreemptions++;
    }
  }

  /** preemptions made for a higher-priority waiting request (part of `preemptions`) */
  priorityPreemptions = 0;

  /** preempts the most recently admitted running sequence and returns it; `recompute` overrides swap mode */
  protected preemptLast(recompute = false): Sequence {
    const victim = this.runningSeqs.pop();
    if (victim === undefined) throw new Error(`${this.name}: KV blocks exhausted with nothing running to preempt`);
    this.preemptions++;
    const id = victim.req.id;
    if (this.mode === 'swap' && !victim.prefilling && !recompute) {
      this.transferBytes += this.kv.free(id) * this.bytesPerBlock;
      this.swapped.pushBack(victim);
    } else {
      this.kv.free(id);
      victim.computed = 0;
      victim.prefilling = true;
      this.waiting.pushFront(victim);
    }
    return victim;
  }

  /**
   * Swaps sequences back in, oldest swap first, while blocks (above the watermark), sequence slots and
   * `tokenBudget` allow; each joins the batch as a decode. Returns the tokens used.
   */
  protected swapIn(entries: BatchEntry[], tokenBudget: number): number {
    let used = 0;
    for (let s = this.swapped.peek(); s !== undefined; s = this.swapped.peek()) {
      const need = s.computed + 1;
      if (this.runningSeqs.length >= this.maxSeqs || used >= tokenBudget || !this.kv.canAdmit(need, this.watermarkBlocks)) break;
      this.swapped.shift();
      this.transferBytes += this.kv.blocksFor(s.computed) * this.bytesPerBlock;
      this.kv.grow(s.req.id, need);
      this.addRunning(s);
      entries.push(decodeEntry(s));
      used++;
    }
    return used;
  }

  /** moves the head of the waiting queue into the running set */
  protected admitHead(): Sequence {
    const s = this.waiting.shift();
    if (s === undefined) throw new Error(`${this.name}: admitting from an empty queue`);
    this.addRunning(s);
    return s;
  }

  /** puts `s` after every running sequence of its priority or higher (at the end when priorities are equal) */
  private addRunning(s: Sequence): void {
    const run = this.runningSeqs;
    const p = priorityOf(s);
    if (run.length === 0 || priorityOf(run[run.length - 1]!) >= p) {
      run.push(s);
      return;
    }
    let i = run.length;
    while (i > 0 && priorityOf(run[i - 1]!) < p) i--;
    run.splice(i, 0, s);
  }
}

function priorityOf(s: Sequence): number {
  return s.req.priority ?? 0;
}

export function decodeEntry(s: Sequence): BatchEntry {
  return { requestId: s.req.id, tokens: 1, contextTokens: s.computed, phase: 'decode' };
}

export function prefillEntry(s: Sequence, tokens: number): BatchEntry {
  return { requestId: s.req.id, tokens, contextTokens: s.computed, phase: 'prefill' };
}

/** tokens a prefilling sequence still has to process */
export function prefillLeft(s: Sequence): number {
  return s.req.promptTokens + s.generated - s.computed;
}

export function budgetOption(what: string, v: number, maxSeqs: number): number {
  positiveInt(what, v);
  if (v < maxSeqs) throw new RangeError(`${what} (${v}) must be >= maxSeqs (${maxSeqs}) so every running sequence can decode each iteration`);
  return v;
}
