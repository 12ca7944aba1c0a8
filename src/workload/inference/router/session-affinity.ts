/**
 * Session affinity: every request of a conversation goes to the same replica, so a prefix cache there could
 * reuse the conversation's KV (this simulator does not model prefix caching yet; the router exists so the
 * load imbalance affinity causes can be measured). A session's replica is fixed by a hash of its id, or
 * chosen least-outstanding on its first request and remembered (RouterOptions.affinityAssign). Requests
 * without a session (session = -1) go to the least-outstanding replica.
 */
import type { InferenceRequest } from '../types.ts';
import { fmix32 as mix32 } from '../../../fabric/topology/hash.ts';
import { lightest } from './types.ts';
import type { ReplicaLoad, Router, RouterOptions } from './types.ts';

export class SessionAffinityRouter implements Router {
  readonly name = 'session-affinity';
  private readonly assign: 'hash' | 'least-outstanding';
  private readonly sessions = new Map<number, number>();

  constructor(private readonly replicas: readonly ReplicaLoad[], options: RouterOptions = {}) {
    this.assign = options.affinityAssign ?? 'hash';
  }

  route(req: InferenceRequest, _now: number): number {
    if (req.session < 0) return lightest(this.replicas);
    if (this.assign === 'hash') return mix32(req.session) % this.replicas.length;
    let r = this.sessions.get(req.session);
    if (r === undefined) {
      r = lightest(this.replicas);
      this.sessions.set(req.session, r);
    }
    return r;
  }
}
