/**
 * Storage of the constraint–variable graph: struct-of-arrays indexed by dense ids, grown by doubling and
 * reused after removal (LIFO free lists, so id reuse is deterministic). Adjacency is kept both ways because
 * the solver walks both: a constraint's variables (to freeze them all when it saturates) and a variable's
 * constraints (to subtract its rate from each). `varPos` records where a variable sits in each of its
 * constraints' lists so that removal is an O(degree) swap-remove rather than a search of a long list.
 */
const EMPTY_I32 = new Int32Array(0);

function growF64(a: Float64Array, n: number, fill: number): Float64Array {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2)).fill(fill);
  b.set(a);
  return b;
}

function growU8(a: Uint8Array, n: number): Uint8Array {
  if (n <= a.length) return a;
  const b = new Uint8Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

export class Store {
  // constraints
  /** one past the largest constraint id ever handed out */
  consEnd = 0;
  consLive = 0;
  capacity: Float64Array = new Float64Array(16);
  consAlive: Uint8Array = new Uint8Array(16);
  /** variable ids using each constraint, in no meaningful order; a variable appears once per use */
  consVars: number[][] = [];
  private freeCons: number[] = [];

  // variables
  varEnd = 0;
  varLive = 0;
  varAlive: Uint8Array = new Uint8Array(16);
  weight: Float64Array = new Float64Array(16);
  bound: Float64Array = new Float64Array(16);
  /** NaN until the first solve after the variable was added */
  rate: Float64Array = new Float64Array(16);
  varCons: Int32Array[] = [];
  varPos: Int32Array[] = [];
  /** usage factor per entry of varCons; null when every factor is 1 (the common case, saves memory) */
  varUse: (Float64Array | null)[] = [];
  private freeVars: number[] = [];

  addConstraint(capacity: number): number {
    const c = this.freeCons.length > 0 ? this.freeCons.pop()! : this.consEnd++;
    this.capacity = growF64(this.capacity, this.consEnd, 0);
    this.consAlive = growU8(this.consAlive, this.consEnd);
    this.capacity[c] = capacity;
    this.consAlive[c] = 1;
    this.consVars[c] = [];
    this.consLive++;
    return c;
  }

  removeConstraint(c: number): void {
    this.consAlive[c] = 0;
    this.consVars[c] = [];
    this.freeCons.push(c);
    this.consLive--;
  }

  addVariable(cons: ArrayLike<number>, use: Float64Array | null, weight: number, bound: number): number {
    const v = this.freeVars.length > 0 ? this.freeVars.pop()! : this.varEnd++;
    this.varAlive = growU8(this.varAlive, this.varEnd);
    this.weight = growF64(this.weight, this.varEnd, 0);
    this.bound = growF64(this.bound, this.varEnd, 0);
    this.rate = growF64(this.rate, this.varEnd, 0);
    const cs = Int32Array.from(cons);
    const pos = new Int32Array(cs.length);
    for (let k = 0; k < cs.length; k++) {
      const list = this.consVars[cs[k]!]!;
      pos[k] = list.length;
      list.push(v);
    }
    this.varAlive[v] = 1;
    this.weight[v] = weight;
    this.bound[v] = bound;
    this.rate[v] = NaN;
    this.varCons[v] = cs;
    this.varPos[v] = pos;
    this.varUse[v] = use;
    this.varLive++;
    return v;
  }

  removeVariable(v: number): void {
    const cs = this.varCons[v]!;
    const pos = this.varPos[v]!;
    for (let k = 0; k < cs.length; k++) {
      const c = cs[k]!;
      const list = this.consVars[c]!;
      const p = pos[k]!;
      const lastAt = list.length - 1;
      const last = list.pop()!;
      if (p === lastAt) continue;
      list[p] = last;
      // find the entry of `last` that pointed at the slot just vacated (it may be v itself when v uses c twice)
      const lc = this.varCons[last]!;
      const lp = this.varPos[last]!;
      for (let j = 0; j < lc.length; j++) {
        if (lc[j] === c && lp[j] === lastAt) {
          lp[j] = p;
          break;
        }
      }
    }
    this.varAlive[v] = 0;
    this.varCons[v] = EMPTY_I32;
    this.varPos[v] = EMPTY_I32;
    this.varUse[v] = null;
    this.rate[v] = NaN;
    this.freeVars.push(v);
    this.varLive--;
  }

  /** Σ usage × rate over the constraint's variables (rates of the last solve) */
  load(c: number): number {
    let sum = 0;
    const list = this.consVars[c]!;
    for (let i = 0; i < list.length; i++) {
      const v = list[i]!;
      sum += this.usageOn(v, c, i) * this.rate[v]!;
    }
    return sum;
  }

  /** usage factor of v on c for the entry sitting at position `at` of c's list */
  usageOn(v: number, c: number, at: number): number {
    const use = this.varUse[v];
    if (use === null || use === undefined) return 1;
    const cs = this.varCons[v]!;
    const pos = this.varPos[v]!;
    for (let k = 0; k < cs.length; k++) if (cs[k] === c && pos[k] === at) return use[k]!;
    return 1;
  }
}
