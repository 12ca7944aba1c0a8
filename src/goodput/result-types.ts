/**
 * What the goodput model (src/goodput/) adds to a training job's result: report.json
 * `jobs.<name>.goodput`. Seconds and counts; every Monte Carlo figure is an Estimate over the trials.
 */

/** A figure over N seeded trials: the mean, the 95% confidence interval of the mean (Student t), and the
 * 2.5th..97.5th percentile of the trials (where one single run would fall). */
export interface Estimate {
  mean: number;
  ci95: [number, number];
  /** sample standard deviation over the trials */
  sd: number;
  p025: number;
  p975: number;
}

/** One failure cause as the run used it: its rate on this job's components. */
export interface GoodputCauseRow {
  id: string;
  label: string;
  category: string;
  component: string;
  /** components of that kind in the job */
  components: number;
  /** failures per component-hour */
  ratePerComponentHour: number;
  /** failures per hour of the whole job (rate × components) */
  jobRatePerHour: number;
  hardware: boolean;
  repairSeconds: number;
  source: string;
  /** interruptions the trials saw from this cause */
  interruptions: Estimate;
}

/** Time the job did not spend training, by reason, as wall seconds per trial. */
export interface LostTime {
  /** training done since the last committed checkpoint and redone after a failure */
  lostWork: Estimate;
  /** from a failure to the job noticing it (health checks, collective timeouts) */
  detection: Estimate;
  /** relaunch and initialisation after an interruption */
  restart: Estimate;
  /** reading the checkpoint back */
  restore: Estimate;
  /** waiting for a failed node's repair with no spare free */
  repairWait: Estimate;
  /** training stalled for checkpoint writes (or the copy to host memory when asynchronous) */
  checkpoint: Estimate;
  /** planned maintenance: its checkpoint, downtime, restart and restore */
  maintenance: Estimate;
  /** steps slowed by a slow GPU, and the restarts that removed it */
  stragglers: Estimate;
  /** steps waiting for their data */
  dataStalls: Estimate;
}

export interface SweepPoint {
  mode: 'sync' | 'async';
  /** training seconds between checkpoints */
  intervalSeconds: number;
  ettr: Estimate;
}

export interface GoodputResult {
  /** wall-clock window of one trial */
  durationSeconds: number;
  trials: number;
  /** productive step time (no data stall) and the data stall per step the run used */
  stepSeconds: number;
  dataStallSecondsPerStep: number;
  components: { gpus: number; nodes: number; nics: number; links: number; switches: number };
  failures: {
    set: string;
    setName: string;
    /** the set's source; a cause whose own source starts with it adds only its count */
    setSource: string;
    scale: number;
    /** mean time between unexpected interruptions of the job, from the rates (1 / Σ rate × components); null with no failures */
    mtbfSeconds: number | null;
    causes: GoodputCauseRow[];
  };
  recovery: { detectionSeconds: number; restartSeconds: number; restoreSeconds: number; spareNodes: number | null };
  checkpoint: {
    mode: 'sync' | 'async';
    intervalSeconds: number;
    intervalSteps: number;
    /** where the interval came from: the scenario, or Young's optimum */
    intervalFrom: 'scenario' | 'young';
    writeSeconds: number;
    stallSeconds: number;
    /** where the write and restore times came from: the storage model (with its bottleneck) or the scenario */
    from: string;
  };
  maintenance: { everySeconds: number; downtimeSeconds: number; source: string } | null;
  stragglers: { gpuSlowdown: number; stepSlowdown: number; ratePerGpuHour: number; detectSeconds: number | null; source: string } | null;
  /** effective training time ratio: productive training time / wall time */
  ettr: Estimate;
  productiveSeconds: Estimate;
  lost: LostTime;
  interruptions: {
    unexpected: Estimate;
    planned: Estimate;
    /** unexpected interruptions per day */
    perDay: Estimate;
    byCategory: { category: string; count: Estimate }[];
  };
  /** mean unexpected interruptions per bin over the trials, by category (for the over-time chart) */
  overTime: { binSeconds: number; bins: { t: number; byCategory: Record<string, number> }[] };
  /** the checkpoint interval swept by simulation (same seeds at every interval), with the first-order optima */
  sweep: {
    points: SweepPoint[];
    /** Young (1974): sqrt(2 C M); Daly (2006) higher-order; C the synchronous write, M the MTBF */
    youngSeconds: number | null;
    dalySeconds: number | null;
    optimum: { mode: 'sync' | 'async'; intervalSeconds: number; ettr: number }[];
    trials: number;
  };
  /** the fault-free time to train (the job's tokens) stretched by the mean ETTR; absent without a token target */
  timeToTrain?: { faultFreeDays: number; days: number };
}
