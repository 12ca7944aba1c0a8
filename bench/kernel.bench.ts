/**
 * Kernel benchmark: the classic hold model. 10,000 generator processes each loop on
 * `yield sim.timeout(d)` with d ~ Exponential(mean 1 s) from the simulation's random stream, until
 * 2,000,000 timeouts have been processed in total. Reported figure: events processed (timeouts, the
 * processes' start events and the stop event) per wall-clock second, best of 3 after a short warm-up.
 * This exercises the hot path: timeout creation, heap push/pop with ~10^4 entries, generator resume.
 */
import { Simulation } from '../src/sim/index.ts';
import type { ProcessGenerator } from '../src/sim/index.ts';
import type { Bench } from './main.ts';

function holdModel(processes: number, totalEvents: number, seed: number): number {
  const start = process.hrtime.bigint();
  const sim = new Simulation({ seed });
  const rng = sim.random('hold');
  const done = sim.event<void>();
  let holds = 0;
  function* holder(): ProcessGenerator<void> {
    for (;;) {
      yield sim.timeout(rng.exponential(1));
      if (++holds === totalEvents) done.succeed();
    }
  }
  for (let i = 0; i < processes; i++) sim.process(holder);
  sim.run(done);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return sim.processedEvents / seconds;
}

export const kernelBenches = [
  {
    name: 'kernel.events_per_second',
    unit: 'events/s',
    run(): number {
      holdModel(10_000, 200_000, 7);
      let best = 0;
      for (let rep = 0; rep < 3; rep++) best = Math.max(best, holdModel(10_000, 2_000_000, rep + 1));
      return best;
    },
  },
] satisfies Bench[];
