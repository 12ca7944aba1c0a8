/**
 * The simulation: a clock (`now`, in seconds) and the event heap. `step()` pops the earliest event,
 * advances the clock to its time and runs its callbacks; `run()` steps until the heap is empty, a time
 * is reached, or an event has been processed. Everything a model needs — timeouts, events, processes,
 * conditions, random streams — is made here, and all counters and streams live on the instance, so two
 * simulations in one process never influence each other.
 */
import { Condition } from './condition.ts';
import type { AllOfValue, AnyOfValue } from './condition.ts';
import { DEFUSED, Event, FAILED, NORMAL, PROCESSED, STATE, TRIGGERED } from './event.ts';
import type { AnyEvent } from './event.ts';
import { ENTRY_HOLD, EventQueue, MAX_PRIORITY } from './event-queue.ts';
import { Process } from './process.ts';
import type { ProcessGenerator } from './process.ts';
import { RandomStream } from './random.ts';

export interface SimulationOptions {
  /** Seed of every random stream of this simulation (a safe integer); default 1. */
  seed?: number;
}

export class Simulation {
  readonly seed: number;
  /** The process being resumed right now, if any (kernel-internal writes). */
  _active: Process<any> | null = null;
  private clock = 0;
  private processedCount = 0;
  private readonly queue = new EventQueue();
  private readonly streams = new Map<string, RandomStream>();
  /** The processed, successful event a process resumes with when its plain-delay hold ends (never changes). */
  readonly _holdDone: Event<undefined>;

  constructor(options: SimulationOptions = {}) {
    const seed = options.seed ?? 1;
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    this.seed = seed;
    this._holdDone = new Event<undefined>(this);
    this._holdDone._flags = PROCESSED;
  }

  /** Current simulated time, seconds. */
  get now(): number {
    return this.clock;
  }

  get activeProcess(): Process<any> | null {
    return this._active;
  }

  /** Number of events processed so far. */
  get processedEvents(): number {
    return this.processedCount;
  }

  /** Puts a triggered event on the heap `delay` seconds from now. Lower priority numbers go first. */
  schedule(event: AnyEvent, delay = 0, priority: number = NORMAL): void {
    if (!(delay >= 0 && delay < Infinity)) throw new RangeError(`delay must be finite and >= 0, got ${delay}`);
    if (!(Number.isInteger(priority) && priority >= 0 && priority <= MAX_PRIORITY)) {
      throw new RangeError(`priority must be an integer in [0, ${MAX_PRIORITY}], got ${priority}`);
    }
    this.queue.push(this.clock + delay, priority, event);
  }

  /** Time of the next event, or Infinity if none is scheduled. */
  peek(): number {
    return this.queue.peekTime();
  }

  /**
   * Processes the next event; returns false if there was none. Re-raises the error of a failed event
   * that no callback defused.
   */
  step(): boolean {
    const queue = this.queue;
    if (queue.size === 0) return false;
    this.clock = queue.peekTime();
    const ev = queue.pop();
    if (queue.poppedKind === ENTRY_HOLD) {
      // A process's `yield delay`: the entry is the process itself; a stale one (interrupted) is ignored.
      this.processedCount++;
      (ev as Process<unknown>)._wake(queue.poppedKey);
      return true;
    }
    const waiter = ev._waiter;
    ev._waiter = null;
    ev._flags = (ev._flags & ~STATE) | PROCESSED;
    this.processedCount++;
    if (waiter !== null) waiter._resume(ev);
    // Read the flags again: a callback may have defused the failure.
    if ((ev._flags & (FAILED | DEFUSED)) === FAILED) throw ev._value;
    return true;
  }

  /**
   * Runs until no events are left; or, with a number, processes every event before that time and
   * leaves the clock at it (events at exactly `until` stay scheduled, as in SimPy); or, with an event,
   * until that event has been processed, returning its value (throwing its error if it failed).
   */
  run(): void;
  run(until: number): void;
  run<T>(until: Event<T>): T;
  run<T>(until?: number | Event<T>): T | void {
    if (until === undefined) {
      while (this.step());
      return;
    }
    if (typeof until === 'number') {
      if (!(until >= this.clock)) throw new RangeError(`until (${until}) must be >= now (${this.clock})`);
      const queue = this.queue;
      while (queue.size > 0 && queue.peekTime() < until) this.step();
      this.clock = until;
      return;
    }
    if (!(until instanceof Event) || until.sim !== this) throw new TypeError('until must be an event of this simulation');
    while (!until.processed) {
      if (!this.step()) throw new Error('no events left, but the until event was never processed');
    }
    if (!until.ok) throw until._value;
    return until._value as T;
  }

  /** An event that succeeds with `value` after `delay` seconds. */
  timeout<T = undefined>(delay: number, value?: T): Event<T> {
    if (!(delay >= 0 && delay < Infinity)) throw new RangeError(`delay must be finite and >= 0, got ${delay}`);
    const ev = new Event<T>(this);
    ev._flags = TRIGGERED;
    ev._value = value;
    this.queue.push(this.clock + delay, NORMAL, ev);
    return ev;
  }

  /** Schedules a process's plain-delay hold; returns the entry's key (see Process._wake). */
  _hold(process: Process<any>, delay: number): number {
    return this.queue.push(this.clock + delay, NORMAL, process, ENTRY_HOLD);
  }

  /** A pending event, to be triggered by `succeed` or `fail`. */
  event<T = unknown>(): Event<T> {
    return new Event<T>(this);
  }

  /** Starts a process from a generator (or a function returning one); it begins at the current time. */
  process<R>(generator: ProcessGenerator<R> | (() => ProcessGenerator<R>), name?: string): Process<R> {
    const gen = typeof generator === 'function' ? generator() : generator;
    const label = name ?? (typeof generator === 'function' && generator.name !== '' ? generator.name : 'process');
    return new Process<R>(this, gen, label);
  }

  allOf<const E extends readonly AnyEvent[]>(events: E): Event<AllOfValue<E>> {
    return new Condition<AllOfValue<E>>(this, events, true);
  }

  anyOf<const E extends readonly AnyEvent[]>(events: E): Event<AnyOfValue<E>> {
    return new Condition<AnyOfValue<E>>(this, events, false);
  }

  /** The random stream of this name (created on first use; the same object afterwards). */
  random(streamName: string): RandomStream {
    let s = this.streams.get(streamName);
    if (s === undefined) {
      s = new RandomStream(this.seed, streamName);
      this.streams.set(streamName, s);
    }
    return s;
  }
}
