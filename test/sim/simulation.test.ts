// Worked examples of the kernel's core semantics: timeouts, tie-breaking, processes waiting on
// processes, failures and run(until). Each test starts processes, runs, and checks a log of
// [name, time] pairs, the way SimPy's own tests read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Event, NORMAL, Simulation, URGENT } from '../../src/sim/index.ts';
import type { ProcessGenerator } from '../../src/sim/index.ts';

type Log = [string, number][];

test('timeouts wake their processes in time order', () => {
  const sim = new Simulation();
  const log: Log = [];
  function* sleeper(name: string, delay: number): ProcessGenerator<void> {
    yield sim.timeout(delay);
    log.push([name, sim.now]);
  }
  sim.process(sleeper('c', 3));
  sim.process(sleeper('a', 1));
  sim.process(sleeper('b', 2.5));
  sim.run();
  assert.deepEqual(log, [
    ['a', 1],
    ['b', 2.5],
    ['c', 3],
  ]);
  assert.equal(sim.now, 3);
});

test('a timeout resumes the generator with its value', () => {
  const sim = new Simulation();
  let got: unknown;
  sim.process(function* () {
    got = yield sim.timeout(2, 'payload');
  });
  sim.run();
  assert.equal(got, 'payload');
});

test('same-time events: URGENT before NORMAL, then in scheduling order', () => {
  const sim = new Simulation();
  const log: string[] = [];
  const mk = (name: string, priority: number) => {
    const ev = sim.event<void>();
    ev.addCallback(() => log.push(name));
    sim.schedule(ev, 5, priority);
  };
  mk('normal-1', NORMAL);
  mk('urgent-1', URGENT);
  mk('normal-2', NORMAL);
  mk('urgent-2', URGENT);
  sim.run();
  assert.deepEqual(log, ['urgent-1', 'urgent-2', 'normal-1', 'normal-2']);
  assert.equal(sim.now, 5);
});

test('processes resumed at the same time run in the order their events were scheduled', () => {
  const sim = new Simulation();
  const log: Log = [];
  for (const name of ['p0', 'p1', 'p2', 'p3']) {
    sim.process(function* () {
      yield sim.timeout(1);
      log.push([name, sim.now]);
    });
  }
  sim.run();
  assert.deepEqual(log, [
    ['p0', 1],
    ['p1', 1],
    ['p2', 1],
    ['p3', 1],
  ]);
});

test('a process waits for another and receives its return value', () => {
  const sim = new Simulation();
  const log: Log = [];
  function* child(): ProcessGenerator<number> {
    yield sim.timeout(4);
    log.push(['child done', sim.now]);
    return 42;
  }
  sim.process(function* parent() {
    log.push(['parent start', sim.now]);
    const result: number = yield sim.process(child());
    log.push([`parent got ${result}`, sim.now]);
  });
  sim.run();
  assert.deepEqual(log, [
    ['parent start', 0],
    ['child done', 4],
    ['parent got 42', 4],
  ]);
});

test('a failed event is thrown into the waiting generator, which can catch it', () => {
  const sim = new Simulation();
  const log: Log = [];
  const ev = sim.event<number>();
  sim.process(function* () {
    yield sim.timeout(1);
    ev.fail(new Error('disk full'));
  });
  sim.process(function* () {
    try {
      yield ev;
      log.push(['not reached', sim.now]);
    } catch (err) {
      log.push([`caught ${(err as Error).message}`, sim.now]);
    }
    yield sim.timeout(2);
    log.push(['carried on', sim.now]);
  });
  sim.run();
  assert.deepEqual(log, [
    ['caught disk full', 1],
    ['carried on', 3],
  ]);
  assert.equal(ev.ok, false);
  assert.equal(ev.defused, true);
});

test('an unhandled failure raises out of run()', () => {
  const sim = new Simulation();
  const boom = new Error('nobody handles me');
  sim.process(function* () {
    yield sim.timeout(2);
    throw boom;
  });
  assert.throws(() => sim.run(), (err) => err === boom);
  assert.equal(sim.now, 2);
});

test('a defused failure does not raise', () => {
  const sim = new Simulation();
  const ev = sim.event();
  ev.defused = true;
  ev.fail(new Error('handled elsewhere'));
  sim.run();
  assert.equal(ev.processed, true);
});

test('a process that throws fails, and a process waiting on it can catch the error', () => {
  const sim = new Simulation();
  let caught: unknown;
  const worker = sim.process(function* () {
    yield sim.timeout(1);
    throw new RangeError('bad shard');
  });
  sim.process(function* () {
    try {
      yield worker;
    } catch (err) {
      caught = err;
    }
  });
  sim.run();
  assert.ok(caught instanceof RangeError);
  assert.equal(worker.isAlive, false);
});

test('yielding something that is not an event throws a TypeError into the generator', () => {
  const sim = new Simulation();
  let message = '';
  sim.process(function* () {
    try {
      yield 'soon' as unknown as Event;
    } catch (err) {
      message = (err as Error).message;
    }
  });
  sim.run();
  assert.match(message, /yielded soon/);
});

test('yielding an already processed event continues at once with its value', () => {
  const sim = new Simulation();
  const log: Log = [];
  const early = sim.timeout(1, 'early');
  sim.process(function* () {
    yield sim.timeout(5);
    const v: string = yield early;
    log.push([v, sim.now]);
  });
  sim.run();
  assert.deepEqual(log, [['early', 5]]);
});

test('run(until) stops before that time and leaves later events scheduled', () => {
  const sim = new Simulation();
  const log: Log = [];
  sim.process(function* () {
    for (let i = 0; i < 10; i++) {
      yield sim.timeout(1);
      log.push(['tick', sim.now]);
    }
  });
  sim.run(3.5);
  assert.equal(sim.now, 3.5);
  assert.deepEqual(log, [
    ['tick', 1],
    ['tick', 2],
    ['tick', 3],
  ]);
  assert.equal(sim.peek(), 4);
  sim.run(4); // an event at exactly `until` stays scheduled
  assert.equal(log.length, 3);
  sim.run();
  assert.equal(log.length, 10);
  assert.equal(sim.now, 10);
  assert.throws(() => sim.run(5), RangeError);
});

test('run(event) stops once the event is processed and returns its value', () => {
  const sim = new Simulation();
  const p = sim.process(function* () {
    yield sim.timeout(7);
    return 'finished';
  });
  sim.process(function* () {
    yield sim.timeout(100);
  });
  assert.equal(sim.run(p), 'finished');
  assert.equal(sim.now, 7);
  assert.equal(sim.peek(), 100);
  assert.throws(() => sim.run(sim.event()), /never processed/);
});

test('step() and peek() expose the heap one event at a time', () => {
  const sim = new Simulation();
  sim.timeout(2);
  sim.timeout(1);
  assert.equal(sim.peek(), 1);
  assert.equal(sim.step(), true);
  assert.equal(sim.now, 1);
  assert.equal(sim.step(), true);
  assert.equal(sim.now, 2);
  assert.equal(sim.step(), false);
  assert.equal(sim.peek(), Infinity);
  assert.equal(sim.processedEvents, 2);
});

test('event state and callbacks follow the SimPy lifecycle', () => {
  const sim = new Simulation();
  const ev = sim.event<string>();
  const seen: string[] = [];
  const a = () => seen.push('a');
  const b = () => seen.push('b');
  const c = () => seen.push('c');
  ev.addCallback(a);
  ev.addCallback(b);
  ev.addCallback(c);
  assert.equal(ev.removeCallback(b), true);
  assert.equal(ev.removeCallback(b), false);
  assert.deepEqual(ev.callbacks, [a, c]);
  assert.equal(ev.triggered, false);
  assert.throws(() => ev.value, /not yet triggered/);
  ev.succeed('v');
  assert.equal(ev.triggered, true);
  assert.equal(ev.processed, false);
  assert.throws(() => ev.succeed('again'), /already been triggered/);
  sim.run();
  assert.deepEqual(seen, ['a', 'c']);
  assert.equal(ev.processed, true);
  assert.equal(ev.callbacks, null);
  assert.equal(ev.value, 'v');
  assert.throws(() => ev.addCallback(a), /already processed/);
});

test('invalid delays and seeds are rejected', () => {
  const sim = new Simulation();
  assert.throws(() => sim.timeout(-1), RangeError);
  assert.throws(() => sim.timeout(Number.NaN), RangeError);
  assert.throws(() => sim.timeout(Infinity), RangeError);
  assert.throws(() => sim.schedule(sim.event(), 0, -1), RangeError);
  assert.throws(() => new Simulation({ seed: 1.5 }), RangeError);
});
