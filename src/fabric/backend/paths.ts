/**
 * What both network backends share: how a transfer finds its route, what a link can carry, and how bytes
 * per link become the `usage()` report.
 *
 *  - Route: a list of directed link ids from the source GPU's vertex to the destination's, from the
 *    topology's routing (ECMP by flow id). A backend may be handed another route function (test fixtures,
 *    what-if routing); by default it uses the topology package's `route`.
 *  - Effective capacity of link l:  c_l = line rate_l × e[tier_l], e from BackendOptions.efficiency
 *    (the fabric profiles' nccl-tests efficiencies, see tierEfficiency in registry.ts), default 1.
 *  - Route latency: Σ latency_l over the route (the topology splits each fabric's per-step α over the
 *    links of its shortest path, see topology/figures.ts).
 *  - Usage: bytes_l = bytes carried by l; busySeconds_l = bytes_l / line rate_l, i.e. the integral of
 *    rate/capacity over time measured against the LINE rate, so a link saturated at its protocol
 *    efficiency e shows a utilisation of e, as a switch counter would.
 */
import { route as topologyRoute } from '../topology/index.ts';
import type { LinkTier, Topology } from '../topology/types.ts';
import type { Event } from '../../sim/index.ts';
import type { BackendOptions, LinkUsage, Transfer } from './types.ts';

/** (topology, source GPU, destination GPU, flow id) -> link ids, in path order. */
export type RouteFn = (topology: Topology, src: number, dst: number, flowId?: number) => Int32Array;

export interface BackendSetup extends BackendOptions {
  /** routing to use; default: the topology package's ECMP shortest-path routing */
  route?: RouteFn;
}

/**
 * Optional capability of a backend: start the transfers of one algorithm phase together. A collective
 * knows its flows run concurrently; the analytical backend uses that to share links within the batch
 * (analytical.ts), the flow backend needs nothing more than its max-min sharing.
 */
export interface BatchTransfers {
  transferBatch(transfers: readonly Transfer[]): Event<number>[];
}

export function canBatch(backend: object): backend is BatchTransfers {
  return typeof (backend as Partial<BatchTransfers>).transferBatch === 'function';
}

export function resolveRoute(setup: BackendSetup): RouteFn {
  return setup.route ?? topologyRoute;
}

export function efficiencyOf(efficiency: BackendOptions['efficiency'], tier: LinkTier): number {
  const e = efficiency[tier] ?? 1;
  if (!(e > 0 && e <= 1)) throw new RangeError(`efficiency of tier ${tier} must be in (0, 1], got ${e}`);
  return e;
}

/** Effective capacity per link id: line rate × tier efficiency. */
export function effectiveCapacities(topology: Topology, efficiency: BackendOptions['efficiency']): Float64Array {
  const caps = new Float64Array(topology.links.length);
  for (const l of topology.links) caps[l.id] = l.capacityBytesPerSecond * efficiencyOf(efficiency, l.tier);
  return caps;
}

/** The checked transfer's route: its own `links`, or the routing function's GPU-to-GPU path. */
export function transferPath(topology: Topology, route: RouteFn, t: Transfer): Int32Array {
  checkTransfer(topology, t);
  return t.links ?? route(topology, t.src, t.dst, t.flowId);
}

/** Rejects what no network can do: a GPU outside the topology, a self-transfer, a negative size or cap. */
export function checkTransfer(topology: Topology, t: Transfer): void {
  if (t.links !== undefined) return checkLinks(topology, t);
  const g = topology.gpuVertex.length;
  if (!(Number.isInteger(t.src) && t.src >= 0 && t.src < g)) throw new RangeError(`transfer source ${t.src} is not a GPU of the topology (0..${g - 1})`);
  if (!(Number.isInteger(t.dst) && t.dst >= 0 && t.dst < g)) throw new RangeError(`transfer destination ${t.dst} is not a GPU of the topology (0..${g - 1})`);
  if (t.src === t.dst) throw new RangeError(`transfer from GPU ${t.src} to itself: src and dst must differ`);
  if (!(t.bytes >= 0 && t.bytes < Infinity)) throw new RangeError(`transfer bytes must be finite and >= 0, got ${t.bytes}`);
  const cap = t.maxRateBytesPerSecond;
  if (cap !== undefined && !(cap > 0)) throw new RangeError(`maxRateBytesPerSecond must be > 0, got ${cap}`);
}

/** A transfer with its own route: links that exist and join up, a size and a cap as any transfer's. */
function checkLinks(topology: Topology, t: Transfer): void {
  const links = t.links!;
  if (links.length === 0) throw new RangeError('a transfer with an explicit route needs at least one link');
  for (let k = 0; k < links.length; k++) {
    const l = topology.links[links[k]!];
    if (l === undefined) throw new RangeError(`transfer route: no link ${links[k]}`);
    if (k > 0 && topology.links[links[k - 1]!]!.to !== l.from) throw new RangeError(`transfer route: link ${l.id} does not continue from link ${links[k - 1]}`);
  }
  if (!(t.bytes >= 0 && t.bytes < Infinity)) throw new RangeError(`transfer bytes must be finite and >= 0, got ${t.bytes}`);
  const cap = t.maxRateBytesPerSecond;
  if (cap !== undefined && !(cap > 0)) throw new RangeError(`maxRateBytesPerSecond must be > 0, got ${cap}`);
}

export function routeLatency(topology: Topology, path: Int32Array): number {
  let s = 0;
  for (let k = 0; k < path.length; k++) s += topology.links[path[k]!]!.latencySeconds;
  return s;
}

/** The smallest effective capacity along the path (and the transfer's own cap). */
export function bottleneck(caps: Float64Array, path: Int32Array, maxRate = Infinity): number {
  let b = maxRate;
  for (let k = 0; k < path.length; k++) b = Math.min(b, caps[path[k]!]!);
  return b;
}

export function addBytes(linkBytes: Float64Array, path: Int32Array, bytes: number): void {
  for (let k = 0; k < path.length; k++) linkBytes[path[k]!] = linkBytes[path[k]!]! + bytes;
}

/** One entry per link of the topology, in link-id order (idle links included, for per-tier averages). */
export function usageReport(topology: Topology, linkBytes: Float64Array): LinkUsage[] {
  return topology.links.map((l) => ({ linkId: l.id, bytes: linkBytes[l.id]!, busySeconds: linkBytes[l.id]! / l.capacityBytesPerSecond }));
}
