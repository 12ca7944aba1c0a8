/**
 * Summary statistics over Monte Carlo trials: the mean with its 95% confidence interval,
 *
 *   mean ± t(0.975, n − 1) · s / sqrt(n),     s the sample standard deviation,
 *
 * and the 2.5th and 97.5th percentiles of the trials (simple-statistics quantileSorted, as the inference
 * latency percentiles use), which bound where a single run would fall. Mean and sample standard deviation
 * are simple-statistics' too. The t quantile is exact (tabulated)
 * for up to 10 degrees of freedom and the Cornish–Fisher expansion of Abramowitz & Stegun 26.7.5 above
 * (error below 1e-4 from 11 degrees of freedom up).
 */
import { mean as meanOf, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import type { Estimate } from './result-types.ts';

const T975 = [NaN, 12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281];
const Z975 = 1.959963984540054;

/** The 0.975 quantile of Student's t with `df` degrees of freedom. */
export function t975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 10) return T975[df]!;
  const z = Z975;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7, z9 = z ** 9;
  const g1 = (z3 + z) / 4;
  const g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  const g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** Mean, 95% CI of the mean and the 2.5..97.5 percentile range of `values` (at least one). */
export function estimate(values: ArrayLike<number>): Estimate {
  const n = values.length;
  if (n === 0) throw new RangeError('estimate() of no values');
  const xs = Array.from(values);
  const mean = meanOf(xs);
  const sd = n > 1 ? sampleStandardDeviation(xs) : 0;
  const half = n > 1 ? t975(n - 1) * sd / Math.sqrt(n) : 0;
  const sorted = xs.sort((a, b) => a - b);
  return { mean, ci95: [mean - half, mean + half], sd, p025: quantileSorted(sorted, 0.025), p975: quantileSorted(sorted, 0.975) };
}

/** The estimate of `values` scaled by k (a unit change: seconds to days, counts to a rate). */
export function scaleEstimate(e: Estimate, k: number): Estimate {
  return { mean: e.mean * k, ci95: [e.ci95[0] * k, e.ci95[1] * k], sd: e.sd * Math.abs(k), p025: e.p025 * k, p975: e.p975 * k };
}
