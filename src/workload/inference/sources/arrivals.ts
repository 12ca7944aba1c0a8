/**
 * Arrival processes for synthetic request sources. Each gives the absolute time of the next arrival from
 * the current one, drawing from the RandomStream it is handed (the source owns the stream, so a process
 * holds no state and can be shared).
 *
 * - Poisson(λ): gaps ~ Exponential(mean 1/λ).
 * - Gamma(λ, cv): gaps ~ Gamma(shape k = 1/cv², scale θ = 1/(λk)); mean 1/λ, coefficient of variation cv.
 *   cv = 1 is Poisson, cv > 1 bursty, cv < 1 smoother. Sampled by Marsaglia & Tsang (2000), "A simple
 *   method for generating gamma variables", ACM TOMS 26(3); for k < 1 via Gamma(k+1)·U^(1/k).
 * - Constant(λ): gaps exactly 1/λ.
 * - Piecewise(λ(t)): a non-homogeneous Poisson process with a rate table over a repeating period (a day by
 *   default), step-wise or linearly interpolated, by thinning (Lewis & Shedler, 1979): candidates at rate
 *   λmax = max λ(t), each kept with probability λ(t)/λmax.
 */
import type { RandomStream } from '../../../sim/random.ts';

export interface ArrivalProcess {
  readonly description: string;
  /** absolute time (s) of the arrival after one at `nowSeconds` (the first is next(0)) */
  next(nowSeconds: number, rng: RandomStream): number;
}

export function poissonArrivals(ratePerSecond: number): ArrivalProcess {
  positive('rate', ratePerSecond);
  const mean = 1 / ratePerSecond;
  return { description: `poisson ${ratePerSecond}/s`, next: (now, rng) => now + rng.exponential(mean) };
}

export function gammaArrivals(ratePerSecond: number, cv: number): ArrivalProcess {
  positive('rate', ratePerSecond);
  positive('cv', cv);
  const shape = 1 / (cv * cv);
  const scale = 1 / (ratePerSecond * shape);
  return { description: `gamma ${ratePerSecond}/s cv ${cv}`, next: (now, rng) => now + scale * gammaVariate(shape, rng) };
}

export function constantArrivals(ratePerSecond: number): ArrivalProcess {
  positive('rate', ratePerSecond);
  const gap = 1 / ratePerSecond;
  return { description: `constant ${ratePerSecond}/s`, next: (now) => now + gap };
}

export interface RatePoint {
  /** seconds into the period (0 = midnight for a day) */
  atSeconds: number;
  ratePerSecond: number;
}

export interface PiecewiseOptions {
  /** sorted by atSeconds, first at 0; rates >= 0, at least one > 0 */
  points: readonly RatePoint[];
  /** the table repeats with this period; default 86,400 s (a day) */
  periodSeconds?: number;
  /** 'step' holds each rate until the next point; 'linear' interpolates (wrapping to the first); default step */
  interpolation?: 'step' | 'linear';
}

export function piecewiseArrivals(opts: PiecewiseOptions): ArrivalProcess {
  const period = opts.periodSeconds ?? 86_400;
  const pts = opts.points;
  positive('periodSeconds', period);
  if (pts.length === 0 || pts[0]!.atSeconds !== 0) throw new RangeError('piecewise rate table must start at atSeconds 0');
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    if (!(p.ratePerSecond >= 0)) throw new RangeError(`rate at ${p.atSeconds} s must be >= 0`);
    if (i > 0 && !(p.atSeconds > pts[i - 1]!.atSeconds)) throw new RangeError('rate table times must increase');
    if (p.atSeconds >= period) throw new RangeError(`rate table time ${p.atSeconds} s is past the period ${period} s`);
  }
  const max = Math.max(...pts.map((p) => p.ratePerSecond));
  positive('largest rate', max);
  const linear = opts.interpolation === 'linear';
  const rateAt = (t: number): number => {
    const u = t - Math.floor(t / period) * period;
    let i = 0;
    while (i + 1 < pts.length && pts[i + 1]!.atSeconds <= u) i++;
    const a = pts[i]!;
    if (!linear) return a.ratePerSecond;
    const b = pts[i + 1] ?? { atSeconds: period, ratePerSecond: pts[0]!.ratePerSecond };
    return a.ratePerSecond + ((b.ratePerSecond - a.ratePerSecond) * (u - a.atSeconds)) / (b.atSeconds - a.atSeconds);
  };
  const mean = 1 / max;
  return {
    description: `piecewise ${pts.length} points over ${period} s (${linear ? 'linear' : 'step'})`,
    next(now, rng) {
      let t = now;
      for (;;) {
        t += rng.exponential(mean);
        if (rng.next() * max < rateAt(t)) return t;
      }
    },
  };
}

/** Gamma(shape, 1) variate (Marsaglia & Tsang). */
export function gammaVariate(shape: number, rng: RandomStream): number {
  if (shape < 1) return gammaVariate(shape + 1, rng) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next(); // (0, 1], so log(u) is finite
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function positive(name: string, x: number): void {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a finite number > 0, got ${x}`);
}
