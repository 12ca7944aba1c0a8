/**
 * Independent checks of a solved MaxMinSystem against the definition of max-min fairness, for property
 * tests and for debugging a backend ("why did this flow get that rate?"). They use only the public API and
 * none of the solver's internals, so a solver bug cannot hide itself:
 *  - feasibility: every rate ≥ 0 and ≤ its cap, every constraint's load ≤ capacity·(1 + ε);
 *  - the bottleneck condition: every variable is at its cap, or crosses a saturated constraint on which its
 *    normalised rate x_v / w_v is the largest (within ε). Together with feasibility this characterises the
 *    unique weighted max-min fair allocation.
 */
import { SATURATION_EPSILON, type MaxMinSystem } from './system.ts';

export interface Violation {
  kind: 'negative-rate' | 'over-cap' | 'over-capacity' | 'no-bottleneck';
  /** variable id for rate problems, constraint id for over-capacity */
  id: number;
  detail: string;
}

/** the rate is within ε (relative) of the cap, or above it */
function atCap(x: number, b: number, eps: number): boolean {
  return b < Infinity && x >= b * (1 - eps);
}

export function checkMaxMin(sys: MaxMinSystem, eps = SATURATION_EPSILON): Violation[] {
  const out: Violation[] = [];
  const saturated = new Map<number, boolean>();
  const maxNormalised = new Map<number, number>();
  for (const c of sys.constraints()) {
    const cap = sys.capacity(c);
    const load = sys.constraintLoad(c);
    if (load > cap * (1 + eps) + Number.MIN_VALUE) out.push({ kind: 'over-capacity', id: c, detail: `load ${load} > capacity ${cap}` });
    saturated.set(c, cap < Infinity && load >= cap * (1 - eps));
    let m = 0;
    for (const v of sys.variablesOf(c)) m = Math.max(m, sys.rate(v) / sys.weight(v));
    maxNormalised.set(c, m);
  }
  for (const v of sys.variables()) {
    const x = sys.rate(v);
    const b = sys.bound(v);
    if (!(x >= 0)) out.push({ kind: 'negative-rate', id: v, detail: `rate ${x}` });
    if (x > b * (1 + eps)) out.push({ kind: 'over-cap', id: v, detail: `rate ${x} > cap ${b}` });
    if (atCap(x, b, eps)) continue;
    if (x === Infinity) {
      // legitimate only when nothing finite constrains it
      if (![...sys.constraintsOf(v)].some((c) => sys.capacity(c) < Infinity)) continue;
    }
    const normalised = x / sys.weight(v);
    const bottleneck = [...sys.constraintsOf(v)].some(
      (c) => saturated.get(c) === true && normalised >= maxNormalised.get(c)! * (1 - eps),
    );
    if (!bottleneck) out.push({ kind: 'no-bottleneck', id: v, detail: `rate ${x} is below its cap ${b} and has no saturated constraint where it is largest` });
  }
  return out;
}

/**
 * The normalised rates x_v / w_v sorted ascending: the vector max-min fairness maximises
 * lexicographically (so it can only rise, lexicographically, when a capacity or cap is raised).
 */
export function sortedNormalisedRates(sys: MaxMinSystem): number[] {
  return [...sys.variables()].map((v) => sys.rate(v) / sys.weight(v)).sort((a, b) => a - b);
}
