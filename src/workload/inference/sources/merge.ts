/**
 * Merging request sources (tenants, request classes) into one stream in arrival order.
 *
 * A k-way merge over each source's current batch: the next request is the earliest head, ties going to
 * the source listed first (then the source's own order), so the merge is deterministic. Ids are
 * renumbered 0, 1, 2, ... in merged order; every other field, tenant included, is kept. Each source is
 * asked for its next batch only when its current one runs out, so memory is one batch per source.
 * The head is found by a linear scan: k is a handful of tenants, where a heap would cost more than it saves.
 */
import type { InferenceRequest, RequestSource } from '../types.ts';

export interface MergeOptions {
  /** requests per nextBatch(); default 1024 */
  batchSize?: number;
}

export function mergeSources(sources: readonly RequestSource[], opts: MergeOptions = {}): RequestSource {
  const batchSize = opts.batchSize ?? 1024;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const k = sources.length;
  const heads: (InferenceRequest[] | null)[] = new Array(k).fill(null);
  const pos: number[] = new Array(k).fill(0);
  const exhausted: boolean[] = new Array(k).fill(false);
  let id = 0;

  /** Makes sure source i has a request at pos[i] unless it is exhausted. */
  async function fill(i: number): Promise<void> {
    while (!exhausted[i] && (heads[i] === null || pos[i]! >= heads[i]!.length)) {
      const b = await sources[i]!.nextBatch();
      if (b === null) exhausted[i] = true;
      else {
        heads[i] = b;
        pos[i] = 0;
      }
    }
  }

  return {
    description: `merge(${sources.map((s) => s.description).join(' | ')})`,
    async nextBatch() {
      const batch: InferenceRequest[] = [];
      while (batch.length < batchSize) {
        let best = -1;
        let bestT = Infinity;
        for (let i = 0; i < k; i++) {
          await fill(i);
          if (exhausted[i]) continue;
          const t = heads[i]![pos[i]!]!.arrivalSeconds;
          if (best < 0 || t < bestT) {
            best = i;
            bestT = t;
          }
        }
        if (best < 0) break;
        const r = heads[best]![pos[best]!++]!;
        batch.push({ ...r, id: id++ });
      }
      return batch.length > 0 ? batch : null;
    },
  };
}
