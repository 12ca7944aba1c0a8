/**
 * One serving replica as a kernel process: a loop of engine iterations.
 *
 *   loop { batch = scheduler.nextIteration(now)
 *          if batch is empty: wait for the next arrival (an event `submit` triggers)
 *          else: hold model.iterationSeconds(batch) + scheduler.overheadSeconds (swap); apply the outcome }
 *
 * Tokens of an iteration all appear at its end (an engine returns sampled tokens once per step), so a
 * request's time to first token (TTFT) is the end of the iteration that completes its prefill minus its
 * arrival, its inter-token latencies are the gaps between the ends of the iterations that emit its later
 * tokens, and TPOT = (finish − first token) / (O − 1), the mean of those gaps (null when O = 1). Per
 * request only the count, sum and maximum of the gaps are kept, not every token time.
 *
 * `outstandingTokens` is what a least-outstanding router reads: for each request submitted and not
 * finished, its prompt until its first token plus its output tokens not yet emitted.
 */
import type { Event, Process, ProcessGenerator, Simulation } from '../../sim/index.ts';
import type { ReplicaScheduler } from './scheduler/types.ts';
import type { BatchEntry, InferenceRequest, ReplicaModel } from './types.ts';

export interface RequestRecord {
  id: number;
  tenant: string;
  replica: number;
  arrivalSeconds: number;
  promptTokens: number;
  outputTokens: number;
  firstTokenSeconds: number;
  finishSeconds: number;
  ttftSeconds: number;
  e2eSeconds: number;
  /** mean time per output token after the first; null for a single-token output */
  tpotSeconds: number | null;
  /** longest gap between two consecutive tokens; 0 for a single-token output */
  itlMaxSeconds: number;
}

export interface IterationRecord {
  replica: number;
  startSeconds: number;
  seconds: number;
  prefillTokens: number;
  decodeTokens: number;
  sequences: number;
  /** KV blocks in use as planned for this iteration, fraction of the cache */
  kvUsage: number;
  queued: number;
}

export interface ReplicaObserver {
  /** every finished request; without it records are kept in ReplicaSim.records */
  onFinish?(record: RequestRecord): void;
  /** a request the replica can never serve (scheduler.enqueue refused it); kept in `rejected` */
  onReject?(req: InferenceRequest, replica: number): void;
  onIteration?(it: IterationRecord): void;
}

/** count, sum and maximum of a set of gaps (seconds) */
export interface GapStats {
  count: number;
  sum: number;
  max: number;
}

interface InFlight {
  req: InferenceRequest;
  first: number;
  last: number;
  gaps: GapStats;
}

export class ReplicaSim {
  readonly records: RequestRecord[] = [];
  readonly rejected: InferenceRequest[] = [];
  /** inter-token gaps of every request of this replica */
  readonly itl: GapStats = { count: 0, sum: 0, max: 0 };
  outstandingTokens = 0;
  iterations = 0;
  busySeconds = 0;
  readonly process: Process<void>;
  private readonly flights = new Map<number, InFlight>();
  private wake: Event<undefined> | null = null;

  constructor(
    private readonly sim: Simulation,
    readonly index: number,
    readonly scheduler: ReplicaScheduler,
    private readonly model: Pick<ReplicaModel, 'iterationSeconds'>,
    private readonly observer: ReplicaObserver = {},
  ) {
    this.process = sim.process(this.loop(), `replica ${index}`);
  }

  /** hands a request to the replica at the current time */
  submit(req: InferenceRequest): void {
    if (!this.scheduler.enqueue(req, this.sim.now)) {
      if (this.observer.onReject !== undefined) this.observer.onReject(req, this.index);
      else this.rejected.push(req);
      return;
    }
    this.flights.set(req.id, { req, first: -1, last: -1, gaps: { count: 0, sum: 0, max: 0 } });
    this.outstandingTokens += req.promptTokens + req.outputTokens;
    if (this.wake !== null && !this.wake.triggered) this.wake.succeed();
  }

  /** requests submitted and not yet finished */
  get inFlight(): number {
    return this.flights.size;
  }

  private *loop(): ProcessGenerator<void> {
    const { sim, scheduler } = this;
    for (;;) {
      const entries = scheduler.nextIteration(sim.now);
      if (entries.length === 0) {
        this.wake = sim.event<undefined>();
        yield this.wake;
        this.wake = null;
        continue;
      }
      const start = sim.now;
      const seconds = this.model.iterationSeconds(entries) + scheduler.overheadSeconds;
      if (!(seconds > 0 && seconds < Infinity)) throw new RangeError(`replica ${this.index}: iteration time must be finite and > 0, got ${seconds}`);
      if (this.observer.onIteration !== undefined) this.observer.onIteration(this.iterationRecord(entries, start, seconds));
      yield seconds;
      this.iterations++;
      this.busySeconds += seconds;
      this.apply(entries);
    }
  }

  private apply(entries: readonly BatchEntry[]): void {
    const now = this.sim.now;
    const out = this.scheduler.completeIteration(entries, now);
    for (const id of out.emitted) {
      const f = this.flights.get(id)!;
      this.outstandingTokens -= 1;
      if (f.first < 0) {
        f.first = now;
        this.outstandingTokens -= f.req.promptTokens;
      } else {
        const gap = now - f.last;
        f.gaps.count++;
        f.gaps.sum += gap;
        if (gap > f.gaps.max) f.gaps.max = gap;
        this.itl.count++;
        this.itl.sum += gap;
        if (gap > this.itl.max) this.itl.max = gap;
      }
      f.last = now;
    }
    for (const req of out.finished) {
      const f = this.flights.get(req.id)!;
      this.flights.delete(req.id);
      const record: RequestRecord = {
        id: req.id,
        tenant: req.tenant,
        replica: this.index,
        arrivalSeconds: req.arrivalSeconds,
        promptTokens: req.promptTokens,
        outputTokens: req.outputTokens,
        firstTokenSeconds: f.first,
        finishSeconds: now,
        ttftSeconds: f.first - req.arrivalSeconds,
        e2eSeconds: now - req.arrivalSeconds,
        tpotSeconds: req.outputTokens > 1 ? (now - f.first) / (req.outputTokens - 1) : null,
        itlMaxSeconds: f.gaps.max,
      };
      if (this.observer.onFinish !== undefined) this.observer.onFinish(record);
      else this.records.push(record);
    }
  }

  private iterationRecord(entries: readonly BatchEntry[], start: number, seconds: number): IterationRecord {
    let prefillTokens = 0;
    let decodeTokens = 0;
    for (const e of entries) {
      if (e.phase === 'prefill') prefillTokens += e.tokens;
      else decodeTokens += e.tokens;
    }
    const s = this.scheduler;
    return { replica: this.index, startSeconds: start, seconds, prefillTokens, decodeTokens, sequences: entries.length, kvUsage: s.kv.usage, queued: s.queued };
  }
}

/**
 * A process that hands `requests` (in arrival order) to `submit` at their arrival times. Throws
 * RangeError on an arrival earlier than the one before it.
 */
export function feedRequests(sim: Simulation, requests: Iterable<InferenceRequest>, submit: (req: InferenceRequest) => void): Process<void> {
  function* feed(): ProcessGenerator<void> {
    for (const req of requests) {
      const wait = req.arrivalSeconds - sim.now;
      if (wait < 0) throw new RangeError(`request ${req.id} arrives at ${req.arrivalSeconds} s, before the previous one (${sim.now} s)`);
      if (wait > 0) yield wait;
      submit(req);
    }
  }
  return sim.process(feed(), 'arrivals');
}
