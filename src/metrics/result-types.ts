/**
 * What the model layers hand to phase 6 (measure) and what phase 6 hands to phase 7 (report).
 * report.json is `Report` serialised with sorted keys; see ARCHITECTURE.md "report.json".
 */
import type { CollectiveJobResult } from './collective-results.ts';
import type { InferenceJobResult } from './inference-results.ts';
import type { TrainingJobResult } from './training-results.ts';

export type * from './training-results.ts';
export type * from './collective-results.ts';
export type * from './inference-results.ts';

/** One source-backed figure used by the run, for the report's assumptions table. */
export interface Assumption {
  /** what the figure is, e.g. "H100 SXM bf16 dense peak" */
  name: string;
  value: number;
  unit: string;
  source: string;
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
