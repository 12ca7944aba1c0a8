/**
 * Least outstanding tokens: the replica with the least work left, counted in tokens (prompt tokens not yet
 * prefilled plus output tokens not yet emitted, see replica-sim.ts). Counting tokens rather than requests
 * weighs a 4,000-token prompt above a 50-token one. Output lengths are taken as known, as in a trace
 * replay; a real router only has an estimate.
 */
import type { InferenceRequest } from '../types.ts';
import { lightest } from './types.ts';
import type { ReplicaLoad, Router } from './types.ts';

export class LeastOutstandingRouter implements Router {
  readonly name = 'least-outstanding';

  constructor(private readonly replicas: readonly ReplicaLoad[]) {}

  route(_req: InferenceRequest, _now: number): number {
    return lightest(this.replicas);
  }
}
