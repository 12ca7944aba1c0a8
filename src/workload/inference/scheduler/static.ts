/**
 * Static batching, the baseline before continuous batching (e.g. FasterTransformer, and the "request-level
 * batching" Orca, OSDI'22, compares against): when the replica is idle it takes up to `maxBatch` waiting
 * requests FCFS as one batch and runs that batch until its last request finishes; requests arriving
 * meanwhile wait. It does not hold back to fill the batch.
 *
 * The batch's first iteration prefills every prompt whole; each later one decodes one token for every
 * request not yet finished (finished ones drop out, their slots stay empty). KV is reserved for each
 * request's largest context (P + O − 1 tokens) at admission, as such engines preallocate the maximum, so
 * a batch never runs out of blocks and nothing is preempted. No token budget and no watermark apply.
 */
import type { BatchEntry } from '../types.ts';
import { decodeEntry, prefillEntry, prefillLeft, SchedulerBase } from './base.ts';
import type { KvBudget, SchedulerOptions } from './types.ts';

export class StaticScheduler extends SchedulerBase {
  readonly name = 'static';
  readonly maxBatch: number;

  constructor(budget: KvBudget, options: SchedulerOptions = {}) {
    super(budget, options, false);
    const n = options.maxBatch ?? 256;
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`maxBatch must be an integer >= 1, got ${n}`);
    this.maxBatch = n;
  }

  nextIteration(_now: number): BatchEntry[] {
    this.beginPlan();
    if (this.runningSeqs.length === 0) {
      while (this.runningSeqs.length < this.maxBatch) {
        const head = this.waiting.peek();
        if (head === undefined) break;
        const footprint = head.req.promptTokens + head.req.outputTokens - 1;
        if (!this.kv.canAdmit(footprint)) break;
        this.kv.grow(this.admitHead().req.id, footprint);
      }
    }
    const entries = this.runningSeqs.map((s) => (s.prefilling ? prefillEntry(s, prefillLeft(s)) : decodeEntry(s)));
    return this.endPlan(entries);
  }
}
