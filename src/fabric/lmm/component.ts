/**
 * Which part of the system a solve must cover: the connected components, in the constraint–variable
 * graph, of everything edited since the last solve (see "Incremental re-solve" in system.ts).
 */
import type { Store } from './store.ts';
import type { Workspace } from './workspace.ts';

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
