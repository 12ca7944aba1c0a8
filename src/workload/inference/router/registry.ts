/** Routers by name. Adding one: a file implementing Router and an entry here. */
import { LeastOutstandingRouter } from './least-outstanding.ts';
import { RoundRobinRouter } from './round-robin.ts';
import { SessionAffinityRouter } from './session-affinity.ts';
import type { ReplicaLoad, Router, RouterOptions } from './types.ts';

export const ROUTERS = {
  'round-robin': (replicas: readonly ReplicaLoad[], _options: RouterOptions) => new RoundRobinRouter(replicas),
  'least-outstanding': (replicas: readonly ReplicaLoad[], _options: RouterOptions) => new LeastOutstandingRouter(replicas),
  'session-affinity': (replicas: readonly ReplicaLoad[], options: RouterOptions) => new SessionAffinityRouter(replicas, options),
} as const satisfies Record<string, (replicas: readonly ReplicaLoad[], options: RouterOptions) => Router>;

export type RouterName = keyof typeof ROUTERS;

export const routerNames: readonly RouterName[] = ['round-robin', 'least-outstanding', 'session-affinity'];

export function createRouter(name: RouterName, replicas: readonly ReplicaLoad[], options: RouterOptions = {}): Router {
  const make = ROUTERS[name];
  if (make === undefined) throw new RangeError(`unknown router "${String(name)}" (known: ${routerNames.join(', ')})`);
  if (replicas.length === 0) throw new RangeError('a router needs at least one replica');
  return make(replicas, options);
}
