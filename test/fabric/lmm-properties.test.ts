// Property tests of the max-min solver on random small systems (fast-check): the definition of max-min
// fairness holds, raising a capacity never lowers the sorted rate vector, incremental solves equal
// from-scratch ones and report exactly the rates that changed, scaling by 2^k scales every rate by 2^k.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MaxMinSystem, checkMaxMin, sortedNormalisedRates } from '../../src/fabric/lmm/index.ts';

type Use = { c: number; a: number };
type VarSpec = { uses: Use[]; bound: number; weight: number };
type SysSpec = { caps: number[]; vars: VarSpec[] };

/** doubles in [0, max] without subnormals, whose relative rounding no solver could honour */
const amount = (max: number) => fc.double({ min: 0, max, noNaN: true }).map((x) => (x < 1e-6 ? 0 : x));
const capArb = fc.oneof(
  { arbitrary: fc.double({ min: 0.1, max: 100, noNaN: true }), weight: 8 },
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.constant(Infinity), weight: 1 },
);
const boundArb = fc.oneof({ arbitrary: fc.constant(Infinity), weight: 3 }, { arbitrary: amount(50), weight: 1 });
const weightArb = fc.oneof({ arbitrary: fc.constant(1), weight: 3 }, { arbitrary: fc.double({ min: 0.1, max: 10, noNaN: true }), weight: 1 });
const usageArb = fc.oneof({ arbitrary: fc.constant(1), weight: 3 }, { arbitrary: fc.double({ min: 0.5, max: 3, noNaN: true }), weight: 1 });
const varArb = (nCons: number): fc.Arbitrary<VarSpec> =>
  fc.record({
    uses: fc.array(fc.record({ c: fc.nat(nCons - 1), a: usageArb }), { maxLength: 4 }),
    bound: boundArb,
    weight: weightArb,
  });
const sysArb: fc.Arbitrary<SysSpec> = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.record({ caps: fc.array(capArb, { minLength: n, maxLength: n }), vars: fc.array(varArb(n), { maxLength: 14 }) }));

function addVar(sys: MaxMinSystem, cons: readonly number[], v: VarSpec): number {
  return sys.addVariable(v.uses.map((u) => cons[u.c]!), v.bound, { weight: v.weight, usage: v.uses.map((u) => u.a) });
}

function build(spec: SysSpec): { sys: MaxMinSystem; cons: number[]; vars: number[] } {
  const sys = new MaxMinSystem();
  const cons = spec.caps.map((c) => sys.addConstraint(c));
  const vars = spec.vars.map((v) => addVar(sys, cons, v));
  sys.solve();
  return { sys, cons, vars };
}

const near = (a: number, b: number, rel = 1e-9): boolean => a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;

/** after ≥ before lexicographically, ignoring differences within rounding */
function lexNotLower(after: number[], before: number[]): boolean {
  for (let i = 0; i < before.length; i++) if (!near(after[i]!, before[i]!)) return after[i]! > before[i]!;
  return true;
}

test('every solved random system is feasible and every variable has its cap or a bottleneck', () => {
  fc.assert(
    fc.property(sysArb, (spec) => {
      const { sys } = build(spec);
      assert.deepEqual(checkMaxMin(sys), []);
    }),
    { numRuns: 300 },
  );
});

test('the checker itself rejects a rate that is not max-min fair', () => {
  // link of 2: a capped at 0.5, b takes 1.5. Raise a's cap to 1 without re-solving: a (0.5) is below its
  // cap and smaller than b on its only, saturated, link, so it has no bottleneck (fair would be 1 and 1)
  const sys = new MaxMinSystem();
  const l = sys.addConstraint(2);
  const a = sys.addVariable([l], 0.5);
  sys.addVariable([l]);
  sys.solve();
  sys.setBound(a, 1);
  assert.deepEqual(checkMaxMin(sys).map((v) => [v.kind, v.id]), [['no-bottleneck', a]]);
});

test('raising one capacity never lowers the sorted normalised rates (nor the smallest one)', () => {
  fc.assert(
    fc.property(sysArb, fc.nat(), fc.double({ min: 1, max: 4, noNaN: true }), amount(10), (spec, pick, factor, extra) => {
      const { sys, cons } = build(spec);
      const before = sortedNormalisedRates(sys);
      const c = cons[pick % cons.length]!;
      sys.setCapacity(c, sys.capacity(c) * factor + extra);
      sys.solve();
      const after = sortedNormalisedRates(sys);
      assert.ok(lexNotLower(after, before), `${before} -> ${after}`);
      if (before.length > 0) assert.ok(after[0]! >= before[0]! * (1 - 1e-9));
      assert.deepEqual(checkMaxMin(sys), []);
    }),
    { numRuns: 300 },
  );
});

test('scaling every capacity and cap by 2^k scales every rate by exactly 2^k', () => {
  fc.assert(
    fc.property(sysArb, fc.integer({ min: -8, max: 8 }), (spec, k) => {
      const s = 2 ** k;
      const base = build(spec);
      const scaled = build({ caps: spec.caps.map((c) => c * s), vars: spec.vars.map((v) => ({ ...v, bound: v.bound * s })) });
      for (let i = 0; i < base.vars.length; i++) assert.equal(scaled.sys.rate(scaled.vars[i]!), base.sys.rate(base.vars[i]!) * s);
    }),
    { numRuns: 200 },
  );
});

type Op =
  | { kind: 'add'; v: VarSpec }
  | { kind: 'remove'; pick: number }
  | { kind: 'bound'; pick: number; bound: number }
  | { kind: 'weight'; pick: number; weight: number }
  | { kind: 'capacity'; c: number; cap: number }
  | { kind: 'solve' };

const opsArb = (nCons: number): fc.Arbitrary<Op[]> =>
  fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('add' as const), v: varArb(nCons) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('bound' as const), pick: fc.nat(), bound: boundArb }),
      fc.record({ kind: fc.constant('weight' as const), pick: fc.nat(), weight: weightArb }),
      fc.record({ kind: fc.constant('capacity' as const), c: fc.nat(nCons - 1), cap: capArb }),
      fc.constant({ kind: 'solve' as const }),
    ),
    { maxLength: 30 },
  );

test('after random edits, incremental solves equal a from-scratch solve and report exactly what changed', () => {
  const arb = sysArb.chain((spec) => fc.tuple(fc.constant(spec), opsArb(spec.caps.length)));
  fc.assert(
    fc.property(arb, ([spec, ops]) => {
      const { sys, cons, vars } = build(spec);
      const caps = [...spec.caps];
      const live = new Map<number, VarSpec>(vars.map((v, i) => [v, spec.vars[i]!]));
      const pickLive = (n: number): number | undefined => [...live.keys()].sort((a, b) => a - b)[n % Math.max(live.size, 1)];
      let solved = new Map<number, number>([...live.keys()].map((v) => [v, sys.rate(v)]));
      const solve = (): void => {
        sys.solve();
        const modified = new Set(sys.modifiedVariables());
        const now = new Map([...live.keys()].map((v) => [v, sys.rate(v)]));
        for (const [v, x] of now) {
          const old = solved.get(v);
          if (old === undefined || Number.isNaN(old)) assert.ok(modified.has(v), `new variable ${v} not reported`);
          else if (modified.has(v)) assert.notEqual(x, old);
          else assert.equal(x, old, `variable ${v} changed without being reported`);
        }
        for (const v of modified) assert.ok(live.has(v));
        solved = now;
      };
      for (const op of ops) {
        if (op.kind === 'solve') solve();
        else if (op.kind === 'add') live.set(addVar(sys, cons, op.v), op.v);
        else if (op.kind === 'capacity') {
          caps[op.c] = op.cap;
          sys.setCapacity(cons[op.c]!, op.cap);
        } else {
          const v = pickLive(op.pick);
          if (v === undefined) continue;
          if (op.kind === 'remove') {
            sys.removeVariable(v);
            live.delete(v);
            solved.delete(v);
          } else if (op.kind === 'bound') {
            sys.setBound(v, op.bound);
            live.set(v, { ...live.get(v)!, bound: op.bound });
          } else {
            sys.setWeight(v, op.weight);
            live.set(v, { ...live.get(v)!, weight: op.weight });
          }
        }
      }
      solve();
      assert.deepEqual(checkMaxMin(sys), []);
      const ids = [...live.keys()].sort((a, b) => a - b);
      const fresh = build({ caps, vars: ids.map((v) => live.get(v)!) });
      ids.forEach((v, i) => assert.ok(near(sys.rate(v), fresh.sys.rate(fresh.vars[i]!)), `variable ${v}: ${sys.rate(v)} vs ${fresh.sys.rate(fresh.vars[i]!)}`));
    }),
    { numRuns: 300 },
  );
});

test('the same edits give bit-identical rates', () => {
  fc.assert(
    fc.property(sysArb, (spec) => {
      const a = build(spec);
      const b = build(spec);
      assert.deepEqual(a.vars.map((v) => a.sys.rate(v)), b.vars.map((v) => b.sys.rate(v)));
    }),
    { numRuns: 100 },
  );
});
