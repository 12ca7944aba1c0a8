/**
 * The goodput of a long training run: N seeded trials of the event loop in ./trial.ts over a wall-clock
 * window, the step time taken from the training model (never one event per step), summarised with 95%
 * confidence intervals (./stats.ts), and the checkpoint interval swept by simulation beside Young's and
 * Daly's first-order optima (./sweep.ts, ./young-daly.ts).
 *
 *   job failure rate   lambda = Σ_i rate_i × n_i        (rate per component-hour, n_i components of its kind)
 *   MTBF               M = 1 / lambda
 *   ETTR               = productive training seconds / window      (per trial; Llama 3's "effective training time")
 *   interval           tau = the scenario's (or the storage model's), else Young's sqrt(2 C M) with C the
 *                      stall of the run's checkpoint mode
 *
 * Assumptions: failures are fail-stop and independent, exponential in the job's exposure time; one failure
 * stops the whole synchronous job; a restart replaces a slow GPU; planned maintenance is rolling (the job stops
 * only for its own checkpoint, downtime, restart and restore).
 */
import type { ClusterSpec } from '../config/scenario-types.ts';
import { jobComponents } from './components.ts';
import type { Estimate, GoodputResult, LostTime } from './result-types.ts';
import { estimate, scaleEstimate } from './stats.ts';
import { runTrials, sweepIntervals, type ModeCost } from './sweep.ts';
import { LOST_BUCKETS, type TrialModel } from './trial.ts';
import { FAILURE_CATEGORIES, type CheckpointMode, type GoodputSpec } from './types.ts';
import { dalyInterval, youngInterval } from './young-daly.ts';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from '../metrics/si.ts';

/** A checkpoint's costs, from the storage model or the scenario. */
export interface CheckpointFigures {
  /** the whole write, all ranks: the synchronous stall, and what a planned stop waits for */
  writeSeconds: number;
  /** training lost per asynchronous checkpoint (the copy to host memory); the rest of the write drains
   * while training goes on. null: unknown, the run and the sweep are synchronous only */
  asyncStallSeconds: number | null;
  restoreSeconds: number;
  /** where they come from, for the report */
  from: string;
  /** the storage model's mode and interval, when the job configures them there */
  mode?: CheckpointMode;
  intervalSteps?: number;
}

export interface GoodputInput {
  job: string;
  spec: GoodputSpec;
  devices: number;
  cluster: ClusterSpec;
  /** productive step time (no data stall), the compute part of it, and the data stall per step */
  stepSeconds: number;
  computeSecondsPerStep: number;
  dataStallSecondsPerStep: number;
  checkpoint: CheckpointFigures;
  seed: number;
  setName: string;
  setSource: string;
  /** the fault-free time to train on the job's tokens, seconds; null without a token target */
  faultFreeSeconds: number | null;
}


function bins(duration: number): { binSeconds: number; bins: number } {
  const unit = duration >= 7 * SECONDS_PER_DAY ? SECONDS_PER_DAY : duration >= 2 * SECONDS_PER_HOUR ? SECONDS_PER_HOUR : 60;
  const binSeconds = unit * Math.max(1, Math.ceil(duration / unit / 200));
  return { binSeconds, bins: Math.max(1, Math.ceil(duration / binSeconds)) };
}

export function simulateGoodput(input: GoodputInput): GoodputResult {
  const { spec, checkpoint: ck } = input;
  const durationSeconds = spec.durationSeconds ?? input.faultFreeSeconds;
  if (durationSeconds === null || !(durationSeconds > 0)) throw new Error(`internal: goodput of ${input.job} has no window (duration or tokens)`);
  const counts = jobComponents(input.devices, input.cluster);
  const categories = FAILURE_CATEGORIES.filter((c) => spec.failures.causes.some((x) => x.category === c));
  const causes = spec.failures.causes.map((c) => ({
    rate: c.ratePerComponentSecond * counts[c.component],
    hardware: c.hardware,
    repairSeconds: c.repairSeconds,
    category: categories.indexOf(c.category),
  }));
  const lambda = causes.reduce((s, c) => s + c.rate, 0);
  const mtbfSeconds = lambda > 0 ? 1 / lambda : Infinity;

  const sync: ModeCost = { mode: 'sync', stallSeconds: ck.writeSeconds, drainSeconds: 0 };
  const async: ModeCost | null = ck.asyncStallSeconds === null ? null
    : { mode: 'async', stallSeconds: ck.asyncStallSeconds, drainSeconds: Math.max(0, ck.writeSeconds - ck.asyncStallSeconds) };
  const mode = spec.checkpoint.mode ?? ck.mode ?? 'sync';
  if (mode === 'async' && async === null) throw new Error(`internal: asynchronous checkpoints of ${input.job} without a stall`);
  const m = mode === 'async' ? async! : sync;
  const dataRatio = input.dataStallSecondsPerStep / input.stepSeconds;
  const given = spec.checkpoint.intervalSteps !== null ? spec.checkpoint.intervalSteps * input.stepSeconds
    : spec.checkpoint.intervalSeconds !== null ? spec.checkpoint.intervalSeconds / (1 + dataRatio)
      : ck.intervalSteps !== undefined ? ck.intervalSteps * input.stepSeconds : null;
  const young = (c: ModeCost) => Math.max(youngInterval(c.stallSeconds, mtbfSeconds), c.drainSeconds);
  const tau = given ?? (Number.isFinite(mtbfSeconds) ? young(m) : durationSeconds);

  const st = spec.stragglers;
  const extraRatio = st ? (input.computeSecondsPerStep * (st.gpuSlowdown - 1)) / input.stepSeconds : 0;
  const { binSeconds, bins: nBins } = bins(durationSeconds);
  const base: TrialModel = {
    durationSeconds,
    causes,
    categories: categories.length,
    detectionSeconds: spec.detectionSeconds,
    restartSeconds: spec.restartSeconds,
    restoreSeconds: ck.restoreSeconds,
    spareNodes: spec.spareNodes ?? Infinity,
    tauSeconds: tau,
    stallSeconds: m.stallSeconds,
    drainSeconds: m.drainSeconds,
    writeSeconds: ck.writeSeconds,
    dataRatio,
    stragglers: st ? { rate: st.ratePerGpuSecond * counts.gpu, extraRatio, detectSeconds: st.detectSeconds ?? Infinity } : null,
    maintenance: spec.maintenance ? { everySeconds: spec.maintenance.everySeconds, downtimeSeconds: spec.maintenance.downtimeSeconds } : null,
    binSeconds,
    bins: nBins,
  };

  const trials = runTrials(base, input.seed, input.job, spec.trials);
  const per = (f: (r: (typeof trials)[number]) => number): Estimate => estimate(trials.map(f));
  const ettr = per((r) => r.productive / durationSeconds);
  const lost = Object.fromEntries(LOST_BUCKETS.map((b, i) => [b, per((r) => r.lost[i]!)])) as unknown as LostTime;
  const unexpected = per((r) => r.unexpected);

  const sweep = sweepIntervals({
    base, modes: async === null ? [sync] : [sync, async], mtbfSeconds: Number.isFinite(mtbfSeconds) ? mtbfSeconds : durationSeconds, minIntervalSeconds: input.stepSeconds,
    points: spec.sweep.points, span: spec.sweep.span, trials: spec.sweep.trials, seed: input.seed, job: input.job,
  });
  const overTime = Array.from({ length: nBins }, (_, b) => ({
    t: b * binSeconds,
    byCategory: Object.fromEntries(categories.map((c, k) => [c, trials.reduce((s, r) => s + r.overTime[b * categories.length + k]!, 0) / trials.length])),
  }));

  return {
    durationSeconds,
    trials: spec.trials,
    stepSeconds: input.stepSeconds,
    dataStallSecondsPerStep: input.dataStallSecondsPerStep,
    components: { gpus: counts.gpu, nodes: counts.node, nics: counts.nic, links: counts.link, switches: counts.switch },
    failures: {
      set: spec.failures.set,
      setName: input.setName,
      setSource: input.setSource,
      scale: spec.failures.scale,
      mtbfSeconds: lambda > 0 ? mtbfSeconds : null,
      causes: spec.failures.causes.map((c, i) => ({
        id: c.id, label: c.label, category: c.category, component: c.component, components: counts[c.component],
        ratePerComponentHour: c.ratePerComponentSecond * SECONDS_PER_HOUR, jobRatePerHour: causes[i]!.rate * SECONDS_PER_HOUR,
        hardware: c.hardware, repairSeconds: c.repairSeconds, source: c.source,
        interruptions: per((r) => r.byCause[i]!),
      })),
    },
    recovery: { detectionSeconds: spec.detectionSeconds, restartSeconds: spec.restartSeconds, restoreSeconds: ck.restoreSeconds, spareNodes: spec.spareNodes },
    checkpoint: {
      mode, intervalSeconds: tau, intervalSteps: tau / input.stepSeconds, intervalFrom: given === null ? 'young' : 'scenario',
      writeSeconds: ck.writeSeconds, stallSeconds: m.stallSeconds, from: ck.from,
    },
    maintenance: spec.maintenance ? { ...spec.maintenance } : null,
    stragglers: st ? { gpuSlowdown: st.gpuSlowdown, stepSlowdown: 1 + extraRatio, ratePerGpuHour: st.ratePerGpuSecond * SECONDS_PER_HOUR, detectSeconds: st.detectSeconds, source: st.source } : null,
    ettr,
    productiveSeconds: per((r) => r.productive),
    lost,
    interruptions: {
      unexpected,
      planned: per((r) => r.planned),
      perDay: scaleEstimate(unexpected, SECONDS_PER_DAY / durationSeconds),
      byCategory: categories.map((c, k) => ({ category: c, count: per((r) => r.byCategory[k]!) })),
    },
    overTime: { binSeconds, bins: overTime },
    sweep: {
      points: sweep.points,
      youngSeconds: lambda > 0 ? youngInterval(ck.writeSeconds, mtbfSeconds) : null,
      dalySeconds: lambda > 0 ? dalyInterval(ck.writeSeconds, mtbfSeconds) : null,
      optimum: sweep.optimum,
      trials: spec.sweep.trials,
    },
    ...(input.faultFreeSeconds !== null ? { timeToTrain: { faultFreeDays: input.faultFreeSeconds / SECONDS_PER_DAY, days: input.faultFreeSeconds / SECONDS_PER_DAY / ettr.mean } } : {}),
  };
}
