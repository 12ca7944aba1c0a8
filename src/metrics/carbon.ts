/**
 * Carbon of a run, phase 6: operational (electricity × grid intensity, location-based) and embodied
 * (manufacturing, written off over the hardware's life), reported apart because they answer different
 * questions (where and when to run; what to buy and how long to keep it).
 *
 * Operational, grid intensity I(t) constant or a step function from a CSV (config/grid-intensity.ts):
 *   I_eff = ∫ P(t) I(t) dt / ∫ P(t) dt     over the run, P the facility power (timeseries.ts) or constant
 *   kg CO2e = E_total × I_eff
 * With a series, simulated second t reads the row in force at start + t; past the file's end the series
 * wraps to its first row (taken as periodic, e.g. one year of hourly data for every year).
 *
 * Embodied, for every device and node the cluster has (idle ones too: a planner owns them all the same):
 *   kg CO2e = Σ_groups count × (E_node + devicesPerNode × E_device) × T / life
 * E_node is the node without its devices (profile `embodied` of each kind); a profile with no published
 * figure adds nothing and is named in `missing`. Straight-line write-off over `life` (energy.embodiedLife,
 * default 6 years: the replacement period assumed for BLOOM's A100 cluster by Luccioni et al. 2022,
 * arXiv 2211.02001, the source of the A100 and node figures in the profiles; uncertain).
 */
import type { ClusterSpec, EnergySpec, GridIntensitySeries } from '../config/scenario-types.ts';
import type { EmbodiedCarbonResult } from './result-types.ts';
import { SECONDS_PER_YEAR } from './si.ts';

export const DEFAULT_EMBODIED_LIFE_SECONDS = 6 * SECONDS_PER_YEAR;
export const DEFAULT_EMBODIED_LIFE_SOURCE =
  'Luccioni, Viguier and Ligozat 2022 (arXiv 2211.02001): 6-year replacement period assumed for the BLOOM A100 cluster (uncertain)';

/** A span of simulated time at constant power (W); only the ratios of the watts matter here. */
export interface PowerSpan {
  t0: number;
  t1: number;
  watts: number;
}

/** F(t): ∫ I over simulated seconds [0, t) of a series, kg/J · s; t ≥ 0. */
function seriesIntegral(s: GridIntensitySeries): (t: number) => number {
  const cum: number[] = [0];
  s.points.forEach((p, i) => cum.push(cum[i]! + p.kgPerJoule * ((s.points[i + 1]?.epochSeconds ?? s.endEpochSeconds) - p.epochSeconds)));
  const total = cum.at(-1)!;
  // G(e): ∫ from the first row to epoch e, any e ≥ first (whole periods, then the rest by binary search).
  const G = (e: number): number => {
    const { row, folded, periods } = rowAt(s, e);
    return periods * total + cum[row]! + s.points[row]!.kgPerJoule * (folded - s.points[row]!.epochSeconds);
  };
  const g0 = G(s.startEpochSeconds);
  return (t) => G(s.startEpochSeconds + t) - g0;
}

/**
 * I_eff in kg/J over the spans (simulated seconds, shifted by offsetSeconds into the series), weighted by
 * their power; the constant intensity when the scenario has no series. With no spans or no energy, the
 * intensity averaged over time on [offset, offset + fallbackSeconds).
 */
export function effectiveIntensityKgPerJoule(energy: EnergySpec, spans: readonly PowerSpan[], offsetSeconds = 0, fallbackSeconds = 0): number {
  const s = energy.gridIntensitySeries;
  if (s === undefined) return energy.gridIntensityKgPerJoule;
  const F = seriesIntegral(s);
  let kg = 0;
  let joules = 0;
  for (const { t0, t1, watts } of spans) {
    if (!(t1 > t0) || !(watts > 0)) continue;
    kg += watts * (F(offsetSeconds + t1) - F(offsetSeconds + t0));
    joules += watts * (t1 - t0);
  }
  if (joules > 0) return kg / joules;
  if (fallbackSeconds > 0) return (F(offsetSeconds + fallbackSeconds) - F(offsetSeconds)) / fallbackSeconds;
  return intensityAt(energy, offsetSeconds);
}

/** I(t) in kg/J at simulated second t. */
export function intensityAt(energy: EnergySpec, t: number): number {
  const s = energy.gridIntensitySeries;
  if (s === undefined) return energy.gridIntensityKgPerJoule;
  return s.points[rowAt(s, s.startEpochSeconds + t).row]!.kgPerJoule;
}

/** The row in force at epoch e ≥ the first row (wrapping past the file's end), and e folded into the file. */
function rowAt(s: GridIntensitySeries, e: number): { row: number; folded: number; periods: number } {
  const first = s.points[0]!.epochSeconds;
  const period = s.endEpochSeconds - first;
  const periods = Math.floor((e - first) / period);
  const folded = first + (e - first - periods * period);
  let lo = 0;
  let hi = s.points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.points[mid]!.epochSeconds <= folded) lo = mid;
    else hi = mid - 1;
  }
  return { row: lo, folded, periods };
}

/** Embodied carbon written off over `seconds` of the hardware's life. */
export function embodiedCarbon(cluster: ClusterSpec, seconds: number, lifeSeconds: number = DEFAULT_EMBODIED_LIFE_SECONDS): EmbodiedCarbonResult {
  if (!(lifeSeconds > 0)) throw new Error(`embodied life must be positive, got ${lifeSeconds}`);
  if (!(seconds >= 0)) throw new Error(`seconds must be ≥ 0, got ${seconds}`);
  const share = seconds / lifeSeconds;
  let accelerators = 0;
  let nodes = 0;
  const missing = new Set<string>();
  for (const g of cluster.nodes) {
    const dev = g.accelerator.embodied;
    const node = g.profile.embodied;
    if (dev === undefined) missing.add(`accelerator ${g.accelerator.id}`);
    else accelerators += g.count * g.profile.devicesPerNode * dev.kgCO2e * share;
    if (node === undefined) missing.add(`node ${g.profile.id}`);
    else nodes += g.count * node.kgCO2e * share;
  }
  return {
    kgCO2e: accelerators + nodes,
    byComponentKgCO2e: { accelerators, nodes },
    lifeYears: lifeSeconds / SECONDS_PER_YEAR,
    missing: [...missing],
  };
}
