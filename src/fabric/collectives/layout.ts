/**
 * Where a collective's ranks sit, and the NCCL-style rings laid over them.
 *
 * Ring order (NCCL builds its rings from the topology inside a node and follows the rank order across nodes;
 * NCCL_CROSS_NIC=0 keeps every inter-node hop on one rail). Ranks are grouped by node, nodes visited in the
 * order of their first rank (so a placement that interleaves leaves makes every hop cross them). Channel c picks two
 * members per node, p_c on rail (c mod R) and q_c on the next rail present (or the next member of the
 * same rail when a node uses one rail), R = rails the node's members use. Node j is entered at the member
 * with the local index the previous node left from and left from the other of {p_c, q_c}: even nodes run
 * p_c → … → q_c, odd nodes q_c → … → p_c, the members in between in index order. The GPU leaving node j
 * and the one entering node j+1 then have the same local index, hence the same NIC rail: the hop stays
 * under one rail leaf. With an even node count the ring closes rail-locally too; with an odd count the
 * closing hop goes q_c → p_c across rails (through the spine) — NCCL would route it through the entry
 * GPU's NIC (PXN), which the GPU-to-GPU transfer contract cannot express. Over C channels the leaving
 * GPUs cover the rails round-robin, so with C = R each NIC carries one channel per direction.
 * Channels beyond the members per node would repeat the same routes, so C is capped there and each
 * channel carries S / C: the link loads are those of NCCL's C_NCCL channels, with fewer flows.
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

/** p_c and q_c of a node (see header) */
export function entryPair(topo: Topology, members: readonly number[], c: number): [number, number] {
  const rails = new Map<number, number[]>();
  for (const r of members) {
    const rail = railOf(topo, r);
    const list = rails.get(rail);
    if (list === undefined) rails.set(rail, [r]);
    else list.push(r);
  }
  const keys = [...rails.keys()].sort((a, b) => a - b);
  const i = c % keys.length;
  const k = Math.floor(c / keys.length);
  const first = rails.get(keys[i]!)!;
  const p = first[k % first.length]!;
  if (keys.length === 1) return [p, first[(k + 1) % first.length]!];
  const second = rails.get(keys[(i + 1) % keys.length]!)!;
  return [p, second[k % second.length]!];
}

function railRing(topo: Topology, nodes: readonly NodeMembers[], c: number): number[] {
  const order: number[] = [];
  const local = (r: number): number => r % topo.gpusPerNode;
  let firstEntry = -1;
  let prevExit = -1;
  nodes.forEach((g, j) => {
    const [p, q] = entryPair(topo, g.ranks, c);
    const same = prevExit < 0 ? undefined : g.ranks.find((r) => local(r) === local(prevExit));
    const entry = same ?? p;
    let exit = entry === p ? q : p;
    if (j === nodes.length - 1 && firstEntry >= 0) {
      // close the ring on the first node's entry rail when that GPU is free here
      const closing = g.ranks.find((r) => local(r) === local(firstEntry) && r !== entry);
      if (closing !== undefined) exit = closing;
    }
    if (g.ranks.length === 1) exit = entry;
    order.push(entry, ...g.ranks.filter((r) => r !== entry && r !== exit));
    if (exit !== entry) order.push(exit);
    if (j === 0) firstEntry = entry;
    prevExit = exit;
  });
  return order;
}
