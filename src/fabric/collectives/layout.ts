/**
 * Where a collective's ranks sit, and the NCCL-style rings laid over them.
 *
 * Ring order (NCCL builds its rings from the topology inside a node and follows the rank order across
 * nodes; NCCL_CROSS_NIC=0 keeps every inter-node hop on one rail). Ranks are grouped by node, nodes visited
 * in the order of their first rank (so a placement that interleaves leaves makes every hop cross them).
 * Channel c picks two members per node: p_c on rail (c mod R), R = rails the node's members use, and q_c
 * half the node's members further on (its antipode). Node j is entered at the member with the local index
 * the previous node left from and left from the other of {p_c, q_c}: even nodes run p_c → … → q_c, odd
 * nodes the same path reversed (nodePath: a zigzag, so that on a GPU mesh the channels use disjoint
 * links). The GPU leaving node j and the one entering node j+1 then have the same local index, hence the
 * same NIC rail: the hop stays under one rail leaf. With an even node count the ring closes rail-locally
 * too; with an odd count the closing hop goes q_c → p_c across rails, which routing sends over NVLink to a
 * GPU on p_c's rail first (PXN, topology/routing.ts). Over C channels the leaving GPUs cover the rails
 * round-robin, so with C = R each NIC carries one channel per direction. Channels beyond the members per
 * node would repeat the same routes, so C is capped there and each channel carries S / C: the link loads
 * are those of NCCL's channels, with fewer flows.
 *
 * Inside one scale-up domain: through a crossbar (NVSwitch) every ring order loads each GPU port once, so
 * one ring suffices; on a direct GPU mesh (e.g. MI300X Infinity Fabric) channel c steps by the c-th
 * stride k coprime with n (member i → member i + k mod n), so different channels use different links.
 *
 * Per-step latency α (NCCL's ring latency model, nccl src/graph/tuning.cc: every step waits for the
 * slowest hop): the scale-up profile's α inside one domain, the larger of scale-up and scale-out α across
 * domains; 0 where no profile gives one (the transfers' route latency is then the only latency).
 */
import type { Topology } from '../topology/types.ts';
import type { CollectiveCall, CollectiveContext } from './types.ts';

export interface NodeMembers {
  node: number;
  /** global ranks of the call on this node, ascending */
  ranks: number[];
}

export function nodeOf(topo: Topology, gpu: number): number {
  return Math.floor(gpu / topo.gpusPerNode);
}

export function railOf(topo: Topology, gpu: number): number {
  if (topo.nicsPerNode <= 0) return 0;
  return Math.floor(((gpu % topo.gpusPerNode) * topo.nicsPerNode) / topo.gpusPerNode);
}

/**
 * Ranks grouped by node. Nodes come in the order of their first rank in `ranks` (the communicator's rank
 * order, which NCCL follows across nodes); members of a node ascend (the intra-node order is NCCL's
 * topology search, and any order is equivalent through a crossbar).
 */
export function byNode(topo: Topology, ranks: readonly number[]): NodeMembers[] {
  const groups = new Map<number, number[]>();
  for (const r of ranks) {
    const n = nodeOf(topo, r);
    const list = groups.get(n);
    if (list === undefined) groups.set(n, [r]);
    else list.push(r);
  }
  return [...groups.entries()].map(([node, rs]) => ({ node, ranks: rs.sort((a, b) => a - b) }));
}

/** whether all ranks share one scale-up domain (domains are consecutive blocks of scaleUpDomainSize GPUs) */
export function singleDomain(topo: Topology, ranks: readonly number[]): boolean {
  const size = Math.max(1, topo.scaleUpDomainSize);
  const d = Math.floor(ranks[0]! / size);
  return ranks.every((r) => Math.floor(r / size) === d);
}

/** α of one ring step for this rank set (see header) */
export function stepLatency(ctx: CollectiveContext, ranks: readonly number[]): number {
  const up = ctx.scaleUp?.latencySeconds ?? 0;
  if (singleDomain(ctx.backend.topology, ranks)) return up;
  return Math.max(up, ctx.scaleOut?.latencySeconds ?? 0);
}

/** whether the first two ranks have a direct GPU-to-GPU link (a mesh rather than a crossbar) */
export function isMesh(topo: Topology, ranks: readonly number[]): boolean {
  if (ranks.length < 2) return false;
  const a = topo.gpuVertex[ranks[0]!]!;
  const b = topo.gpuVertex[ranks[1]!]!;
  for (let k = topo.outStart[a]!; k < topo.outStart[a + 1]!; k++) if (topo.links[topo.out[k]!]!.to === b) return true;
  return false;
}

/** NCCL channels requested: the call's, else one per NIC rail (at least one) */
export function requestedChannels(topo: Topology, call: CollectiveCall): number {
  const c = call.channels ?? Math.max(1, topo.nicsPerNode);
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`channels must be an integer >= 1, got ${c}`);
  return c;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** One ring order (global ranks) per channel actually used; see the header for the construction. */
export function ringOrders(topo: Topology, ranks: readonly number[], channels: number): number[][] {
  const sorted = [...ranks].sort((a, b) => a - b);
  const n = sorted.length;
  if (n <= 2) return [sorted];
  if (singleDomain(topo, sorted)) {
    if (!isMesh(topo, sorted)) return [sorted];
    const strides: number[] = [];
    for (let k = 1; k < n; k++) if (gcd(k, n) === 1) strides.push(k);
    return strides.slice(0, Math.min(channels, strides.length)).map((k) => sorted.map((_, i) => sorted[(i * k) % n]!));
  }
  const nodes = byNode(topo, ranks);
  const perNode = Math.max(...nodes.map((g) => g.ranks.length));
  const orders: number[][] = [];
  for (let c = 0; c < Math.min(channels, perNode); c++) orders.push(railRing(topo, nodes, c));
  return orders;
}

/** p_c and q_c of a node (see header): p_c on rail c mod R, q_c half the node's members further on */
export function entryPair(topo: Topology, members: readonly number[], c: number): [number, number] {
  const rails = new Map<number, number[]>();
  for (const r of members) {
    const rail = railOf(topo, r);
    const list = rails.get(rail);
    if (list === undefined) rails.set(rail, [r]);
    else list.push(r);
  }
  const keys = [...rails.keys()].sort((a, b) => a - b);
  const onRail = rails.get(keys[c % keys.length]!)!;
  const p = onRail[Math.floor(c / keys.length) % onRail.length]!;
  const g = members.length;
  return [p, members[(members.indexOf(p) + Math.floor(g / 2)) % g]!];
}

/**
 * A path through all `members` (ascending) from p to its antipode q. For an even count ≥ 4 it is Walecki's
 * zigzag p, p+1, p−1, p+2, p−2, …, p+g/2 (member indices mod g): the zigzags from the first g/2 members
 * and their reverses (which are the zigzags from the other g/2) use every directed member pair once, so
 * on a GPU mesh the channels' intra-node hops never share a link. Otherwise p, the rest ascending, q.
 */
function nodePath(members: readonly number[], p: number, q: number): number[] {
  const g = members.length;
  const i = members.indexOf(p);
  if (g % 2 === 1 || g < 4) return [p, ...members.filter((r) => r !== p && r !== q), q];
  const path = [p];
  for (let t = 1; t < g; t++) path.push(members[(i + (t % 2 === 1 ? (t + 1) / 2 : g - t / 2)) % g]!);
  return path;
}

function railRing(topo: Topology, nodes: readonly NodeMembers[], c: number): number[] {
  const order: number[] = [];
  const local = (r: number): number => r % topo.gpusPerNode;
  let firstEntry = -1;
  let prevExit = -1;
  nodes.forEach((g, j) => {
    if (g.ranks.length === 1) {
      order.push(g.ranks[0]!);
      if (j === 0) firstEntry = g.ranks[0]!;
      prevExit = g.ranks[0]!;
      return;
    }
    const [p, q] = entryPair(topo, g.ranks, c);
    const entry = (prevExit < 0 ? undefined : g.ranks.find((r) => local(r) === local(prevExit))) ?? p;
    let path = entry === p ? nodePath(g.ranks, p, q) : entry === q ? nodePath(g.ranks, p, q).reverse() : undefined;
    let exit = path?.[path.length - 1] ?? (entry === p ? q : p);
    if (j === nodes.length - 1 && firstEntry >= 0 && local(exit) !== local(firstEntry)) {
      // close the ring on the first node's entry rail when that GPU is free here
      const closing = g.ranks.find((r) => local(r) === local(firstEntry) && r !== entry);
      if (closing !== undefined) {
        exit = closing;
        path = undefined;
      }
    }
    order.push(...(path ?? [entry, ...g.ranks.filter((r) => r !== entry && r !== exit), exit]));
    if (j === 0) firstEntry = entry;
    prevExit = exit;
  });
  return order;
}
