/**
 * Metrics of an inference run, gathered while it streams (memory: 8 bytes per finished request for each
 * latency kept, plus at most MAX_BINS time bins; no RequestRecord is kept).
 *
 *   TTFT   first token − arrival          TPOT  (finish − first token) / (O − 1), requests with O > 1
 *   E2E    finish − arrival               ITL   every gap between two consecutive tokens (mean and max)
 *   percentiles: simple-statistics quantileSorted on a sorted copy (p50, p90, p95, p99), mean, max
 *   throughput: completed requests, their prompt and output tokens, over the makespan (first arrival to
 *   last finish); goodput: completed requests meeting every objective given (TTFT <= slo.ttft and
 *   TPOT <= slo.tpot; a one-token output meets any TPOT objective), over the makespan.
 * Over time: iterations are spread over equal time bins by overlap; the bin width starts at 1 ms and
 * doubles (merging pairs of bins) whenever the run outgrows MAX_BINS bins, so the bins need not know the
 * makespan in advance. A replica with no iteration is idle with nothing queued and an empty cache, so the
 * queue and KV use of idle time are 0. Tokens over time count decode steps (first tokens are not in it).
 */
import { quantileSorted } from 'simple-statistics';
import type { InferenceTimeBin, LatencySummary } from '../../metrics/result-types.ts';
import type { IterationRecord, RequestRecord } from './replica-sim.ts';

export const MAX_BINS = 200;
export const CDF_POINTS = 200;

/** A growable array of doubles (doubling capacity). */
export class Series {
  private data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** a sorted copy */
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

export function summarise(sorted: Float64Array): LatencySummary {
  const n = sorted.length;
  if (n === 0) return { count: 0, mean: null, p50: null, p90: null, p95: null, p99: null, max: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  // quantileSorted only indexes its input, so a typed array serves as well as number[].
  const xs = sorted as unknown as number[];
  return { count: n, mean: sum / n, p50: quantileSorted(xs, 0.5), p90: quantileSorted(xs, 0.9), p95: quantileSorted(xs, 0.95), p99: quantileSorted(xs, 0.99), max: sorted[n - 1]! };
}

/** At most `points` points of the empirical CDF, evenly spaced in rank, always the first and last. */
export function cdfPoints(sorted: Float64Array, points = CDF_POINTS): { seconds: number; fraction: number }[] {
  const n = sorted.length;
  if (n === 0) return [];
  const k = Math.min(points, n);
  const out: { seconds: number; fraction: number }[] = [];
  for (let j = 0; j < k; j++) {
    const i = k === 1 ? n - 1 : Math.round((j * (n - 1)) / (k - 1));
    out.push({ seconds: sorted[i]!, fraction: (i + 1) / n });
  }
  return out;
}

interface Bin {
  busy: number;
  queued: number;
  kv: number;
  decode: number;
  finished: number;
}

const emptyBin = (): Bin => ({ busy: 0, queued: 0, kv: 0, decode: 0, finished: 0 });

export class InferenceStats {
  readonly ttft = new Series();
  readonly tpot = new Series();
  readonly e2e = new Series();
  completed = 0;
  rejected = 0;
  inputTokens = 0;
  outputTokens = 0;
  good = 0;
  lastFinish = 0;
  maxQueued = 0;
  peakKv = 0;
  private kvBusy = 0;
  private busy = 0;
  private width = 1e-3;
  private bins: Bin[] = [];

  constructor(
    private readonly replicas: number,
    private readonly slo: { ttftSeconds: number | null; tpotSeconds: number | null } | null,
  ) {}

  finish(r: RequestRecord): void {
    this.completed++;
    this.inputTokens += r.promptTokens;
    this.outputTokens += r.outputTokens;
    this.ttft.push(r.ttftSeconds);
    this.e2e.push(r.e2eSeconds);
    if (r.tpotSeconds !== null) this.tpot.push(r.tpotSeconds);
    if (r.finishSeconds > this.lastFinish) this.lastFinish = r.finishSeconds;
    const s = this.slo;
    if (s !== null && (s.ttftSeconds === null || r.ttftSeconds <= s.ttftSeconds) && (s.tpotSeconds === null || r.tpotSeconds === null || r.tpotSeconds <= s.tpotSeconds)) this.good++;
    this.bin(r.finishSeconds).finished++;
  }

  iteration(it: IterationRecord): void {
    if (it.queued > this.maxQueued) this.maxQueued = it.queued;
    if (it.kvUsage > this.peakKv) this.peakKv = it.kvUsage;
    this.busy += it.seconds;
    this.kvBusy += it.kvUsage * it.seconds;
    const end = it.startSeconds + it.seconds;
    this.bin(end);
    for (let b = Math.floor(it.startSeconds / this.width); b * this.width < end; b++) {
      const overlap = Math.min(end, (b + 1) * this.width) - Math.max(it.startSeconds, b * this.width);
      if (overlap <= 0) continue;
      const bin = this.bins[b]!;
      bin.busy += overlap;
      bin.queued += it.queued * overlap;
      bin.kv += it.kvUsage * overlap;
      bin.decode += (it.decodeTokens * overlap) / it.seconds;
    }
  }

  /** the bin holding time t, merging bins until it exists within MAX_BINS */
  private bin(t: number): Bin {
    while (Math.floor(t / this.width) >= MAX_BINS) {
      const merged: Bin[] = [];
      for (let i = 0; i < this.bins.length; i += 2) {
        const a = this.bins[i]!;
        const b = this.bins[i + 1] ?? emptyBin();
        merged.push({ busy: a.busy + b.busy, queued: a.queued + b.queued, kv: a.kv + b.kv, decode: a.decode + b.decode, finished: a.finished + b.finished });
      }
      this.bins = merged;
      this.width *= 2;
    }
    const i = Math.min(MAX_BINS - 1, Math.floor(t / this.width));
    while (this.bins.length <= i) this.bins.push(emptyBin());
    return this.bins[i]!;
  }

  /** mean KV use over the replicas' busy time (0..1) */
  get meanBusyKv(): number {
    return this.busy > 0 ? this.kvBusy / this.busy : 0;
  }

  /** time-weighted mean of the requests waiting, summed over replicas, over [0, until] */
  meanQueued(until: number): number {
    const total = this.bins.reduce((s, b) => s + b.queued, 0);
    return until > 0 ? total / until : 0;
  }

  overTime(until: number): InferenceTimeBin[] {
    const n = Math.min(this.bins.length, Math.max(1, Math.ceil(until / this.width)));
    const out: InferenceTimeBin[] = [];
    for (let i = 0; i < n; i++) {
      const b = this.bins[i] ?? emptyBin();
      const t = i * this.width;
      const seconds = Math.max(0, Math.min(this.width, until - t));
      if (!(seconds > 0)) break;
      out.push({
        t,
        seconds,
        requestsPerSecond: b.finished / seconds,
        outputTokensPerSecond: b.decode / seconds,
        meanQueued: b.queued / seconds,
        kvUsage: b.kv / (seconds * this.replicas),
        busy: Math.min(1, b.busy / (seconds * this.replicas)),
      });
    }
    return out;
  }
}
