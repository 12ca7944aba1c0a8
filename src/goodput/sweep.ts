/**
 * Monte Carlo over trials, and the checkpoint-interval sweep. Trial i of every run draws from the streams
 * named goodput/<job>/trial-<i> and goodput/<job>/stragglers-<i> of the scenario seed, so the main run and
 * every point of the sweep see the same failures (common random numbers): differences between intervals are
 * the intervals', not the draws'.
 *
 * The sweep runs `points` intervals spaced evenly in log(tau) from min(tau_Y) / span to max(tau_Y) × span over
 * the modes (tau_Y = Young's interval of each mode, its stall as C; at least the asynchronous drain; never
 * below one step). The
 * simulated optimum of a mode is the best point refined by a least-squares fit of the simulated ETTR around
 * it (see refinedOptimum; ETTR is flat near its optimum, so the grid alone would quantise it).
 */
import { RandomStream } from '../sim/random.ts';
import type { CheckpointMode } from './types.ts';
import { estimate } from './stats.ts';
import type { SweepPoint } from './result-types.ts';
import { runTrial, type TrialModel, type TrialResult } from './trial.ts';
import { youngInterval } from './young-daly.ts';

/** Runs `trials` trials of `model`. `detail` false skips the per-bin counts (the sweep needs only ETTR). */
export function runTrials(model: TrialModel, seed: number, job: string, trials: number, detail = true): TrialResult[] {
  const out: TrialResult[] = [];
  for (let i = 0; i < trials; i++) {
    out.push(runTrial(model, new RandomStream(seed, `goodput/${job}/trial-${i}`), new RandomStream(seed, `goodput/${job}/stragglers-${i}`), detail));
  }
  return out;
}

/** One checkpointing mode as the trial model takes it. */
export interface ModeCost {
  mode: CheckpointMode;
  stallSeconds: number;
  drainSeconds: number;
}

export interface SweepInput {
  base: TrialModel;
  modes: ModeCost[];
  mtbfSeconds: number;
  /** the shortest interval worth sweeping: one step */
  minIntervalSeconds: number;
  points: number;
  span: number;
  trials: number;
  seed: number;
  job: string;
}

export function sweepIntervals(input: SweepInput): { points: SweepPoint[]; optimum: { mode: CheckpointMode; intervalSeconds: number; ettr: number }[] } {
  const { base, modes, mtbfSeconds, points, span } = input;
  const centres = modes.map((m) => Math.max(youngInterval(m.stallSeconds, mtbfSeconds), m.drainSeconds, 1));
  const lo = Math.log(Math.max(Math.min(...centres) / span, input.minIntervalSeconds));
  const hi = Math.max(lo + Math.log(span), Math.log(Math.max(...centres) * span));
  const taus = Array.from({ length: points }, (_, i) => Math.exp(lo + ((hi - lo) * i) / (points - 1)));
  const out: SweepPoint[] = [];
  const optimum: { mode: CheckpointMode; intervalSeconds: number; ettr: number }[] = [];
  for (const m of modes) {
    const row = taus.map((tau): SweepPoint => {
      const model: TrialModel = { ...base, tauSeconds: tau, stallSeconds: m.stallSeconds, drainSeconds: m.drainSeconds };
      const ettr = runTrials(model, input.seed, input.job, input.trials, false).map((r) => r.productive / base.durationSeconds);
      return { mode: m.mode, intervalSeconds: tau, ettr: estimate(ettr) };
    });
    out.push(...row);
    optimum.push({ mode: m.mode, ...refinedOptimum(row, m.drainSeconds) });
  }
  return { points: out, optimum };
}

/**
 * The best point, its interval refined by least squares over it and up to three neighbours on each side
 * (those not below the drain, where a shorter interval changes nothing): ETTR(tau) ≈ a + b / tau + c · tau,
 * the first-order shape of checkpoint cost (C / tau) and lost work (tau / 2M), whose optimum is
 * sqrt(b / c). Using seven simulated points rather than the best one makes the optimum far less noisy than
 * the grid. Where the fit does not give a maximum inside the window, the best point stands.
 */
export function refinedOptimum(row: readonly SweepPoint[], drainSeconds = 0): { intervalSeconds: number; ettr: number } {
  let k = 0;
  for (let i = 1; i < row.length; i++) if (row[i]!.ettr.mean > row[k]!.ettr.mean) k = i;
  const best = { intervalSeconds: row[k]!.intervalSeconds, ettr: row[k]!.ettr.mean };
  const window = row.slice(Math.max(0, k - 3), k + 4).filter((p) => p.intervalSeconds >= drainSeconds);
  if (window.length < 4) return best;
  const fit = leastSquares(window.map((p) => [1, 1 / p.intervalSeconds, p.intervalSeconds]), window.map((p) => p.ettr.mean));
  if (fit === null || !(fit[1]! < 0 && fit[2]! < 0)) return best;
  const tau = Math.sqrt(fit[1]! / fit[2]!);
  const lo = window[0]!.intervalSeconds;
  const hi = window.at(-1)!.intervalSeconds;
  return tau >= lo && tau <= hi ? { intervalSeconds: tau, ettr: best.ettr } : best;
}

/** Ordinary least squares by the normal equations (three unknowns, columns scaled to 1 for conditioning). */
function leastSquares(rows: number[][], y: number[]): number[] | null {
  const n = rows[0]!.length;
  const scale = Array.from({ length: n }, (_, j) => Math.max(...rows.map((r) => Math.abs(r[j]!))) || 1);
  const a = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  rows.forEach((r, i) => {
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) a[p]![q]! += (r[p]! / scale[p]!) * (r[q]! / scale[q]!);
      a[p]![n]! += (r[p]! / scale[p]!) * y[i]!;
    }
  });
  // Gauss-Jordan with partial pivoting.
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    if (Math.abs(a[piv]![c]!) < 1e-300) return null;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let q = c; q <= n; q++) a[r]![q]! -= f * a[c]![q]!;
    }
  }
  return a.map((row, j) => row[n]! / row[j]! / scale[j]!);
}
