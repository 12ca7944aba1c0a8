/**
 * A binary min-heap of (key, id) pairs for the progressive-filling loop's "which constraint saturates
 * next". The solver keeps keys lazily (a key only ever rises during a solve, so a stale key is a lower
 * bound, refreshed when it reaches the top), so the heap needs no decrease-key and no id -> slot map: only
 * build, pop, and re-key the top. Keys sit next to ids in slot order, so sifting touches two contiguous
 * arrays and nothing else — this matters at 10^4–10^5 constraints, where cache misses dominate. Ties break
 * by the smaller id, so the pop order — and hence the solver's floating-point results — never depend on
 * insertion history.
 */
export class KeyHeap {
  private ids = new Int32Array(16);
  private keys = new Float64Array(16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
  }

  /** adds a pair without ordering; call heapify() after a batch of these */
  append(id: number, key: number): void {
    if (this.count === this.ids.length) {
      const ids = new Int32Array(this.count * 2);
      ids.set(this.ids);
      const keys = new Float64Array(this.count * 2);
      keys.set(this.keys);
      this.ids = ids;
      this.keys = keys;
    }
    this.ids[this.count] = id;
    this.keys[this.count] = key;
    this.count++;
  }

  /** restores heap order after append(): O(n), against O(n log n) for n ordered inserts */
  heapify(): void {
    for (let s = (this.count >> 1) - 1; s >= 0; s--) this.down(s, this.ids[s]!, this.keys[s]!);
  }

  /** the top's id; call only when size > 0 */
  topId(): number {
    return this.ids[0]!;
  }

  /** the smallest key, or Infinity when empty */
  topKey(): number {
    return this.count === 0 ? Infinity : this.keys[0]!;
  }

  /** removes the top and returns its id; call only when size > 0 */
  pop(): number {
    const id = this.ids[0]!;
    const n = --this.count;
    if (n > 0) this.down(0, this.ids[n]!, this.keys[n]!);
    return id;
  }

  /** gives the top a new key that is not smaller than its old one; call only when size > 0 */
  raiseTop(key: number): void {
    this.down(0, this.ids[0]!, key);
  }

  /** sifts (id, key) down from slot s */
  private down(s: number, id: number, key: number): void {
    const { ids, keys } = this;
    const n = this.count;
    for (;;) {
      let c = 2 * s + 1;
      if (c >= n) break;
      let ck = keys[c]!;
      let cid = ids[c]!;
      if (c + 1 < n) {
        const rk = keys[c + 1]!;
        const rid = ids[c + 1]!;
        if (rk < ck || (rk === ck && rid < cid)) {
          c++;
          ck = rk;
          cid = rid;
        }
      }
      if (key < ck || (key === ck && id < cid)) break;
      ids[s] = cid;
      keys[s] = ck;
      s = c;
    }
    ids[s] = id;
    keys[s] = key;
  }
}
