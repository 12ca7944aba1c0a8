/**
 * The global router (the first of Vidur's two scheduling levels): picks the replica of each arriving
 * request. Routers see replicas only through ReplicaLoad (ReplicaSim implements it), so they can be
 * tested on plain objects. Ties always go to the lowest replica index, for determinism.
 */
import type { InferenceRequest } from '../types.ts';

export interface ReplicaLoad {
  /** prompt tokens not yet prefilled plus output tokens not yet emitted, over unfinished requests */
  readonly outstandingTokens: number;
}

export interface Router {
  readonly name: string;
  /** the index of the replica that serves `req` */
  route(req: InferenceRequest, now: number): number;
}

export interface RouterOptions {
  /**
   * session-affinity: where a session's first request goes. 'hash' (default) maps the session id to a
   * replica by a fixed hash, holding no state per session; 'least-outstanding' sends it to the lightest
   * replica and remembers the choice (one map entry per session).
   */
  affinityAssign?: 'hash' | 'least-outstanding';
}

/** the index of the replica with the fewest outstanding tokens (lowest index on ties) */
export function lightest(replicas: readonly ReplicaLoad[]): number {
  let best = 0;
  for (let i = 1; i < replicas.length; i++) {
    if (replicas[i]!.outstandingTokens < replicas[best]!.outstandingTokens) best = i;
  }
  return best;
}
