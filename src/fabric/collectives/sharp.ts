/**
 * InfiniBand SHARP all-reduce (in-network reduction in the switches; NCCL's CollNet Direct with the SHARP
 * plugin), for scale-out fabrics whose profile has inNetworkReduction, across ≥ 2 nodes holding the
 * same local GPUs:
 *
 *   intra-node reduce-scatter (ring, (g−1)/g·S per edge) -> every GPU sends its S/g shard into the
 *   switch tree through its own NIC and receives the S/g reduced over all nodes -> intra-node all-gather.
 *
 * The switches reduce, so a NIC moves S/g per direction, against 2(m−1)/m·S/g for a ring across nodes:
 * about twice the ring's bus bandwidth when the NICs are the bottleneck. The aggregation tree inside the
 * fabric is not laid out link by link: the network phase is loaded as, per local index i, a permutation
 * node j -> node j+1 of S/g-byte flows between the GPUs with local index i, which puts exactly S/g on each
 * of their NIC links each way (and on the leaf, whose ports are what SHARP uses first).
 *
 * Pipelined: CollNet streams chunks through the three stages at once, so all flows of the three phases
 * run concurrently (the two intra-node phases then share each GPU's port: NVLink, not the NIC, often
 * bounds it). Latency: 2·α_up + 2·α_out (into the switch tree and back; switch hops are ~0.1 µs each).
 * No measurement in the validation set; the scale-out profile's efficiency applies as for any flow.
 */
import type { ProcessGenerator } from '../../sim/index.ts';
import { phase } from './launch.ts';
import type { FlowSpec } from './launch.ts';
import { intraNodeFlows, rectangularGroups } from './hierarchical.ts';
import type { CollectiveAlgorithm, CollectiveCall, CollectiveContext } from './types.ts';

export const sharp: CollectiveAlgorithm = {
  name: 'sharp',
  supports: (op) => op === 'all-reduce',
  applicable: (ctx, call) =>
    call.op === 'all-reduce' && ctx.scaleOut?.inNetworkReduction === true && rectangularGroups(ctx.backend.topology, call.ranks) !== undefined,
  *run(ctx: CollectiveContext, call: CollectiveCall): ProcessGenerator<number> {
    const t0 = ctx.sim.now;
    if (call.ranks.length <= 1 || call.bytes === 0) return 0;
    const groups = rectangularGroups(ctx.backend.topology, call.ranks);
    if (groups === undefined) throw new RangeError('SHARP all-reduce needs the same local GPUs on at least two nodes');
    const g = groups[0]!.length;
    const m = groups.length;
    const flows: FlowSpec[] = [];
    if (g > 1) flows.push(...intraNodeFlows(ctx, call, groups, (g - 1) / g, 0));
    for (let i = 0; i < g; i++) {
      for (let j = 0; j < m; j++) flows.push({ src: groups[j]![i]!, dst: groups[(j + 1) % m]![i]!, bytes: call.bytes / g, salt: 1 });
    }
    if (g > 1) flows.push(...intraNodeFlows(ctx, call, groups, (g - 1) / g, 2));
    const up = ctx.scaleUp?.latencySeconds ?? 0;
    const out = ctx.scaleOut?.latencySeconds ?? 0;
    yield* phase(ctx, call, 2 * (g > 1 ? up : 0) + 2 * out, out, flows);
    return ctx.sim.now - t0;
  },
};
