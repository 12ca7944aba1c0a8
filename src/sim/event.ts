/**
 * Events: everything a process can wait for. An event is pending until something triggers it (succeed
 * or fail), which schedules it on the simulation's heap; when the heap pops it, it is processed and its
 * callbacks run in the order they were added. A failed event that no callback defuses re-raises out of
 * `Simulation.step()` (as in SimPy), so errors cannot vanish silently.
 *
 * Why the odd representation: a simulation allocates one event per timeout, millions per second, and
 * with 10^4 live processes the garbage collector and cache misses set the pace. So an event is four
 * fields (56 bytes): state, outcome and "defused" share one small-integer `_flags`, and all waiters
 * share one `_waiter` field. Nearly every event has exactly one waiter, the process that yielded it,
 * which is stored there directly and resumed by a method call; a second callback turns the field into a
 * CallbackList. Fields prefixed `_` are kernel-internal, not public API.
 */
import type { Simulation } from './simulation.ts';

/** Priorities at equal times: URGENT events are processed before NORMAL ones. */
export const URGENT = 0;
export const NORMAL = 1;

/** `_flags` bits (internal): the lifecycle state in the low two bits, then failure and defusal. */
export const PENDING = 0;
export const TRIGGERED = 1;
export const PROCESSED = 2;
export const STATE = 3;
export const FAILED = 4;
export const DEFUSED = 8;

export type Callback = (event: AnyEvent) => void;

/** A process as its events see it (an interface, so this file need not import process.ts). */
export interface Waiter {
  /** Called by `step()` when the awaited event is processed. */
  _resume(event: AnyEvent): void;
  /** `_resume` as a plain callback, the same function each time (for removal and listing). */
  readonly _resumeFn: Callback;
}

/** Callbacks of an event that has more than one, or one that is not a process; run in insertion order. */
class CallbackList {
  constructor(readonly fns: Callback[]) {}
  _resume(event: AnyEvent): void {
    const fns = this.fns;
    for (let i = 0; i < fns.length; i++) fns[i]!(event);
  }
}

export class Event<T = unknown> {
  // `declare`: no class-body fields are emitted, so the constructor alone shapes every event the same.
  declare readonly sim: Simulation;
  declare _flags: number;
  /** The value on success, the error on failure. */
  declare _value: unknown;
  /** What to call when processed: `step()` calls `_waiter._resume(event)`. */
  declare _waiter: Waiter | CallbackList | null;

  constructor(sim: Simulation) {
    this.sim = sim;
    this._flags = PENDING;
    this._value = undefined;
    this._waiter = null;
  }

  /** True once succeed/fail was called (a timeout is triggered when created). */
  get triggered(): boolean {
    return (this._flags & STATE) !== PENDING;
  }

  /** True once the heap has popped the event and its callbacks have been called. */
  get processed(): boolean {
    return (this._flags & STATE) === PROCESSED;
  }

  /** Whether the event succeeded; only defined once triggered. */
  get ok(): boolean {
    if (!this.triggered) throw new Error('event is not yet triggered: ok is undefined');
    return (this._flags & FAILED) === 0;
  }

  /** The success value, or the error of a failed event (check `ok`); only defined once triggered. */
  get value(): T {
    if (!this.triggered) throw new Error('event is not yet triggered: value is undefined');
    return this._value as T;
  }

  /** Whether a failure has been handled, so `step()` will not re-raise it. Set it to handle one yourself. */
  get defused(): boolean {
    return (this._flags & DEFUSED) !== 0;
  }

  set defused(on: boolean) {
    this._flags = on ? this._flags | DEFUSED : this._flags & ~DEFUSED;
  }

  /** The callbacks still to run, in order; null once processed (as in SimPy). */
  get callbacks(): readonly Callback[] | null {
    if (this.processed) return null;
    const w = this._waiter;
    if (w === null) return [];
    return w instanceof CallbackList ? w.fns.slice() : [w._resumeFn];
  }

  addCallback(fn: Callback): void {
    this._addWaiterFn(fn);
  }

  /** Removes the first occurrence of `fn`; returns whether it was found. */
  removeCallback(fn: Callback): boolean {
    const w = this._waiter;
    if (w === null) return false;
    if (!(w instanceof CallbackList)) {
      if (w._resumeFn !== fn) return false;
      this._waiter = null;
      return true;
    }
    const i = w.fns.indexOf(fn);
    if (i < 0) return false;
    w.fns.splice(i, 1);
    return true;
  }

  /** Registers a waiter: directly if it is the first, else as a callback after the others. */
  _addWaiter(w: Waiter): void {
    if (this._waiter === null && !this.processed) this._waiter = w;
    else this._addWaiterFn(w._resumeFn);
  }

  private _addWaiterFn(fn: Callback): void {
    if (this.processed) throw new Error('cannot add a callback to an event already processed');
    const w = this._waiter;
    if (w === null) this._waiter = new CallbackList([fn]);
    else if (w instanceof CallbackList) w.fns.push(fn);
    else this._waiter = new CallbackList([w._resumeFn, fn]);
  }

  /** Triggers the event successfully; it is processed at the current time, after earlier-scheduled ones. */
  succeed(value?: T): this {
    if (this.triggered) throw new Error('event has already been triggered');
    this._flags = TRIGGERED;
    this._value = value;
    this.sim.schedule(this, 0, NORMAL);
    return this;
  }

  /** Triggers the event as failed: waiting processes get `error` thrown at their `yield`. */
  fail(error: unknown): this {
    if (this.triggered) throw new Error('event has already been triggered');
    this._flags = TRIGGERED | FAILED | (this._flags & DEFUSED);
    this._value = error;
    this.sim.schedule(this, 0, NORMAL);
    return this;
  }

  /** Triggers this event with the outcome of `other` (which must be triggered); usable as a callback. */
  trigger(other: Event<T>): this {
    if (!other.triggered) throw new Error('cannot copy the outcome of a pending event');
    return other.ok ? this.succeed(other._value as T) : this.fail(other._value);
  }
}

/** An event of any value type, for containers of mixed events. */
export type AnyEvent = Event<any>;

/** Thrown into a process by `Process.interrupt(cause)`. */
export class Interrupt extends Error {
  constructor(cause: unknown) {
    super(`interrupted${cause === undefined ? '' : `: ${String(cause)}`}`, { cause });
    this.name = 'Interrupt';
  }
}
