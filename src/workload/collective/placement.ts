/**
 * Where a collective job's ranks sit, and how its nccl-tests operation maps onto the fabric's.
 *
 * Placement (as `mpirun -N ranksPerNode` with one GPU per rank, the way nccl-tests is launched): rank i runs
 * on node floor(i / ranksPerNode), local device i mod ranksPerNode, nodes taken in the cluster's order.
 * Global device ids are node-major (fabric/topology/types.ts), so rank i is device
 * node · devicesPerNode + local. All node groups share one shape (the topology requires it).
 */
import type { ClusterSpec, CollectiveWorkload, NcclOp } from '../../config/scenario-types.ts';
import type { CollectiveOp } from '../../fabric/collectives/types.ts';

export const FABRIC_OP: Readonly<Record<NcclOp, CollectiveOp>> = {
  all_reduce: 'all-reduce',
  all_gather: 'all-gather',
  reduce_scatter: 'reduce-scatter',
  broadcast: 'broadcast',
  reduce: 'reduce',
  alltoall: 'all-to-all',
  sendrecv: 'send-recv',
};

export interface ClusterShape {
  nodes: number;
  devicesPerNode: number;
  devices: number;
  /** NICs per node (rails) */
  nics: number;
}

export function clusterShape(cluster: ClusterSpec): ClusterShape {
  const live = cluster.nodes.filter((g) => g.count > 0);
  const nodes = live.reduce((s, g) => s + g.count, 0);
  const devicesPerNode = live[0]?.profile.devicesPerNode ?? 0;
  return { nodes, devicesPerNode, devices: live.reduce((s, g) => s + g.count * g.profile.devicesPerNode, 0), nics: live[0]?.profile.nics.count ?? 0 };
}

/** Global device ids of the job's ranks, in rank order. Callers check the job fits first (issues.ts). */
export function rankDevices(job: Pick<CollectiveWorkload, 'ranks' | 'ranksPerNode'>, shape: ClusterShape): number[] {
  const out: number[] = [];
  for (let i = 0; i < job.ranks; i++) out.push(Math.floor(i / job.ranksPerNode) * shape.devicesPerNode + (i % job.ranksPerNode));
  return out;
}

/** nodes the ranks span */
export function nodesSpanned(job: Pick<CollectiveWorkload, 'ranks' | 'ranksPerNode'>): number {
  return Math.ceil(job.ranks / job.ranksPerNode);
}

/**
 * NIC rails a node's ranks drive: GPU l uses NIC floor(l · nics / devicesPerNode) (fabric/topology), so the
 * first node's (fullest) locals 0..k−1 reach this many distinct rails.
 */
export function railsPerNode(job: Pick<CollectiveWorkload, 'ranks' | 'ranksPerNode'>, shape: ClusterShape): number {
  const k = Math.min(job.ranks, job.ranksPerNode);
  const rails = new Set<number>();
  for (let l = 0; l < k; l++) rails.add(Math.floor((l * shape.nics) / shape.devicesPerNode));
  return rails.size;
}
