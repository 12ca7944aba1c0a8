/**
 * What the model layers hand to phase 6 (measure) and what phase 6 hands to phase 7 (report).
 * report.json is `Report` serialised with sorted keys; see ARCHITECTURE.md "report.json".
 */

/** One source-backed figure used by the run, for the report's assumptions table. */
export interface Assumption {
  /** what the figure is, e.g. "H100 SXM bf16 dense peak" */
  name: string;
  value: number;
  unit: string;
  source: string;
}

export interface StepBreakdown {
  /** time the device spends in compute kernels per step (all microbatches), seconds */
  computeSeconds: number;
  /** tensor-parallel communication not hidden behind compute */
  tpCommSeconds: number;
  /** data-parallel gradient communication not hidden behind compute */
  dpCommExposedSeconds: number;
  /** optimizer step */
  optimizerSeconds: number;
  /** anything else on the critical path (pipeline bubble once PP exists) */
  otherSeconds: number;
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
}

export type JobResult = TrainingJobResult;

export interface EnergyResult {
  /** facility energy in kWh, including PUE overhead */
  totalKWh: number;
  byComponentKWh: { accelerators: number; nodeOverhead: number; facilityOverhead: number };
  /** mean facility power over the run, watts */
  meanPowerWatts: number;
}

export interface CostResult {
  basis: 'cloud' | 'owned';
  totalUsd: number;
  byItemUsd: Record<string, number>;
  /** USD per device-hour as charged */
  usdPerDeviceHour: number;
}

export interface ExpectationResult {
  expression: string;
  value: unknown;
  pass: boolean;
  error?: string;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'clustersim'; version: string };
  scenario: { name: string; description: string; file: string; sha256: string };
  seed: number;
  fidelity: 'analytical' | 'flow';
  simulatedSeconds: number;
  /** wall-clock seconds of the run; null unless asked for (--wall-time), so that report.json is byte-identical
   * for the same input and seed */
  wallSeconds: number | null;
  cluster: { nodes: number; devices: number; byAccelerator: Record<string, number>; nodeProfiles: Record<string, number> };
  jobs: Record<string, JobResult>;
  energy: EnergyResult;
  carbon: { kgCO2e: number; gridIntensityGPerKWh: number };
  cost: CostResult;
  assumptions: Assumption[];
  expectations: ExpectationResult[];
  reference: { source: string; metric: string; measured: number; predicted: number | null; unit: string; errorPercent: number | null; tolerancePercent: number; pass: boolean } | null;
}
