/**
 * Where a training job's ranks sit and which fabric tier each communication group uses.
 *
 * A job runs on the cluster's first node group (heterogeneous jobs are not modelled). Ranks are numbered
 * node-major with tensor parallelism innermost (Megatron's default order tp-cp-dp-pp), so a tp group is
 * tp consecutive devices and a dp group has members tp·cp apart.
 */
import type { ClusterSpec, NodeGroup, TrainingWorkload } from '../../config/scenario-types.ts';
import { collectiveTier, type CollectiveTier, type FabricContext } from '../../fabric/collective-cost.ts';

export interface Placement {
  group: NodeGroup;
  fabric: FabricContext;
  devicesNeeded: number;
  devicesAvailable: number;
  /** tiers, undefined when a group leaves its scale-up domain and the cluster has no scale-out fabric */
  tpTier: CollectiveTier | undefined;
  dpTier: CollectiveTier | undefined;
}

export function devicesNeeded(job: TrainingWorkload): number {
  const p = job.parallelism;
  return p.dp * p.tp * p.pp * p.cp;
}

/** undefined when the cluster has no nodes. */
export function place(job: TrainingWorkload, cluster: ClusterSpec): Placement | undefined {
  const group = cluster.nodes[0];
  if (group === undefined) return undefined;
  const fabric: FabricContext = { node: group.profile, scaleUp: group.scaleUp, scaleOut: cluster.scaleOut };
  const p = job.parallelism;
  return {
    group,
    fabric,
    devicesNeeded: devicesNeeded(job),
    devicesAvailable: group.count * group.profile.devicesPerNode,
    tpTier: collectiveTier({ size: p.tp, stride: 1 }, fabric),
    dpTier: collectiveTier({ size: p.dp, stride: p.tp * p.cp }, fabric),
  };
}
