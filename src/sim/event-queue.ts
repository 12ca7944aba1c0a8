/**
 * The event heap: a binary min-heap ordered by (time, priority, insertion sequence), which makes
 * tie-breaking deterministic: at equal times URGENT (0) precedes NORMAL (1), then first scheduled
 * first processed.
 *
 * Layout is three parallel arrays (times and keys in Float64Arrays, events in a plain array) grown by
 * doubling, so a push or pop allocates nothing. Priority and sequence share one float key,
 * `priority * 2^44 + sequence`, exact while the sequence stays below 2^44 (~1.7e13 events) and the
 * priority below 2^9: one comparison instead of two on the rare time ties.
 * Sift-up and sift-down move a hole instead of swapping, which halves the writes.
 */
import type { AnyEvent } from './event.ts';

const SEQ_SPAN = 2 ** 44;
/** Largest priority that keeps `priority * SEQ_SPAN + seq` exact in a float64. */
export const MAX_PRIORITY = 511;

export class EventQueue {
  private times: Float64Array;
  private keys: Float64Array;
  private events: (AnyEvent | null)[];
  private n = 0;
  private seq = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.keys = new Float64Array(initialCapacity);
    this.events = new Array(initialCapacity).fill(null);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.times[0]!;
  }

  push(time: number, priority: number, event: AnyEvent): void {
    if (this.n === this.times.length) this.grow();
    if (this.seq === SEQ_SPAN) throw new Error('event sequence exhausted (2^44 events scheduled)');
    const key = priority * SEQ_SPAN + this.seq++;
    const times = this.times;
    const keys = this.keys;
    const events = this.events;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < time || (pt === time && keys[p]! < key)) break;
      times[i] = pt;
      keys[i] = keys[p]!;
      events[i] = events[p]!;
      i = p;
    }
    times[i] = time;
    keys[i] = key;
    events[i] = event;
  }

  /** Removes and returns the earliest event; the caller checks `size > 0` first. */
  pop(): AnyEvent {
    const times = this.times;
    const keys = this.keys;
    const events = this.events;
    const top = events[0]!;
    const n = --this.n;
    const t = times[n]!;
    const k = keys[n]!;
    const e = events[n]!;
    events[n] = null;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = times[c]!;
      let ck = keys[c]!;
      const r = c + 1;
      if (r < n) {
        const rt = times[r]!;
        if (rt < ct || (rt === ct && keys[r]! < ck)) {
          c = r;
          ct = rt;
          ck = keys[r]!;
        }
      }
      if (t < ct || (t === ct && k < ck)) break;
      times[i] = ct;
      keys[i] = ck;
      events[i] = events[c]!;
      i = c;
    }
    times[i] = t;
    keys[i] = k;
    events[i] = e;
    return top;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap);
    times.set(this.times);
    const keys = new Float64Array(cap);
    keys.set(this.keys);
    this.times = times;
    this.keys = keys;
    for (let i = this.events.length; i < cap; i++) this.events.push(null);
  }
}
