// Worked examples of `yield delay`, the event-free hold: it must behave exactly like
// `yield sim.timeout(delay)` (times, tie-breaking, interrupts), only without an event object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interrupt, Simulation } from '../../src/sim/index.ts';
import type { ProcessGenerator } from '../../src/sim/index.ts';

type Log = [string, number][];

function trace(useNumbers: boolean): Log {
  const sim = new Simulation();
  const log: Log = [];
  function* p(name: string, delays: number[]): ProcessGenerator<void> {
    for (const d of delays) {
      if (useNumbers) yield d;
      else yield sim.timeout(d);
      log.push([name, sim.now]);
    }
  }
  sim.process(p('a', [1, 1, 0.5]));
  sim.process(p('b', [2, 0, 0.5]));
  sim.process(p('c', [0, 2, 0.5]));
  sim.run();
  return log;
}

test('a plain-delay hold gives the same log as timeouts, ties included', () => {
  // t=0: c (delay 0); t=1: a; t=2 in scheduling order: b (scheduled at 0), c (at 0), a (at 1), then b
  // again (its 0 delay was scheduled at 2); t=2.5: c, a, b in the order their holds were scheduled.
  const expected: Log = [
    ['c', 0],
    ['a', 1],
    ['b', 2],
    ['c', 2],
    ['a', 2],
    ['b', 2],
    ['c', 2.5],
    ['a', 2.5],
    ['b', 2.5],
  ];
  assert.deepEqual(trace(false), expected);
  assert.deepEqual(trace(true), expected);
});

test('a hold resumes with undefined and counts as one processed event', () => {
  const sim = new Simulation();
  let got: unknown = 'unset';
  sim.process(function* () {
    got = yield 3;
  });
  sim.run();
  assert.equal(got, undefined);
  assert.equal(sim.now, 3);
  // start event, the hold, and the process's own completion
  assert.equal(sim.processedEvents, 3);
});

test('interrupting a holding process cancels the hold; a new hold works', () => {
  const sim = new Simulation();
  const log: Log = [];
  const sleeper = sim.process(function* () {
    try {
      yield 10;
      log.push(['woke', sim.now]);
    } catch (e) {
      assert.ok(e instanceof Interrupt);
      log.push(['interrupted', sim.now]);
    }
    yield 1;
    log.push(['slept again', sim.now]);
  });
  sim.process(function* () {
    yield 4;
    sleeper.interrupt('stop');
  });
  sim.run();
  // the stale hold entry at t=10 is skipped: the sleeper does not wake twice
  assert.deepEqual(log, [
    ['interrupted', 4],
    ['slept again', 5],
  ]);
  assert.equal(sim.now, 10);
});

test('a negative or non-finite delay is thrown into the generator as a TypeError', () => {
  const sim = new Simulation();
  const errors: string[] = [];
  sim.process(function* () {
    for (const bad of [-1, Infinity, NaN]) {
      try {
        yield bad;
      } catch (e) {
        errors.push((e as Error).name);
      }
    }
  });
  sim.run();
  assert.deepEqual(errors, ['TypeError', 'TypeError', 'TypeError']);
  assert.equal(sim.now, 0);
});
