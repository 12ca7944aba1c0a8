/**
 * Electricity by time of day: a daily peak window at one price, the other hours at another, aligned with the
 * simulated clock (simulated time 0 is `startHour` o'clock).
 *
 *   price(t)   = peak     if the hour of day of t lies in [peakStart, peakEnd) (wrapping past midnight when
 *                         peakStart > peakEnd)
 *              = offPeak  otherwise
 *   run price  = (1/T) ∫_0^T price(t) dt      the mean over the run, USD per joule
 *   run cost   = E × run price
 *
 * Assumption: the run's energy E is spread evenly over its T seconds (constant mean power); the energy model
 * gives the run's total, and a training step repeats every few seconds, so its power has no daily pattern.
 * Over whole days the run price is the 24-hour average (config/cost-schema.ts), what the owned-versus-cloud
 * comparison uses for a year of work.
 */
import type { CostSpec, ElectricityTariff } from '../config/scenario-types.ts';
import { SECONDS_PER_HOUR } from './si.ts';

const DAY_HOURS = 24;

/** Peak hours in [0, x) hours from midnight of day 0, for the window [a, b) with 0 ≤ a < b ≤ 24. */
function cumulative(x: number, a: number, b: number): number {
  const days = Math.floor(x / DAY_HOURS);
  const inDay = x - days * DAY_HOURS;
  return days * (b - a) + Math.min(Math.max(inDay - a, 0), b - a);
}

/** Peak hours within [fromHour, fromHour + durationHours), hours counted from midnight of day 0. */
export function peakHoursWithin(t: Pick<ElectricityTariff, 'peakStartHour' | 'peakEndHour'>, fromHour: number, durationHours: number): number {
  if (!(fromHour >= 0) || !(durationHours >= 0)) throw new Error(`peak hours need a start ≥ 0 and a duration ≥ 0, got ${fromHour} and ${durationHours}`);
  const to = fromHour + durationHours;
  const windows: [number, number][] = t.peakStartHour < t.peakEndHour
    ? [[t.peakStartHour, t.peakEndHour]]
    : [[t.peakStartHour, DAY_HOURS], [0, t.peakEndHour]];
  return windows.reduce((sum, [a, b]) => sum + cumulative(to, a, b) - cumulative(fromHour, a, b), 0);
}

/** The tariff's price at a moment `hour` hours after midnight of day 0. */
function priceAt(t: ElectricityTariff, hour: number): number {
  const h = hour % DAY_HOURS;
  const inPeak = t.peakStartHour < t.peakEndHour ? h >= t.peakStartHour && h < t.peakEndHour : h >= t.peakStartHour || h < t.peakEndHour;
  return inPeak ? t.peakUsdPerJoule : t.offPeakUsdPerJoule;
}

/** Mean price of electricity over a run of `seconds` from simulated time 0, USD per joule. */
export function runElectricityPrice(cost: Pick<CostSpec, 'electricityUsdPerJoule' | 'electricityTariff'>, seconds: number): number {
  const t = cost.electricityTariff;
  if (t === undefined) return cost.electricityUsdPerJoule;
  if (!(seconds > 0)) return priceAt(t, t.startHour);
  const hours = seconds / SECONDS_PER_HOUR;
  const peak = peakHoursWithin(t, t.startHour, hours);
  return (peak * t.peakUsdPerJoule + (hours - peak) * t.offPeakUsdPerJoule) / hours;
}
