/**
 * The replica model of the inference layer: `createReplicaModel(spec)` sizes weights and the paged KV cache
 * (memory.ts) and times engine iterations (iteration.ts); `replicaFitIssue(spec)` says why a spec cannot run.
 */
import type { BatchEntry, ReplicaModel, ReplicaSpec } from '../types.ts';
import { replicaFitIssue } from './fit.ts';
import { iterationModel, type IterationBreakdown } from './iteration.ts';
import { kvBlocks, kvBytesPerTokenPerGpu, weightsBytesPerGpu, type ReplicaOptions } from './memory.ts';

export { replicaFitIssue, type ReplicaFitIssue } from './fit.ts';
export type { IterationBreakdown } from './iteration.ts';
export {
  DEFAULT_WORKSPACE_SEQUENCES,
  DEFAULT_WORKSPACE_TOKENS,
  kvBytesPerTokenPerGpu,
  weightsBytesPerGpu,
  workspaceBytesPerGpu,
  type ReplicaOptions,
} from './memory.ts';

/** ReplicaModel plus a per-component split of the iteration time (an addition to the contract). */
export interface ReplicaModelWithBreakdown extends ReplicaModel {
  iterationBreakdown(entries: readonly BatchEntry[]): IterationBreakdown;
}

/** Throws when `replicaFitIssue(spec)` reports a problem (message and hint in the error text). */
export function createReplicaModel(spec: ReplicaSpec, opts: ReplicaOptions = {}): ReplicaModelWithBreakdown {
  const issue = replicaFitIssue(spec, opts);
  if (issue !== null) throw new Error(`${issue.message}\n    hint: ${issue.hint}`);
  const it = iterationModel(spec);
  return {
    spec,
    weightsBytesPerGpu: weightsBytesPerGpu(spec),
    kvBytesPerTokenPerGpu: kvBytesPerTokenPerGpu(spec),
    kvBlocks: kvBlocks(spec, opts),
    iterationSeconds: (entries) => it.breakdown(entries).total,
    iterationBreakdown: (entries) => it.breakdown(entries),
  };
}
