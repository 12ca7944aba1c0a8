/**
 * Events: everything a process can wait for. An event is pending until something triggers it (succeed
 * or fail), which schedules it on the simulation's heap; when the heap pops it, it is processed and its
 * callbacks run in the order they were added. A failed event that no callback defuses re-raises out of
 * `Simulation.step()` (as in SimPy), so errors cannot vanish silently.
 *
 * Callbacks are kept as one function field plus an overflow array: nearly every event has exactly one
 * waiter (the process that yielded it), and not allocating an array per event is most of the kernel's
 * speed. Fields prefixed `_` are kernel-internal (shared with simulation.ts, process.ts and the
 * resources) and not part of the public API.
 */
import type { Simulation } from './simulation.ts';

/** Priorities at equal times: URGENT events are processed before NORMAL ones. */
export const URGENT = 0;
export const NORMAL = 1;

/** Lifecycle states (internal). */
export const PENDING = 0;
export const TRIGGERED = 1;
export const PROCESSED = 2;

export type Callback = (event: AnyEvent) => void;

export class Event<T = unknown> {
  readonly sim: Simulation;
  /** PENDING, TRIGGERED (scheduled) or PROCESSED. */
  _state: number;
  _ok: boolean;
  /** The value on success, the error on failure. */
  _value: unknown;
  /** First callback; later ones go to `_cbs`, so insertion order is `_cb` then `_cbs`. */
  _cb: Callback | null;
  _cbs: Callback[] | null;
  /** Set by whoever handles a failure (a waiting process, a condition) so it is not re-raised. */
  defused: boolean;

  constructor(sim: Simulation) {
    this.sim = sim;
    this._state = PENDING;
    this._ok = true;
    this._value = undefined;
    this._cb = null;
    this._cbs = null;
    this.defused = false;
  }

  /** True once succeed/fail was called (a timeout is triggered when created). */
  get triggered(): boolean {
    return this._state !== PENDING;
  }

  /** True once the heap has popped the event and its callbacks have been called. */
  get processed(): boolean {
    return this._state === PROCESSED;
  }

  /** Whether the event succeeded; only defined once triggered. */
  get ok(): boolean {
    if (this._state === PENDING) throw new Error('event is not yet triggered: ok is undefined');
    return this._ok;
  }

  /** The success value, or the error of a failed event (check `ok`); only defined once triggered. */
  get value(): T {
    if (this._state === PENDING) throw new Error('event is not yet triggered: value is undefined');
    return this._value as T;
  }

  /** A snapshot of the callbacks still to run, in order; null once processed (as in SimPy). */
  get callbacks(): readonly Callback[] | null {
    if (this._state === PROCESSED) return null;
    const out: Callback[] = [];
    if (this._cb !== null) out.push(this._cb);
    if (this._cbs !== null) out.push(...this._cbs);
    return out;
  }

  addCallback(fn: Callback): void {
    if (this._state === PROCESSED) throw new Error('cannot add a callback to an event already processed');
    if (this._cb === null && this._cbs === null) this._cb = fn;
    else if (this._cbs === null) this._cbs = [fn];
    else this._cbs.push(fn);
  }

  /** Removes the first occurrence of `fn`; returns whether it was found. */
  removeCallback(fn: Callback): boolean {
    if (this._cb === fn) {
      this._cb = null;
      return true;
    }
    const cbs = this._cbs;
    if (cbs === null) return false;
    const i = cbs.indexOf(fn);
    if (i < 0) return false;
    cbs.splice(i, 1);
    return true;
  }

  /** Triggers the event successfully; it is processed at the current time, after earlier-scheduled ones. */
  succeed(value?: T): this {
    if (this._state !== PENDING) throw new Error('event has already been triggered');
    this._ok = true;
    this._value = value;
    this._state = TRIGGERED;
    this.sim.schedule(this, 0, NORMAL);
    return this;
  }

  /** Triggers the event as failed: waiting processes get `error` thrown at their `yield`. */
  fail(error: unknown): this {
    if (this._state !== PENDING) throw new Error('event has already been triggered');
    this._ok = false;
    this._value = error;
    this._state = TRIGGERED;
    this.sim.schedule(this, 0, NORMAL);
    return this;
  }

  /** Triggers this event with the outcome of `other` (which must be triggered); usable as a callback. */
  trigger(other: Event<T>): this {
    if (other._state === PENDING) throw new Error('cannot copy the outcome of a pending event');
    return other._ok ? this.succeed(other._value as T) : this.fail(other._value);
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
