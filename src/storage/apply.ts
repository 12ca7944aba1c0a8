/**
 * A simulated training job's result with its storage sections: the data pipeline's stall added to the step,
 * and the cost of one checkpoint at that step.
 *
 * The stall is a term of the step, like the pipeline bubble: step' = step + s, and every rate of the result
 * scales by step/step' (tokens/s, TFLOP/s per GPU, MFU), the compute utilisation is compute / step', the job
 * runs steps × step'. A result whose breakdown already has dataStallSeconds (the training model applied it)
 * is not stalled again: the data section is then measured against step − dataStallSeconds.
 */
import type { ClusterSpec, Fidelity, TrainingWorkload } from '../config/scenario-types.ts';
import { buildTopology } from '../fabric/topology/index.ts';
import type { Assumption, TrainingJobResult } from '../metrics/result-types.ts';
import { checkpointWithAssumptions, type CheckpointOptions } from './checkpoint.ts';
import type { CollectiveCall } from '../fabric/collectives/types.ts';
import { stageDpGroups } from '../workload/training/fabric-dp.ts';
import { gradientReduction } from '../workload/training/plan.ts';
import { expertParamsPerRank, paramsPerRank } from '../workload/training/shape.ts';
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

/** At flow fidelity, what the checkpoint model needs to time transfers through the fabric graph. */
export interface StorageFabric {
  fidelity: Fidelity;
  /** the job's devices (placement) */
  devices: readonly number[];
}

/** The job's data and checkpoint sections (those its workload asks for), the data stall applied. */
export function withStorage(job: TrainingWorkload, result: TrainingJobResult, cluster: ClusterSpec, fabric?: StorageFabric): { result: TrainingJobResult; assumptions: Assumption[] } {
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
    const { cost, assumptions: a } = checkpointWithAssumptions(job, cluster, { stepSeconds: out.stepSeconds, ...flowFabric(job, out, cluster, fabric) });
    out = { ...out, checkpoint: cost };
    assumptions.push(...a);
  }
  return { result: out, assumptions };
}

/**
 * At flow fidelity with a scale-out fabric: the fabric graph, the job's nodes, and its gradient reductions:
 * one stage's dense gradients (the rank's parameters less its routed experts, over pp), reduced as the step
 * reduces them (plan.ts gradientReduction), over every data-parallel group of that stage at once, as
 * fabric-dp.ts times them. Nothing otherwise.
 */
function flowFabric(job: TrainingWorkload, result: TrainingJobResult, cluster: ClusterSpec, f: StorageFabric | undefined): Pick<CheckpointOptions, 'fabric'> {
  if (f === undefined || f.fidelity !== 'flow' || cluster.scaleOut === null) return {};
  const perNode = cluster.nodes[0]?.profile.devicesPerNode ?? 1;
  const nodes = [...new Set(f.devices.map((d) => Math.floor(d / perNode)))].sort((a, b) => a - b);
  const p = job.parallelism;
  const { kind, bytesPerParam } = gradientReduction(job);
  const dense = (paramsPerRank(job.model, p.tp, p.ep) - expertParamsPerRank(job.model, p.tp, p.ep)) / p.pp;
  const calls: CollectiveCall[] = stageDpGroups(job, f.devices, false).map((ranks) => ({ op: kind, ranks, bytes: dense * bytesPerParam, job: job.name }));
  return { fabric: { topology: buildTopology(cluster), nodes, dp: { calls, exposedSeconds: result.breakdown.dpCommExposedSeconds } } };
}
