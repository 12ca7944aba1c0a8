/**
 * What the model layers hand to phase 6 (measure) and what phase 6 hands to phase 7 (report).
 * report.json is `Report` serialised with sorted keys; see ARCHITECTURE.md "report.json".
 */
import type { CheckpointCost, DataPipelineCost } from '../storage/types.ts';
import type { GoodputResult } from '../goodput/result-types.ts';

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
export interface CollectivePoint {
  /** buffer size S in bytes (nccl-tests "size") */
  bytes: number;
  /** time of one call, seconds */
  seconds: number;
  /** S / t in GB/s (1e9 bytes/s, as nccl-tests prints) */
  algbwGBps: number;
  /** algbw × the op's bus factor (2(n−1)/n for all_reduce, (n−1)/n for all_gather, reduce_scatter, alltoall; 1 otherwise) */
  busbwGBps: number;
  /** the algorithm that ran at this size (the automatic choice may change with size) */
  algorithm: string;
}

/** Utilisation of one link tier over a run: busy time (bytes / line rate) over simulated time. */
export interface TierUtilisation {
  /** fabric tier: scale-up, host, nic, leaf-spine, spine-core, ... */
  tier: string;
  /** directed links of the tier in the fabric */
  links: number;
  /** of them, links that carried any bytes */
  linksUsed: number;
  /** busy time / simulated time averaged over every link of the tier (0..1) */
  meanUtilisation: number;
  /** the busiest link of the tier (0..1) */
  maxUtilisation: number;
  bytes: number;
}

export interface HotLink {
  /** vertex names from the topology, e.g. "leaf-r0-su0 -> spine3" */
  link: string;
  tier: string;
  /** busy time / simulated time (0..1) */
  utilisation: number;
  bytes: number;
}

/**
 * One tier's utilisation over a run (flow backend only): Σ rate / Σ line rate over every link of the tier,
 * piecewise constant; each point holds from its t until the next point's, the last is the load at the end.
 * At most a few hundred points: long runs are merged into equal time buckets, time-weighted.
 */
export interface TierUtilisationOverTime {
  tier: string;
  points: { t: number; utilisation: number }[];
}

/** Where a run's bytes went on the fabric. */
export interface LinkUtilisationResult {
  /** network backend that ran it */
  backend: 'analytical' | 'flow';
  /** message size of the call(s), bytes */
  bytes: number;
  /** the simulated time utilisation is measured over */
  seconds: number;
  /** tiers in the order the fabric lists them */
  tiers: TierUtilisation[];
  /** up to 10 links by utilisation, busiest first */
  hottest: HotLink[];
  /** per-tier utilisation over the run, tiers in the order of `tiers` (flow backend runs only) */
  overTime?: TierUtilisationOverTime[];
}

/** A collective job run together with the scenario's other collective jobs on one fabric. */
export interface CollectiveSharing {
  /** the other collective jobs on the fabric */
  with: string[];
  /** message size of the shared run: the job's largest size */
  bytes: number;
  /** one call alone on the fabric, flow backend */
  aloneSeconds: number;
  /** its first call while every other job runs its own largest size (flow backend, one simulation) */
  sharedSeconds: number;
  /** sharedSeconds / aloneSeconds; 1 without contention */
  slowdown: number;
  /** algbw and busbw achieved in the shared run, GB/s */
  sharedAlgbwGBps: number;
  sharedBusbwGBps: number;
  /** link use of the whole shared run (every job's traffic) */
  links: LinkUtilisationResult;
}

export interface CollectiveJobResult {
  kind: 'collective';
  name: string;
  /** nccl-tests operation name, e.g. all_reduce */
  op: string;
  /** ranks taking part, one device each */
  ranks: number;
  /** nodes the ranks span */
  nodes: number;
  devices: number;
  accelerator: string;
  /** the scenario's setting: auto or a forced algorithm */
  algorithm: string;
  points: CollectivePoint[];
  /** at the largest size */
  busbwGBps: number;
  /** at the largest size */
  algbwGBps: number;
  /** busbw at the largest size divided by the NICs each node drives (its ranks' rails); null within one node */
  busbwPerNicGBps: number | null;
  /** sum of the points' times: one call per size */
  simulatedSeconds: number;
  /** 0: the devices communicate and run no compute kernels (energy counts them at the communication load) */
  computeUtilisation: number;
  /** the placement policy and the nodes the ranks ran on, in rank order */
  placement?: { policy: string; nodes: number[] };
  /** link use of the call at the largest size, alone, at the scenario's fidelity */
  links?: LinkUtilisationResult;
  /** present when the scenario has other collective jobs: the slowdown from sharing the fabric */
  sharing?: CollectiveSharing;
}

/** p50/p90/p95/p99 and mean of a latency over requests, seconds; all null when no request had one. */
export interface LatencySummary {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** One time bin of an inference run (at most 200 bins over the makespan). */
export interface InferenceTimeBin {
  /** start of the bin, seconds */
  t: number;
  seconds: number;
  /** requests finished in the bin, per second */
  requestsPerSecond: number;
  /** output tokens emitted in the bin (decode steps and first tokens), per second */
  outputTokensPerSecond: number;
  /** requests waiting, summed over replicas, time-weighted over the bin */
  meanQueued: number;
  /** KV-cache use averaged over replicas and the bin (0..1; idle time counts as the use it was left at) */
  kvUsage: number;
  /** busy fraction averaged over replicas (0..1) */
  busy: number;
}

/** One request class of an inference job (issue 5): its latencies, throughput and goodput under its own objective. */
export interface InferenceClassResult {
  name: string;
  priority: number;
  requests: { arrived: number; completed: number; rejected: number; inputTokens: number; outputTokens: number };
  ttft: LatencySummary;
  tpot: LatencySummary;
  e2e: LatencySummary;
  /** over the job's makespan, so the classes' throughputs add up to the job's */
  throughput: { requestsPerSecond: number; inputTokensPerSecond: number; outputTokensPerSecond: number };
  /** under the class's own objective; null when the class has none */
  goodput: { slo: { ttftSeconds: number | null; tpotSeconds: number | null }; requestsPerSecond: number; fraction: number } | null;
}

export interface InferenceJobResult {
  kind: 'inference';
  name: string;
  model: string;
  devices: number;
  accelerator: string;
  replicas: number;
  /** ep present (> 1) for an MoE job with expert parallelism */
  parallelism: { tp: number; pp: number; ep?: number };
  precision: { weights: string; kv: string; compute: string };
  scheduler: string;
  router: string;
  /** the source, in words (file, speedup, window or the synthetic processes) */
  source: string;
  /** disaggregated prefill/decode pools (disaggregate.ts); absent for colocated replicas */
  disaggregation?: {
    prefillReplicas: number;
    decodeReplicas: number;
    /** the link the KV moves over, in words */
    link: string;
    /** time from a prefill's end to its KV being on the decode replica, queueing on the link included */
    kvTransfer: LatencySummary;
    /** KV bytes moved over all transfers (all GPUs of a replica) */
    kvTransferBytes: number;
  };
  requests: {
    /** requests the source produced */
    arrived: number;
    completed: number;
    /** requests a replica could never serve (their largest context exceeds the KV cache) */
    rejected: number;
    /** trace rows dropped under skipBadRows, by reason */
    skippedRows: Record<string, number>;
    /** prompt and output tokens of the completed requests */
    inputTokens: number;
    outputTokens: number;
    /** preemptions over all replicas */
    preemptions: number;
  };
  /** first arrival to last finish, seconds */
  makespanSeconds: number;
  ttft: LatencySummary;
  /** time per output token after the first (requests with more than one output token) */
  tpot: LatencySummary;
  /** inter-token latency: mean and max over every gap between two tokens of a request */
  itl: { count: number; mean: number | null; max: number | null };
  e2e: LatencySummary;
  throughput: { requestsPerSecond: number; inputTokensPerSecond: number; outputTokensPerSecond: number };
  /** requests per second meeting the objective; null without one */
  goodput: { slo: { ttftSeconds: number | null; tpotSeconds: number | null }; requestsPerSecond: number; fraction: number } | null;
  queue: { max: number; mean: number };
  kvCache: { blocksPerReplica: number; blockTokens: number; peakUsage: number; meanBusyUsage: number };
  /** busy time over the makespan, averaged over replicas */
  gpuUtilisation: number;
  /** engine iterations over all replicas */
  iterations: number;
  /** weights per GPU, bytes */
  weightsBytesPerGpu: number;
  /** per 1,000 output tokens, facility energy share of the job's devices: filled by phase 6 */
  energyPer1kTokensJoules: number | null;
  /** USD per million output tokens (job's device-hours at the run's price): filled by phase 6 */
  usdPerMillionTokens: number | null;
  /** per request class (tenant), in the order the workload lists them; absent for a single-source job */
  byClass?: InferenceClassResult[];
  /** CDFs (at most 200 points each) */
  cdf: { ttft: { seconds: number; fraction: number }[]; e2e: { seconds: number; fraction: number }[] };
  overTime: InferenceTimeBin[];
  /** mean busy seconds per device (energy) */
  busySeconds: number;
  /** fraction of busy time in kernels rather than TP/PP communication */
  computeUtilisation: number;
  simulatedSeconds: number;
}

export type JobResult = TrainingJobResult | CollectiveJobResult | InferenceJobResult;

export interface EnergyResult {
  /** facility energy in kWh, including PUE overhead */
  totalKWh: number;
  /** network: scale-out switches and optics; storage: storage systems (each present when counted) */
  byComponentKWh: { accelerators: number; nodeOverhead: number; facilityOverhead: number; network?: number; storage?: number };
  /** mean facility power over the run, watts */
  meanPowerWatts: number;
  /** present when energy.powerCap is set: the cap and the slowdown of compute-bound kernels, per accelerator id */
  powerCap?: { byAccelerator: Record<string, { capWatts: number; computeSlowdown: number }> };
  /** the scale-out fabric as counted for its power (metrics/fabric-power.ts) */
  network?: { fabric: string; switches: number; portsInUse: number; perPortWatts: number; watts: number };
  /** parts drawing power that no profile gives a figure for, in words */
  notCounted?: string[];
}

/** Manufacturing carbon written off over the run (metrics/carbon.ts), apart from operational carbon. */
export interface EmbodiedCarbonResult {
  kgCO2e: number;
  byComponentKgCO2e: { accelerators: number; nodes: number };
  /** the write-off period, years */
  lifeYears: number;
  /** profiles with no published figure (counted as zero), e.g. "accelerator h100-sxm" */
  missing: string[];
}

export interface CostResult {
  basis: 'cloud' | 'owned';
  totalUsd: number;
  byItemUsd: Record<string, number>;
  /** USD per device-hour as charged */
  usdPerDeviceHour: number;
  /** owned versus cloud per year as utilisation varies (metrics/break-even.ts); absent when a price is missing */
  breakEven?: BreakEvenResult;
  /** why breakEven is absent */
  breakEvenNote?: string;
  /** cloud basis with a `cost.cloud` section: the pricing term (on-demand, reserved-1y, reserved-3y, spot) */
  cloudPricing?: string;
  /** parts left out of the cost and why (e.g. a fabric without a price) */
  notes?: string[];
  /** cost per GPU-hour, per training run and per million tokens served (metrics/unit-costs.ts) */
  unitCosts?: UnitCosts;
}

/** What a unit of work costs, from the run's cost and each job's own figures. */
export interface UnitCosts {
  /** the run's cost per device-hour (CostResult.usdPerDeviceHour) */
  usdPerGpuHour: number;
  /** training jobs with a token target: the cost of the whole run (jobs.<name>.timeToTrain.costUsd) */
  trainingRuns: { job: string; usd: number; gpuHours: number; days: number; usdPerGpuHour: number }[];
  /** inference jobs: USD per million output tokens (jobs.<name>.usdPerMillionTokens) */
  inference: { job: string; usdPerMillionTokens: number }[];
}

/** One price the break-even comparison used, with where and when it was quoted. */
export interface BreakEvenPrice {
  name: string;
  value: number;
  unit: string;
  source: string;
  /** the date of the quote; "scenario" for a price the scenario gives */
  date: string;
}

/** Owned versus cloud cost per year of the whole cluster at utilisation u (fraction of hours the devices work). */
export interface BreakEvenResult {
  /** u*: above it owning costs less than renting; 0 when owning is always cheaper, null when it never is (u ≤ 1) */
  utilisation: number | null;
  verdict: 'break-even' | 'owned-always-cheaper' | 'owned-never-cheaper';
  /** the comparison period: the amortisation period, years */
  years: number;
  ownedUsdPerYearAt0: number;
  ownedUsdPerYearAt100: number;
  cloudUsdPerYearAt100: number;
  /** u = 0, 0.05, ..., 1 */
  curve: { utilisation: number; ownedUsdPerYear: number; cloudUsdPerYear: number }[];
  prices: BreakEvenPrice[];
  /** the cloud pricing term compared against (on-demand when the scenario names none) */
  cloudPricing?: string;
  /** reserved terms: the cloud line is flat, every hour of the term is paid */
  cloudCommitted?: boolean;
  /** owned per year by item at u = 0 (depreciation, financing, maintenance, idle electricity, facility) and the
   * electricity a working year adds at u = 1 (busyElectricity) */
  ownedByItemUsdPerYear?: Record<string, number>;
  /** cloud per year by item at u = 1 (compute, storage, egress) */
  cloudByItemUsdPerYear?: Record<string, number>;
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
  /** kgCO2e: operational (energy × grid intensity); gridIntensityGPerKWh: the power-weighted mean over the run;
   * gridIntensitySeries: the CSV it came from, when not constant; embodied: manufacturing, apart */
  carbon: { kgCO2e: number; gridIntensityGPerKWh: number; gridIntensitySeries?: string; embodied?: EmbodiedCarbonResult };
  cost: CostResult;
  assumptions: Assumption[];
  expectations: ExpectationResult[];
  reference: { source: string; metric: string; measured: number; predicted: number | null; unit: string; errorPercent: number | null; tolerancePercent: number; pass: boolean } | null;
}
