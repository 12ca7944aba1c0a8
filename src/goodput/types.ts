/**
 * The goodput model's inputs, normalised (phase 3): SI numbers (seconds, per-second rates), every default
 * filled in, the failure-rate set resolved to its causes. A training workload carries one as `goodput`.
 */

/** What a failure rate is counted per: one GPU, one node (host), one NIC, one scale-out link (cable and
 * optics from a NIC to its leaf switch), one leaf switch, or the job as a whole (independent of its size). */
export type ComponentKind = 'gpu' | 'node' | 'nic' | 'link' | 'switch' | 'job';

/** Where a failure is reported in the report: the component families of the issue plus Table 5's "Unknown". */
export type FailureCategory = 'gpu' | 'hbm' | 'network' | 'nic' | 'host' | 'software' | 'unknown' | 'all';

export const FAILURE_CATEGORIES: readonly FailureCategory[] = ['gpu', 'hbm', 'network', 'nic', 'host', 'software', 'unknown', 'all'];
export const COMPONENT_KINDS: readonly ComponentKind[] = ['gpu', 'node', 'nic', 'link', 'switch', 'job'];

/** One root cause of a fail-stop interruption. */
export interface FailureCause {
  /** stable id, e.g. faulty-gpu */
  id: string;
  /** as the source names it, e.g. "Faulty GPU" */
  label: string;
  category: FailureCategory;
  component: ComponentKind;
  /** failures per component per second of the job's exposure (running, checkpointing, restarting) */
  ratePerComponentSecond: number;
  /** true when the failed node must leave the job (a spare takes its place, or the job waits for the repair) */
  hardware: boolean;
  /** seconds until a failed node is back in service (used when no spare node is free) */
  repairSeconds: number;
  /** where the rate comes from */
  source: string;
}

/** Planned interruptions: every `everySeconds` of wall time the job checkpoints, stops for `downtimeSeconds`, restarts. */
export interface MaintenanceSpec {
  everySeconds: number;
  downtimeSeconds: number;
  source: string;
}

/**
 * Slow GPUs: each GPU starts to straggle at `ratePerGpuSecond`; while one is in the job its compute takes
 * `gpuSlowdown` times as long, which delays every collective it joins (the step grows by the compute part).
 * It is removed `detectSeconds` after it starts (a checkpoint and restart without it), or, when null, at the
 * job's next restart.
 */
export interface StragglerSpec {
  ratePerGpuSecond: number;
  gpuSlowdown: number;
  detectSeconds: number | null;
  source: string;
}

export type CheckpointMode = 'sync' | 'async';

export interface CheckpointSpec {
  /** null: the storage model's mode (the workload's checkpoint key), else sync */
  mode: CheckpointMode | null;
  /** training time between checkpoints (Young's tau), or steps; both null: the storage model's interval
   * (the workload's checkpoint key), else Young's optimum; `young` true: Young's optimum in any case */
  intervalSeconds: number | null;
  intervalSteps: number | null;
  young: boolean;
  /** overrides of the storage model's figures; null: from the storage model (src/storage/) */
  writeSeconds: number | null;
  /** asynchronous: training time lost per checkpoint (the copy to host memory) */
  stallSeconds: number | null;
  restoreSeconds: number | null;
}

export interface GoodputSpec {
  /** wall-clock window of one trial; null: the job's time to train on its token target */
  durationSeconds: number | null;
  trials: number;
  failures: {
    /** the failure-rate set (hardware-profiles/failure-rates/<set>.json) */
    set: string;
    /** every rate multiplied by this */
    scale: number;
    causes: FailureCause[];
  };
  /** spare nodes standing by; null = always one free (hot spares, the job never waits for a repair) */
  spareNodes: number | null;
  detectionSeconds: number;
  /** relaunch and distributed initialisation, not counting the checkpoint read */
  restartSeconds: number;
  checkpoint: CheckpointSpec;
  maintenance: MaintenanceSpec | null;
  stragglers: StragglerSpec | null;
  sweep: { points: number; span: number; trials: number };
}
