/**
 * Token counts as a scenario writes them ("15.6T", "252M", "2.87e12", or a plain number) and the training
 * options that use them: `tokens` (the target of a time-to-train estimate) and `rampUp` (batch-size ramp-up
 * phases before the main batch, as in Llama 3 405B: Dubey et al. 2024, arXiv 2407.21783, §3.4.1).
 *
 * Suffixes are the decimal ones token counts are quoted in: K = 1e3, M = 1e6, B or G = 1e9, T = 1e12,
 * P = 1e15 (either case). A count must come out a whole number greater than zero. These are not units of
 * mathjs (units.ts): "15.6T" there would read as teslas, and "2M" as meters.
 */
import { z } from 'zod';
import { positiveInt } from './zod-quantity.ts';

export type TokenCountResult = { ok: true; value: number } | { ok: false; message: string; hint: string };

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12, p: 1e15 };
const FORM = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*([kmbgtp])?$/i;
const HINT = 'write a token count as a number with an optional K, M, B (or G), T suffix, e.g. 15.6T, 252M, 2.87e12';

/** Parses a token count; never throws (the caller positions the failure in the file). */
export function parseTokenCount(v: unknown): TokenCountResult {
  let value: number;
  if (typeof v === 'number') {
    value = v;
  } else if (typeof v === 'string') {
    const m = FORM.exec(v.trim().replace(/_/g, ''));
    if (m === null) {
      // A byte size (15.6 TB) or a word (15.6 trillion) is the likely slip; say what the form is.
      return { ok: false, message: `"${v}" is not a token count`, hint: HINT };
    }
    value = Number(m[1]) * (m[2] === undefined ? 1 : SUFFIX[m[2].toLowerCase()]!);
  } else {
    return { ok: false, message: `expected a token count such as "15.6T", got ${v === null ? 'null' : typeof v}`, hint: HINT };
  }
  if (!Number.isFinite(value) || value <= 0) return { ok: false, message: `token count ${String(v)} must be a finite number greater than zero`, hint: HINT };
  // 15.6 × 1e12 is 15600000000000.002 in binary floating point; a count within a millionth of a token of a
  // whole number is that number, anything further off is a fraction of a token.
  const whole = Math.round(value);
  if (Math.abs(value - whole) > 1e-6 * Math.max(1, value) || whole < 1) {
    return { ok: false, message: `token count ${String(v)} is not a whole number of tokens`, hint: 'give a whole number of tokens, e.g. 2T or 252M' };
  }
  return { ok: true, value: whole };
}

/** zod type: a token count in, a whole number out; a bad value is one issue bad-value with a hint. */
export function tokenCount(description: string) {
  return z
    .union([z.string(), z.number()])
    .meta({ description: `${description} (a token count: a number, or with a K, M, B, T suffix, e.g. 15.6T)`, examples: ['15.6T'] })
    .transform((v, ctx) => {
      const r = parseTokenCount(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message, params: { clustersim: 'bad-value', hint: r.hint } });
        return z.NEVER;
      }
      return r.value;
    });
}


/** One batch-size ramp-up phase, before the main batch (batch.global) takes over. */
export const rampUpPhaseSchema = z
  .strictObject({
    untilTokens: tokenCount('this batch size is used until the run has trained on this many tokens'),
    globalBatch: positiveInt('sequences per optimizer step in this phase, across all data-parallel ranks (like batch.global); a multiple of dp x micro'),
  })
  .describe('a ramp-up phase: globalBatch sequences per step until untilTokens tokens');

/** `tokens` and `rampUp`, spread into the training workload's fields. */
export const timeToTrainFields = {
  tokens: tokenCount('train on this many tokens: the report adds days, GPU-hours, energy and cost to train on them').optional(),
  rampUp: z
    .array(rampUpPhaseSchema)
    .min(1)
    .optional()
    .describe('batch-size ramp-up before batch.global, in increasing untilTokens, all below tokens (Llama 3 405B: 4M tokens per batch until 252M, 8M until 2.87T, then 16M)'),
};

interface TimeToTrainInput {
  tokens?: unknown;
  rampUp?: unknown;
  parallelism?: { dp?: unknown } | null;
  batch?: { micro?: unknown } | null;
}

type Issue = { path: (string | number)[]; code: 'inconsistent' | 'bad-value'; message: string; hint: string };

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Cross-field rules of `tokens` and `rampUp` on a parsed training workload (fields that failed to parse are
 * skipped): ramp-up needs a token target; phases in increasing untilTokens, each below tokens; each phase's
 * globalBatch a multiple of dp × micro, so every data-parallel rank gets whole micro-batches.
 */
export function timeToTrainIssues(w: TimeToTrainInput): Issue[] {
  const out: Issue[] = [];
  // Fields that failed to parse still hold what the file had (the refinement runs regardless), so each is checked.
  const phases = Array.isArray(w.rampUp) ? w.rampUp.filter((p) => p !== null && typeof p === 'object') : [];
  if (phases.length > 0 && w.tokens === undefined) {
    out.push({ path: ['rampUp'], code: 'inconsistent', message: 'rampUp phases need a token target: the last phase (batch.global) runs until tokens', hint: 'add e.g. "tokens: 15.6T" to the workload' });
  }
  const dp = typeof w.parallelism === 'object' ? w.parallelism?.dp : undefined;
  const micro = typeof w.batch === 'object' ? w.batch?.micro : undefined;
  const per = num(dp) && num(micro) ? dp * micro : undefined;
  let previous: number | undefined;
  phases.forEach((p: { untilTokens?: unknown; globalBatch?: unknown }, i) => {
    const until = p.untilTokens;
    if (num(until)) {
      if (previous !== undefined && until <= previous) {
        out.push({ path: ['rampUp', i, 'untilTokens'], code: 'inconsistent', message: `untilTokens ${until} is not above the previous phase's ${previous}`, hint: 'list the phases in increasing untilTokens' });
      }
      if (num(w.tokens) && until >= w.tokens) {
        out.push({ path: ['rampUp', i, 'untilTokens'], code: 'inconsistent', message: `untilTokens ${until} is not below tokens ${w.tokens}; the main batch (batch.global) runs last, up to tokens`, hint: `end the ramp-up below ${w.tokens} tokens, or raise tokens` });
      }
      previous = until;
    }
    const g = p.globalBatch;
    if (per !== undefined && num(g) && g % per !== 0) {
      const lower = Math.max(per, Math.floor(g / per) * per);
      out.push({ path: ['rampUp', i, 'globalBatch'], code: 'inconsistent', message: `globalBatch ${g} is not a multiple of dp × micro = ${String(dp)} × ${String(micro)} = ${per}`, hint: `set globalBatch: ${lower} (or ${lower + per})` });
    }
  });
  return out;
}
