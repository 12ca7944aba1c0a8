/**
 * The event heap: a binary min-heap ordered by (time, priority, insertion sequence), which makes
 * tie-breaking deterministic: at equal times URGENT (0) precedes NORMAL (1), then first scheduled
 * first processed.
 *
 * Why this layout (measured with 10^4 processes, where the heap no longer fits in L1): the heap itself
 * is two typed arrays, times (Float64Array) and slot numbers (Int32Array); each event sits still in a
 * slot (free slots on a stack) next to its tie-break key. Moving an object pointer up and down a JS
 * array costs a GC write barrier per move, moving an int does not (pop+push ~1.6x faster), and keys
 * are read only on time ties, so they need not move with the entries (another ~1.3x).
 * Priority and sequence share one float key, `priority * 2^44 + sequence`, exact while the sequence stays
 * below 2^44 (~1.7e13 events) and the priority at most MAX_PRIORITY.
 * A slot also records the entry's kind: an event, or a process holding for a plain delay (`yield d`),
 * which is stored without allocating an event (see process.ts).
 * Sift-up and sift-down move a hole instead of swapping. Arrays grow by doubling; nothing is allocated
 * per push or pop.
 */
import type { AnyEvent } from './event.ts';

const SEQ_SPAN = 2 ** 44;
/** An ordinary event: processed by `Simulation.step`. */
export const ENTRY_EVENT = 0;
/** A process holding for a delay (`yield 2.5`): the slot holds the process itself, no event object. */
export const ENTRY_HOLD = 1;
/** Largest priority that keeps `priority * SEQ_SPAN + seq` exact in a float64. */
export const MAX_PRIORITY = 511;

export class EventQueue {
  /** Heap order: time and slot of each entry. */
  private times: Float64Array;
  private ids: Int32Array;
  /** Slot order: the event and its tie-break key. */
  private slots: (AnyEvent | null)[];
  private keys: Float64Array;
  /** Stack of free slot numbers; `nFree` of them are valid. */
  private free: Int32Array;
  private nFree: number;
  /** Slot order: what the entry is (ENTRY_EVENT or ENTRY_HOLD); read back after pop via `poppedKind`. */
  private kinds: Uint8Array;
  /** Kind and tie-break key of the entry the last `pop()` returned. */
  poppedKind = ENTRY_EVENT;
  poppedKey = 0;
  private n = 0;
  private seq = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.ids = new Int32Array(initialCapacity);
    this.slots = new Array<AnyEvent | null>(initialCapacity).fill(null);
    this.keys = new Float64Array(initialCapacity);
    this.kinds = new Uint8Array(initialCapacity);
    this.free = new Int32Array(initialCapacity);
    // Hand out low slots first.
    for (let i = 0; i < initialCapacity; i++) this.free[i] = initialCapacity - 1 - i;
    this.nFree = initialCapacity;
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.n === 0 ? Infinity : this.times[0]!;
  }

  /** Adds an entry; returns its tie-break key, unique among all entries ever pushed. */
  push(time: number, priority: number, event: AnyEvent, kind: number = ENTRY_EVENT): number {
    if (this.nFree === 0) this.grow();
    if (this.seq === SEQ_SPAN) throw new Error('event sequence exhausted (2^44 events scheduled)');
    const key = priority * SEQ_SPAN + this.seq++;
    const slot = this.free[--this.nFree]!;
    this.slots[slot] = event;
    this.kinds[slot] = kind;
    const keys = this.keys;
    keys[slot] = key;
    const times = this.times;
    const ids = this.ids;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < time || (pt === time && keys[ids[p]!]! < key)) break;
      times[i] = pt;
      ids[i] = ids[p]!;
      i = p;
    }
    times[i] = time;
    ids[i] = slot;
    return key;
  }

  /** Removes and returns the earliest event; the caller checks `size > 0` first. */
  pop(): AnyEvent {
    const times = this.times;
    const ids = this.ids;
    const keys = this.keys;
    const topSlot = ids[0]!;
    const top = this.slots[topSlot]!;
    this.slots[topSlot] = null;
    this.poppedKind = this.kinds[topSlot]!;
    this.poppedKey = keys[topSlot]!;
    this.free[this.nFree++] = topSlot;
    const n = --this.n;
    if (n === 0) return top;
    // Sift the last entry down from the root.
    const t = times[n]!;
    const id = ids[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = times[c]!;
      const r = c + 1;
      if (r < n) {
        const rt = times[r]!;
        if (rt < ct || (rt === ct && keys[ids[r]!]! < keys[ids[c]!]!)) {
          c = r;
          ct = rt;
        }
      }
      if (t < ct || (t === ct && keys[id]! < keys[ids[c]!]!)) break;
      times[i] = ct;
      ids[i] = ids[c]!;
      i = c;
    }
    times[i] = t;
    ids[i] = id;
    return top;
  }

  private grow(): void {
    const old = this.times.length;
    const cap = old * 2;
    this.times = grown(this.times, new Float64Array(cap));
    this.ids = grown(this.ids, new Int32Array(cap));
    this.keys = grown(this.keys, new Float64Array(cap));
    this.kinds = grown(this.kinds, new Uint8Array(cap));
    for (let i = old; i < cap; i++) this.slots.push(null);
    // Every slot is in use when we grow, so the new free stack is exactly the new slots.
    this.free = new Int32Array(cap);
    for (let i = 0; i < old; i++) this.free[i] = cap - 1 - i;
    this.nFree = old;
  }
}

function grown<A extends Float64Array | Int32Array | Uint8Array>(from: A, to: A): A {
  to.set(from);
  return to;
}
