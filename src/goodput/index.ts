/**
 * The goodput of a training job whose workload has a `goodput:` key: called by the pipeline (phase 5) after
 * the job's step, storage sections and time to train are known. The step time comes from the training model
 * (with the data stall the storage model added, taken out again as its own loss); the checkpoint's write,
 * stall and restore from the storage model (src/storage/, the workload's `checkpoint:` key) unless the
 * scenario's goodput.checkpoint gives them.
 */
import type { SourceDoc } from '../config/document.ts';
import { ConfigError } from '../config/errors.ts';
import { positionOfPath } from '../config/load-scenario.ts';
import type { ClusterSpec, TrainingWorkload } from '../config/scenario-types.ts';
import type { TrainingJobResult } from '../metrics/result-types.ts';
import { loadFailureSet } from './failure-sets.ts';
import { simulateGoodput, type CheckpointFigures } from './simulate.ts';

export type { GoodputResult } from './result-types.ts';
export { simulateGoodput, type CheckpointFigures, type GoodputInput } from './simulate.ts';

/** Where in the scenario file the job is, for errors: its document and its index in `workloads`. */
export interface GoodputWhere {
  doc: SourceDoc;
  index: number;
}

function inputError(where: GoodputWhere, path: string, message: string, hint: string): ConfigError {
  const full = `workloads[${where.index}].${path}`;
  const pos = positionOfPath(where.doc, full);
  return new ConfigError([{ code: 'missing-key', file: where.doc.file, line: pos.line, col: pos.col, path: full, message, hint }]);
}

/** The checkpoint's figures: the scenario's where it gives them, the storage model's otherwise. */
function checkpointFigures(job: TrainingWorkload, result: TrainingJobResult, where: GoodputWhere): CheckpointFigures {
  const s = job.goodput!.checkpoint;
  const cost = result.checkpoint;
  const write = s.writeSeconds ?? cost?.syncStallSeconds;
  const restore = s.restoreSeconds ?? cost?.restoreSeconds;
  if (write === undefined || restore === undefined) {
    throw inputError(where, 'goodput.checkpoint', `the goodput of ${job.name} needs the checkpoint's ${write === undefined ? 'write' : 'restore'} time`, 'give goodput.checkpoint.write and .restore (e.g. "60 s"), or a checkpoint: key on the workload for the storage model');
  }
  // The storage model's asynchronous stall includes a wait when its drain outlasts its interval; the goodput
  // model simulates that wait itself, so it takes the copy alone.
  const asyncStall = s.stallSeconds ?? cost?.copySeconds ?? cost?.asyncStallSeconds ?? null;
  const mode = s.mode ?? cost?.mode;
  if (mode === 'async' && asyncStall === null) {
    throw inputError(where, 'goodput.checkpoint.mode', `asynchronous checkpoints of ${job.name} need the stall per checkpoint (the copy to host memory)`, 'give goodput.checkpoint.stall, or a checkpoint: key for the storage model');
  }
  const set = [s.writeSeconds !== null && 'write', s.stallSeconds !== null && 'stall', s.restoreSeconds !== null && 'restore'].filter(Boolean);
  const model = cost === undefined ? '' : `storage model (${[cost.storage, `write limited by ${cost.bottleneck}`].filter(Boolean).join(', ')})`;
  const from = [model, set.length > 0 ? `${set.join(', ')} set in the scenario` : ''].filter(Boolean).join('; ');
  return {
    writeSeconds: write,
    asyncStallSeconds: asyncStall === null ? null : Math.min(asyncStall, write),
    restoreSeconds: restore,
    from,
    ...(mode !== undefined ? { mode } : {}),
    ...(cost?.intervalSteps !== undefined && s.intervalSeconds === null && s.intervalSteps === null && !s.young ? { intervalSteps: cost.intervalSteps } : {}),
  };
}

/** The job's result with its `goodput` section. */
export function withGoodput(job: TrainingWorkload, result: TrainingJobResult, cluster: ClusterSpec, seed: number, where: GoodputWhere): TrainingJobResult {
  const spec = job.goodput;
  if (spec === undefined) return result;
  const faultFree = result.timeToTrain?.wallSeconds ?? null;
  if (spec.durationSeconds === null && faultFree === null) {
    throw inputError(where, 'goodput', `the goodput of ${job.name} needs a window`, 'give goodput.duration (e.g. "54 days"), or tokens: on the workload to simulate its time to train');
  }
  const stall = result.breakdown.dataStallSeconds ?? 0;
  const set = loadFailureSet(spec.failures.set);
  const goodput = simulateGoodput({
    job: job.name,
    spec,
    devices: result.devices,
    cluster,
    stepSeconds: result.stepSeconds - stall,
    computeSecondsPerStep: result.breakdown.computeSeconds,
    dataStallSecondsPerStep: stall,
    checkpoint: checkpointFigures(job, result, where),
    seed,
    setName: set.name,
    setSource: set.source,
    faultFreeSeconds: faultFree,
  });
  return { ...result, goodput };
}
