/**
 * The analytical network backend: alpha-beta per transfer, no sharing.
 *
 *   t = Σ_{l ∈ route} latency_l  +  bytes / min( min_{l ∈ route} capacity_l × e[tier_l],  maxRate )
 *
 * Concurrent transfers do not slow each other, even on one link: this is the planner's fast path and is
 * exact wherever every link carries at most one transfer at a time (an "uncongested" case — the flow
 * backend agrees with it there; see test/fabric/conformance-backends.test.ts). Where transfers do share a
 * link (two flows on one link, or an algorithm whose own pipelines cross one GPU port) it is optimistic by
 * up to the number of sharers. Bytes are credited to every link of the route when the transfer ends.
 */
import type { Event } from '../../sim/index.ts';
import type { Topology } from '../topology/types.ts';
import type { LinkUsage, NetworkBackend, Transfer } from './types.ts';
import { addBytes, bottleneck, checkTransfer, effectiveCapacities, resolveRoute, routeLatency, usageReport } from './paths.ts';
import type { BackendSetup, RouteFn } from './paths.ts';

export class AnalyticalBackend implements NetworkBackend {
  readonly name = 'analytical' as const;
  readonly topology: Topology;
  private readonly setup: BackendSetup;
  private readonly route: RouteFn;
  private readonly caps: Float64Array;
  private readonly linkBytes: Float64Array;

  constructor(setup: BackendSetup) {
    this.setup = setup;
    this.topology = setup.topology;
    this.route = resolveRoute(setup);
    this.caps = effectiveCapacities(setup.topology, setup.efficiency);
    this.linkBytes = new Float64Array(setup.topology.links.length);
  }

  transfer(t: Transfer): Event<number> {
    const topo = this.topology;
    checkTransfer(topo, t);
    const sim = this.setup.sim;
    const path = this.route(topo, t.src, t.dst, t.flowId);
    const rate = bottleneck(this.caps, path, t.maxRateBytesPerSecond);
    const seconds = routeLatency(topo, path) + (t.bytes > 0 ? t.bytes / rate : 0);
    const done = sim.timeout(seconds, sim.now + seconds);
    if (t.bytes > 0) done.addCallback(() => addBytes(this.linkBytes, path, t.bytes));
    return done;
  }

  usage(): LinkUsage[] {
    return usageReport(this.topology, this.linkBytes);
  }
}
