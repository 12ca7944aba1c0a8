/** Global routers: the contract, the implementations, the registry. */
export type { ReplicaLoad, Router, RouterOptions } from './types.ts';
export { lightest } from './types.ts';
export { RoundRobinRouter } from './round-robin.ts';
export { LeastOutstandingRouter } from './least-outstanding.ts';
export { SessionAffinityRouter } from './session-affinity.ts';
export { ROUTERS, createRouter, routerNames } from './registry.ts';
export type { RouterName } from './registry.ts';
