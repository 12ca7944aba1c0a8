/**
 * The template every resource shares (SimPy's BaseResource): a queue of pending put requests and one
 * of pending get requests. A new put is tried at once (`triggerPut`); a new get likewise. When a put
 * event is processed, the get queue is retried, and vice versa — that is the only way a blocked request
 * can become possible. Subclasses supply `doPut`/`doGet`: try one request, trigger its event if it can
 * proceed, and return whether to go on to the next queued request (false keeps strict FIFO order).
 *
 * Requests are plain Events paired with their arguments in a small queue record, so resource events
 * stay the same shape as every other event on the heap.
 */
import { Event } from '../event.ts';
import type { AnyEvent, Callback } from '../event.ts';
import type { Simulation } from '../simulation.ts';

/** A queued request: the event to trigger plus what the request asks for. */
export interface Pending {
  readonly event: AnyEvent;
}

export abstract class BaseResource<P extends Pending, G extends Pending> {
  readonly sim: Simulation;
  /** Put requests not yet granted, in service order. */
  protected readonly putQueue: P[] = [];
  /** Get requests not yet granted, in service order. */
  protected readonly getQueue: G[] = [];
  private readonly onPutProcessed: Callback = () => this.triggerGet();
  private readonly onGetProcessed: Callback = () => this.triggerPut();
  private readonly tryPut = (r: P): boolean => this.doPut(r);
  private readonly tryGet = (r: G): boolean => this.doGet(r);

  constructor(sim: Simulation) {
    this.sim = sim;
  }

  /** Number of put requests waiting. */
  get putQueueLength(): number {
    return this.putQueue.length;
  }

  /** Number of get requests waiting. */
  get getQueueLength(): number {
    return this.getQueue.length;
  }

  /** Tries one put request; triggers its event if it can proceed; returns whether to try the next. */
  protected abstract doPut(request: P): boolean;
  /** Tries one get request; triggers its event if it can proceed; returns whether to try the next. */
  protected abstract doGet(request: G): boolean;

  /** Where a new put request goes in the queue; FIFO by default. */
  protected enqueuePut(request: P): void {
    this.putQueue.push(request);
  }

  protected newPut<T>(make: (event: Event<T>) => P): Event<T> {
    const event = new Event<T>(this.sim);
    this.enqueuePut(make(event));
    event.addCallback(this.onPutProcessed);
    this.triggerPut();
    return event;
  }

  protected newGet<T>(make: (event: Event<T>) => G): Event<T> {
    const event = new Event<T>(this.sim);
    this.getQueue.push(make(event));
    event.addCallback(this.onGetProcessed);
    this.triggerGet();
    return event;
  }

  /** Withdraws a request that has not been granted yet (e.g. after an interrupt); returns whether it was queued. */
  cancel(event: AnyEvent): boolean {
    if (event.triggered) return false;
    return removeWhere(this.putQueue, event) || removeWhere(this.getQueue, event);
  }

  protected triggerPut(): void {
    runQueue(this.putQueue, this.tryPut);
  }

  protected triggerGet(): void {
    runQueue(this.getQueue, this.tryGet);
  }
}

/** Tries queued requests in order, dropping the ones that got triggered, until `attempt` says stop. */
function runQueue<R extends Pending>(queue: R[], attempt: (r: R) => boolean): void {
  let i = 0;
  while (i < queue.length) {
    const request = queue[i]!;
    const proceed = attempt(request);
    if (!request.event.triggered) i++;
    else queue.splice(i, 1);
    if (!proceed) break;
  }
}

function removeWhere<R extends Pending>(queue: R[], event: AnyEvent): boolean {
  const i = queue.findIndex((r) => r.event === event);
  if (i < 0) return false;
  queue.splice(i, 1);
  return true;
}
