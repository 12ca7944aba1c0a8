/**
 * Progressive filling over one closed part of the graph (a union of connected components), see system.ts
 * for the maths. Every unfrozen variable v runs at w_v·t while the level t rises; constraint c saturates at
 * t_c = R_c / U_c (R_c: capacity left after the frozen variables, U_c: Σ a_cv·w_v over its unfrozen ones);
 * a bounded variable reaches its cap at t_v = b_v / w_v. The smallest of these is the next event: freeze the
 * capped variable at b_v, or every unfrozen variable of the saturated constraint at w_v·t_c, update R and
 * U of the constraints they cross, and repeat. The t_c live in a heap (only the few constraints a frozen
 * variable crosses change key), the t_v in a sorted array, so a solve costs O(E log C) for E variable–
 * constraint entries and C constraints.
 */
import { KeyHeap } from './key-heap.ts';
import type { Store } from './store.ts';

/** levels closer than this (relative) are one level: symmetric flows get bit-identical rates */
export const LEVEL_EPSILON = 1e-12;

function growI32(a: Int32Array, n: number): Int32Array {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function growF64(a: Float64Array, n: number): Float64Array {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function growU32(a: Uint32Array, n: number): Uint32Array {
  if (n <= a.length) return a;
  const b = new Uint32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** Scratch arrays reused across solves, so a re-solve allocates nothing once sizes have settled. */
export class Workspace {
  remaining: Float64Array = new Float64Array(16);
  usage: Float64Array = new Float64Array(16);
  unfrozen: Int32Array = new Int32Array(16);
  heap = new KeyHeap();
  /** stamps: equal to `epoch` means "in this solve's part" / "frozen in this solve" */
  varSeen: Uint32Array = new Uint32Array(16);
  consSeen: Uint32Array = new Uint32Array(16);
  frozen: Uint32Array = new Uint32Array(16);
  epoch = 0;
  vars: Int32Array = new Int32Array(16);
  nVars = 0;
  cons: Int32Array = new Int32Array(16);
  nCons = 0;
  capped: Int32Array = new Int32Array(16);
  /** per variable: min(cap, capacity of each constraint it alone uses / usage factor) */
  capRate: Float64Array = new Float64Array(16);
  modified: Int32Array = new Int32Array(16);
  nModified = 0;

  reserve(varEnd: number, consEnd: number): void {
    this.remaining = growF64(this.remaining, consEnd);
    this.usage = growF64(this.usage, consEnd);
    this.unfrozen = growI32(this.unfrozen, consEnd);
    this.consSeen = growU32(this.consSeen, consEnd);
    this.cons = growI32(this.cons, consEnd);
    this.varSeen = growU32(this.varSeen, varEnd);
    this.frozen = growU32(this.frozen, varEnd);
    this.vars = growI32(this.vars, varEnd);
    this.capped = growI32(this.capped, varEnd);
    this.capRate = growF64(this.capRate, varEnd);
    this.modified = growI32(this.modified, varEnd);
  }

  nextEpoch(): number {
    if (this.epoch === 0xffffffff) {
      this.varSeen.fill(0);
      this.consSeen.fill(0);
      this.frozen.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }
}

/**
 * Collects into ws.vars / ws.cons everything reachable from the dirty variables and constraints. A
 * constraint of infinite capacity never saturates, so it couples nothing: the walk does not pass through
 * it (but a dirty one still seeds its own variables, whose rates may have depended on it). When the edits
 * are many, the walk would reach nearly everything anyway, so everything is taken in one sequential pass:
 * re-solving an untouched component reproduces its rates exactly (its sums and its pop order do not depend
 * on what else is solved alongside it).
 */
export function collectPart(s: Store, ws: Workspace, dirtyVars: readonly number[], dirtyCons: readonly number[]): void {
  if (4 * (dirtyVars.length + dirtyCons.length) >= s.varLive + s.consLive) return collectAll(s, ws);
  const e = ws.nextEpoch();
  const { varSeen, consSeen, vars, cons } = ws;
  const { varCons, consVars, capacity } = s;
  let nv = 0;
  let nc = 0;
  for (const c of dirtyCons) {
    if (!s.consAlive[c] || consSeen[c] === e) continue;
    consSeen[c] = e;
    cons[nc++] = c;
  }
  let nextVar = 0;
  for (const v of dirtyVars) {
    if (!s.varAlive[v] || varSeen[v] === e) continue;
    varSeen[v] = e;
    vars[nv++] = v;
  }
  // breadth-first over both kinds: vars[nextVar..nv) and cons[nextCons..nc) are still to expand
  let nextCons = 0;
  while (nextVar < nv || nextCons < nc) {
    for (; nextCons < nc; nextCons++) {
      const list = consVars[cons[nextCons]!]!;
      for (let j = 0; j < list.length; j++) {
        const v = list[j]!;
        if (varSeen[v] === e) continue;
        varSeen[v] = e;
        vars[nv++] = v;
      }
    }
    for (; nextVar < nv; nextVar++) {
      const cs = varCons[vars[nextVar]!]!;
      for (let k = 0; k < cs.length; k++) {
        const c = cs[k]!;
        if (consSeen[c] === e || capacity[c] === Infinity) continue;
        consSeen[c] = e;
        cons[nc++] = c;
      }
    }
  }
  // id order makes every sum below independent of the order in which things were added and removed
  vars.subarray(0, nv).sort();
  ws.nVars = nv;
  ws.nCons = nc;
}

function collectAll(s: Store, ws: Workspace): void {
  let nv = 0;
  for (let v = 0; v < s.varEnd; v++) if (s.varAlive[v]) ws.vars[nv++] = v;
  let nc = 0;
  for (let c = 0; c < s.consEnd; c++) if (s.consAlive[c] && s.capacity[c]! < Infinity) ws.cons[nc++] = c;
  ws.nVars = nv;
  ws.nCons = nc;
}

/** Solves the part collected by collectPart; writes Store.rate and lists changed variables in ws.modified. */
export function fillPart(s: Store, ws: Workspace): void {
  const { remaining, usage, unfrozen, heap, frozen, vars, cons, capped, capRate } = ws;
  const { capacity, weight, bound, varCons, varUse, consVars } = s;
  const e = ws.nextEpoch();
  ws.nModified = 0;
  for (let i = 0; i < ws.nCons; i++) {
    const c = cons[i]!;
    remaining[c] = capacity[c]!;
    usage[c] = 0;
    unfrozen[c] = 0;
  }
  for (let i = 0; i < ws.nVars; i++) {
    const v = vars[i]!;
    const w = weight[v]!;
    const cs = varCons[v]!;
    const use = varUse[v];
    for (let k = 0; k < cs.length; k++) {
      const c = cs[k]!;
      if (capacity[c]! === Infinity) continue;
      usage[c] = usage[c]! + (use ? use[k]! : 1) * w;
      unfrozen[c] = unfrozen[c]! + 1;
    }
  }
  // A constraint only one variable uses (a NIC carrying a single ring flow) saturates exactly when that
  // variable reaches capacity / usage: fold it into the variable's cap and keep it out of the heap, which
  // would otherwise hold and pop tens of thousands of such constraints.
  let nCapped = 0;
  for (let i = 0; i < ws.nVars; i++) {
    const v = vars[i]!;
    const cs = varCons[v]!;
    const use = varUse[v];
    let cap = bound[v]!;
    for (let k = 0; k < cs.length; k++) {
      const c = cs[k]!;
      if (unfrozen[c] === 1 && capacity[c]! < Infinity) cap = Math.min(cap, capacity[c]! / (use ? use[k]! : 1));
    }
    capRate[v] = cap;
    if (cap < Infinity) capped[nCapped++] = v;
  }
  capped.subarray(0, nCapped).sort((a, b) => capRate[a]! / weight[a]! - capRate[b]! / weight[b]! || a - b);
  heap.clear();
  for (let i = 0; i < ws.nCons; i++) {
    const c = cons[i]!;
    if (unfrozen[c]! > 1 && capacity[c]! < Infinity) heap.append(c, Math.max(remaining[c]!, 0) / usage[c]!);
  }
  heap.heapify();

  // Freezing a variable only raises the saturation level of the constraints it crosses (it leaves at a
  // rate ≤ w·t_c), so heap keys are kept lazily: a key may be stale-low, and is refreshed when it surfaces.
  let unfrozenVars = ws.nVars;
  const freeze = (v: number, x: number): void => {
    frozen[v] = e;
    unfrozenVars--;
    commit(s, ws, v, x);
    const w = weight[v]!;
    const cs = varCons[v]!;
    const use = varUse[v];
    for (let k = 0; k < cs.length; k++) {
      const c = cs[k]!;
      if (capacity[c]! === Infinity) continue;
      const a = use ? use[k]! : 1;
      remaining[c] = remaining[c]! - a * x;
      const left = unfrozen[c]! - 1;
      unfrozen[c] = left;
      if (left === 0) {
        usage[c] = 0;
        continue;
      }
      const u = usage[c]! - a * w;
      usage[c] = u > 0 ? u : recomputeUsage(s, ws, c, e); // cancellation with widely spread weights
    }
  };

  let level = 0;
  let next = 0;
  // stopping when every variable is frozen spares popping the constraints that emptied on the way
  while (unfrozenVars > 0) {
    while (next < nCapped && frozen[capped[next]!] === e) next++;
    const tb = next < nCapped ? capRate[capped[next]!]! / weight[capped[next]!]! : Infinity;
    let tc = Infinity;
    while (heap.size > 0) {
      const c = heap.topId();
      if (unfrozen[c] === 0) {
        heap.pop();
        continue;
      }
      const fresh = Math.max(remaining[c]!, 0) / usage[c]!;
      if (fresh > heap.topKey() * (1 + LEVEL_EPSILON)) {
        heap.raiseTop(fresh);
        continue;
      }
      tc = fresh;
      break;
    }
    if (tb === Infinity && tc === Infinity) break;
    if (tb <= tc) {
      const v = capped[next++]!;
      if (tb > level) level = tb;
      freeze(v, capRate[v]!);
      continue;
    }
    const c = heap.pop();
    // levels only rise; a key a rounding error below (or above) the current level is the same level
    if (tc > level * (1 + LEVEL_EPSILON)) level = tc;
    const list = consVars[c]!;
    for (let j = 0; j < list.length; j++) {
      const v = list[j]!;
      if (frozen[v] !== e) freeze(v, weight[v]! * level);
    }
  }
  // left: variables with no finite constraint and no cap
  for (let i = 0; i < ws.nVars; i++) if (frozen[vars[i]!] !== e) commit(s, ws, vars[i]!, Infinity);
  ws.modified.subarray(0, ws.nModified).sort();
}
/** a change below this relative size is float noise from summing in another order: keep the old rate */
const NOISE = 1e-12;

function commit(s: Store, ws: Workspace, v: number, x: number): void {
  const old = s.rate[v]!;
  if (x === old) return;
  if (Number.isFinite(x) && Number.isFinite(old) && Math.abs(x - old) <= NOISE * Math.max(x, old)) return;
  s.rate[v] = x;
  ws.modified[ws.nModified++] = v;
}

function recomputeUsage(s: Store, ws: Workspace, c: number, e: number): number {
  let u = 0;
  const list = s.consVars[c]!;
  for (let j = 0; j < list.length; j++) {
    const v = list[j]!;
    if (ws.frozen[v] !== e) u += s.usageOn(v, c, j) * s.weight[v]!;
  }
  return u;
}
