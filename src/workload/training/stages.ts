/**
 * How a model's layers are split over pipeline ranks and their model chunks.
 *
 * p ranks × v chunks = p·v virtual stages; virtual stage k = c·p + r holds chunk c of rank r, and a
 * micro-batch runs through virtual stages 0 … pv−1 in order (Megatron's interleaved layout). Virtual stage
 * 0 also holds the embedding, the last one the final norm, logits layer and loss.
 *
 * When L is not a multiple of pv the split is as even as possible: every virtual stage gets ⌊L/pv⌋ layers
 * and the remaining L mod pv go one each to the stages after the first, from virtual stage 1 on — the
 * first stage's embedding is cheap, so it takes no extra layer (the last one's logits layer is not, and
 * only gets an extra layer when the remainder reaches it). Megatron-LM needs an even split or explicit
 * first/last-stage layer counts; this is the simplest uneven split and it is stated, not fitted.
 */

export interface VirtualStage {
  /** index k = c·p + r */
  index: number;
  rank: number;
  chunk: number;
  /** first transformer layer (0-based) and count */
  firstLayer: number;
  layers: number;
  embedding: boolean;
  output: boolean;
}

export function virtualStages(layers: number, p: number, v: number): VirtualStage[] {
  const n = p * v;
  const base = Math.floor(layers / n);
  const extra = layers - base * n;
  const out: VirtualStage[] = [];
  let first = 0;
  for (let k = 0; k < n; k++) {
    const count = base + (k >= 1 && k <= extra ? 1 : 0);
    out.push({ index: k, rank: k % p, chunk: Math.floor(k / p), firstLayer: first, layers: count, embedding: k === 0, output: k === n - 1 });
    first += count;
  }
  return out;
}

/** The chunks of rank r, in chunk order. */
export function chunksOfRank(stages: readonly VirtualStage[], r: number): VirtualStage[] {
  return stages.filter((s) => s.rank === r).sort((a, b) => a.chunk - b.chunk);
}
