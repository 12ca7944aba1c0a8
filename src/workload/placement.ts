/**
 * Placement: which devices each job of a scenario holds (pipeline phase 4). The jobs of one scenario run
 * side by side on disjoint devices; this file hands them out, node by node, and says why when it cannot.
 *
 * A job asks for `ranks` devices, `ranksPerNode` on each node it uses (the last node may hold fewer), so it
 * needs ceil(ranks / ranksPerNode) nodes with that many free devices. Policies (PlacementSetting):
 *  - packed (default): the nodes in cluster order that still have room; on each, the lowest free local
 *    devices. With one job this is the node-major layout of `mpirun -N ranksPerNode` from device 0.
 *  - scattered: round-robin over the leaf groups (a node's leaf is that of its first GPU's NIC; in a
 *    rail-optimised fabric that is its scalable unit), each turn taking the group's next node with room;
 *    ranks follow the order the nodes were taken, so consecutive ranks sit under different leaves, as a
 *    scheduler that spreads a job does. Without a switched fabric every node is one group (= packed).
 *  - rail-aligned: whole free nodes in order; on each, the first ranksPerNode local devices in rail order
 *    (one GPU per NIC rail before a second on any rail), so the j-th member of every node uses the same
 *    rail and inter-node hops of a rail-aware ring stay under one rail leaf.
 *  - { nodes: [...] }: exactly these nodes (0-based, cluster order), rank order following the list; they
 *    are placed before every policy-placed job, in scenario order, so policies fill around them.
 * Problems (an index past the cluster, a repeated node, a node another list already holds, too few free
 * nodes for a policy) are `inconsistent` issues at the job's placement with a hint.
 */
import type { ClusterSpec, PlacementSetting } from '../config/scenario-types.ts';
import { buildTopology, leafOfGpu } from '../fabric/topology/index.ts';
import type { WorkloadIssue } from './issue.ts';

export interface PlacementRequest {
  name: string;
  ranks: number;
  ranksPerNode: number;
  placement: PlacementSetting | undefined;
}

export interface NodeLayout {
  nodes: number;
  devicesPerNode: number;
  /** NIC rails per node (GPU l is on rail floor(l · nics / devicesPerNode)) */
  nics: number;
  /** leaf group of each node; all equal when the fabric has no leaves */
  leafOf: readonly number[];
}

export interface JobPlacement {
  /** global device ids in rank order (node-major numbering: node · devicesPerNode + local) */
  devices: number[];
  /** the nodes used, in rank order */
  nodes: number[];
}

export interface PlacementOutcome {
  /** by request index; null where the job could not be placed (see issues) */
  placements: (JobPlacement | null)[];
  issues: { index: number; issue: WorkloadIssue }[];
}

/** Local device indices in rail order: one per rail first, then a second on each rail, and so on. */
export function railOrder(devicesPerNode: number, nics: number): number[] {
  const locals = Array.from({ length: devicesPerNode }, (_, l) => l);
  if (nics <= 0 || nics >= devicesPerNode) return locals;
  const rail = (l: number) => Math.floor((l * nics) / devicesPerNode);
  const within = (l: number) => locals.filter((m) => rail(m) === rail(l)).indexOf(l);
  return locals.sort((a, b) => within(a) - within(b) || rail(a) - rail(b));
}

function nodesNeeded(r: PlacementRequest): number {
  return Math.ceil(r.ranks / r.ranksPerNode);
}

/** devices the i-th node of the job holds (the last node may hold fewer) */
function takeOn(r: PlacementRequest, i: number): number {
  return Math.min(r.ranksPerNode, r.ranks - i * r.ranksPerNode);
}

const policyName = (p: PlacementSetting | undefined): string => (p === undefined ? 'packed' : typeof p === 'string' ? p : 'nodes');

export function placeJobs(requests: readonly PlacementRequest[], layout: NodeLayout): PlacementOutcome {
  const free: number[][] = Array.from({ length: layout.nodes }, () => Array.from({ length: layout.devicesPerNode }, (_, l) => l));
  const holder: (string | undefined)[] = new Array<string | undefined>(layout.nodes);
  const placements: (JobPlacement | null)[] = requests.map(() => null);
  const issues: PlacementOutcome['issues'] = [];
  const issue = (index: number, message: string, hint: string): void => {
    issues.push({ index, issue: { path: requests[index]!.placement === undefined ? '' : 'placement', code: 'inconsistent', message, hint } });
  };
  const freeNodes = (k: number): number[] => free.flatMap((f, n) => (f.length >= k ? [n] : []));
  const claim = (r: PlacementRequest, nodes: number[], rail: boolean): JobPlacement => {
    const devices: number[] = [];
    nodes.forEach((n, i) => {
      const k = takeOn(r, i);
      const order = rail ? railOrder(layout.devicesPerNode, layout.nics) : free[n]!;
      const locals = order.slice(0, k);
      free[n] = free[n]!.filter((l) => !locals.includes(l));
      holder[n] ??= r.name;
      for (const l of locals) devices.push(n * layout.devicesPerNode + l);
    });
    return { devices, nodes };
  };

  // explicit lists first, so the policies fill around them
  requests.forEach((r, i) => {
    const p = r.placement;
    if (typeof p !== 'object') return;
    const need = nodesNeeded(r);
    const bad = p.nodes.find((n) => n >= layout.nodes);
    const dup = p.nodes.find((n, k) => p.nodes.indexOf(n) !== k);
    const taken = p.nodes.find((n, k) => free[n] !== undefined && free[n]!.length < takeOn(r, k));
    if (p.nodes.length !== need) {
      issue(i, `${r.ranks} ranks at ${r.ranksPerNode} per node need ${need} nodes but placement.nodes lists ${p.nodes.length}`, `list exactly ${need} node indices, or use placement: packed`);
    } else if (bad !== undefined) {
      issue(i, `placement.nodes names node ${bad} but the cluster has nodes 0..${layout.nodes - 1}`, `use node indices below ${layout.nodes}`);
    } else if (dup !== undefined) {
      issue(i, `placement.nodes lists node ${dup} twice`, 'list each node once');
    } else if (taken !== undefined) {
      const spare = freeNodes(r.ranksPerNode).filter((n) => !p.nodes.includes(n)).slice(0, 8);
      issue(i, `node ${taken} is already held by workload ${holder[taken] ?? '?'}: the workloads of a scenario run on disjoint devices`, spare.length > 0 ? `list nodes no other workload uses (free: ${spare.join(', ')}${spare.length === 8 ? ', …' : ''})` : 'use fewer ranks, or add nodes');
    } else {
      placements[i] = claim(r, [...p.nodes], false);
    }
  });

  requests.forEach((r, i) => {
    const p = r.placement;
    if (typeof p === 'object') return;
    const need = nodesNeeded(r);
    const rail = p === 'rail-aligned';
    // rail-aligned needs whole nodes; the others a node with room for the ranks it would hold there
    const room = rail ? layout.devicesPerNode : r.ranksPerNode;
    const candidates = freeNodes(room);
    if (candidates.length < need) {
      issue(i, `${r.name} needs ${need} ${rail ? 'whole free nodes' : `nodes with ${room} free devices`} (${policyName(p)}) but only ${candidates.length} remain after the workloads placed before it`, 'give the workloads fewer ranks, add nodes, or place the jobs with explicit placement.nodes lists');
      return;
    }
    const nodes = p === 'scattered' ? roundRobin(candidates, layout.leafOf, need) : candidates.slice(0, need);
    placements[i] = claim(r, nodes, rail);
  });
  return { placements, issues };
}

/** `need` of the candidate nodes, one per leaf group in turn (groups in order of their first node). */
function roundRobin(candidates: readonly number[], leafOf: readonly number[], need: number): number[] {
  const groups = new Map<number, number[]>();
  for (const n of candidates) {
    const g = leafOf[n] ?? -1;
    const list = groups.get(g);
    if (list === undefined) groups.set(g, [n]);
    else list.push(n);
  }
  const queues = [...groups.values()];
  const out: number[] = [];
  for (let depth = 0; out.length < need; depth++) {
    for (const q of queues) if (depth < q.length && out.length < need) out.push(q[depth]!);
  }
  return out;
}

/** The cluster as placement sees it: node count, devices and rails per node, each node's leaf group. */
export function clusterLayout(cluster: ClusterSpec): NodeLayout {
  const live = cluster.nodes.filter((g) => g.count > 0);
  const nodes = live.reduce((s, g) => s + g.count, 0);
  const devicesPerNode = live[0]?.profile.devicesPerNode ?? 0;
  let leafOf: number[] = new Array<number>(nodes).fill(-1);
  if (cluster.scaleOut !== null && nodes > 0) {
    try {
      const topo = buildTopology(cluster);
      leafOf = Array.from({ length: nodes }, (_, n) => leafOfGpu(topo, n * topo.gpusPerNode));
    } catch {
      // a fabric that cannot be built is reported by the workload checks; place as if leafless meanwhile
    }
  }
  return { nodes, devicesPerNode, nics: live[0]?.profile.nics.count ?? 0, leafOf };
}
