/**
 * Running a phase of a collective: a set of concurrent transfers, preceded by the latency steps the
 * transfers themselves do not carry.
 *
 * Latency accounting. A phase of k pipelined steps of per-step latency α costs k·α in NCCL's model
 * (tuning.cc: latency + bytes / bandwidth). Each transfer already waits its route latency, which the
 * topology sets to one step's α on the fabric's shortest path (topology/figures.ts). So a phase waits
 * (k − 1)·α and then starts its transfers: one step's latency is the transfers' own, the rest are
 * explicit, and on an uncongested fabric the phase takes k·α + bytes / bandwidth.
 *
 * A phase's transfers go to the backend as one batch where it can take one (transferBatch): the analytical
 * backend then shares links among them (analytical.ts), so an algorithm's self-contention is seen at both
 * fidelities.
 *
 * Flow ids: a deterministic mix of (source, destination, salt) so ECMP spreads the flows of one collective
 * over equal-cost paths the way distinct NCCL connections (queue pairs) are hashed.
 */
import type { AnyEvent, ProcessGenerator } from '../../sim/index.ts';
import { canBatch } from '../backend/paths.ts';
import type { Transfer } from '../backend/types.ts';
import type { CollectiveCall, CollectiveContext } from './types.ts';

export interface FlowSpec {
  src: number;
  dst: number;
  bytes: number;
  /** rate cap, bytes/s (NVLS uses it for its protocol efficiency) */
  maxRate?: number;
  /** distinguishes flows between the same pair (channel, tree, phase) */
  salt?: number;
}

export function flowId(src: number, dst: number, salt = 0): number {
  let h = Math.imul(src ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(dst + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(salt + 1, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/** Starts every flow now and returns the event of all of them having arrived. */
export function startFlows(ctx: CollectiveContext, call: CollectiveCall, flows: readonly FlowSpec[]): AnyEvent {
  const transfers: Transfer[] = flows.map((f) => ({
    src: f.src,
    dst: f.dst,
    bytes: f.bytes,
    flowId: flowId(f.src, f.dst, f.salt),
    maxRateBytesPerSecond: f.maxRate,
    job: call.job,
  }));
  // a backend that can take the phase as one batch sees its flows' contention (analytical.ts)
  const backend = ctx.backend;
  return ctx.sim.allOf(canBatch(backend) ? backend.transferBatch(transfers) : transfers.map((t) => backend.transfer(t)));
}

/**
 * One phase: wait `latencySeconds` less one step (`firstStep`, carried by the transfers' route latency),
 * then run all flows concurrently (see header). For k steps of α: phase(ctx, call, k·α, α, flows).
 */
export function* phase(ctx: CollectiveContext, call: CollectiveCall, latencySeconds: number, firstStep: number, flows: readonly FlowSpec[]): ProcessGenerator<void> {
  const wait = latencySeconds - firstStep;
  if (wait > 0) yield ctx.sim.timeout(wait);
  if (flows.length > 0) yield startFlows(ctx, call, flows);
}

/** Flows along consecutive pairs of `order`, closing the cycle when `closed`. */
export function chainFlows(order: readonly number[], bytes: number, closed: boolean, salt = 0): FlowSpec[] {
  const n = order.length;
  const flows: FlowSpec[] = [];
  const edges = closed ? n : n - 1;
  for (let i = 0; i < edges; i++) flows.push({ src: order[i]!, dst: order[(i + 1) % n]!, bytes, salt });
  return flows;
}

/** Rejects calls no algorithm can run: empty or duplicate ranks, a bad size or root. */
export function checkCall(call: CollectiveCall): void {
  if (call.ranks.length === 0) throw new RangeError(`${call.op}: no ranks`);
  if (new Set(call.ranks).size !== call.ranks.length) throw new RangeError(`${call.op}: duplicate ranks in [${call.ranks.join(', ')}]`);
  if (!(call.bytes >= 0 && call.bytes < Infinity)) throw new RangeError(`${call.op}: bytes must be finite and >= 0, got ${call.bytes}`);
  if (call.op === 'send-recv' && call.ranks.length !== 2) throw new RangeError(`send-recv takes exactly [src, dst], got ${call.ranks.length} ranks`);
  if (call.root !== undefined && !call.ranks.includes(call.root)) throw new RangeError(`${call.op}: root ${call.root} is not one of the ranks`);
}

/** the call's root, default its first rank */
export function rootOf(call: CollectiveCall): number {
  return call.root ?? call.ranks[0]!;
}
