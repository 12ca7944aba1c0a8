/** Round-robin: request k (in arrival order) goes to replica k mod n, whatever the load. */
import type { InferenceRequest } from '../types.ts';
import type { ReplicaLoad, Router } from './types.ts';

export class RoundRobinRouter implements Router {
  readonly name = 'round-robin';
  private next = 0;

  constructor(private readonly replicas: readonly ReplicaLoad[]) {}

  route(_req: InferenceRequest, _now: number): number {
    const i = this.next;
    this.next = (i + 1) % this.replicas.length;
    return i;
  }
}
