/**
 * A store (SimPy's Store and FilterStore in one): up to `capacity` items. `put(item)` succeeds once
 * there is room; `get()` takes the oldest item, `get(filter)` the oldest item the filter accepts.
 * Puts are strict FIFO. A filtered get that finds no match does not block the gets queued after it
 * (as in FilterStore), so get requests may be served out of order.
 */
import type { Event } from '../event.ts';
import type { Simulation } from '../simulation.ts';
import { BaseResource } from './base.ts';

interface ItemPut<T> {
  readonly event: Event<void>;
  readonly item: T;
}

interface ItemGet<T> {
  readonly event: Event<T>;
  readonly filter: ((item: T) => boolean) | undefined;
}

export class Store<T> extends BaseResource<ItemPut<T>, ItemGet<T>> {
  readonly capacity: number;
  private readonly stock: T[] = [];

  constructor(sim: Simulation, capacity = Infinity) {
    super(sim);
    if (!(capacity > 0)) throw new RangeError(`capacity must be > 0, got ${capacity}`);
    this.capacity = capacity;
  }

  /** Items in the store, oldest first. */
  get items(): readonly T[] {
    return this.stock;
  }

  /** An event that succeeds once `item` is in the store. */
  put(item: T): Event<void> {
    return this.newPut<void>((event) => ({ event, item }));
  }

  /** An event that succeeds with the oldest item (accepted by `filter`, if given) once there is one. */
  get(filter?: (item: T) => boolean): Event<T> {
    return this.newGet<T>((event) => ({ event, filter }));
  }

  protected doPut(r: ItemPut<T>): boolean {
    if (this.stock.length >= this.capacity) return false;
    this.stock.push(r.item);
    r.event.succeed();
    return true;
  }

  protected doGet(r: ItemGet<T>): boolean {
    const i = r.filter === undefined ? (this.stock.length > 0 ? 0 : -1) : this.stock.findIndex(r.filter);
    if (i >= 0) {
      const [item] = this.stock.splice(i, 1);
      r.event.succeed(item as T);
      return true;
    }
    // An unfiltered get finding nothing means the store is empty: nothing behind it can succeed either.
    return r.filter !== undefined;
  }
}
