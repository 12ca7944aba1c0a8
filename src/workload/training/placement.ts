/**
 * Where a training job's ranks sit and which fabric tier each communication group uses.
 *
 * A job runs on the cluster's first node group (heterogeneous jobs are not modelled). Ranks are numbered
 * node-major in the order of `parallelism.order`, innermost first (default tp, cp, pp, dp): the stride of a
 * dimension is the product of the sizes before it, so with the default a tp group is tp consecutive
 * devices, pipeline neighbours are tp·cp apart and a dp group has members tp·cp·pp apart. The gradient
 * group is dp × cp (context-parallel ranks hold the same weights); the expert-parallel group is carved out
 * of the data-parallel dimension (Megatron-Core: ep divides dp), ep members at the dp stride.
 */
import type { ClusterSpec, NodeGroup, ParallelDim, TrainingWorkload } from '../../config/scenario-types.ts';
import { allToAllTier, collectiveTier, type CollectiveTier, type FabricContext } from '../../fabric/collective-cost.ts';
import { cpRingTier } from './context-parallel.ts';

export interface Placement {
  group: NodeGroup;
  fabric: FabricContext;
  devicesNeeded: number;
  devicesAvailable: number;
  /** tiers, undefined when a group leaves its scale-up domain and the cluster has no scale-out fabric */
  tpTier: CollectiveTier | undefined;
  dpTier: CollectiveTier | undefined;
  /** between consecutive pipeline ranks (a group of two) */
  ppTier: CollectiveTier | undefined;
  cpTier: CollectiveTier | undefined;
  epTier: CollectiveTier | undefined;
  /** the expert-data-parallel group: dp·cp/ep ranks holding the same experts */
  expertDpTier: CollectiveTier | undefined;
  /** stride of each dimension in the rank order */
  strides: Record<ParallelDim, number>;
}

export function strides(p: TrainingWorkload['parallelism']): Record<ParallelDim, number> {
  const out = { tp: 1, cp: 1, pp: 1, dp: 1 };
  let s = 1;
  for (const d of p.order) {
    out[d] = s;
    s *= p[d];
  }
  return out;
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
  const st = strides(p);
  return {
    group,
    fabric,
    devicesNeeded: devicesNeeded(job),
    devicesAvailable: group.count * group.profile.devicesPerNode,
    tpTier: collectiveTier({ size: p.tp, stride: st.tp }, fabric),
    dpTier: collectiveTier(p.cp > 1 && st.cp < st.dp ? { size: p.dp * p.cp, stride: st.cp } : { size: p.dp * p.cp, stride: st.dp }, fabric),
    ppTier: collectiveTier({ size: Math.min(2, p.pp), stride: st.pp }, fabric),
    cpTier: cpRingTier({ size: p.cp, stride: st.cp }, fabric),
    epTier: allToAllTier({ size: p.ep, stride: st.dp }, fabric),
    expertDpTier: collectiveTier({ size: (p.dp * p.cp) / p.ep, stride: st.dp * p.ep }, fabric),
    strides: st,
  };
}
