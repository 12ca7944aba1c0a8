/**
 * A container (SimPy's Container): a continuous level between 0 and `capacity` — bytes of memory, a
 * power budget. `put(amount)` succeeds once the amount fits, `get(amount)` once the level holds it;
 * both queues are strict FIFO (a large blocked request holds back smaller ones behind it).
 */
import type { Event } from '../event.ts';
import type { Simulation } from '../simulation.ts';
import { BaseResource } from './base.ts';

interface Amount {
  readonly event: Event<void>;
  readonly amount: number;
}

export interface ContainerOptions {
  /** Largest level; default Infinity. */
  capacity?: number;
  /** Starting level; default 0. */
  init?: number;
}

export class Container extends BaseResource<Amount, Amount> {
  readonly capacity: number;
  private current: number;

  constructor(sim: Simulation, options: ContainerOptions = {}) {
    super(sim);
    const capacity = options.capacity ?? Infinity;
    const init = options.init ?? 0;
    if (!(capacity > 0)) throw new RangeError(`capacity must be > 0, got ${capacity}`);
    if (!(init >= 0 && init <= capacity)) throw new RangeError(`init must be in [0, capacity], got ${init}`);
    this.capacity = capacity;
    this.current = init;
  }

  /** Current level. */
  get level(): number {
    return this.current;
  }

  /** An event that succeeds once `amount` has been added (waits while it does not fit). */
  put(amount: number): Event<void> {
    if (!(amount > 0 && amount <= this.capacity)) {
      throw new RangeError(`put amount must be in (0, capacity=${this.capacity}], got ${amount}`);
    }
    return this.newPut<void>((event) => ({ event, amount }));
  }

  /** An event that succeeds once `amount` has been taken out (waits while the level is lower). */
  get(amount: number): Event<void> {
    if (!(amount > 0 && amount <= this.capacity)) {
      throw new RangeError(`get amount must be in (0, capacity=${this.capacity}], got ${amount}`);
    }
    return this.newGet<void>((event) => ({ event, amount }));
  }

  protected doPut(r: Amount): boolean {
    if (this.capacity - this.current < r.amount) return false;
    this.current += r.amount;
    r.event.succeed();
    return true;
  }

  protected doGet(r: Amount): boolean {
    if (this.current < r.amount) return false;
    this.current -= r.amount;
    r.event.succeed();
    return true;
  }
}
