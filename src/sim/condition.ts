/**
 * Condition events over a list of events, as SimPy's AllOf/AnyOf:
 * - allOf(events) succeeds once every event has succeeded; its value is their values, in list order.
 *   An empty list succeeds at once with [].
 * - anyOf(events) succeeds once the first event (in processing order) succeeds; its value is
 *   `{ index, value }` of that event. An empty list is an error: it could never trigger.
 * Either fails as soon as one of its events fails, with that event's error, and defuses that event
 * (the failure is handed on, not lost). Events already processed count at once, lowest index first.
 */
import { Event } from './event.ts';
import type { AnyEvent, Callback } from './event.ts';
import type { Simulation } from './simulation.ts';

/** The value type an event carries. */
export type ValueOf<E> = E extends Event<infer V> ? V : never;
/** allOf's value: one value per event, keeping tuple positions. */
export type AllOfValue<E extends readonly AnyEvent[]> = { -readonly [K in keyof E]: ValueOf<E[K]> };
/** anyOf's value: which event came first and its value. */
export interface AnyOfValue<E extends readonly AnyEvent[]> {
  index: number;
  value: ValueOf<E[number]>;
}

export class Condition<T> extends Event<T> {
  private readonly events: readonly AnyEvent[];
  private readonly all: boolean;
  private count = 0;
  private readonly checkCb: Callback;

  constructor(sim: Simulation, events: readonly AnyEvent[], all: boolean) {
    super(sim);
    for (const e of events) {
      if (!(e instanceof Event) || e.sim !== sim) {
        throw new TypeError(`${all ? 'allOf' : 'anyOf'} takes events of its own simulation`);
      }
    }
    if (!all && events.length === 0) throw new RangeError('anyOf([]) could never trigger: pass at least one event');
    this.events = events.slice();
    this.all = all;
    this.checkCb = (e) => this.check(e);
    if (events.length === 0) {
      this.succeed([] as T);
      return;
    }
    for (const e of this.events) if (e.processed) this.check(e);
    if (this.triggered) return;
    for (const e of this.events) if (!e.processed) e.addCallback(this.checkCb);
  }

  private check(e: AnyEvent): void {
    if (this.triggered) return;
    this.count++;
    if (!e.ok) {
      e.defused = true;
      this.fail(e._value);
    } else if (!this.all) {
      this.succeed({ index: this.events.indexOf(e), value: e._value } as T);
    } else if (this.count === this.events.length) {
      this.succeed(this.events.map((x) => x._value) as T);
    } else {
      return;
    }
    // Triggered: the remaining events no longer matter to this condition.
    for (const x of this.events) if (!x.processed) x.removeCallback(this.checkCb);
  }
}
