/**
 * What the training model hands to phase 6: a training job's step, its breakdown, memory per stage, and the
 * time to train (part of report.json's jobs.<name>; result-types.ts re-exports these).
 */
import type { CheckpointCost, DataPipelineCost } from '../storage/types.ts';
import type { GoodputResult } from '../goodput/result-types.ts';

// The storage and goodput models' outputs are part of a training job's result: reports read them from here.
export type { CheckpointCost, DataPipelineCost, TierTime } from '../storage/types.ts';
export type { Estimate, GoodputResult } from '../goodput/result-types.ts';

export interface StepBreakdown {
  /** time the device spends in compute kernels per step (all microbatches), seconds */
  computeSeconds: number;
  /** tensor-parallel communication not hidden behind compute */
  tpCommSeconds: number;
  /** data-parallel gradient communication not hidden behind compute */
  dpCommExposedSeconds: number;
  /** optimizer step */
  optimizerSeconds: number;
  /** anything else on the critical path */
  otherSeconds: number;
  /** pipeline bubble: time a rank waits for its neighbours (per step, the busiest rank's view) */
  bubbleSeconds?: number;
  /** pipeline send/receive not hidden (activations and their gradients between stages) */
  ppCommSeconds?: number;
  /** expert-parallel all-to-all (dispatch and combine), on the critical path */
  epCommSeconds?: number;
  /** context-parallel KV exchange not hidden behind attention */
  cpCommSeconds?: number;
  /** the wait for training data the prefetch could not hide (src/storage/data-pipeline.ts) */
  dataStallSeconds?: number;
}

/** Memory of one pipeline stage's rank at its peak (the stages differ in layers, head and micro-batches in flight). */
export interface StageMemory {
  stage: number;
  layers: number;
  /** micro-batches whose activations are held at once under the schedule */
  microbatchesInFlight: number;
  memory: MemoryBreakdown;
}

export interface MemoryBreakdown {
  weightsBytes: number;
  gradientsBytes: number;
  optimizerBytes: number;
  activationsBytes: number;
  /** communication buffers, workspace */
  otherBytes: number;
  totalBytes: number;
  capacityBytes: number;
}

export interface TrainingJobResult {
  kind: 'training';
  name: string;
  model: string;
  devices: number;
  accelerator: string;
  parallelism: { dp: number; tp: number; pp: number; cp: number; ep: number; zero: number };
  stepSeconds: number;
  steps: number;
  breakdown: StepBreakdown;
  tokensPerSecond: number;
  /** model FLOPs per step (no recomputation), all devices */
  modelFlopsPerStep: number;
  /** hardware FLOPs per step including recomputation, all devices */
  hardwareFlopsPerStep: number;
  /** achieved model TFLOP/s per device: modelFlopsPerStep / stepSeconds / devices / 1e12 */
  tflopsPerGpu: number;
  /** achieved hardware TFLOP/s per device (counts recomputation) */
  hardwareTflopsPerGpu: number;
  /** model FLOPs utilisation against the dense peak of the matmul precision */
  mfu: number;
  memory: MemoryBreakdown;
  /** mean fraction of the step each device spends in compute kernels */
  computeUtilisation: number;
  /** seconds simulated for this job: steps * stepSeconds */
  simulatedSeconds: number;
  /** pipeline layout and its bubble (present when pp > 1) */
  pipeline?: { schedule: string; virtualStages: number; microbatches: number; bubbleFraction: number };
  /** memory per pipeline stage (present when pp > 1); `memory` is the stage with the highest total */
  memoryByStage?: StageMemory[];
  /** days, GPU-hours, energy and cost to train on the workload's `tokens` (present when it gives them) */
  timeToTrain?: TimeToTrainResult;
  /** one checkpoint's size, write, stalls and restore (present when the workload has `checkpoint:`) */
  checkpoint?: CheckpointCost;
  /** effective training time over a long run with failures, checkpoints and restarts (present when the workload has `goodput:`; src/goodput/) */
  goodput?: GoodputResult;
  /** the data pipeline's read per step and stall (present when the workload has `data:`) */
  data?: DataPipelineCost;
}

/** One batch-size phase of a time to train (workload/training/time-to-train.ts). */
export interface TimeToTrainPhase {
  /** sequences per optimizer step in the phase */
  globalSequences: number;
  /** globalSequences × sequence length */
  tokensPerStep: number;
  /** the phase ends once the run has trained on this many tokens */
  untilTokens: number;
  steps: number;
  /** tokens trained in the phase: steps × globalSequences × sequence length */
  tokens: number;
  /** simulated step time at this batch size */
  stepSeconds: number;
  seconds: number;
  /** fraction of the step in compute kernels at this batch size (energy) */
  computeUtilisation: number;
}

/** The wall-clock time and footprint of training on a token target, from the simulated step times. */
export interface TimeToTrainResult {
  /** the workload's `tokens` */
  targetTokens: number;
  /** tokens trained in whole steps: at least targetTokens, less than one step more */
  tokens: number;
  steps: number;
  wallSeconds: number;
  days: number;
  /** device-hours: devices × wallSeconds / 3600 */
  gpuHours: number;
  phases: TimeToTrainPhase[];
  /** facility energy (PUE included) of the job's nodes over wallSeconds, kWh; filled by phase 6 */
  energyKWh: number | null;
  /** carbon of that energy at the scenario's grid intensity; filled by phase 6 */
  kgCO2e: number | null;
  /** cost of the job's nodes over wallSeconds on the scenario's cost basis, USD; filled by phase 6 */
  costUsd: number | null;
  /** the accelerators' share of energyKWh (GPU power alone, no node overhead, no PUE); filled by phase 6 */
  acceleratorEnergyKWh?: number;
  /** the same run with the goodput model's losses (the job has `tokens` and `goodput`); filled by phase 6 */
  withGoodput?: TimeToTrainWithGoodput;
}

/**
 * A time to train stretched by the goodput model's expected losses (metrics/time-to-train.ts): failures,
 * detection, restarts, restores, repair waits, checkpoint stalls, planned stops and stragglers.
 */
export interface TimeToTrainWithGoodput {
  /** productive fraction of the wall time used: (mean productive + mean data stall) / window; the fault-free
   * time already holds the data stalls, so they are not counted as lost a second time */
  ettr: number;
  wallSeconds: number;
  days: number;
  gpuHours: number;
  /** wall time beyond the fault-free time: devices computing (work redone, straggler slowdown) and devices idle */
  lostBusySeconds: number;
  lostIdleSeconds: number;
  /** facility energy: the fault-free energy, plus the busy loss at the run's mean power, plus the idle loss at idle power */
  energyKWh: number;
  /** the accelerators' share of energyKWh (the power model's GPU-only energy) */
  acceleratorEnergyKWh: number;
  /** gpuHours × the accelerator's TDP: every GPU at TDP for every hour held (Luccioni et al. 2022's method for BLOOM) */
  gpuEnergyAtTdpKWh: number;
  kgCO2e: number;
  costUsd: number;
}

/** One message size of a collective sweep, with nccl-tests' definitions (doc/PERFORMANCE.md). */
