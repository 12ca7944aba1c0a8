/**
 * One training step of the yardstick job, Llama 3 405B on 16,384 H100 (2,048 DGX H100, NDR
 * InfiniBand rail-optimised), tp 8 × pp 16 × dp 128, sequence 8192, 2,048 sequences (16M tokens) per step,
 * from scenarios/llama3-405b-16k-h100.yaml without its token target (one step, no ramp-up phases).
 * Run as a script (`tsx bench/training-step.ts <fidelity>`) it prints {"seconds", "peakRssBytes"} for one
 * fresh process, so the flow run's peak memory is its own.
 */
import { isMain, reportChild } from './child.ts';
import { checkScenarioFile } from '../src/check.ts';
import type { Fidelity, TrainingWorkload } from '../src/config/scenario-types.ts';
import { loadCatalog } from '../src/hardware/catalog.ts';
import { simulateTraining } from '../src/workload/training/index.ts';

export const YARDSTICK = 'scenarios/llama3-405b-16k-h100.yaml';

/** Wall seconds of simulating one step (loading the scenario not included). */
export function stepSeconds(fidelity: Fidelity): number {
  const { scenario } = checkScenarioFile(YARDSTICK, { catalog: loadCatalog(), sets: [] });
  const { timeToTrain: _ignored, ...job } = scenario.workloads[0] as TrainingWorkload;
  const p = job.parallelism;
  if (p.tp !== 8 || p.pp !== 16 || p.dp !== 128 || job.batch.sequenceLength !== 8192 || job.batch.globalSequences !== 2048) {
    throw new Error(`${YARDSTICK} no longer has the yardstick layout (tp 8, pp 16, dp 128, 8192 x 2048)`);
  }
  const t0 = process.hrtime.bigint();
  const { result } = simulateTraining({ ...job, steps: 1 }, scenario.cluster, { fidelity, seed: 1 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!(result.stepSeconds > 0)) throw new Error(`training bench: bad step time ${result.stepSeconds}`);
  return seconds;
}

if (isMain(import.meta.url)) reportChild(stepSeconds(process.argv[2] === 'flow' ? 'flow' : 'analytical'));
