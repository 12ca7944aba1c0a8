/**
 * The decode pool's batching of a disaggregated deployment (Splitwise, Patel et al. ISCA'24; DistServe,
 * Zhong et al. OSDI'24): requests arrive with their prompt's KV cache already moved in from a prefill
 * replica, so admission is a decode step, not a prefill.
 *
 * The decode replica is handed the request as P' = P + 1 known tokens (the prompt and the first token the
 * prefill replica emitted) and O' = O − 1 tokens still to emit, with computed = P tokens of KV present:
 * the token accounting of base.ts (computed = P' + generated − 1 after each emission) then holds from the
 * start, and its largest context P' + O' − 1 = P + O − 1 is the colocated one. Each iteration, in order:
 * 1. every running sequence decodes one token (preempting the most recently admitted when blocks run out,
 *    as continuous.ts; a victim is recomputed here, prefilling its P' + generated tokens locally);
 * 2. if nothing was preempted, waiting sequences are admitted FCFS while maxSeqs, the token budget and the
 *    KV blocks above the watermark allow: an arrival claims blocks for computed + 1 tokens and joins as a
 *    decode; a recompute victim joins as a whole prefill (as continuous.ts).
 */
import type { BatchEntry, InferenceRequest } from '../types.ts';
import { budgetOption, decodeEntry, prefillEntry, prefillLeft, SchedulerBase } from './base.ts';
import type { KvBudget, SchedulerOptions } from './types.ts';

export class DecodeOnlyScheduler extends SchedulerBase {
  readonly name = 'decode-only';
  readonly maxBatchedTokens: number;

  constructor(budget: KvBudget, options: SchedulerOptions = {}) {
    super(budget, options, true);
    this.maxBatchedTokens = budgetOption('maxBatchedTokens', options.maxBatchedTokens ?? 8192, this.maxSeqs);
  }

  /** whether a request of P prompt and O ≥ 2 output tokens could ever complete here */
  fits(promptTokens: number, outputTokens: number): boolean {
    return this.kv.blocksFor(promptTokens + outputTokens - 1) + this.watermarkBlocks <= this.kv.totalBlocks;
  }

  /** queues a request whose `promptTokens − 1` tokens of KV are present (see the header) */
  override enqueue(req: InferenceRequest, now: number): boolean {
    if (req.promptTokens < 2) throw new RangeError(`request ${req.id}: a prefilled request carries its prompt and first token, so promptTokens >= 2, got ${req.promptTokens}`);
    if (!super.enqueue(req, now)) return false;
    const s = this.byId.get(req.id)!;
    s.computed = req.promptTokens - 1;
    s.prefilling = false;
    return true;
  }

  nextIteration(_now: number): BatchEntry[] {
    this.beginPlan();
    const before = this.preemptions;
    const entries = this.decodeRunning();
    let budget = this.maxBatchedTokens - entries.length;
    if (this.preemptions === before) {
      let prefills = 0;
      while (this.runningSeqs.length < this.maxSeqs) {
        const head = this.waiting.peek();
        if (head === undefined) break;
        const tokens = head.prefilling ? prefillLeft(head) : 1;
        const need = head.prefilling ? tokens : head.computed + 1;
        const oversized = tokens > this.maxBatchedTokens && prefills === 0;
        if ((tokens > budget && !oversized) || !this.kv.canAdmit(need, this.watermarkBlocks)) break;
        const s = this.admitHead();
        this.kv.grow(s.req.id, need);
        if (s.prefilling) {
          entries.push(prefillEntry(s, tokens));
          prefills++;
        } else entries.push(decodeEntry(s));
        budget -= tokens;
      }
    }
    return this.endPlan(entries);
  }
}
