/**
 * What the collective (nccl-tests-like) model hands to phase 6: the sweep, link utilisation and the slowdown
 * of jobs sharing a fabric (part of report.json's jobs.<name>; result-types.ts re-exports these).
 */

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
