/** Batching policies by name. Adding one: a file implementing ReplicaScheduler and an entry here. */
import type { ReplicaModel } from '../types.ts';
import { ChunkedPrefillScheduler } from './chunked-prefill.ts';
import { ContinuousScheduler } from './continuous.ts';
import { StaticScheduler } from './static.ts';
import type { KvBudget, ReplicaScheduler, SchedulerOptions } from './types.ts';

export const SCHEDULERS = {
  continuous: (budget: KvBudget, options: SchedulerOptions) => new ContinuousScheduler(budget, options),
  'chunked-prefill': (budget: KvBudget, options: SchedulerOptions) => new ChunkedPrefillScheduler(budget, options),
  static: (budget: KvBudget, options: SchedulerOptions) => new StaticScheduler(budget, options),
} as const satisfies Record<string, (budget: KvBudget, options: SchedulerOptions) => ReplicaScheduler>;

export type SchedulerName = keyof typeof SCHEDULERS;

export const schedulerNames: readonly SchedulerName[] = ['continuous', 'chunked-prefill', 'static'];

export function createScheduler(name: SchedulerName, budget: KvBudget, options: SchedulerOptions = {}): ReplicaScheduler {
  const make = SCHEDULERS[name];
  if (make === undefined) throw new RangeError(`unknown scheduler "${String(name)}" (known: ${schedulerNames.join(', ')})`);
  return make(budget, options);
}

/** The KV budget of a replica model. */
export function kvBudgetOf(model: ReplicaModel): KvBudget {
  return { kvBlocks: model.kvBlocks, blockTokens: model.spec.blockTokens, kvBytesPerTokenPerGpu: model.kvBytesPerTokenPerGpu };
}
