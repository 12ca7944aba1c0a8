/**
 * An indexed binary min-heap of small integer ids keyed by a float, with key updates and removal by id:
 * for callers that re-key arbitrary entries, e.g. the flow backend's "which flow finishes next" after a
 * solve changes some rates. (The solver itself uses the lighter KeyHeap, key-heap.ts.) Ties break by the
 * smaller id, so the order never depends on insertion history.
 */
export class IdHeap {
  /** heap slots -> id */
  private ids: Int32Array;
  /** id -> its key; meaningful only while the id is in the heap */
  private keys: Float64Array;
  /** id -> slot, or -1 when absent */
  private slot: Int32Array;
  private count = 0;

  constructor(capacity = 16) {
    this.ids = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.slot = new Int32Array(capacity).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /** makes room for ids < n; keeps the contents */
  reserve(n: number): void {
    if (n <= this.slot.length) return;
    const cap = Math.max(n, this.slot.length * 2);
    const ids = new Int32Array(cap);
    ids.set(this.ids);
    const keys = new Float64Array(cap);
    keys.set(this.keys);
    const slot = new Int32Array(cap).fill(-1);
    slot.set(this.slot);
    this.ids = ids;
    this.keys = keys;
    this.slot = slot;
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.slot[this.ids[i]!] = -1;
    this.count = 0;
  }

  has(id: number): boolean {
    return id < this.slot.length && this.slot[id]! >= 0;
  }

  /** the smallest id-key pair's id; call only when size > 0 */
  topId(): number {
    return this.ids[0]!;
  }

  /** the smallest key, or Infinity when empty */
  topKey(): number {
    return this.count === 0 ? Infinity : this.keys[this.ids[0]!]!;
  }

  /** the key of an id in the heap */
  keyOf(id: number): number {
    return this.has(id) ? this.keys[id]! : NaN;
  }

  /** inserts id (< the reserved size), or moves it if present */
  set(id: number, key: number): void {
    const s = this.slot[id]!;
    if (s < 0) {
      const at = this.count++;
      this.ids[at] = id;
      this.slot[id] = at;
      this.keys[id] = key;
      this.up(at);
      return;
    }
    const old = this.keys[id]!;
    this.keys[id] = key;
    if (key < old) this.up(s);
    else if (key > old) this.down(s);
  }

  remove(id: number): void {
    if (!this.has(id)) return;
    const s = this.slot[id]!;
    this.slot[id] = -1;
    const last = this.ids[--this.count]!;
    if (s === this.count) return;
    this.ids[s] = last;
    this.slot[last] = s;
    this.up(s);
    this.down(this.slot[last]!);
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && a < b);
  }

  private up(s: number): void {
    const id = this.ids[s]!;
    while (s > 0) {
      const p = (s - 1) >> 1;
      const pid = this.ids[p]!;
      if (!this.less(id, pid)) break;
      this.ids[s] = pid;
      this.slot[pid] = s;
      s = p;
    }
    this.ids[s] = id;
    this.slot[id] = s;
  }

  private down(s: number): void {
    const id = this.ids[s]!;
    const n = this.count;
    for (;;) {
      let c = 2 * s + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(this.ids[c + 1]!, this.ids[c]!)) c++;
      const cid = this.ids[c]!;
      if (!this.less(cid, id)) break;
      this.ids[s] = cid;
      this.slot[cid] = s;
      s = c;
    }
    this.ids[s] = id;
    this.slot[id] = s;
  }
}
