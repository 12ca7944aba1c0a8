/**
 * The analytical network backend: alpha-beta per transfer.
 *
 *   t = Σ_{l ∈ route} latency_l  +  bytes / min( min_{l ∈ route} c_l / k_l,  maxRate ),   c_l = line rate × e[tier]
 *
 * `transfer`: k_l = 1 — concurrent transfers do not slow each other, even on one link. This is exact
 * wherever every link carries at most one transfer at a time (an "uncongested" case; the flow backend
 * agrees with it there, test/fabric/conformance-backends.test.ts) and optimistic by up to the number of
 * sharers elsewhere.
 * `transferBatch` (one phase of a collective, whose flows the algorithm knows to run together): k_l = the
 * number of the batch's non-empty transfers crossing l, i.e. every transfer gets the equal share of its
 * most loaded link within the batch — the static first step of max-min filling, and what NCCL's own
 * tuning model does (bandwidth per channel = link bandwidth / channels sharing it, src/graph/tuning.cc).
 * It sees an algorithm's self-contention (NCCL channels or tree pipelines through one GPU port) but not
 * other jobs, nor the capacity a flow bottlenecked elsewhere leaves to its sharers (max-min would give it
 * to them; the equal share is then pessimistic).
 * Bytes are credited to every link of the route when the transfer ends.
 */
import type { Event } from '../../sim/index.ts';
import type { Topology } from '../topology/types.ts';
import type { LinkUsage, NetworkBackend, Transfer } from './types.ts';
import { addBytes, bottleneck, effectiveCapacities, resolveRoute, routeLatency, transferPath, usageReport } from './paths.ts';
import type { BackendSetup, BatchTransfers, RouteFn } from './paths.ts';

export class AnalyticalBackend implements NetworkBackend, BatchTransfers {
  readonly name = 'analytical' as const;
  readonly topology: Topology;
  private readonly setup: BackendSetup;
  private readonly route: RouteFn;
  private readonly caps: Float64Array;
  private readonly linkBytes: Float64Array;
  /** scratch: transfers of the current batch per link (zero between batches) */
  private readonly sharers: Uint32Array;

  constructor(setup: BackendSetup) {
    this.setup = setup;
    this.topology = setup.topology;
    this.route = resolveRoute(setup);
    this.caps = effectiveCapacities(setup.topology, setup.efficiency);
    this.linkBytes = new Float64Array(setup.topology.links.length);
    this.sharers = new Uint32Array(setup.topology.links.length);
  }

  transfer(t: Transfer): Event<number> {
    const path = transferPath(this.topology, this.route, t);
    return this.start(t, path, bottleneck(this.caps, path, t.maxRateBytesPerSecond));
  }

  transferBatch(transfers: readonly Transfer[]): Event<number>[] {
    const topo = this.topology;
    const paths = transfers.map((t) => {
      return transferPath(topo, this.route, t);
    });
    const k = this.sharers;
    paths.forEach((path, i) => {
      if (transfers[i]!.bytes > 0) for (let j = 0; j < path.length; j++) k[path[j]!]!++;
    });
    const rates = paths.map((path, i) => {
      let rate = transfers[i]!.maxRateBytesPerSecond ?? Infinity;
      for (let j = 0; j < path.length; j++) rate = Math.min(rate, this.caps[path[j]!]! / Math.max(1, k[path[j]!]!));
      return rate;
    });
    for (const path of paths) for (let j = 0; j < path.length; j++) k[path[j]!] = 0;
    return transfers.map((t, i) => this.start(t, paths[i]!, rates[i]!));
  }

  usage(): LinkUsage[] {
    return usageReport(this.topology, this.linkBytes);
  }

  private start(t: Transfer, path: Int32Array, rate: number): Event<number> {
    const sim = this.setup.sim;
    const seconds = routeLatency(this.topology, path) + (t.bytes > 0 ? t.bytes / rate : 0);
    const done = sim.timeout(seconds, sim.now + seconds);
    if (t.bytes > 0) done.addCallback(() => addBytes(this.linkBytes, path, t.bytes));
    return done;
  }
}
