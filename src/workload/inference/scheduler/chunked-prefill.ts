/**
 * Chunked prefill in the style of Sarathi-Serve (Agrawal et al., OSDI'24): every iteration processes at
 * most `maxBatchedTokens` tokens (the token budget). Decodes go first, one token per decoding sequence, so
 * a long prompt never stalls the tokens of running requests; the rest of the budget goes to prompt chunks:
 * first to sequences already part-way through their prefill (oldest first), then to waiting requests
 * admitted FCFS. A prompt of P tokens thus takes about P / (budget − decodes) iterations, and its first
 * token comes at the end of the iteration holding its last chunk.
 *
 * KV blocks are claimed chunk by chunk. A decode that finds no free block, or a prefill that cannot fit a
 * single further token, preempts the most recently admitted sequence (base.ts), possibly itself; a prefill
 * chunk that fits only partly is shortened to the blocks free. As in continuous.ts, an iteration with a
 * preemption admits nothing new, and no waiting prompt is admitted while sequences are swapped out.
 */
import type { BatchEntry } from '../types.ts';
import { budgetOption, decodeEntry, prefillEntry, prefillLeft, SchedulerBase } from './base.ts';
import type { KvBudget, SchedulerOptions } from './types.ts';

export class ChunkedPrefillScheduler extends SchedulerBase {
  readonly name = 'chunked-prefill';
  readonly maxBatchedTokens: number;

  constructor(budget: KvBudget, options: SchedulerOptions = {}) {
    super(budget, options, true);
    this.maxBatchedTokens = budgetOption('maxBatchedTokens', options.maxBatchedTokens ?? 2048, this.maxSeqs);
  }

  nextIteration(_now: number): BatchEntry[] {
    this.beginPlan();
    this.preemptForPriority(this.maxBatchedTokens);
    const entries: BatchEntry[] = [];
    const before = this.preemptions;
    let decoding = 0;
    for (const s of this.runningSeqs) if (!s.prefilling) decoding++;
    // Decodes are reserved up front (budget >= maxSeqs guarantees they fit); prefills share what is left.
    let budget = this.maxBatchedTokens - decoding;
    for (let i = 0; i < this.runningSeqs.length; i++) {
      const s = this.runningSeqs[i]!;
      if (!s.prefilling) {
        if (this.claim(s, s.computed + 1)) entries.push(decodeEntry(s));
        continue;
      }
      const want = Math.min(prefillLeft(s), budget);
      if (want === 0) continue;
      const id = s.req.id;
      let room = this.kv.maxTokens(id) - s.computed;
      while (room <= 0) {
        if (this.preemptLast() === s) break;
        room = this.kv.maxTokens(id) - s.computed;
      }
      if (room <= 0) continue; // s itself was preempted; it was the last, so the loop ends here
      const chunk = Math.min(want, room);
      this.kv.grow(id, s.computed + chunk);
      entries.push(prefillEntry(s, chunk));
      budget -= chunk;
    }
    if (this.preemptions === before) {
      budget -= this.swapIn(entries, budget);
      while (this.swapped.length === 0 && this.runningSeqs.length < this.maxSeqs && budget > 0) {
        const head = this.waiting.peek();
        if (head === undefined) break;
        const chunk = Math.min(prefillLeft(head), budget);
        if (!this.kv.canAdmit(chunk, this.watermarkBlocks)) break;
        const s = this.admitHead();
        this.kv.grow(s.req.id, chunk);
        entries.push(prefillEntry(s, chunk));
        budget -= chunk;
      }
    }
    return this.endPlan(entries);
  }
}
