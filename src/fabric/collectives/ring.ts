/**
 * Ring collectives as NCCL runs them: pipelined over C channels (layout.ts builds the rail-local ring of
 * each channel), every channel carrying S / C of the buffer.
 *
 * NCCL cuts each channel's share into chunks that stream around the ring, so in steady state every edge of
 * every ring is busy at once. We model that steady state directly: a channel's ring is its n edges as n
 * concurrent flows, each moving the bytes one rank sends over the whole operation,
 *
 *   all-reduce       V = 2(n−1)/n · S/C  per edge,  k = 2(n−1) steps
 *   reduce-scatter   V =  (n−1)/n · S/C,             k = n−1
 *   all-gather       V =  (n−1)/n · S/C,             k = n−1
 *   broadcast/reduce V = S/C on the n−1 edges of the ring opened at the root (a pipelined chain), k = n−1
 *
 * plus the latency of NCCL's protocol model (protocol.ts): base + per-step hop latencies, NVLink steps
 * and network steps each at their own figure. The protocol (LL, LL128, Simple) is NCCL's choice for the
 * size: the fastest of latency + V·C / (β · wire efficiency), β the uncongested bottleneck (rates.ts); the
 * flows then move V / efficiency bytes. Uncongested and with Simple this is t ≈ L + V·C / β, the closed
 * form of collective-cost.ts with its k·α replaced by NCCL's latency. A 16,384-rank ring is n·C flows
 * solved once, not 2(n−1) rounds. The ring's steps are its pipeline: no chunk fill is added (protocol.ts);
 * a broadcast or reduce chain pays one chunk per hop under Simple.
 */
import type { ProcessGenerator } from '../../sim/index.ts';
import { ringSteps, ringTrafficFactor } from '../collective-cost.ts';
import { chainFlows, phase, rootOf } from './launch.ts';
import type { FlowSpec } from './launch.ts';
import { requestedChannels, ringOrders, stepLatency } from './layout.ts';
import { PROTOCOL_WIRE_EFFICIENCY, availableProtocols, chainLatency, pickProtocol, ringLatency } from './protocol.ts';
import type { ProtocolChoice } from './protocol.ts';
import { callRates, ringBandwidth } from './rates.ts';
import type { CollectiveAlgorithm, CollectiveCall, CollectiveContext, CollectiveOp } from './types.ts';

const OPS: ReadonlySet<CollectiveOp> = new Set(['all-reduce', 'reduce-scatter', 'all-gather', 'broadcast', 'reduce']);

/** The ring's flows and step count for a call (exported for the conformance checks and choose.ts). */
export function ringPlan(ctx: CollectiveContext, call: CollectiveCall): { steps: number; flows: FlowSpec[] } {
  const n = call.ranks.length;
  const orders = ringOrders(ctx.backend.topology, call.ranks, requestedChannels(ctx.backend.topology, call));
  const c = orders.length;
  const flows: FlowSpec[] = [];
  if (call.op === 'broadcast' || call.op === 'reduce') {
    const root = rootOf(call);
    orders.forEach((order, ch) => {
      const at = order.indexOf(root);
      const fromRoot = [...order.slice(at), ...order.slice(0, at)];
      const chain = call.op === 'broadcast' ? fromRoot : [...fromRoot.slice(1), root];
      flows.push(...chainFlows(chain, call.bytes / c, false, ch));
    });
    return { steps: n - 1, flows };
  }
  const kind = call.op as 'all-reduce' | 'reduce-scatter' | 'all-gather';
  const v = (ringTrafficFactor(kind, n) * call.bytes) / c;
  orders.forEach((order, ch) => flows.push(...chainFlows(order, v, true, ch)));
  return { steps: ringSteps(kind, n), flows };
}

/** NCCL's protocol for this ring call and its latency (header) */
export function ringProtocol(ctx: CollectiveContext, call: CollectiveCall): ProtocolChoice {
  const r = callRates(ctx, call);
  const protocols = availableProtocols(ctx, r.one);
  const inter = r.one ? 0 : r.m;
  if (call.op === 'broadcast' || call.op === 'reduce') {
    return pickProtocol(protocols, call.bytes / ringBandwidth(r), (p) => chainLatency(ctx, p, r.n, r.one ? 1 : r.m));
  }
  const kind = call.op as 'all-reduce' | 'reduce-scatter' | 'all-gather';
  const interSteps = inter === 0 ? 0 : ringSteps(kind, inter);
  return pickProtocol(protocols, (ringTrafficFactor(kind, r.n) * call.bytes) / ringBandwidth(r), (p) => ringLatency(ctx, p, ringSteps(kind, r.n), interSteps, r.m));
}

export const ring: CollectiveAlgorithm = {
  name: 'ring',
  supports: (op) => OPS.has(op),
  applicable: (_ctx, call) => OPS.has(call.op),
  *run(ctx: CollectiveContext, call: CollectiveCall): ProcessGenerator<number> {
    const t0 = ctx.sim.now;
    if (call.ranks.length <= 1 || call.bytes === 0) return 0;
    const { flows } = ringPlan(ctx, call);
    const choice = ringProtocol(ctx, call);
    const e = PROTOCOL_WIRE_EFFICIENCY[choice.protocol];
    // the flows' own route latency is one step's α (launch.ts)
    yield* phase(ctx, call, choice.latencySeconds, stepLatency(ctx, call.ranks), flows.map((f) => ({ ...f, bytes: f.bytes / e })));
    return ctx.sim.now - t0;
  },
};
