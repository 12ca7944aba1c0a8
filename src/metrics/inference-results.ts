/**
 * What the inference model hands to phase 6: requests, latency percentiles, throughput, goodput, over-time
 * series and per-class figures (part of report.json's jobs.<name>; result-types.ts re-exports these).
 */

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
    /** of them, for a higher-priority waiting request (scheduler.priorityPreemption only) */
    priorityPreemptions?: number;
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
