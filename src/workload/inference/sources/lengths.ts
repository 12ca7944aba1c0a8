/**
 * Length distributions (tokens) for synthetic requests. A `LengthDistribution` draws one length; a
 * `LengthPairs` draws prompt and output together (the empirical pairs of a trace keep their correlation).
 *
 * - fixed(n); uniform(min, max): integers, both ends included.
 * - lognormal(median, sigma): round(median · exp(sigma · Z)), Z ~ N(0,1), clamped to [min, max]
 *   (min defaults to 1). The median of the log-normal is exp(mu) = median, so it is the parameter users
 *   know from trace summaries; clamping moves only the tails, so the median survives it.
 * - empirical: rows drawn uniformly with replacement from a trace file's (prompt, output) pairs, read once
 *   through the trace reader into two Int32Arrays (8 bytes a row: a million-row trace is 8 MB).
 */
import type { RandomStream } from '../../../sim/random.ts';
import { openAzureTrace, type TraceOptions } from './trace.ts';

export interface LengthDistribution {
  readonly description: string;
  sample(rng: RandomStream): number;
}

export interface LengthPair {
  promptTokens: number;
  outputTokens: number;
}

export interface LengthPairs {
  readonly description: string;
  sample(rng: RandomStream): LengthPair;
}

export function fixedLength(tokens: number): LengthDistribution {
  wholeTokens('fixed length', tokens, 0);
  return { description: `fixed ${tokens}`, sample: () => tokens };
}

export function uniformLength(min: number, max: number): LengthDistribution {
  wholeTokens('uniform min', min, 0);
  wholeTokens('uniform max', max, min);
  const n = max - min + 1;
  return { description: `uniform ${min}..${max}`, sample: (rng) => min + rng.int(n) };
}

export interface LognormalLengthOptions {
  median: number;
  /** standard deviation of ln(length) */
  sigma: number;
  /** default 1 */
  min?: number;
  /** default unbounded */
  max?: number;
}

export function lognormalLength(o: LognormalLengthOptions): LengthDistribution {
  const min = o.min ?? 1;
  const max = o.max ?? Number.MAX_SAFE_INTEGER;
  if (!(o.median > 0)) throw new RangeError(`lognormal median must be > 0, got ${o.median}`);
  if (!(o.sigma >= 0)) throw new RangeError(`lognormal sigma must be >= 0, got ${o.sigma}`);
  wholeTokens('lognormal min', min, 0);
  wholeTokens('lognormal max', max, min);
  const mu = Math.log(o.median);
  return {
    description: `lognormal median ${o.median} sigma ${o.sigma} in ${min}..${o.max ?? 'inf'}`,
    sample: (rng) => Math.min(max, Math.max(min, Math.round(rng.lognormal(mu, o.sigma)))),
  };
}

/** Independent draws from observed values (one column of a trace, say). */
export function empiricalLength(values: Int32Array, label = 'values'): LengthDistribution {
  if (values.length === 0) throw new RangeError('empirical length distribution needs at least one value');
  return { description: `empirical ${label} (${values.length})`, sample: (rng) => values[rng.int(values.length)]! };
}

/** The (prompt, output) pairs of a trace, drawn together. */
export class EmpiricalPairs implements LengthPairs {
  readonly description: string;
  readonly prompt: Int32Array;
  readonly output: Int32Array;

  constructor(prompt: Int32Array, output: Int32Array, label: string) {
    if (prompt.length !== output.length || prompt.length === 0) {
      throw new RangeError('empirical pairs need equal, non-empty prompt and output arrays');
    }
    this.prompt = prompt;
    this.output = output;
    this.description = `empirical pairs from ${label} (${prompt.length})`;
  }

  sample(rng: RandomStream): LengthPair {
    const i = rng.int(this.prompt.length);
    return { promptTokens: this.prompt[i]!, outputTokens: this.output[i]! };
  }
}

/** Reads every (prompt, output) pair of a trace file once (window and skipBadRows apply as in replay). */
export async function loadEmpiricalPairs(
  file: string,
  opts: Pick<TraceOptions, 'window' | 'skipBadRows'> = {},
): Promise<EmpiricalPairs> {
  const src = openAzureTrace(file, { ...opts, batchSize: 4096 });
  let prompt = new Int32Array(4096);
  let output = new Int32Array(4096);
  let n = 0;
  for (let batch = await src.nextBatch(); batch; batch = await src.nextBatch()) {
    if (n + batch.length > prompt.length) {
      const cap = Math.max(prompt.length * 2, n + batch.length);
      prompt = grow(prompt, cap);
      output = grow(output, cap);
    }
    for (const r of batch) {
      prompt[n] = r.promptTokens;
      output[n] = r.outputTokens;
      n++;
    }
  }
  if (n === 0) throw new RangeError(`trace ${file} has no rows to draw lengths from`);
  return new EmpiricalPairs(prompt.slice(0, n), output.slice(0, n), file);
}

function grow(a: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}

function wholeTokens(name: string, x: number, min: number): void {
  if (!Number.isSafeInteger(x) || x < min) throw new RangeError(`${name} must be a whole number >= ${min}, got ${x}`);
}
