/**
 * Whole-run benchmark: wall seconds for `clustersim run scenarios/quickstart.yaml` in-process
 * (load, validate, simulate, measure, render and write all three reports), best of three after a warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenarioFile, writeRunReports } from '../src/pipeline.ts';

async function once(out: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const outcome = await runScenarioFile('scenarios/quickstart.yaml');
  await writeRunReports(outcome, out);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export const runBenches = [
  {
    name: 'run.quickstart_seconds',
    unit: 's',
    async run(): Promise<number> {
      const out = mkdtempSync(join(tmpdir(), 'clustersim-bench-'));
      try {
        await once(out);
        let best = Infinity;
        for (let i = 0; i < 3; i++) best = Math.min(best, await once(out));
        return best;
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  },
];
