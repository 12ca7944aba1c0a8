/**
 * Opens the request source an inference job's spec describes (config/scenario-types.ts InferenceSourceSpec):
 * a trace replay, or synthetic traffic from an arrival process (poisson, gamma, constant, or a rate profile
 * over the day) and length distributions (fixed, uniform, lognormal, or empirical: a trace's ContextTokens
 * column for prompts and GeneratedTokens for outputs). When prompt and output are empirical from the same
 * trace they are drawn as pairs (a row's two lengths together, keeping their correlation); otherwise each
 * column is drawn independently. The trace's columns are read once, lazily, at the first nextBatch, so
 * opening stays synchronous (the capacity search opens sources too).
 */
import type { InferenceWorkload, LengthSpec } from '../../../config/scenario-types.ts';
import type { RequestSource } from '../types.ts';
import { constantArrivals, gammaArrivals, piecewiseArrivals, poissonArrivals, type ArrivalProcess } from './arrivals.ts';
import { empiricalLength, fixedLength, loadEmpiricalPairs, lognormalLength, uniformLength, type LengthDistribution, type LengthPairs } from './lengths.ts';
import { syntheticSource } from './synthetic.ts';
import { openAzureTrace } from './trace.ts';

type Synthetic = Extract<InferenceWorkload['source'], { kind: 'synthetic' }>;

function parametric(l: Exclude<LengthSpec, { kind: 'empirical' }>): LengthDistribution {
  if (l.kind === 'fixed') return fixedLength(l.tokens);
  if (l.kind === 'uniform') return uniformLength(l.min, l.max);
  return lognormalLength({ median: l.median, sigma: l.sigma, min: l.min, ...(l.max !== null ? { max: l.max } : {}) });
}

async function lengthOf(l: LengthSpec, column: 'prompt' | 'output'): Promise<LengthDistribution> {
  if (l.kind !== 'empirical') return parametric(l);
  const pairs = await loadEmpiricalPairs(l.file);
  return empiricalLength(column === 'prompt' ? pairs.prompt : pairs.output, `${column} column of ${l.file.split(/[\\/]/).pop()}`);
}

function arrivalsOf(a: Synthetic['arrivals']): ArrivalProcess {
  if (a.kind === 'profile' && a.profile !== undefined) {
    return piecewiseArrivals({ points: a.profile.points, periodSeconds: a.profile.periodSeconds, interpolation: a.profile.interpolation });
  }
  return a.kind === 'gamma' ? gammaArrivals(a.ratePerSecond, a.cv) : a.kind === 'constant' ? constantArrivals(a.ratePerSecond) : poissonArrivals(a.ratePerSecond);
}

/** A synthetic source whose length distributions are built (trace columns read) at the first nextBatch. */
function lazySynthetic(s: Synthetic, seed: number, tenant: string): RequestSource {
  const arrivals = arrivalsOf(s.arrivals);
  let inner: RequestSource | null = null;
  const build = async (): Promise<RequestSource> => {
    const p = s.prompt;
    const o = s.output;
    if (p.kind === 'empirical' && o.kind === 'empirical' && p.file === o.file) {
      const pairs: LengthPairs = await loadEmpiricalPairs(p.file);
      return syntheticSource({ arrivals, pairs, count: s.count, seed, tenant });
    }
    return syntheticSource({ arrivals, prompt: await lengthOf(p, 'prompt'), output: await lengthOf(o, 'output'), count: s.count, seed, tenant });
  };
  const lengths = (l: LengthSpec): string => (l.kind === 'empirical' ? `empirical ${l.file.split(/[\\/]/).pop()}` : l.kind);
  return {
    description: `synthetic ${arrivals.description}, prompt ${lengths(s.prompt)}, output ${lengths(s.output)}, ${s.count} requests`,
    async nextBatch() {
      inner ??= await build();
      return inner.nextBatch();
    },
  };
}

/** The job's request source, with the trace's skipped-row counts where it has them. */
export function openSource(job: InferenceWorkload, seed: number): { source: RequestSource; skipped: () => Record<string, number> } {
  const s = job.source;
  if (s.kind === 'trace') {
    const window = { startSeconds: s.window.startSeconds, ...(s.window.endSeconds !== null ? { endSeconds: s.window.endSeconds } : {}) };
    const t = openAzureTrace(s.file, { speedup: s.speedup, loop: s.loop, skipBadRows: s.skipBadRows, ...(s.window.startSeconds > 0 || s.window.endSeconds !== null ? { window } : {}) });
    return { source: t, skipped: () => t.skipped() };
  }
  if (s.prompt.kind !== 'empirical' && s.output.kind !== 'empirical') {
    // built at once: nothing to read
    return { source: syntheticSource({ arrivals: arrivalsOf(s.arrivals), prompt: parametric(s.prompt), output: parametric(s.output), count: s.count, seed, tenant: job.name }), skipped: () => ({}) };
  }
  return { source: lazySynthetic(s, seed, job.name), skipped: () => ({}) };
}
