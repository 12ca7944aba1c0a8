/**
 * A slot resource (SimPy's Resource/PriorityResource): `capacity` users at a time. `request()` returns
 * an event that succeeds when a slot is granted; requests are served by priority (lower first; default
 * 0), first come first served within a priority. `release(request)` frees the slot, or withdraws the
 * request if it is still waiting (e.g. the process was interrupted while queued).
 */
import type { Event } from '../event.ts';
import type { Simulation } from '../simulation.ts';
import { BaseResource } from './base.ts';

interface SlotRequest {
  readonly event: Event<void>;
  readonly priority: number;
}

interface SlotRelease {
  readonly event: Event<void>;
  readonly request: Event<void>;
}

export interface RequestOptions {
  /** Lower is served first; default 0. */
  priority?: number;
}

export class Resource extends BaseResource<SlotRequest, SlotRelease> {
  readonly capacity: number;
  private readonly holders: Event<void>[] = [];

  constructor(sim: Simulation, capacity = 1) {
    super(sim);
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  /** Requests currently holding a slot, in the order they were granted. */
  get users(): readonly Event<void>[] {
    return this.holders;
  }

  /** Number of slots in use. */
  get count(): number {
    return this.holders.length;
  }

  /** An event that succeeds once a slot is granted; pass it to `release` when done. */
  request(options: RequestOptions = {}): Event<void> {
    const priority = options.priority ?? 0;
    if (!Number.isFinite(priority)) throw new RangeError(`priority must be a finite number, got ${priority}`);
    return this.newPut<void>((event) => ({ event, priority }));
  }

  /** Frees the slot held by `request` (or withdraws it if still queued); the returned event succeeds at once. */
  release(request: Event<void>): Event<void> {
    if (!this.holders.includes(request) && !this.cancel(request)) {
      throw new Error('release() of a request that holds no slot and is not queued (released twice?)');
    }
    return this.newGet<void>((event) => ({ event, request }));
  }

  protected override enqueuePut(r: SlotRequest): void {
    const q = this.putQueue;
    let i = q.length;
    while (i > 0 && q[i - 1]!.priority > r.priority) i--;
    q.splice(i, 0, r);
  }

  protected doPut(r: SlotRequest): boolean {
    if (this.holders.length >= this.capacity) return false;
    this.holders.push(r.event);
    r.event.succeed();
    return true;
  }

  protected doGet(r: SlotRelease): boolean {
    const i = this.holders.indexOf(r.request);
    if (i >= 0) this.holders.splice(i, 1);
    r.event.succeed();
    return true;
  }
}
