/**
 * Kernel benchmark: the classic hold model. 10,000 generator processes each loop on a hold of
 * d ~ Exponential(mean 1 s) from the simulation's random stream, written two ways — `yield d` (the
 * kernel's event-free hold) and `yield sim.timeout(d)` (an event object per hold) — until
 * 2,000,000 timeouts have been processed in total. Reported figure: events processed (timeouts, the
 * processes' start events and the stop event) per wall-clock second, best of 3 after a short warm-up.
 * This exercises the hot path: timeout creation, heap push/pop with ~10^4 entries, generator resume.
 */
import { Simulation } from '../src/sim/index.ts';
import type { ProcessGenerator } from '../src/sim/index.ts';
import type { Bench } from './main.ts';
import { bareHeapEventsPerSecond } from './reference-heap.ts';

function holdModel(processes: number, totalEvents: number, seed: number, withEvents: boolean): number {
  const start = process.hrtime.bigint();
  const sim = new Simulation({ seed });
  const rng = sim.random('hold');
  const done = sim.event<void>();
  let holds = 0;
  function* holder(): ProcessGenerator<void> {
    for (;;) {
      if (withEvents) yield sim.timeout(rng.exponential(1));
      else yield rng.exponential(1);
      if (++holds === totalEvents) done.succeed();
    }
  }
  for (let i = 0; i < processes; i++) sim.process(holder);
  sim.run(done);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return sim.processedEvents / seconds;
}

function best(withEvents: boolean): number {
  holdModel(10_000, 200_000, 7, withEvents);
  let top = 0;
  for (let rep = 0; rep < 3; rep++) top = Math.max(top, holdModel(10_000, 2_000_000, rep + 1, withEvents));
  return top;
}

export const kernelBenches = [
  {
    // the hold idiom: `yield delay` (a timeout without an event object; see src/sim/process.ts)
    name: 'kernel.events_per_second',
    unit: 'events/s',
    run: () => best(false),
  },
  {
    // the same model written with `yield sim.timeout(delay)`: one event object per hold
    name: 'kernel.timeout_events_per_second',
    unit: 'events/s',
    run: () => best(true),
  },
  {
    // not the kernel: a bare typed-array heap with callbacks, the yardstick to divide by (same run)
    name: 'kernel.reference_bare_heap_events_per_second',
    unit: 'events/s',
    run(): number {
      bareHeapEventsPerSecond(10_000, 200_000, 7);
      let top = 0;
      for (let rep = 0; rep < 3; rep++) top = Math.max(top, bareHeapEventsPerSecond(10_000, 2_000_000, rep + 1));
      return top;
    },
  },
] satisfies Bench[];
