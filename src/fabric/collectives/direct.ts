/**
 * Point-to-point collectives:
 *  - send-recv: one flow of S bytes from ranks[0] to ranks[1] (its route latency is its α).
 *  - broadcast / reduce: a pipelined binary tree rooted at the root (ranks in order, rotated so the root
 *    is first, in heap layout: the parent of position i is (i−1)/2). Every tree edge carries S, all edges
 *    at once (chunks stream down for broadcast, up for reduce), after D·α, D = ⌊log2 n⌋ the depth.
 *    An interior rank feeds two children, so through one port (a crossbar) the tree attains half the
 *    chain's bandwidth with log-depth rather than linear latency; the ring algorithm (ring.ts) is the
 *    pipelined chain, NCCL's choice for both.
 */
import type { ProcessGenerator } from '../../sim/index.ts';
import { phase, rootOf } from './launch.ts';
import type { FlowSpec } from './launch.ts';
import { stepLatency } from './layout.ts';
import type { CollectiveAlgorithm, CollectiveCall, CollectiveContext, CollectiveOp } from './types.ts';

const OPS: ReadonlySet<CollectiveOp> = new Set(['send-recv', 'broadcast', 'reduce']);

export function binaryTreeFlows(call: CollectiveCall): FlowSpec[] {
  const sorted = [...call.ranks].sort((a, b) => a - b);
  const at = sorted.indexOf(rootOf(call));
  const order = [...sorted.slice(at), ...sorted.slice(0, at)];
  const flows: FlowSpec[] = [];
  for (let i = 1; i < order.length; i++) {
    const parent = order[(i - 1) >> 1]!;
    const child = order[i]!;
    flows.push(call.op === 'reduce' ? { src: child, dst: parent, bytes: call.bytes } : { src: parent, dst: child, bytes: call.bytes });
  }
  return flows;
}

export const direct: CollectiveAlgorithm = {
  name: 'direct',
  supports: (op) => OPS.has(op),
  applicable: (_ctx, call) => OPS.has(call.op),
  *run(ctx: CollectiveContext, call: CollectiveCall): ProcessGenerator<number> {
    const t0 = ctx.sim.now;
    const n = call.ranks.length;
    if (n <= 1) return 0;
    if (call.op === 'send-recv') {
      yield* phase(ctx, call, 0, 0, [{ src: call.ranks[0]!, dst: call.ranks[1]!, bytes: call.bytes }]);
      return ctx.sim.now - t0;
    }
    if (call.bytes === 0) return 0;
    const alpha = stepLatency(ctx, call.ranks);
    yield* phase(ctx, call, Math.floor(Math.log2(n)) * alpha, alpha, binaryTreeFlows(call));
    return ctx.sim.now - t0;
  },
};
