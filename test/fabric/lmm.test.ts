// Worked examples of the max-min solver, each computed by hand (see the header of src/fabric/lmm/system.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MaxMinSystem, checkMaxMin } from '../../src/fabric/lmm/index.ts';

const close = (actual: number, expected: number, rel = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${actual} != ${expected}`);

/** the header's system: links 1 (capacity 1) and 2 (capacity 2); A crosses both, B link 1, C link 2 */
function threeFlows() {
  const sys = new MaxMinSystem();
  const l1 = sys.addConstraint(1);
  const l2 = sys.addConstraint(2);
  const A = sys.addVariable([l1, l2]);
  const B = sys.addVariable([l1]);
  const C = sys.addVariable([l2]);
  return { sys, l1, l2, A, B, C };
}

test('one link, two flows: each gets half', () => {
  const sys = new MaxMinSystem();
  const link = sys.addConstraint(10);
  const a = sys.addVariable([link]);
  const b = sys.addVariable([link]);
  sys.solve();
  assert.equal(sys.rate(a), 5);
  assert.equal(sys.rate(b), 5);
  assert.equal(sys.constraintLoad(link), 10);
  assert.ok(sys.isSaturated(link));
  assert.deepEqual(checkMaxMin(sys), []);
});

test('3 flows on 2 links: link 1 saturates first at 1/2, C takes the 1.5 left on link 2', () => {
  const { sys, l1, l2, A, B, C } = threeFlows();
  sys.solve();
  assert.equal(sys.rate(A), 0.5);
  assert.equal(sys.rate(B), 0.5);
  assert.equal(sys.rate(C), 1.5);
  assert.ok(sys.isSaturated(l1) && sys.isSaturated(l2));
  assert.deepEqual([...sys.modifiedVariables()], [A, B, C]);
  assert.deepEqual(checkMaxMin(sys), []);
});

test('a cap below the fair share frees capacity: B capped at 0.2 gives A 0.8 and C 1.2', () => {
  const { sys, A, B, C } = threeFlows();
  sys.setBound(B, 0.2);
  sys.solve();
  close(sys.rate(B), 0.2);
  close(sys.rate(A), 0.8);
  close(sys.rate(C), 1.2);
  // on one link: a flow capped at 0.2 leaves 0.8 to the other
  const one = new MaxMinSystem();
  const link = one.addConstraint(1);
  const capped = one.addVariable([link], 0.2);
  const free = one.addVariable([link]);
  one.solve();
  close(one.rate(capped), 0.2);
  close(one.rate(free), 0.8);
  // a cap above the fair share changes nothing
  one.setBound(capped, 0.7);
  one.solve();
  assert.equal(one.rate(capped), 0.5);
  assert.equal(one.rate(free), 0.5);
});

test('weights share a bottleneck in proportion: weights 2 and 1 on capacity 3 give 2 and 1', () => {
  const sys = new MaxMinSystem();
  const link = sys.addConstraint(3);
  const heavy = sys.addVariable([link], Infinity, { weight: 2 });
  const light = sys.addVariable([link]);
  sys.solve();
  assert.equal(sys.rate(heavy), 2);
  assert.equal(sys.rate(light), 1);
  sys.setWeight(light, 4); // 2t + 4t = 3: t = 0.5
  sys.solve();
  assert.equal(sys.rate(heavy), 1);
  assert.equal(sys.rate(light), 2);
  assert.deepEqual(checkMaxMin(sys), []);
});

test('usage factors: a flow using 2 units per unit of rate on capacity 3 with a plain flow: 2t + t = 3, both 1', () => {
  const sys = new MaxMinSystem();
  const link = sys.addConstraint(3);
  const doubled = sys.addVariable([link], Infinity, { usage: [2] });
  const plain = sys.addVariable([link]);
  sys.solve();
  assert.equal(sys.rate(doubled), 1);
  assert.equal(sys.rate(plain), 1);
  assert.equal(sys.constraintLoad(link), 3);
  assert.equal(sys.usageOf(doubled, 0), 2);
  // listing a constraint twice is the same as usage 2
  const twice = new MaxMinSystem();
  const l = twice.addConstraint(3);
  const t = twice.addVariable([l, l]);
  const p = twice.addVariable([l]);
  twice.solve();
  assert.equal(twice.rate(t), 1);
  assert.equal(twice.rate(p), 1);
  twice.removeVariable(t); // swap-removal of a variable sitting twice in one list
  twice.solve();
  assert.equal(twice.rate(p), 3);
  assert.deepEqual([...twice.variablesOf(l)], [p]);
});

test('removing B and re-solving: A alone on link 1, A and C tie on link 2 at 1 each', () => {
  const { sys, A, B, C } = threeFlows();
  sys.solve();
  sys.removeVariable(B);
  sys.solve();
  assert.equal(sys.rate(A), 1);
  assert.equal(sys.rate(C), 1);
  assert.deepEqual([...sys.modifiedVariables()], [A, C]);
  assert.throws(() => sys.rate(B), RangeError);
  // the freed id is reused; the new variable has no rate until the next solve
  const again = sys.addVariable([]);
  assert.equal(again, B);
  assert.ok(Number.isNaN(sys.rate(again)));
  sys.solve();
  assert.equal(sys.rate(again), Infinity); // nothing finite constrains it
  assert.deepEqual([...sys.modifiedVariables()], [again]);
});

test('raising link 1 to 4 re-solves: link 2 now saturates first (A = C = 1), B takes the 3 left', () => {
  const { sys, l1, A, B, C } = threeFlows();
  sys.solve();
  sys.setCapacity(l1, 4);
  sys.solve();
  assert.equal(sys.rate(A), 1);
  assert.equal(sys.rate(C), 1);
  assert.equal(sys.rate(B), 3);
});

test('per-flow rates are not monotone in capacity, the sorted vector is: B falls from 0.9 to 0.5', () => {
  const sys = new MaxMinSystem();
  const l1 = sys.addConstraint(0.2);
  const l2 = sys.addConstraint(1);
  const A = sys.addVariable([l1, l2]);
  const D = sys.addVariable([l1]);
  const B = sys.addVariable([l2]);
  sys.solve();
  close(sys.rate(A), 0.1);
  close(sys.rate(D), 0.1);
  close(sys.rate(B), 0.9);
  sys.setCapacity(l1, 1);
  sys.solve();
  assert.deepEqual([sys.rate(A), sys.rate(D), sys.rate(B)], [0.5, 0.5, 0.5]);
});

test('only the touched component is re-solved; an unchanged system re-solves nothing', () => {
  const sys = new MaxMinSystem();
  const left = sys.addConstraint(2);
  const right = sys.addConstraint(6);
  const a = sys.addVariable([left]);
  const b = sys.addVariable([left]);
  const c = sys.addVariable([right]);
  const d = sys.addVariable([right]);
  const e = sys.addVariable([right]);
  sys.solve();
  assert.deepEqual(sys.lastSolve(), { variables: 5, constraints: 2 });
  sys.solve();
  assert.deepEqual(sys.lastSolve(), { variables: 0, constraints: 0 });
  assert.equal(sys.modifiedVariables().length, 0);
  sys.removeVariable(e);
  sys.solve();
  assert.deepEqual(sys.lastSolve(), { variables: 2, constraints: 1 });
  assert.deepEqual([...sys.modifiedVariables()], [c, d]);
  assert.deepEqual([sys.rate(a), sys.rate(b), sys.rate(c), sys.rate(d)], [1, 1, 3, 3]);
  // an infinite-capacity constraint (say, a per-job accounting counter) does not join components
  const tally = sys.addConstraint(Infinity);
  sys.removeVariable(a);
  sys.addVariable([left, tally]);
  sys.removeVariable(c);
  sys.addVariable([right, tally]);
  sys.solve();
  assert.equal(sys.constraintLoad(tally), 1 + 3); // one flow on each side
  sys.setBound(b, 0.5);
  sys.solve();
  assert.deepEqual(sys.lastSolve(), { variables: 2, constraints: 1 });
});

test('edge cases: zero capacity, a cap with no constraint, a zero cap', () => {
  const sys = new MaxMinSystem();
  const dead = sys.addConstraint(0);
  const live = sys.addConstraint(1);
  const stuck = sys.addVariable([dead, live]);
  const other = sys.addVariable([live]);
  const lone = sys.addVariable([], 7);
  const paused = sys.addVariable([live], 0);
  sys.solve();
  assert.deepEqual([sys.rate(stuck), sys.rate(other), sys.rate(lone), sys.rate(paused)], [0, 1, 7, 0]);
  assert.deepEqual(checkMaxMin(sys), []);
});

test('bad input is refused with the value in the message', () => {
  const sys = new MaxMinSystem();
  const c = sys.addConstraint(1);
  assert.throws(() => sys.addConstraint(-1), /capacity must be a number ≥ 0 or Infinity, got -1/);
  assert.throws(() => sys.addConstraint(NaN), RangeError);
  assert.throws(() => sys.addVariable([c + 1]), /no constraint 1/);
  assert.throws(() => sys.addVariable([c], Infinity, { weight: 0 }), /weight must be a finite number > 0/);
  assert.throws(() => sys.addVariable([c], Infinity, { usage: [1, 2] }), /usage has 2 entries for 1 constraints/);
  const v = sys.addVariable([c]);
  assert.throws(() => sys.removeConstraint(c), /still used by 1 variable/);
  sys.removeVariable(v);
  sys.removeConstraint(c);
  assert.throws(() => sys.capacity(c), RangeError);
  assert.equal(sys.addConstraint(5), c); // ids are reused
});
