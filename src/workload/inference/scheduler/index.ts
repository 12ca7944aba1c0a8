/** Per-replica batching policies: the contract, the implementations, the registry. */
export type { IterationOutcome, KvBudget, PreemptionMode, ReplicaScheduler, SchedulerOptions } from './types.ts';
export { ContinuousScheduler } from './continuous.ts';
export { ChunkedPrefillScheduler } from './chunked-prefill.ts';
export { StaticScheduler } from './static.ts';
export { SCHEDULERS, createScheduler, kvBudgetOf, schedulerNames } from './registry.ts';
export type { SchedulerName } from './registry.ts';
