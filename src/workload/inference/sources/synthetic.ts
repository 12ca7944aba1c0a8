/**
 * A synthetic RequestSource: an arrival process composed with length distributions, for `count` requests
 * or until `durationSeconds` (whichever comes first; at least one must be given).
 *
 * Randomness comes from three RandomStreams keyed by (seed, `<tenant>/arrivals|prompt|output`), so
 * changing the length model leaves the arrival times as they were, and two tenants with the same seed
 * still draw unrelated sequences. Lengths are given either as `prompt` and `output` (independent draws)
 * or as `pairs` (drawn together, e.g. EmpiricalPairs). Generation is lazy: one batch per nextBatch().
 */
import { RandomStream } from '../../../sim/random.ts';
import type { InferenceRequest, RequestSource } from '../types.ts';
import type { ArrivalProcess } from './arrivals.ts';
import type { LengthDistribution, LengthPair, LengthPairs } from './lengths.ts';

export interface SyntheticOptions {
  arrivals: ArrivalProcess;
  prompt?: LengthDistribution;
  output?: LengthDistribution;
  /** instead of prompt + output */
  pairs?: LengthPairs;
  count?: number;
  durationSeconds?: number;
  seed: number;
  /** default 'default' */
  tenant?: string;
  /** requests per nextBatch(); default 1024 */
  batchSize?: number;
}

export function syntheticSource(o: SyntheticOptions): RequestSource {
  const tenant = o.tenant ?? 'default';
  const batchSize = o.batchSize ?? 1024;
  const count = o.count ?? Infinity;
  const duration = o.durationSeconds ?? Infinity;
  if (o.count === undefined && o.durationSeconds === undefined) throw new RangeError('synthetic source needs count or durationSeconds');
  if (o.count !== undefined && !(Number.isSafeInteger(o.count) && o.count >= 0)) throw new RangeError(`count must be a whole number >= 0, got ${o.count}`);
  if (!(duration > 0)) throw new RangeError(`durationSeconds must be > 0, got ${duration}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);

  const arrivalRng = new RandomStream(o.seed, `${tenant}/arrivals`);
  const promptRng = new RandomStream(o.seed, `${tenant}/prompt`);
  const outputRng = new RandomStream(o.seed, `${tenant}/output`);
  const { description, sample } = lengthSampler(o, promptRng, outputRng);
  let id = 0;
  let now = 0;
  let done = false;

  return {
    description: `synthetic ${tenant}: ${o.arrivals.description}; ${description}; seed ${o.seed}`,
    async nextBatch() {
      const batch: InferenceRequest[] = [];
      while (!done && batch.length < batchSize) {
        if (id >= count) {
          done = true;
          break;
        }
        now = o.arrivals.next(now, arrivalRng);
        if (now >= duration) {
          done = true;
          break;
        }
        const l = sample();
        batch.push({ id: id++, arrivalSeconds: now, promptTokens: l.promptTokens, outputTokens: l.outputTokens, tenant, session: -1 });
      }
      return batch.length > 0 ? batch : null;
    },
  };
}

function lengthSampler(
  o: SyntheticOptions,
  promptRng: RandomStream,
  outputRng: RandomStream,
): { description: string; sample: () => LengthPair } {
  const { pairs, prompt, output } = o;
  if (pairs) {
    if (prompt || output) throw new RangeError('give either pairs or prompt + output, not both');
    return { description: pairs.description, sample: () => pairs.sample(promptRng) };
  }
  if (!prompt || !output) throw new RangeError('synthetic source needs prompt and output length distributions (or pairs)');
  return {
    description: `prompt ${prompt.description}, output ${output.description}`,
    sample: () => ({ promptTokens: prompt.sample(promptRng), outputTokens: output.sample(outputRng) }),
  };
}
