/**
 * Opens the request source an inference job's spec describes (config/scenario-types.ts InferenceSourceSpec):
 * a trace replay, or synthetic traffic from an arrival process (poisson, gamma, constant, or a rate profile
 * over the day) and length distributions (fixed, uniform, lognormal, or empirical: a trace's ContextTokens
 * column for prompts and GeneratedTokens for outputs). When prompt and output are empirical from the same
 * trace they are drawn as pairs (a row's two lengths together, keeping their correlation); otherwise each
 * column is drawn independently. The trace's columns are read once, lazily, at the first nextBatch, so
 * opening stays synchronous (the capacity search opens sources too).
 *
 * A job with `classes` opens one source per class (tenant = the class name, so each synthetic class draws
 * from its own random streams), tags its requests with the class priority, and merges them in arrival
 * order, ties going to the class listed first (merge.ts); ids are renumbered in merged order.
 */
import type { InferenceSourceSpec, InferenceWorkload, LengthSpec } from '../../../config/scenario-types.ts';
import type { RequestSource } from '../types.ts';
import { constantArrivals, gammaArrivals, piecewiseArrivals, poissonArrivals, type ArrivalProcess } from './arrivals.ts';
import { empiricalLength, fixedLength, loadEmpiricalPairs, lognormalLength, uniformLength, type LengthDistribution, type LengthPairs } from './lengths.ts';
import { mergeSources } from './merge.ts';
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

type Opened = { source: RequestSource; skipped: () => Record<string, number> };

/** One spec's source; `tenant` names synthetic streams (and, with `traceTenant`, trace requests). */
function openOne(s: InferenceSourceSpec, seed: number, tenant: string, traceTenant: boolean): Opened {
  if (s.kind === 'trace') {
    const window = { startSeconds: s.window.startSeconds, ...(s.window.endSeconds !== null ? { endSeconds: s.window.endSeconds } : {}) };
    const t = openAzureTrace(s.file, { speedup: s.speedup, loop: s.loop, skipBadRows: s.skipBadRows, ...(traceTenant ? { tenant } : {}), ...(s.window.startSeconds > 0 || s.window.endSeconds !== null ? { window } : {}) });
    return { source: t, skipped: () => t.skipped() };
  }
  if (s.prompt.kind !== 'empirical' && s.output.kind !== 'empirical') {
    // built at once: nothing to read
    return { source: syntheticSource({ arrivals: arrivalsOf(s.arrivals), prompt: parametric(s.prompt), output: parametric(s.output), count: s.count, seed, tenant }), skipped: () => ({}) };
  }
  return { source: lazySynthetic(s, seed, tenant), skipped: () => ({}) };
}

/** `inner`'s requests tagged with a class priority */
function withPriority(inner: RequestSource, priority: number): RequestSource {
  return {
    description: inner.description,
    async nextBatch() {
      const b = await inner.nextBatch();
      return b === null ? null : b.map((r) => ({ ...r, priority }));
    },
  };
}

/** The job's request source, with the trace's skipped-row counts where it has them (summed over classes). */
export function openSource(job: InferenceWorkload, seed: number): Opened {
  if (job.classes === undefined) return openOne(job.source, seed, job.name, false);
  const opened = job.classes.map((c) => openOne(c.source, seed, c.name, true));
  const merged = mergeSources(job.classes.map((c, i) => {
    const s = opened[i]!.source;
    const d = c.source.kind === 'trace' ? s.description.replace(c.source.file, c.source.file.split(/[\\/]/).pop()!) : s.description;
    return withPriority({ description: `${c.name} (priority ${c.priority}): ${d}`, nextBatch: () => s.nextBatch() }, c.priority);
  }));
  return {
    source: merged,
    skipped: () => {
      const out: Record<string, number> = {};
      for (const o of opened) for (const [k, v] of Object.entries(o.skipped())) out[k] = (out[k] ?? 0) + v;
      return out;
    },
  };
}
