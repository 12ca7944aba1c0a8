/**
 * A bounded recorder of per-tier link load over time, for the flow backend (flow.ts) to feed at every
 * rate change. Off unless a backend is given one, so other runs pay nothing.
 *
 * Quantity. For tier k at time t:   u_k(t) = Σ_{l ∈ k} x_l(t) / Σ_{l ∈ k} C_l
 * where x_l is the total rate of the flows on link l and C_l its LINE rate, the sum running over every
 * directed link of the tier in the topology (idle ones included). Line rate, as in the per-link usage
 * report (paths.ts), so a tier saturated by NCCL traffic reads as its protocol efficiency, and the time
 * average of u_k equals the tier's mean utilisation whenever its links have one capacity.
 *
 * u_k is piecewise constant: `record(t, load)` says that from t on the tiers carry `load` (bytes/s), until
 * the next record. A series point {t, utilisation} holds from t until the next point's t; the last point
 * is the load left at the end.
 *
 * Bound. Up to `maxPoints` distinct record times are kept exactly (a record at the same time as the last
 * one replaces it: zero-length segments carry no bytes). Beyond that the recorder switches to at most
 * `maxPoints` equal-width time buckets from the first record, each holding the time-weighted mean of u_k
 * over it (so the integral, i.e. the bytes moved per tier, is preserved exactly); when time runs past the
 * last bucket, the width doubles and neighbouring buckets merge pairwise. Memory is O(maxPoints × tiers)
 * and each record costs O(tiers × buckets it spans), amortised O(tiers).
 *
 * TierLoadTracker is the backend's side: Σ rate per tier, kept by rate deltas over each flow's route.
 */
import type { Topology } from '../topology/types.ts';

export interface TierLoadPoint {
  /** simulated seconds */
  t: number;
  /** Σ rate / Σ line rate over the tier's links, from t until the next point */
  utilisation: number;
}

export interface TierLoadSeries {
  tier: string;
  points: TierLoadPoint[];
}

export const DEFAULT_MAX_POINTS = 200;

export class TierLoadRecorder {
  readonly tiers: readonly string[];
  private readonly capacity: Float64Array;
  private readonly maxPoints: number;
  // exact mode: record times and, tier-major per record, the load
  private times: number[] = [];
  private loads: number[] = [];
  // bucket mode (after more than maxPoints records): integral of load dt per bucket and tier
  private buckets: Float64Array | null = null;
  private origin = 0;
  private width = 0;
  /** the load in force since lastT */
  private current: Float64Array;
  private lastT = -Infinity;

  /** `capacity[k]`: the summed line rate of tier k's links, bytes/s */
  constructor(tiers: readonly string[], capacity: Float64Array, maxPoints = DEFAULT_MAX_POINTS) {
    if (capacity.length !== tiers.length) throw new RangeError('TierLoadRecorder: one capacity per tier');
    if (!(Number.isInteger(maxPoints) && maxPoints >= 2)) throw new RangeError(`TierLoadRecorder: maxPoints must be an integer >= 2, got ${maxPoints}`);
    this.tiers = tiers;
    this.capacity = capacity;
    this.maxPoints = maxPoints;
    this.current = new Float64Array(tiers.length);
  }

  /** from time t on, tier k carries load[k] bytes/s in all */
  record(t: number, load: Float64Array): void {
    if (t < this.lastT) throw new RangeError(`TierLoadRecorder: time went back from ${this.lastT} to ${t}`);
    const n = this.tiers.length;
    if (this.buckets !== null) this.integrate(this.lastT, t);
    this.lastT = t;
    // a caller summing rate deltas leaves rounding residue where a tier has emptied: below 1e-9 of the
    // tier's capacity a load is taken as 0, so an idle tier reads 0, not ±1e-15
    for (let k = 0; k < n; k++) this.current[k] = Math.abs(load[k]!) <= 1e-9 * this.capacity[k]! ? 0 : load[k]!;
    if (this.buckets !== null) return;
    if (this.times.at(-1) === t) {
      for (let k = 0; k < n; k++) this.loads[this.loads.length - n + k] = this.current[k]!;
      return;
    }
    this.times.push(t);
    for (let k = 0; k < n; k++) this.loads.push(this.current[k]!);
    if (this.times.length > this.maxPoints) this.toBuckets();
  }

  /** the series per tier, closed at `end` (default: the last record) */
  series(end = this.lastT): TierLoadSeries[] {
    const n = this.tiers.length;
    const perTier: TierLoadPoint[][] = this.tiers.map(() => []);
    const u = (k: number, load: number): number => (this.capacity[k]! > 0 ? load / this.capacity[k]! : 0);
    if (this.buckets === null) {
      this.times.forEach((t, i) => { for (let k = 0; k < n; k++) perTier[k]!.push({ t, utilisation: u(k, this.loads[i * n + k]!) }); });
      if (end > this.lastT && this.times.length > 0) for (let k = 0; k < n; k++) perTier[k]!.push({ t: end, utilisation: u(k, this.current[k]!) });
    } else {
      // on a copy, so reading the series does not change what later records add
      let integral: Float64Array = Float64Array.from(this.buckets);
      let width = this.width;
      const stop = Math.max(end, this.lastT);
      while (stop > this.origin + this.maxPoints * width) {
        integral = this.merged(integral);
        width *= 2;
      }
      if (stop > this.lastT) this.addSpan(integral, width, this.lastT, stop);
      const used = Math.min(this.maxPoints, Math.ceil((stop - this.origin) / width));
      for (let b = 0; b < used; b++) {
        const from = this.origin + b * width;
        const span = Math.min(width, stop - from);
        for (let k = 0; k < n; k++) perTier[k]!.push({ t: from, utilisation: span > 0 ? u(k, integral[b * n + k]! / span) : 0 });
      }
      for (let k = 0; k < n; k++) perTier[k]!.push({ t: stop, utilisation: u(k, this.current[k]!) });
    }
    return this.tiers.map((tier, k) => ({ tier, points: perTier[k]! }));
  }

  /** leaves exact mode: buckets wide enough that the span so far fills half of them */
  private toBuckets(): void {
    const n = this.tiers.length;
    const times = this.times;
    this.origin = times[0]!;
    this.width = (times.at(-1)! - this.origin) / (this.maxPoints / 2);
    this.buckets = new Float64Array(this.maxPoints * n);
    for (let i = 0; i + 1 < times.length; i++) {
      this.current.set(this.loads.slice(i * n, (i + 1) * n));
      this.addSpan(this.buckets, this.width, times[i]!, times[i + 1]!);
    }
    this.current.set(this.loads.slice((times.length - 1) * n));
    this.times = [];
    this.loads = [];
  }

  /** adds current × (overlap) to every bucket [from, to) meets, widening the buckets first if needed */
  private integrate(from: number, to: number): void {
    while (to > this.origin + this.maxPoints * this.width) {
      this.buckets = this.merged(this.buckets!);
      this.width *= 2;
    }
    this.addSpan(this.buckets!, this.width, from, to);
  }

  private addSpan(into: Float64Array, w: number, from: number, to: number): void {
    const n = this.tiers.length;
    let b = Math.max(0, Math.floor((from - this.origin) / w));
    while (b < this.maxPoints) {
      const lo = Math.max(from, this.origin + b * w);
      const hi = Math.min(to, this.origin + (b + 1) * w);
      if (hi > lo) for (let k = 0; k < n; k++) into[b * n + k] = into[b * n + k]! + this.current[k]! * (hi - lo);
      if (this.origin + (b + 1) * w >= to) break;
      b++;
    }
  }

  /** the buckets at twice the width: bucket j holds the integrals of old buckets 2j and 2j + 1 */
  private merged(old: Float64Array): Float64Array {
    const n = this.tiers.length;
    const out = new Float64Array(old.length);
    for (let b = 0; b < this.maxPoints; b++) for (let k = 0; k < n; k++) out[(b >> 1) * n + k] = out[(b >> 1) * n + k]! + old[b * n + k]!;
    return out;
  }
}

/** Σ rate per tier of a topology's links, fed with flows' rate deltas, recorded on request. */
export class TierLoadTracker {
  private readonly recorder: TierLoadRecorder;
  /** link id -> tier index; tiers in the order the topology first lists them */
  private readonly tierOf: Int32Array;
  /** Σ rate of active flows per tier, bytes/s */
  private readonly rate: Float64Array;

  /** starts the series at `start`, idle */
  constructor(topology: Topology, start: number, maxPoints?: number) {
    const index = new Map<string, number>();
    const capacity: number[] = [];
    this.tierOf = new Int32Array(topology.links.length);
    for (const l of topology.links) {
      let t = index.get(l.tier);
      if (t === undefined) {
        t = index.size;
        index.set(l.tier, t);
        capacity.push(0);
      }
      this.tierOf[l.id] = t;
      capacity[t]! += l.capacityBytesPerSecond;
    }
    this.recorder = new TierLoadRecorder([...index.keys()], Float64Array.from(capacity), maxPoints);
    this.rate = new Float64Array(capacity.length);
    this.recorder.record(start, this.rate);
  }

  /** a flow on `path` changed its rate by `delta` bytes/s */
  add(path: Int32Array, delta: number): void {
    for (let k = 0; k < path.length; k++) {
      const t = this.tierOf[path[k]!]!;
      this.rate[t] = this.rate[t]! + delta;
    }
  }

  /** the current sums hold from `now` on; `idle`: no flow is active, so they are exactly 0 */
  record(now: number, idle: boolean): void {
    if (idle) this.rate.fill(0);
    this.recorder.record(now, this.rate);
  }

  series(end: number): TierLoadSeries[] {
    return this.recorder.series(end);
  }
}
