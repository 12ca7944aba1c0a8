/**
 * Events: everything a process can wait for. An event is pending until something triggers it (succeed
 * or fail), which schedules it on the simulation's heap; when the heap pops it, it is processed and its
 * callbacks run in the order they were added. A failed event that no callback defuses re-raises out of
 * `Simulation.step()` (as in SimPy), so errors cannot vanish silently.
 *
 * Nearly every event has exactly one waiter, the process that yielded it; that process is kept in its
 * own field and resumed by a direct method call, with an array only for further callbacks. Not
 * allocating a closure or an array per event is most of the kernel's speed. Fields prefixed `_` are kernel-internal (shared with simulation.ts, process.ts and the
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

/**
 * A process as its events see it (an interface, so this file need not import process.ts). `step()`
 * calls `_resume` directly; `_resumeFn` is the same thing as a plain callback, for the general list.
 */
export interface Waiter {
  _resume(event: AnyEvent): void;
  readonly _resumeFn: Callback;
}

export class Event<T = unknown> {
  // `declare` keeps the fields out of the emitted class body: they are created by the constructor
  // assignments, in one order, so every event has the same hidden class.
  declare readonly sim: Simulation;
  /** PENDING, TRIGGERED (scheduled) or PROCESSED. */
  declare _state: number;
  declare _ok: boolean;
  /** The value on success, the error on failure. */
  declare _value: unknown;
  /** The process waiting on this event, when it is the first and only waiter (the common case). */
  declare _waiter: Waiter | null;
  /** Other callbacks, in insertion order, after `_waiter`. */
  declare _cbs: Callback[] | null;
  /** Set by whoever handles a failure (a waiting process, a condition) so it is not re-raised. */
  declare defused: boolean;

  constructor(sim: Simulation) {
    this.sim = sim;
    this._state = PENDING;
    this._ok = true;
    this._value = undefined;
    this._waiter = null;
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
    if (this._waiter !== null) out.push(this._waiter._resumeFn);
    if (this._cbs !== null) out.push(...this._cbs);
    return out;
  }

  addCallback(fn: Callback): void {
    if (this._state === PROCESSED) throw new Error('cannot add a callback to an event already processed');
    if (this._cbs === null) this._cbs = [fn];
    else this._cbs.push(fn);
  }

  /** Removes the first occurrence of `fn`; returns whether it was found. */
  removeCallback(fn: Callback): boolean {
    if (this._waiter !== null && this._waiter._resumeFn === fn) {
      this._waiter = null;
      return true;
    }
    const cbs = this._cbs;
    if (cbs === null) return false;
    const i = cbs.indexOf(fn);
    if (i < 0) return false;
    cbs.splice(i, 1);
    return true;
  }

  /** Registers a waiting process: in the `_waiter` field if it is the first waiter, else as a callback. */
  _addWaiter(w: Waiter): void {
    if (this._waiter === null && this._cbs === null) this._waiter = w;
    else this.addCallback(w._resumeFn);
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
