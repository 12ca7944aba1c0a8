/**
 * Continuous batching in the style of vLLM (Kwon et al., SOSP'23; vLLM v0 scheduler): requests join and
 * leave the batch at iteration boundaries.
 *
 * Each iteration, in this order:
 * 1. every running sequence decodes one token, oldest first; one that needs a new block and finds none
 *    preempts the most recently admitted (base.ts), and if any preemption happened nothing else is
 *    admitted this iteration (vLLM V1's rule; it stops a victim being readmitted straight away);
 * 2. swapped-out sequences come back (swap mode), oldest first; waiting prompts are not admitted while
 *    any remain swapped out (vLLM v0);
 * 3. waiting requests are admitted FCFS while the sequence cap (maxSeqs), the token budget
 *    (maxBatchedTokens, decodes included) and the KV blocks above the watermark allow; the first that does
 *    not fit stops admission (head-of-line, as vLLM). An admitted prompt is prefilled whole in this
 *    iteration.
 *
 * Departures from vLLM v0, on purpose: v0 runs prefill-only iterations (decodes wait while prompts are
 * admitted); here prefills ride along with the decodes when they fit the token budget, as vLLM V1 does
 * with chunking off. A prompt longer than maxBatchedTokens, which vLLM refuses, is run as the only prefill
 * of its iteration instead, so no request is dropped.
 */
import type { BatchEntry } from '../types.ts';
import { budgetOption, prefillEntry, prefillLeft, SchedulerBase } from './base.ts';
import type { KvBudget, SchedulerOptions } from './types.ts';

export class ContinuousScheduler extends SchedulerBase {
  readonly name = 'continuous';
  readonly maxBatchedTokens: number;

  constructor(budget: KvBudget, options: SchedulerOptions = {}) {
    super(budget, options, true);
    this.maxBatchedTokens = budgetOption('maxBatchedTokens', options.maxBatchedTokens ?? 8192, this.maxSeqs);
  }

  nextIteration(_now: number): BatchEntry[] {
    this.beginPlan();
    this.preemptForPriority(this.maxBatchedTokens);
    const before = this.preemptions;
    const entries = this.decodeRunning();
    let budget = this.maxBatchedTokens - entries.length;
    if (this.preemptions === before) {
      budget -= this.swapIn(entries, budget);
      let prefills = 0;
      while (this.swapped.length === 0 && this.runningSeqs.length < this.maxSeqs) {
        const head = this.waiting.peek();
        if (head === undefined) break;
        const tokens = prefillLeft(head);
        const oversized = tokens > this.maxBatchedTokens && prefills === 0;
        if ((tokens > budget && !oversized) || !this.kv.canAdmit(tokens, this.watermarkBlocks)) break;
        const s = this.admitHead();
        this.kv.grow(s.req.id, tokens);
        entries.push(prefillEntry(s, tokens));
        budget -= tokens;
        prefills++;
      }
    }
    return this.endPlan(entries);
  }
}
