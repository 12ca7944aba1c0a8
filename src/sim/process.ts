/**
 * Processes: sync generator functions that yield events. `const v = yield sim.timeout(5)` suspends
 * the generator until the event is processed and resumes it with the event's value; a failed event is
 * thrown in at the `yield` instead. A Process is itself an Event that triggers with the generator's
 * return value (or fails with what it threw), so processes can wait on each other.
 *
 * Resuming is a plain loop, never recursion or promises: simulated time must not depend on the
 * microtask queue. A process registers itself as the waiter of the event it yields and `step()` calls
 * `_resume` on it directly: no closure or array is allocated per wait (see event.ts for why).
 *
 * A process may also yield a plain number d >= 0: it resumes after d seconds with `undefined`, exactly as
 * `yield sim.timeout(d)` would (same time, same NORMAL priority, same tie-breaking by scheduling order),
 * but without allocating an event: the heap entry is the process itself. Use it for pure delays in hot
 * loops; an event object is only needed to share the timeout, pass a value, or combine it in allOf/anyOf.
 * Why: with 10^4 processes, event objects that live until their time comes are promoted by the garbage
 * collector and miss the caches; the hold-model bench runs about twice as fast without them.
 */
import { DEFUSED, Event, FAILED, Interrupt, NORMAL, PROCESSED, STATE, TRIGGERED, URGENT } from './event.ts';
import type { AnyEvent, Callback, Waiter } from './event.ts';
import type { Simulation } from './simulation.ts';

/**
 * The generator type of a process returning R. Yielded values must be events; what a `yield` evaluates
 * to depends on the event, hence `any` (annotate: `const n: number = yield sim.timeout(1, 3)`).
 */
export type ProcessGenerator<R = unknown> = Generator<AnyEvent | number, R, any>;

export class Process<R = unknown> extends Event<R> implements Waiter {
  declare readonly name: string;
  private declare readonly gen: ProcessGenerator<R>;
  /** The event this process waits for; null once finished. */
  private declare waitingOn: AnyEvent | null;
  /** `_resume` as a callback, made only when needed (most processes never need it). */
  private declare resumeFn: Callback | null;
  /** Key of the heap entry of the current plain-delay hold; -1 when not holding. */
  private declare holdKey: number;

  constructor(sim: Simulation, gen: ProcessGenerator<R>, name: string) {
    super(sim);
    this.name = name;
    this.gen = gen;
    this.resumeFn = null;
    this.holdKey = -1;
    // Start at the current time but before NORMAL events, as SimPy's Initialize does.
    const init = new Event<undefined>(sim);
    init._flags = TRIGGERED;
    init._waiter = this;
    this.waitingOn = init;
    sim.schedule(init, 0, URGENT);
  }

  get _resumeFn(): Callback {
    if (this.resumeFn === null) this.resumeFn = (event) => this._resume(event);
    return this.resumeFn;
  }

  /** The event the process is waiting for, or null once it has finished. */
  get target(): AnyEvent | null {
    return this.waitingOn;
  }

  /** True until the generator has returned or thrown. */
  get isAlive(): boolean {
    return !this.triggered;
  }

  /**
   * Throws an `Interrupt` carrying `cause` into the generator at its current `yield`, at the current
   * time and before NORMAL events. The event it was waiting for stays scheduled but no longer resumes it.
   */
  interrupt(cause?: unknown): void {
    if (this.triggered) throw new Error(`process ${this.name} has terminated and cannot be interrupted`);
    if (this.sim.activeProcess === this) throw new Error(`process ${this.name} cannot interrupt itself`);
    const ev = new Event<never>(this.sim);
    ev._flags = TRIGGERED | FAILED | DEFUSED;
    ev._value = new Interrupt(cause);
    ev.addCallback((e) => {
      // The process may have finished between the call and now; then there is nothing to interrupt.
      if (this.triggered) return;
      this.waitingOn?.removeCallback(this._resumeFn);
      this.holdKey = -1; // a hold in progress becomes stale: its heap entry will be ignored
      this._resume(e);
    });
    this.sim.schedule(ev, 0, URGENT);
  }

  override toString(): string {
    return `Process(${this.name})`;
  }

  /** Feeds `event`'s outcome into the generator and runs it to its next yield of a pending event. */
  _resume(event: AnyEvent): void {
    const sim = this.sim;
    const gen = this.gen;
    sim._active = this;
    let next: AnyEvent | null = event;
    while (next !== null) {
      let r: IteratorResult<AnyEvent | number, R>;
      try {
        if ((next._flags & FAILED) === 0) {
          r = gen.next(next._value);
        } else {
          next._flags |= DEFUSED;
          r = gen.throw(next._value);
        }
      } catch (err) {
        this.finish(false, err);
        break;
      }
      next = this.settle(r);
    }
    sim._active = null;
  }

  /**
   * Acts on what the generator produced: finish, hold, or wait on an event. Returns the event whose
   * outcome must be fed in at once (already processed, or a TypeError for a bad yield), else null.
   */
  private settle(r: IteratorResult<AnyEvent | number, R>): AnyEvent | null {
    const sim = this.sim;
    if (r.done === true) {
      this.finish(true, r.value);
      return null;
    }
    const next = r.value;
    if (typeof next === 'number') {
      if (!(next >= 0 && next < Infinity)) return invalidYield(sim, this.name, next);
      this.waitingOn = null;
      this.holdKey = sim._hold(this, next);
      return null;
    }
    if (!(next instanceof Event) || next.sim !== sim) return invalidYield(sim, this.name, next);
    // Already happened: continue at once with its outcome.
    if ((next._flags & STATE) === PROCESSED) return next;
    next._addWaiter(this);
    this.waitingOn = next;
    return null;
  }

  /** The heap entry with `key` of this process's hold came up: resume, unless the hold was interrupted. */
  _wake(key: number): void {
    if (key !== this.holdKey) return;
    this.holdKey = -1;
    // Fast path for the common case: the generator yields another plain delay.
    const sim = this.sim;
    sim._active = this;
    let r: IteratorResult<AnyEvent | number, R>;
    try {
      r = this.gen.next(undefined);
    } catch (err) {
      sim._active = null;
      this.finish(false, err);
      return;
    }
    const next = this.settle(r);
    sim._active = null;
    if (next !== null) this._resume(next);
  }

  private finish(ok: boolean, value: unknown): void {
    this.waitingOn = null;
    this._flags = ok ? TRIGGERED : TRIGGERED | FAILED;
    this._value = value;
    this.sim.schedule(this, 0, NORMAL);
  }
}

/** A processed failed event that throws a TypeError into the generator at the bad `yield`. */
function invalidYield(sim: Simulation, name: string, value: unknown): AnyEvent {
  const ev = new Event<never>(sim);
  ev._flags = PROCESSED | FAILED;
  const what = value instanceof Event ? 'an event of another simulation' : typeof value === 'number' ? `the delay ${value}` : String(value);
  ev._value = new TypeError(`process ${name} yielded ${what}; a process may only yield events of its simulation or a finite delay >= 0`);
  return ev;
}
