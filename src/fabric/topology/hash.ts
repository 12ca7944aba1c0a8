/**
 * ECMP choice: a flow's path among equal-cost candidates is fixed by a hash of (flow id, hop), as switches
 * hash a packet's header fields, so one flow keeps one path while many flows spread evenly. The mixer is
 * MurmurHash3's 32-bit finaliser (fmix32); flow ids up to 2^53 are folded from their high and low words.
 */

/** MurmurHash3's 32-bit finaliser: a cheap, well-mixed hash of a 32-bit integer. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function ecmpHash(flowId: number, hop: number): number {
  const lo = flowId >>> 0;
  const hi = Math.floor(flowId / 4294967296) >>> 0;
  return fmix32(fmix32(lo ^ fmix32(hi + 0x9e3779b9)) + Math.imul(hop + 1, 0x9e3779b9));
}

/** Index in [0, n) of the candidate flow `flowId` takes at decision `hop`. */
export function ecmpPick(flowId: number, hop: number, n: number): number {
  return n <= 1 ? 0 : ecmpHash(flowId, hop) % n;
}

/** The flow id a transfer gets when the caller gives none: one per (src, dst) pair. */
export function defaultFlowId(src: number, dst: number): number {
  return src * 2097152 + dst;
}
