/**
 * MaxMinSystem: weighted max-min fair sharing of capacities among flows (SimGrid's "LMM"), a pure library
 * that knows nothing of links or GPUs.
 *
 * Maths. Constraints c (e.g. a link direction) have capacity C_c ≥ 0 (may be Infinity). Variables v (e.g.
 * a flow) have a rate x_v ≥ 0, a weight w_v > 0 (default 1), an optional cap b_v (default Infinity) and
 * use a set of constraints, each with a usage factor a_cv > 0 (default 1: one byte/s of flow is one byte/s
 * of link). Feasibility:  Σ_v a_cv·x_v ≤ C_c for every c,  0 ≤ x_v ≤ b_v.
 * Objective: the weighted max-min fair point — the feasible x whose vector of normalised rates x_v / w_v,
 * sorted ascending, is lexicographically largest: no x_v/w_v can rise without lowering some x_u/w_u that
 * is already no larger. It is unique, and characterised by the bottleneck condition: every v is at its cap
 * or crosses a saturated constraint on which its x_v/w_v is the largest.
 * Algorithm: progressive filling (water-filling), see fill.ts. All unfrozen variables rise together as
 * x_v = w_v·t; the first constraint to saturate (smallest R_c/U_c) or cap to be reached freezes its
 * variables at that level; subtract their use and continue until every variable is frozen. A variable
 * that crosses no finite constraint and has no cap gets rate Infinity.
 *
 * Worked example (the unit tests repeat it). Links 1 and 2 with C_1 = 1, C_2 = 2; flow A crosses both,
 * B crosses link 1, C crosses link 2; all weights 1, no caps.
 *   round 1: t_1 = 1/2 (A, B share link 1), t_2 = 2/2 = 1 (A, C).  Link 1 saturates first at t = 0.5:
 *            A = B = 0.5.
 *   round 2: link 2 keeps R_2 = 2 − 0.5 = 1.5 for C alone: t_2 = 1.5/1 → C = 1.5. Both links are full.
 * With a cap b_B = 0.2 instead: B's cap (t = 0.2) comes before link 1 (t = 0.5), B = 0.2; then link 1 has
 * 0.8 left for A (t = 0.8) and link 2 has 2/2 = 1 for A and C: A = 0.8, then C = 2 − 0.8 = 1.2.
 *
 * Monotonicity: raising a capacity or a cap never lowers the sorted vector (lexicographically) and never
 * lowers the smallest normalised rate, but it can lower an individual flow: with C_1 = 0.2 (used by A and
 * D) and C_2 = 1 (A and B), A = D = 0.1 and B = 0.9; raise C_1 to 1 and all three get 0.5, B falls to 0.5.
 *
 * Incremental re-solve. Changes (add/remove a variable, a cap, a weight, a capacity) only mark the touched
 * variables and constraints dirty; solve() walks the constraint–variable graph from them and re-solves only
 * the connected components reached. Components that share no finite constraint are independent max-min
 * problems, so the rest keeps its rates unchanged. (A constraint of infinite capacity never binds, so it
 * does not join components.) On one fat-tree with traffic through the spine most flows form one
 * component and a re-solve is a full solve; disjoint jobs, rails or leaves are re-solved separately.
 *
 * Numerics. Saturation levels within 1e-12 (relative) are merged, so symmetric flows get bit-identical
 * rates; remaining capacity is clamped at 0, so no rate is negative; variables are summed in id order and
 * the heap breaks ties by id, so the same edits give bit-identical rates on every run. A re-solved rate
 * that moved by less than 1e-12 (relative) keeps its old value and is not reported as modified, so an
 * incremental solve agrees with a from-scratch one to that precision and float noise never reschedules a
 * flow. A constraint that only one variable uses is handled as a cap on that variable (fill.ts).
 */
import { collectPart } from './component.ts';
import { fillPart } from './fill.ts';
import { Workspace } from './workspace.ts';
import { Store } from './store.ts';

export interface VariableOptions {
  /** share weight w_v > 0: at equal bottlenecks, rates are in the ratio of weights (default 1) */
  weight?: number;
  /** usage factor a_cv > 0 per entry of the constraints list (default all 1) */
  usage?: ArrayLike<number>;
}

export interface SolveStats {
  /** variables and constraints re-solved by the last solve() (0 when nothing had changed) */
  variables: number;
  constraints: number;
}

/** relative tolerance for "saturated" (load ≥ capacity·(1 − ε)) in isSaturated and the checks */
export const SATURATION_EPSILON = 1e-9;

function checkNonNegative(what: string, x: number, allowInfinity: boolean): void {
  if (!(x >= 0) || (!allowInfinity && x === Infinity)) {
    throw new RangeError(`${what} must be ${allowInfinity ? 'a number ≥ 0 or Infinity' : 'a finite number ≥ 0'}, got ${x}`);
  }
}

function checkPositive(what: string, x: number): void {
  if (!(x > 0) || x === Infinity) throw new RangeError(`${what} must be a finite number > 0, got ${x}`);
}

export class MaxMinSystem {
  private readonly s = new Store();
  private readonly ws = new Workspace();
  private dirtyVars: number[] = [];
  private dirtyCons: number[] = [];
  private stats: SolveStats = { variables: 0, constraints: 0 };

  /** a new constraint with the given capacity (units are the caller's, e.g. bytes/s); returns its id */
  addConstraint(capacity: number): number {
    checkNonNegative('capacity', capacity, true);
    return this.s.addConstraint(capacity);
  }

  /** removes a constraint no variable uses any more; its id may be handed out again */
  removeConstraint(c: number): void {
    this.liveConstraint(c);
    if (this.s.consVars[c]!.length > 0) throw new Error(`constraint ${c} is still used by ${this.s.consVars[c]!.length} variable(s)`);
    this.s.removeConstraint(c);
  }

  setCapacity(c: number, capacity: number): void {
    this.liveConstraint(c);
    checkNonNegative('capacity', capacity, true);
    if (this.s.capacity[c] === capacity) return;
    // seeding c reaches all its variables even when c becomes infinite and so no longer joins them
    this.dirtyCons.push(c);
    this.s.capacity[c] = capacity;
  }

  capacity(c: number): number {
    this.liveConstraint(c);
    return this.s.capacity[c]!;
  }

  /**
   * A new variable using `constraints` (a constraint may be listed twice: its use then counts twice) with
   * rate cap `bound`; returns its id. Its rate is NaN until the next solve().
   */
  addVariable(constraints: ArrayLike<number>, bound = Infinity, options: VariableOptions = {}): number {
    for (let k = 0; k < constraints.length; k++) this.liveConstraint(constraints[k]!);
    checkNonNegative('bound', bound, true);
    const weight = options.weight ?? 1;
    checkPositive('weight', weight);
    let use: Float64Array | null = null;
    if (options.usage !== undefined) {
      if (options.usage.length !== constraints.length) {
        throw new RangeError(`usage has ${options.usage.length} entries for ${constraints.length} constraints`);
      }
      use = Float64Array.from(options.usage);
      use.forEach((a) => checkPositive('usage factor', a));
      if (use.every((a) => a === 1)) use = null;
    }
    const v = this.s.addVariable(constraints, use, weight, bound);
    this.dirtyVars.push(v);
    return v;
  }

  removeVariable(v: number): void {
    this.liveVariable(v);
    const cs = this.s.varCons[v]!;
    for (let k = 0; k < cs.length; k++) this.dirtyCons.push(cs[k]!);
    this.s.removeVariable(v);
  }

  setBound(v: number, bound: number): void {
    this.liveVariable(v);
    checkNonNegative('bound', bound, true);
    if (this.s.bound[v] === bound) return;
    this.s.bound[v] = bound;
    this.dirtyVars.push(v);
  }

  bound(v: number): number {
    this.liveVariable(v);
    return this.s.bound[v]!;
  }

  setWeight(v: number, weight: number): void {
    this.liveVariable(v);
    checkPositive('weight', weight);
    if (this.s.weight[v] === weight) return;
    this.s.weight[v] = weight;
    this.dirtyVars.push(v);
  }

  weight(v: number): number {
    this.liveVariable(v);
    return this.s.weight[v]!;
  }

  /** re-solves the components touched since the last solve (nothing if nothing changed) */
  solve(): void {
    const { s, ws } = this;
    ws.reserve(s.varEnd, s.consEnd);
    if (this.dirtyVars.length === 0 && this.dirtyCons.length === 0) {
      ws.nModified = 0;
      this.stats = { variables: 0, constraints: 0 };
      return;
    }
    collectPart(s, ws, this.dirtyVars, this.dirtyCons);
    this.dirtyVars = [];
    this.dirtyCons = [];
    fillPart(s, ws);
    this.stats = { variables: ws.nVars, constraints: ws.nCons };
  }

  /** the rate found by the last solve() (NaN if the variable was added after it) */
  rate(v: number): number {
    this.liveVariable(v);
    return this.s.rate[v]!;
  }

  /** Σ usage × rate of the variables using c, from the last solve; O(variables on c) */
  constraintLoad(c: number): number {
    this.liveConstraint(c);
    return this.s.load(c);
  }

  isSaturated(c: number): boolean {
    const cap = this.capacity(c);
    return cap < Infinity && this.s.load(c) >= cap * (1 - SATURATION_EPSILON);
  }

  /** ids of the variables using c, in no particular order (a live view: copy it before editing the system) */
  variablesOf(c: number): readonly number[] {
    this.liveConstraint(c);
    return this.s.consVars[c]!;
  }

  /** the constraints v uses, as given to addVariable (a live view) */
  constraintsOf(v: number): Readonly<Int32Array> {
    this.liveVariable(v);
    return this.s.varCons[v]!;
  }

  /** usage factor of the k-th entry of constraintsOf(v) */
  usageOf(v: number, k: number): number {
    this.liveVariable(v);
    return this.s.varUse[v]?.[k] ?? 1;
  }

  /** variables whose rate changed in the last solve(), ascending ids; a view valid until the next solve() */
  modifiedVariables(): Int32Array {
    return this.ws.modified.subarray(0, this.ws.nModified);
  }

  /** how much the last solve() re-solved */
  lastSolve(): SolveStats {
    return this.stats;
  }

  /** live variable and constraint ids, ascending */
  *variables(): IterableIterator<number> {
    for (let v = 0; v < this.s.varEnd; v++) if (this.s.varAlive[v]) yield v;
  }

  *constraints(): IterableIterator<number> {
    for (let c = 0; c < this.s.consEnd; c++) if (this.s.consAlive[c]) yield c;
  }

  get variableCount(): number {
    return this.s.varLive;
  }

  get constraintCount(): number {
    return this.s.consLive;
  }

  private liveVariable(v: number): void {
    if (!(v >= 0 && v < this.s.varEnd && this.s.varAlive[v])) throw new RangeError(`no variable ${v}`);
  }

  private liveConstraint(c: number): void {
    if (!(c >= 0 && c < this.s.consEnd && this.s.consAlive[c])) throw new RangeError(`no constraint ${c}`);
  }
}
