/**
 * Hierarchical (rail-aware) all-reduce, three phases in sequence (Horovod's hierarchical all-reduce; the
 * 2D scheme of Jia et al., "Highly Scalable Deep Learning Training System with Mixed-Precision", 2018):
 *
 *   1. inside every node, a ring reduce-scatter over its g members: each member ends with S/g reduced
 *      over its node;                         flows (g−1)/g·S per ring edge,  g−1 steps of α_up
 *   2. across nodes, for each local index i, a ring all-reduce of that S/g shard over the m members with
 *      local index i — the same rail in every node, so these rings stay under their rail's leaf;
 *                                               flows 2(m−1)/m·S/g per edge,  2(m−1) steps of α
 *   3. inside every node, a ring all-gather (the mirror of 1).
 *
 * Each phase is its concurrent flows; a phase starts when the previous one has finished everywhere (no
 * chunk pipelining between phases, unlike NCCL's tree and CollNet — see sharp.ts for the pipelined
 * variant). Uncongested, t = 2[(g−1)·α_up + (g−1)/g·S/β_up] + 2(m−1)·α + 2(m−1)/m·(S/g)/β_nic.
 * Needs the same local indices on every node (a rectangular group); otherwise not applicable.
 */
import type { ProcessGenerator } from '../../sim/index.ts';
import type { Topology } from '../topology/types.ts';
import { chainFlows, phase } from './launch.ts';
import type { FlowSpec } from './launch.ts';
import { byNode, requestedChannels, ringOrders, stepLatency } from './layout.ts';
import type { CollectiveAlgorithm, CollectiveCall, CollectiveContext } from './types.ts';

/** Per node its members (ascending), when every node holds the same local indices; else undefined. */
export function rectangularGroups(topo: Topology, ranks: readonly number[]): number[][] | undefined {
  const nodes = byNode(topo, ranks);
  if (nodes.length < 2) return undefined;
  const locals = (rs: readonly number[]): string => rs.map((r) => r % topo.gpusPerNode).join(',');
  const first = locals(nodes[0]!.ranks);
  return nodes.every((x) => locals(x.ranks) === first) ? nodes.map((x) => x.ranks) : undefined;
}

/** intra-node ring flows moving `factor`·S per edge, all nodes at once */
export function intraNodeFlows(ctx: CollectiveContext, call: CollectiveCall, groups: readonly number[][], factor: number, salt: number): FlowSpec[] {
  const flows: FlowSpec[] = [];
  for (const members of groups) {
    if (members.length < 2) continue;
    const orders = ringOrders(ctx.backend.topology, members, requestedChannels(ctx.backend.topology, call));
    for (const order of orders) flows.push(...chainFlows(order, (factor * call.bytes) / orders.length, true, salt));
  }
  return flows;
}

/** for each local index, a ring over the nodes moving `bytesPerEdge` */
export function railRingFlows(groups: readonly number[][], bytesPerEdge: number, salt: number): FlowSpec[] {
  const flows: FlowSpec[] = [];
  for (let i = 0; i < groups[0]!.length; i++) flows.push(...chainFlows(groups.map((members) => members[i]!), bytesPerEdge, true, salt));
  return flows;
}

export const hierarchical: CollectiveAlgorithm = {
  name: 'hierarchical',
  supports: (op) => op === 'all-reduce',
  applicable: (ctx, call) => call.op === 'all-reduce' && rectangularGroups(ctx.backend.topology, call.ranks) !== undefined,
  *run(ctx: CollectiveContext, call: CollectiveCall): ProcessGenerator<number> {
    const t0 = ctx.sim.now;
    if (call.ranks.length <= 1 || call.bytes === 0) return 0;
    const groups = rectangularGroups(ctx.backend.topology, call.ranks);
    if (groups === undefined) throw new RangeError('hierarchical all-reduce needs the same local GPUs on at least two nodes');
    const g = groups[0]!.length;
    const m = groups.length;
    const up = ctx.scaleUp?.latencySeconds ?? 0;
    const across = stepLatency(ctx, call.ranks);
    if (g > 1) yield* phase(ctx, call, (g - 1) * up, up, intraNodeFlows(ctx, call, groups, (g - 1) / g, 0));
    yield* phase(ctx, call, 2 * (m - 1) * across, across, railRingFlows(groups, (2 * (m - 1) * call.bytes) / (m * g), 1));
    if (g > 1) yield* phase(ctx, call, (g - 1) * up, up, intraNodeFlows(ctx, call, groups, (g - 1) / g, 2));
    return ctx.sim.now - t0;
  },
};
