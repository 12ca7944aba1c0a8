/**
 * What is wrong with a collective workload on a cluster, before simulating it (pipeline phase 4): ranks that
 * do not fit the cluster or its nodes, a send/recv that is not a pair, ranks spanning nodes with no network
 * between them, and a forced algorithm the operation or the hardware does not allow. Paths are relative to
 * the workload (the caller prefixes `workloads[i].`).
 */
import type { ClusterSpec, CollectiveWorkload } from '../../config/scenario-types.ts';
import { createBackend, tierEfficiency } from '../../fabric/backend/registry.ts';
import { ALGORITHMS, algorithmNames } from '../../fabric/collectives/registry.ts';
import { clusterSetup, collectiveContext, resolveAlgorithm } from '../../fabric/collectives/run.ts';
import type { AlgorithmName, CollectiveCall, CollectiveContext } from '../../fabric/collectives/types.ts';
import { buildTopology, scaleUpKind } from '../../fabric/topology/index.ts';
import type { Topology } from '../../fabric/topology/types.ts';
import { Simulation } from '../../sim/index.ts';
import type { WorkloadIssue } from '../issue.ts';
import { clusterShape, FABRIC_OP, nodesSpanned, rankDevices } from './placement.ts';

/** Why an algorithm may not apply, for the hint (the conditions are in each algorithm's `applicable`). */
const NEEDS: Readonly<Record<AlgorithmName, string>> = {
  ring: 'ring runs all_reduce, all_gather, reduce_scatter, broadcast and reduce',
  tree: 'tree runs all_reduce only',
  hierarchical: 'hierarchical needs all_reduce over the same local devices on at least two nodes',
  nvls: 'nvls needs all_reduce inside one NVSwitch domain whose switches reduce (NVLink 4 or later)',
  sharp: 'sharp needs all_reduce over the same local devices on at least two nodes and a scale-out fabric with in-network reduction (InfiniBand SHARP)',
  pairwise: 'pairwise runs alltoall only',
  direct: 'direct runs sendrecv, broadcast and reduce',
};

function placementIssues(job: CollectiveWorkload, cluster: ClusterSpec): WorkloadIssue[] {
  const shape = clusterShape(cluster);
  const out: WorkloadIssue[] = [];
  const node = cluster.nodes[0]!.profile;
  if (job.ranksPerNode > shape.devicesPerNode) {
    out.push({ path: 'ranksPerNode', code: 'does-not-fit', message: `ranksPerNode ${job.ranksPerNode} exceeds the ${shape.devicesPerNode} devices of a ${node.id} node`, hint: `set ranksPerNode: ${shape.devicesPerNode} or less` });
    return out;
  }
  const nodesNeeded = nodesSpanned(job);
  if (nodesNeeded > shape.nodes) {
    const fit = shape.nodes * job.ranksPerNode;
    const perNode = job.ranksPerNode === shape.devicesPerNode ? `${shape.devicesPerNode} each` : `${job.ranksPerNode} ranks per node`;
    out.push({
      path: 'ranks',
      code: 'does-not-fit',
      message: `${job.ranks} ranks need ${nodesNeeded} nodes (${perNode}) but the cluster has ${shape.nodes} (${shape.devices} devices)`,
      hint: fit >= 2 ? `set ranks: ${fit}, or use ${nodesNeeded} ${node.id} nodes` : `use ${nodesNeeded} ${node.id} nodes`,
    });
  }
  if (job.op === 'sendrecv' && job.ranks !== 2) {
    out.push({ path: 'ranks', code: 'inconsistent', message: `sendrecv measures one pair of ranks, not ${job.ranks}`, hint: 'set ranks: 2 (with ranksPerNode: 1 to put the pair on two nodes)' });
  }
  if (nodesNeeded > 1 && nodesNeeded <= shape.nodes && cluster.scaleOut === null && scaleUpKind(cluster.nodes[0]!) !== 'ici') {
    out.push({ path: 'ranks', code: 'inconsistent', message: `the ${job.ranks} ranks span ${nodesNeeded} nodes but the cluster has no scale-out fabric`, hint: 'add cluster.scaleOut (e.g. { profile: ib-ndr-400, topology: rail-optimized }), or fit the ranks in one node' });
  }
  return out;
}

/** The collective context a check uses: a fresh simulation and backend on the cluster's fabric, profiles and NCCL settings. */
export function clusterCollectiveContext(cluster: ClusterSpec, topology: Topology, backend: 'analytical' | 'flow'): CollectiveContext {
  const sim = new Simulation();
  const setup = clusterSetup(cluster);
  return collectiveContext(sim, createBackend(backend, { sim, topology, efficiency: tierEfficiency(setup.scaleUp, setup.scaleOut) }), setup);
}

function algorithmIssues(job: CollectiveWorkload, cluster: ClusterSpec): WorkloadIssue[] {
  let topology: Topology;
  try {
    topology = buildTopology(cluster);
  } catch {
    // reported once, at the cluster, by check.ts (fabricIssues)
    return [];
  }
  if (job.algorithm === 'auto') return [];
  const ctx = clusterCollectiveContext(cluster, topology, 'analytical');
  const call: CollectiveCall = { op: FABRIC_OP[job.op], ranks: rankDevices(job, clusterShape(cluster)), bytes: job.sizesBytes.at(-1) ?? 0, algorithm: job.algorithm };
  if (job.channels !== null) call.channels = job.channels;
  try {
    resolveAlgorithm(ctx, call);
    return [];
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const usable = algorithmNames.filter((a) => ALGORITHMS[a].supports(call.op) && ALGORITHMS[a].applicable(ctx, { ...call, algorithm: a }));
    const supported = ALGORITHMS[job.algorithm].supports(call.op);
    return [{
      path: 'algorithm',
      code: supported ? 'not-supported' : 'inconsistent',
      message: supported ? `algorithm ${job.algorithm} cannot run this ${job.op} here: ${NEEDS[job.algorithm]}` : `algorithm ${job.algorithm} does not implement ${job.op}: ${NEEDS[job.algorithm]}`,
      hint: `use algorithm: auto${usable.length > 0 ? `, or one of ${usable.join(', ')}` : ''}`,
    }];
  }
}

export function collectiveIssues(job: CollectiveWorkload, cluster: ClusterSpec): WorkloadIssue[] {
  if (cluster.nodes.every((g) => g.count === 0)) return [{ path: '', code: 'inconsistent', message: 'the cluster has no nodes to run on', hint: 'add cluster.nodes' }];
  const placement = placementIssues(job, cluster);
  // The algorithm check places the ranks on the fabric, so it needs a placement that fits.
  return placement.length > 0 ? placement : algorithmIssues(job, cluster);
}
