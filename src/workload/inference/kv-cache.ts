/**
 * Paged KV cache of one replica, in the style of vLLM's PagedAttention block manager: the cache is
 * `totalBlocks` blocks of `blockTokens` tokens each, and a sequence holding c tokens of context owns
 * ceil(c / blockTokens) blocks. Blocks are claimed as a sequence's context grows and all returned when it
 * finishes or is preempted (recomputation drops them; swap moves them to host memory first, which the
 * scheduler accounts for). Blocks are not shared between sequences (no prefix caching).
 *
 * Only counts are kept (which physical block a sequence holds does not change any time in the model), so
 * a sequence costs one map entry. The cache never goes over capacity: `grow` throws instead, so a
 * scheduler bug cannot silently overcommit memory.
 */

export class KvCache {
  readonly totalBlocks: number;
  readonly blockTokens: number;
  private used = 0;
  private peak = 0;
  /** blocks held, by request id */
  private readonly held = new Map<number, number>();

  constructor(totalBlocks: number, blockTokens: number) {
    if (!(Number.isInteger(totalBlocks) && totalBlocks >= 1)) throw new RangeError(`KV blocks must be an integer >= 1, got ${totalBlocks}`);
    if (!(Number.isInteger(blockTokens) && blockTokens >= 1)) throw new RangeError(`tokens per KV block must be an integer >= 1, got ${blockTokens}`);
    this.totalBlocks = totalBlocks;
    this.blockTokens = blockTokens;
  }

  /** blocks needed to hold `tokens` tokens of context */
  blocksFor(tokens: number): number {
    return Math.ceil(tokens / this.blockTokens);
  }

  get usedBlocks(): number {
    return this.used;
  }

  get freeBlocks(): number {
    return this.totalBlocks - this.used;
  }

  /** fraction of blocks in use, 0..1 */
  get usage(): number {
    return this.used / this.totalBlocks;
  }

  /** the most blocks ever in use at once */
  get peakUsedBlocks(): number {
    return this.peak;
  }

  /** number of sequences holding blocks */
  get sequences(): number {
    return this.held.size;
  }

  blocksOf(id: number): number {
    return this.held.get(id) ?? 0;
  }

  /** extra blocks sequence `id` needs to hold `tokens` tokens of context (0 if it already does) */
  extraBlocks(id: number, tokens: number): number {
    return Math.max(0, this.blocksFor(tokens) - this.blocksOf(id));
  }

  /** whether sequence `id` can grow to `tokens` tokens of context with the blocks free now */
  canGrow(id: number, tokens: number): boolean {
    return this.extraBlocks(id, tokens) <= this.freeBlocks;
  }

  /**
   * Whether a new sequence of `tokens` tokens fits while leaving `reserveBlocks` free (vLLM's watermark:
   * headroom so that admitting a prompt does not force a running sequence out at its next token).
   */
  canAdmit(tokens: number, reserveBlocks = 0): boolean {
    return this.blocksFor(tokens) + reserveBlocks <= this.freeBlocks;
  }

  /** the most tokens of context sequence `id` could hold if it took every free block */
  maxTokens(id: number): number {
    return (this.blocksOf(id) + this.freeBlocks) * this.blockTokens;
  }

  /** claims blocks so that sequence `id` holds `tokens` tokens of context; never shrinks */
  grow(id: number, tokens: number): void {
    const extra = this.extraBlocks(id, tokens);
    if (extra === 0) return;
    if (extra > this.freeBlocks) {
      throw new RangeError(`KV cache over capacity: sequence ${id} needs ${extra} more blocks, ${this.freeBlocks} of ${this.totalBlocks} free`);
    }
    this.held.set(id, this.blocksOf(id) + extra);
    this.used += extra;
    if (this.used > this.peak) this.peak = this.used;
  }

  /** returns every block of sequence `id` (finish or preemption); the number freed */
  free(id: number): number {
    const n = this.held.get(id);
    if (n === undefined) return 0;
    this.held.delete(id);
    this.used -= n;
    return n;
  }
}
