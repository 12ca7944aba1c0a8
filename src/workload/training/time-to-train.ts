/**
 * Time to train: wall-clock time and device-hours to train on a token target, from simulated step times.
 *
 * The run goes through batch-size phases (ramp-up, then the main batch; Llama 3 405B: 4M tokens per step
 * until 252M tokens, 8M until 2.87T, then 16M — Dubey et al. 2024, arXiv 2407.21783, §3.4.1). Phase i has
 * g_i sequences of s tokens per step and ends once the run has trained on U_i tokens (U_last = target):
 *
 *   T_0      = 0                                      tokens trained before the first phase
 *   n_i      = max(0, ⌈(U_i − T_{i−1}) / (g_i · s)⌉)  steps: whole steps, so the last one may overshoot U_i;
 *                                                     the overshoot counts toward the next phase
 *   T_i      = T_{i−1} + n_i · g_i · s
 *   t_i      = n_i · step(g_i)                        step(g): the simulated step time at batch g
 *   wall     = Σ t_i,  days = wall / 86400,  device-hours = devices · wall / 3600
 *
 * Assumptions: every step of a phase takes the simulated step time (no warm-up, data stalls, checkpoints,
 * failures or restarts: a lower bound on the real calendar time); the devices are the job's for the whole
 * run. Energy and cost of the run are phase 6's (metrics/time-to-train.ts), which also stretches the run by
 * the goodput model's ETTR when the job has `goodput:` (timeToTrain.withGoodput).
 */
import type { TimeToTrainSpec } from '../../config/scenario-types.ts';
import type { TimeToTrainPhase, TimeToTrainResult } from '../../metrics/result-types.ts';
import { SECONDS_PER_DAY } from '../../metrics/si.ts';

const SECONDS_PER_HOUR = 3_600;

/** What one simulated step at a batch size gives. */
export interface StepAt {
  stepSeconds: number;
  computeUtilisation: number;
}

export interface TimeToTrainInput {
  spec: TimeToTrainSpec;
  sequenceLength: number;
  devices: number;
  /** the simulated step at `globalSequences` per step; called once per distinct batch size */
  stepFor: (globalSequences: number) => StepAt;
}

/** Phases, totals and device-hours; energy, carbon and cost are left null for phase 6. */
export function timeToTrain(input: TimeToTrainInput): TimeToTrainResult {
  const { spec, sequenceLength: s, devices } = input;
  if (!(s > 0) || !(devices > 0)) throw new Error(`time to train needs a positive sequence length and device count, got ${s} and ${devices}`);
  const steps = new Map<number, StepAt>();
  const at = (g: number): StepAt => {
    let r = steps.get(g);
    if (r === undefined) {
      r = input.stepFor(g);
      if (!(r.stepSeconds > 0 && Number.isFinite(r.stepSeconds))) throw new Error(`step time at global batch ${g} is ${r.stepSeconds}; it must be a positive number`);
      steps.set(g, r);
    }
    return r;
  };
  let trained = 0;
  const phases: TimeToTrainPhase[] = spec.phases.map((p) => {
    const perStep = p.globalSequences * s;
    const n = Math.max(0, Math.ceil((p.untilTokens - trained) / perStep));
    const step = at(p.globalSequences);
    trained += n * perStep;
    return {
      globalSequences: p.globalSequences,
      tokensPerStep: perStep,
      untilTokens: p.untilTokens,
      steps: n,
      tokens: n * perStep,
      stepSeconds: step.stepSeconds,
      seconds: n * step.stepSeconds,
      computeUtilisation: step.computeUtilisation,
    };
  });
  const wallSeconds = phases.reduce((a, p) => a + p.seconds, 0);
  return {
    targetTokens: spec.tokens,
    tokens: trained,
    steps: phases.reduce((a, p) => a + p.steps, 0),
    wallSeconds,
    days: wallSeconds / SECONDS_PER_DAY,
    gpuHours: (devices * wallSeconds) / SECONDS_PER_HOUR,
    phases,
    energyKWh: null,
    kgCO2e: null,
    costUsd: null,
  };
}
