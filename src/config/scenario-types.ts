/**
 * The normalised scenario: output of phase 3 (normalize), input of phase 4 (build).
 * All quantities are SI numbers; profile and model ids are resolved to the objects they name.
 * Field names carry the unit where it is not obvious.
 */
import type { AcceleratorProfile, CloudPricingTerm, FabricProfile, NodeProfile, StorageProfile } from '../hardware/profile-types.ts';
import type { ModelArchitecture } from '../workload/training/model-types.ts';
import type { CheckpointSpec, DataPipelineSpec } from '../storage/spec-types.ts';
import type { GoodputSpec } from '../goodput/types.ts';
import type { NcclSettings } from '../fabric/collectives/types.ts';

export type Fidelity = 'analytical' | 'flow';

export interface NodeGroup {
  profile: NodeProfile;
  accelerator: AcceleratorProfile;
  /** the scale-up fabric of the node, or null for PCIe-only nodes */
  scaleUp: FabricProfile | null;
  count: number;
}

export interface ScaleOut {
  profile: FabricProfile;
  topology: 'fat-tree' | 'rail-optimized' | 'dragonfly';
  /** downlink:uplink bandwidth ratio at the leaf tier; 1 = non-blocking */
  oversubscription: number;
  /** fat-tree tiers; absent: two while the leaves fit under one spine layer, else three */
  tiers?: 2 | 3;
  /** downlink:uplink ratio at the spine tier of a three-tier tree; absent: 1 */
  spineOversubscription?: number;
  /** switch ports; absent: the profile's switchRadix */
  radix?: number;
  /** rail-optimised: nodes per scalable unit; absent: rail-optimized.ts default */
  scalableUnit?: number;
  /** how a hop picks among equal-cost uplinks; absent: d-mod-k on InfiniBand, ECMP hash otherwise */
  routing?: 'd-mod-k' | 'ecmp-hash';
  /** dragonfly shape (Kim et al. 2008): routers per group a, terminals per router p, global ports per router h */
  dragonfly?: { a: number; p: number; h: number; groups?: number };
}

export interface ClusterSpec {
  nodes: NodeGroup[];
  scaleOut: ScaleOut | null;
  storage: StorageProfile[];
  /** NCCL environment the jobs run with (NCCL_PROTO, NCCL_BUFFSIZE); absent: NCCL's defaults */
  nccl?: NcclSettings;
  /** TPU pods: the torus dimensions (product = chips); absent: balanced (fabric/topology/dims.ts) */
  torusDims?: number[];
}

export type ZeroStage = 0 | 1 | 2 | 3;
export type PipelineSchedule = 'gpipe' | '1f1b' | 'interleaved' | 'zero-bubble';
export type Recompute = 'none' | 'selective' | 'full';
export type AttentionKernel = 'flash' | 'standard';
/** a parallel dimension, for the rank order (innermost first) */
export type ParallelDim = 'tp' | 'cp' | 'pp' | 'dp';

export interface Parallelism {
  dp: number;
  tp: number;
  pp: number;
  cp: number;
  ep: number;
  zero: ZeroStage;
  sequenceParallel: boolean;
  schedule: PipelineSchedule;
  /** model chunks per pipeline rank (interleaved 1F1B; Megatron's virtual pipeline size); 1 otherwise */
  virtualStages: number;
  /** rank order of the dimensions, innermost (consecutive ranks) first; default ['tp', 'cp', 'pp', 'dp'] */
  order: ParallelDim[];
  recompute: Recompute;
}

/**
 * Where a job's devices sit (src/workload/placement.ts). packed: the next free nodes in order; scattered:
 * free nodes round-robin over the leaf switches; rail-aligned: whole free nodes, local devices taken in rail
 * order; nodes: exactly these node indices (0-based, cluster order), rank order following the list.
 */
export type PlacementSetting = 'packed' | 'scattered' | 'rail-aligned' | { nodes: number[] };

export interface TrainingWorkload {
  kind: 'training';
  name: string;
  model: ModelArchitecture;
  /** matmul precision; weights and activations are stored in 2 bytes for bf16/fp16, 1 for fp8 matmul inputs */
  precision: 'bf16' | 'fp16' | 'fp8' | 'fp32' | 'tf32';
  parallelism: Parallelism;
  batch: { globalSequences: number; microSequences: number; sequenceLength: number };
  /** steps simulated; the report extrapolates nothing beyond them */
  steps: number;
  attention: AttentionKernel;
  /** optimizer state layout: Adam with fp32 master weights (the only one so far) */
  optimizer: 'adam';
  /** overlap the data-parallel gradient reduction with the backward pass (bucketed, as in Megatron-LM
   * --overlap-grad-reduce and PyTorch DDP); false reproduces 2021-era Megatron, which reduced after backward */
  overlapGradReduce: boolean;
  /** overlap each column-parallel linear's backward tensor-parallel collective with its GEMMs (Megatron-LM
   * since late 2021 and Megatron-Core); false reproduces the April-2021 code of SC21, whose backward
   * all-reduces were synchronous. Absent = true. */
  overlapTpComm?: boolean;
  /** flow fidelity: data-parallel collectives on the fabric topology, or in closed form (analytical always closed form) */
  dpCollectives: 'fabric' | 'closed-form';
  /** which devices the job holds (the analytical model does not depend on it); absent = packed */
  placement?: PlacementSetting;
  /** a token target to estimate the time to train for (scenario `tokens`, `rampUp`); absent = none */
  timeToTrain?: TimeToTrainSpec;
  /** the training data pipeline (scenario `data`); absent = data loading is not modelled */
  data?: DataPipelineSpec;
  /** periodic checkpoints (scenario `checkpoint`); absent = none */
  checkpoint?: CheckpointSpec;
  /** the goodput of a long run over failures and checkpoints (scenario `goodput`, src/goodput/); absent = none */
  goodput?: GoodputSpec;
}

/**
 * Train on `tokens` tokens in batch-size phases: phase i runs globalSequences per step until the run has
 * trained on untilTokens tokens. The phases are in increasing untilTokens; the last is the main batch
 * (batch.globalSequences) with untilTokens = tokens.
 */
export interface TimeToTrainSpec {
  tokens: number;
  phases: { untilTokens: number; globalSequences: number }[];
}

/** nccl-tests operation names (all_reduce_perf, ...), as a scenario writes them */
export type NcclOp = 'all_reduce' | 'all_gather' | 'reduce_scatter' | 'broadcast' | 'reduce' | 'alltoall' | 'sendrecv';

export type CollectiveAlgorithmSetting = 'auto' | 'ring' | 'tree' | 'nvls' | 'sharp' | 'hierarchical' | 'pairwise' | 'direct';

/**
 * An nccl-tests-like measurement: one collective swept over message sizes, each size run alone on the fabric.
 * Ranks are placed node-major from the cluster's first device: rank i on node floor(i / ranksPerNode), local
 * device i mod ranksPerNode (as `mpirun -N ranksPerNode` with one GPU per rank).
 */
export interface CollectiveWorkload {
  kind: 'collective';
  name: string;
  op: NcclOp;
  /** number of ranks (devices) taking part */
  ranks: number;
  /** ranks placed on each node before the next; default the node's devices */
  ranksPerNode: number;
  /** buffer sizes in bytes, ascending (nccl-tests -b/-e/-f) */
  sizesBytes: number[];
  algorithm: CollectiveAlgorithmSetting;
  /** NCCL channels; null = one per NIC rail (the fabric's default) */
  channels: number | null;
  /** which nodes and devices the ranks run on; absent = packed (the behaviour described above) */
  placement?: PlacementSetting;
}

/** Where an inference job's requests come from (src/workload/inference/sources/). */
export type InferenceSourceSpec =
  | {
      kind: 'trace';
      /** the Azure-format CSV, resolved against the scenario file's folder */
      file: string;
      speedup: number;
      /** trace seconds since the first row, before speedup; end null = to the end of the file */
      window: { startSeconds: number; endSeconds: number | null };
      loop: number;
      skipBadRows: boolean;
    }
  | {
      kind: 'synthetic';
      /** kind profile: ratePerSecond is the profile's time-average over its period (what capacity scales) */
      arrivals: {
        kind: 'poisson' | 'gamma' | 'constant' | 'profile'; ratePerSecond: number; cv: number;
        profile?: { points: { atSeconds: number; ratePerSecond: number }[]; periodSeconds: number; interpolation: 'step' | 'linear' };
      };
      prompt: LengthSpec;
      output: LengthSpec;
      count: number;
    };

/** One request class (tenant) of an inference job: schedulers admit higher priority first and preempt lower first. */
export interface InferenceClassSpec {
  name: string;
  source: InferenceSourceSpec;
  /** integer, higher first; default 0 */
  priority: number;
  /** the class's own objective, seconds; null where not given */
  slo: { ttftSeconds: number | null; tpotSeconds: number | null } | null;
}

export type LengthSpec =
  | { kind: 'fixed'; tokens: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'lognormal'; median: number; sigma: number; min: number; max: number | null }
  /** a column of an Azure-format trace (resolved against the scenario file's folder), drawn from */
  | { kind: 'empirical'; file: string };

/**
 * A serving deployment (issue 5): `replicas` copies of a model, each on tp × pp devices of one scale-up
 * domain, a batching scheduler per replica, a router in front, fed by a request source.
 */
export interface InferenceWorkload {
  kind: 'inference';
  name: string;
  model: ModelArchitecture;
  replicas: number;
  /** ep: expert parallelism of an MoE model (ep groups of tp × pp devices per replica); absent = 1 */
  parallelism: { tp: number; pp: number; ep?: number };
  precision: { weights: 'bf16' | 'fp8' | 'int4'; kv: 'bf16' | 'fp8'; compute: 'bf16' | 'fp8' };
  scheduler: { name: 'continuous' | 'chunked-prefill' | 'static'; maxSeqs: number | null; maxBatchedTokens: number | null; preemption: 'recompute' | 'swap'; priorityPreemption: boolean };
  router: 'round-robin' | 'least-outstanding' | 'session-affinity';
  /** the request source; with `classes`, the first class's source (simulate reads `classes` then) */
  source: InferenceSourceSpec;
  /** several tenants / request classes, each with its own source, priority and objective, merged in arrival
   * order (ties to the class listed first); absent = one class fed by `source` */
  classes?: InferenceClassSpec[];
  /** service-level objective per request, seconds; null where not given (goodput then needs neither) */
  slo: { ttftSeconds: number | null; tpotSeconds: number | null } | null;
  placement?: PlacementSetting;
  /** disaggregated prefill/decode (Splitwise, DistServe); `replicas` is then prefill + decode */
  disaggregation?: { prefillReplicas: number; decodeReplicas: number };
}

export type Workload = TrainingWorkload | CollectiveWorkload | InferenceWorkload;

export interface EnergySpec {
  pue: number;
  /** kg CO2e per joule of facility energy; with a series, its time-weighted mean over the file */
  gridIntensityKgPerJoule: number;
  /** grid intensity over time from a CSV (config/grid-intensity.ts); absent = the constant above */
  gridIntensitySeries?: GridIntensitySeries;
  /** per-device power limit (nvidia-smi -pl); absent = none */
  powerCap?: PowerCapSpec;
  /** period over which embodied carbon is written off, seconds; absent = the default of metrics/carbon.ts */
  embodiedLifeSeconds?: number;
}

/** A power limit per device: watts, or a fraction of each accelerator's TDP. */
export type PowerCapSpec = { watts: number } | { fractionOfTdp: number };

/**
 * Grid carbon intensity as a step function of time: point i holds from its time until point i+1's, the last
 * until endEpochSeconds; simulated second 0 is startEpochSeconds; later than the end wraps to the first point.
 */
export interface GridIntensitySeries {
  /** the CSV it was read from */
  file: string;
  column: string;
  startEpochSeconds: number;
  endEpochSeconds: number;
  /** increasing epochSeconds (Unix seconds, UTC); kg CO2e per joule */
  points: { epochSeconds: number; kgPerJoule: number }[];
}

export interface CostSpec {
  basis: 'cloud' | 'owned';
  /** cloud: price per device-hour, as USD/s; defaults to the accelerator profile's cloud price */
  devicePriceUsdPerSecond: number | null;
  /** owned: amortisation period of the purchase, seconds */
  amortisationSeconds: number;
  /** owned: price of electricity, USD per joule */
  electricityUsdPerJoule: number;
  /** owned: facility (colocation) cost, USD per kW of provisioned IT power per month; null where not given */
  facilityUsdPerKWMonth?: number | null;
  /** owned: annual cost of capital r; the purchase is paid off as an annuity P·r/(1 − (1+r)^−n); absent = 0 */
  costOfCapital?: number;
  /** owned: maintenance per year as a fraction of the purchase price; absent = 0 */
  maintenanceFractionPerYear?: number;
  /** owned: time-of-day tariff; electricityUsdPerJoule is then its 24-hour average */
  electricityTariff?: ElectricityTariff;
  /** cloud: pricing term, storage and egress; absent = on-demand, neither storage nor egress */
  cloud?: CloudCostSpec;
  /** where the scenario's own prices come from; absent keys are cited as "scenario" */
  sources?: Partial<Record<CostSourceKey, { source: string; date: string }>>;
}

/** The cost keys whose value the scenario itself gives and may cite. */
export type CostSourceKey = 'devicePrice' | 'electricity' | 'facilityPerKWMonth' | 'maintenance' | 'costOfCapital' | 'storage' | 'egress';

/** Peak and off-peak electricity prices; hours of day, the peak from peakStartHour to peakEndHour (wrapping past 24). */
export interface ElectricityTariff {
  peakUsdPerJoule: number;
  offPeakUsdPerJoule: number;
  peakStartHour: number;
  peakEndHour: number;
  /** hour of day at simulated time 0 */
  startHour: number;
}

export type CloudPricing = 'on-demand' | CloudPricingTerm;

export interface CloudCostSpec {
  pricing: CloudPricing;
  /** data kept in cloud storage, bytes, at a price per GB (1e9 bytes) per month */
  storage: { bytes: number; usdPerGBMonth: number } | null;
  /** data moved out per month, bytes, at a price per GB */
  egress: { bytesPerMonth: number; usdPerGB: number } | null;
}

export interface Reference {
  source: string;
  /** dotted path into report.json, e.g. jobs.pretrain.tflopsPerGpu */
  metric: string;
  measured: number;
  unit: string;
  tolerancePercent: number;
}

export interface Scenario {
  name: string;
  description: string;
  /** path of the file as given on the command line */
  file: string;
  seed: number;
  cluster: ClusterSpec;
  workloads: Workload[];
  fidelity: Fidelity;
  energy: EnergySpec;
  cost: CostSpec;
  report: { formats: ('json' | 'md' | 'html')[] };
  expect: { expression: string; line: number }[];
  reference: Reference | null;
}
