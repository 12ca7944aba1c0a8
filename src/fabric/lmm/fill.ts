/**
 * Progressive filling over one closed part of the graph (a union of connected components), see system.ts
 * for the maths. Every unfrozen variable v runs at w_v·t while the level t rises; constraint c saturates at
 * t_c = R_c / U_c (R_c: capacity left after the frozen variables, U_c: Σ a_cv·w_v over its unfrozen ones);
 * a bounded variable reaches its cap at t_v = b_v / w_v. The smallest of these is the next event: freeze the
 * capped variable at b_v, or every unfrozen variable of the saturated constraint at w_v·t_c, update R and
 * U of the constraints they cross, and repeat. The t_c live in a heap, the t_v in a sorted array, so a
 * solve costs O(E + C log C + V log V) for E variable–constraint entries, C constraints, V variables.
 * Two savings keep the heap small and quiet: a constraint used by a single variable is folded into that
 * variable's cap, and keys are refreshed lazily (freezing a variable can only raise the t_c it touches).
 */
import type { Store } from './store.ts';
import type { Workspace } from './workspace.ts';

/** levels closer than this (relative) are one level: symmetric flows get bit-identical rates */
export const LEVEL_EPSILON = 1e-12;

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
