// Property tests of the kernel's ordering invariants over random schedules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Simulation } from '../../src/sim/index.ts';

test('events are processed in nondecreasing time order and the clock never goes backwards', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 8 }), { maxLength: 30 }),
      (delaysPerProcess) => {
        const sim = new Simulation();
        const seen: number[] = [];
        // Each process sleeps through its delays; every wake-up records the clock.
        delaysPerProcess.forEach((delays) => {
          sim.process(function* () {
            for (const d of delays) {
              const before = sim.now;
              yield sim.timeout(d);
              assert.equal(sim.now, before + d);
              seen.push(sim.now);
            }
          });
        });
        let last = -Infinity;
        while (sim.peek() < Infinity) {
          const next = sim.peek();
          assert.ok(next >= last, `heap returned ${next} after ${last}`);
          sim.step();
          assert.equal(sim.now, next);
          last = next;
        }
        const total = delaysPerProcess.reduce((n, d) => n + d.length, 0);
        assert.equal(seen.length, total);
        for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! >= seen[i - 1]!);
      },
    ),
    { numRuns: 200 },
  );
});

test('equal-time events come out in scheduling order (FIFO ties)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 200 }), (times) => {
      const sim = new Simulation();
      const order: number[] = [];
      times.forEach((t, i) => sim.timeout(t).addCallback(() => order.push(i)));
      sim.run();
      const expected = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      assert.deepEqual(
        order,
        expected.map(([, i]) => i),
      );
    }),
    { numRuns: 200 },
  );
});
