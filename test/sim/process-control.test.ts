// Worked examples of interrupts and condition events (allOf / anyOf).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interrupt, Simulation } from '../../src/sim/index.ts';
import type { ProcessGenerator } from '../../src/sim/index.ts';

type Log = [string, number][];

test('a sleeping process is interrupted, catches the Interrupt and carries on', () => {
  const sim = new Simulation();
  const log: Log = [];
  const sleeper = sim.process(function* (): ProcessGenerator<void> {
    try {
      yield sim.timeout(10);
      log.push(['woke normally', sim.now]);
    } catch (err) {
      assert.ok(err instanceof Interrupt);
      log.push([`interrupted: ${String(err.cause)}`, sim.now]);
    }
    yield sim.timeout(1);
    log.push(['back to work', sim.now]);
  }, 'sleeper');
  sim.process(function* () {
    yield sim.timeout(3);
    sleeper.interrupt('power cap');
  });
  sim.run();
  assert.deepEqual(log, [
    ['interrupted: power cap', 3],
    ['back to work', 4],
  ]);
  // The old timeout still fires at 10 but no longer resumes the sleeper.
  assert.equal(sim.now, 10);
});

test('an uncaught interrupt fails the process', () => {
  const sim = new Simulation();
  const victim = sim.process(function* () {
    yield sim.timeout(5);
  });
  let seen: unknown;
  sim.process(function* () {
    yield sim.timeout(1);
    victim.interrupt();
    try {
      yield victim;
    } catch (err) {
      seen = err;
    }
  });
  sim.run();
  assert.ok(seen instanceof Interrupt);
  assert.equal(victim.ok, false);
});

test('interrupting a finished process or oneself is an error', () => {
  const sim = new Simulation();
  const quick = sim.process(function* () {
    yield sim.timeout(1);
  });
  let selfError: unknown;
  const selfish = sim.process(function* (): ProcessGenerator<void> {
    try {
      selfish.interrupt();
    } catch (err) {
      selfError = err;
    }
    yield sim.timeout(0);
  });
  sim.run();
  assert.throws(() => quick.interrupt(), /terminated/);
  assert.match(String(selfError), /cannot interrupt itself/);
});

test('allOf waits for every event and gives their values in order', () => {
  const sim = new Simulation();
  const log: Log = [];
  sim.process(function* () {
    const values: [string, string, number] = yield sim.allOf([
      sim.timeout(3, 'slow'),
      sim.timeout(1, 'fast'),
      sim.process(function* () {
        yield sim.timeout(2);
        return 7;
      }),
    ]);
    log.push([values.join(','), sim.now]);
  });
  sim.run();
  assert.deepEqual(log, [['slow,fast,7', 3]]);
});

test('anyOf succeeds with the index and value of the first event', () => {
  const sim = new Simulation();
  const log: Log = [];
  sim.process(function* () {
    const first: { index: number; value: string } = yield sim.anyOf([sim.timeout(5, 'a'), sim.timeout(2, 'b')]);
    log.push([`${first.index}:${first.value}`, sim.now]);
  });
  sim.run();
  assert.deepEqual(log, [['1:b', 2]]);
  assert.equal(sim.now, 5);
});

test('an empty allOf triggers at once; an empty anyOf is refused', () => {
  const sim = new Simulation();
  let got: unknown;
  sim.process(function* () {
    yield sim.timeout(1);
    got = yield sim.allOf([]);
  });
  sim.run();
  assert.deepEqual(got, []);
  assert.equal(sim.now, 1);
  assert.throws(() => sim.anyOf([]), RangeError);
});

test('a condition fails with the first failure among its events', () => {
  const sim = new Simulation();
  const log: Log = [];
  const bad = sim.event();
  sim.process(function* () {
    yield sim.timeout(2);
    bad.fail(new Error('link down'));
  });
  sim.process(function* () {
    try {
      yield sim.allOf([sim.timeout(5), bad]);
    } catch (err) {
      log.push([(err as Error).message, sim.now]);
    }
  });
  sim.run();
  assert.deepEqual(log, [['link down', 2]]);
});

test('conditions count events already processed when they are built', () => {
  const sim = new Simulation();
  const done = sim.timeout(1, 'x');
  sim.run();
  let got: unknown;
  sim.process(function* () {
    got = yield sim.anyOf([sim.timeout(3), done]);
  });
  sim.run();
  assert.deepEqual(got, { index: 1, value: 'x' });
});
