/**
 * A simulated training job's result with its storage sections: the data pipeline's stall added to the step,
 * and the cost of one checkpoint at that step.
 *
 * The stall is a term of the step, like the pipeline bubble: step' = step + s, and every rate of the result
 * scales by step/step' (tokens/s, TFLOP/s per GPU, MFU), the compute utilisation is compute / step', the job
 * runs steps × step'. A result whose breakdown already has dataStallSeconds (the training model applied it)
 * is not stalled again: the data section is then measured against step − dataStallSeconds.
 */
import type { ClusterSpec, TrainingWorkload } from '../config/scenario-types.ts';
import type { Assumption, TrainingJobResult } from '../metrics/result-types.ts';
import { checkpointWithAssumptions } from './checkpoint.ts';
import { dataPipelineWithAssumptions } from './data-pipeline.ts';

/** The result with `stallSeconds` of data stall in every step. */
export function withDataStall(result: TrainingJobResult, stallSeconds: number): TrainingJobResult {
  if (stallSeconds <= 0) return { ...result, breakdown: { ...result.breakdown, dataStallSeconds: 0 } };
  const step = result.stepSeconds + stallSeconds;
  const k = result.stepSeconds / step;
  return {
    ...result,
    stepSeconds: step,
    breakdown: { ...result.breakdown, dataStallSeconds: stallSeconds },
    tokensPerSecond: result.tokensPerSecond * k,
    tflopsPerGpu: result.tflopsPerGpu * k,
    hardwareTflopsPerGpu: result.hardwareTflopsPerGpu * k,
    mfu: result.mfu * k,
    computeUtilisation: result.breakdown.computeSeconds / step,
    simulatedSeconds: result.steps * step,
    ...(result.pipeline !== undefined ? { pipeline: { ...result.pipeline, bubbleFraction: (result.breakdown.bubbleSeconds ?? 0) / step } } : {}),
  };
}

/** The job's data and checkpoint sections (those its workload asks for), the data stall applied. */
export function withStorage(job: TrainingWorkload, result: TrainingJobResult, cluster: ClusterSpec): { result: TrainingJobResult; assumptions: Assumption[] } {
  let out = result;
  const assumptions: Assumption[] = [];
  if (job.data !== undefined) {
    const applied = result.breakdown.dataStallSeconds;
    const base = result.stepSeconds - (applied ?? 0);
    const { cost, assumptions: a } = dataPipelineWithAssumptions(job, cluster, { stepSeconds: base });
    out = applied === undefined ? withDataStall(out, cost.stallSeconds) : out;
    out = { ...out, data: cost };
    assumptions.push(...a);
  }
  if (job.checkpoint !== undefined) {
    const { cost, assumptions: a } = checkpointWithAssumptions(job, cluster, { stepSeconds: out.stepSeconds });
    out = { ...out, checkpoint: cost };
    assumptions.push(...a);
  }
  return { result: out, assumptions };
}
