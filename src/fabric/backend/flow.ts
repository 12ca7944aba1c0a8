/**
 * The flow network backend: every transfer is a flow on its route, and all active flows share link
 * capacities max-min fairly (SimGrid's flow model on our LMM solver, ../lmm/).
 *
 * Model. Link l is a constraint of capacity c_l = line rate × e[tier] (paths.ts); a flow is a variable on
 * the constraints of its route, capped by the transfer's maxRate. A transfer of B bytes issued at t0:
 *   1. waits its route latency L = Σ latency_l (propagation and per-message overhead; it moves no bytes
 *      and takes no bandwidth meanwhile), then
 *   2. is added to the system and moves bytes at its max-min rate x(t), re-solved whenever any flow starts
 *      or ends:  it completes at the first T with ∫_{t0+L}^{T} x(t) dt = B.
 * So alone on its route it takes L + B / min_l c_l, exactly the analytical backend's time.
 *
 * Events, O(changed flows) each (SimGrid's lazy update): a flow stores (remaining, rate, since); when the
 * solver reports its rate changed (modifiedVariables()), remaining −= rate × (now − since) and its
 * predicted finish, now + remaining / rate, is updated in an indexed min-heap; one kernel timeout sleeps
 * until the heap's minimum. Flows that start or end at one instant are batched into one solve (the
 * re-solve is a zero-delay timeout scheduled after them). Flows whose finish lies within a relative 1e-9
 * of now complete together, so symmetric flows end in one event, not one per rounding error.
 * Usage: each rate change credits rate × elapsed bytes to every link of the flow's route.
 * Load over time (only when the setup asks, `tierLoad`): the backend keeps Σ rate per link tier, updated
 * by each changed flow's rate delta on its route's links, and records it after every solve
 * (TierLoadTracker, recorder.ts), so rates change only at records and the series is exact between them.
 */
import type { Event } from '../../sim/index.ts';
import { MaxMinSystem } from '../lmm/index.ts';
import { IdHeap } from '../lmm/heap.ts';
import type { Topology } from '../topology/types.ts';
import type { LinkUsage, NetworkBackend, Transfer } from './types.ts';
import { addBytes, effectiveCapacities, resolveRoute, routeLatency, transferPath, usageReport } from './paths.ts';
import type { BackendSetup, BatchTransfers, RouteFn } from './paths.ts';
import { TierLoadTracker, type TierLoadSeries } from './recorder.ts';

export interface FlowSetup extends BackendSetup {
  /** record per-tier load over time, at most maxPoints points per tier (recorder.ts); off when absent */
  tierLoad?: { maxPoints?: number };
}

/** flows predicted to finish within this relative distance of now finish now */
const DUE_RELATIVE = 1e-9;

interface ActiveFlow {
  path: Int32Array;
  remaining: number;
  rate: number;
  since: number;
  done: Event<number>;
}

export class FlowBackend implements NetworkBackend, BatchTransfers {
  readonly name = 'flow' as const;
  readonly topology: Topology;
  private readonly setup: BackendSetup;
  private readonly route: RouteFn;
  private readonly caps: Float64Array;
  private readonly linkBytes: Float64Array;
  /** link id -> constraint id, made on first use */
  private readonly linkCons: Int32Array;
  private readonly lmm = new MaxMinSystem();
  /** active flows by LMM variable id */
  private readonly flows: (ActiveFlow | undefined)[] = [];
  /** predicted finish time per variable id */
  private readonly finish = new IdHeap();
  private resolvePending = false;
  private wakeAt = Infinity;
  private readonly resolveCb = (): void => this.resolve();
  private readonly load: TierLoadTracker | null;

  constructor(setup: FlowSetup) {
    this.setup = setup;
    this.topology = setup.topology;
    this.route = resolveRoute(setup);
    this.caps = effectiveCapacities(setup.topology, setup.efficiency);
    this.linkBytes = new Float64Array(setup.topology.links.length);
    this.linkCons = new Int32Array(setup.topology.links.length).fill(-1);
    // the series starts when the backend does, idle until the first flow moves
    this.load = setup.tierLoad === undefined ? null : new TierLoadTracker(setup.topology, setup.sim.now, setup.tierLoad.maxPoints);
  }

  /** per-tier utilisation over time, closed at `end` (default now); null unless the setup asked for it */
  tierLoad(end = this.setup.sim.now): TierLoadSeries[] | null {
    return this.load === null ? null : this.load.series(end);
  }

  transfer(t: Transfer): Event<number> {
    const topo = this.topology;
    const sim = this.setup.sim;
    const path = transferPath(topo, this.route, t);
    const latency = routeLatency(topo, path);
    if (t.bytes === 0) return sim.timeout(latency, sim.now + latency);
    const done = sim.event<number>();
    const start = (): void => this.activate(path, t.bytes, t.maxRateBytesPerSecond ?? Infinity, done);
    if (latency > 0) sim.timeout(latency).addCallback(start);
    else start();
    return done;
  }

  /** the flows of a batch share links max-min like any others: no batch-specific rule is needed */
  transferBatch(transfers: readonly Transfer[]): Event<number>[] {
    return transfers.map((t) => this.transfer(t));
  }

  usage(): LinkUsage[] {
    const now = this.setup.sim.now;
    for (const f of this.flows) if (f !== undefined) this.advance(f, now);
    return usageReport(this.topology, this.linkBytes);
  }

  /** number of flows moving bytes now (for tests and reports) */
  get activeFlows(): number {
    return this.lmm.variableCount;
  }

  private activate(path: Int32Array, bytes: number, maxRate: number, done: Event<number>): void {
    const cons = new Int32Array(path.length);
    for (let k = 0; k < path.length; k++) {
      const l = path[k]!;
      let c = this.linkCons[l]!;
      if (c < 0) c = this.linkCons[l] = this.lmm.addConstraint(this.caps[l]!);
      cons[k] = c;
    }
    const v = this.lmm.addVariable(cons, maxRate);
    this.flows[v] = { path, remaining: bytes, rate: 0, since: this.setup.sim.now, done };
    this.finish.reserve(v + 1);
    this.requestResolve();
  }

  private requestResolve(): void {
    if (this.resolvePending) return;
    this.resolvePending = true;
    this.setup.sim.timeout(0).addCallback(this.resolveCb);
  }

  /** moves a flow's bytes forward to `now` at its current rate */
  private advance(f: ActiveFlow, now: number): void {
    const moved = Math.min(f.remaining, f.rate * (now - f.since));
    f.since = now;
    if (moved > 0) {
      f.remaining -= moved;
      addBytes(this.linkBytes, f.path, moved);
    }
  }

  private resolve(): void {
    this.resolvePending = false;
    const lmm = this.lmm;
    lmm.solve();
    const now = this.setup.sim.now;
    const changed = lmm.modifiedVariables();
    for (let i = 0; i < changed.length; i++) {
      const v = changed[i]!;
      const f = this.flows[v];
      if (f === undefined) continue;
      this.advance(f, now);
      const rate = lmm.rate(v);
      this.load?.add(f.path, rate - f.rate);
      f.rate = rate;
      // a flow through a zero-capacity link stalls: it has no finish until its rate changes
      if (f.rate > 0) this.finish.set(v, now + f.remaining / f.rate);
      else this.finish.remove(v);
    }
    this.load?.record(now, lmm.variableCount === 0);
    this.armWake();
  }

  private armWake(): void {
    const next = this.finish.topKey();
    if (next >= this.wakeAt) return;
    this.wakeAt = next;
    const sim = this.setup.sim;
    // the clock may land an ulp off `next`, so the wake remembers its own target
    sim.timeout(Math.max(0, next - sim.now)).addCallback(() => this.wake(next));
  }

  private wake(target: number): void {
    const now = this.setup.sim.now;
    if (target === this.wakeAt) this.wakeAt = Infinity;
    const horizon = now + DUE_RELATIVE * now + 1e-15;
    let completed = 0;
    while (this.finish.size > 0 && this.finish.topKey() <= horizon) {
      const v = this.finish.topId();
      this.finish.remove(v);
      const f = this.flows[v]!;
      this.flows[v] = undefined;
      addBytes(this.linkBytes, f.path, f.remaining);
      this.load?.add(f.path, -f.rate);
      this.lmm.removeVariable(v);
      f.done.succeed(now);
      completed++;
    }
    if (completed > 0) this.requestResolve();
    else this.armWake();
  }
}
