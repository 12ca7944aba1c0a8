/**
 * The schema of a model architecture: a file in scenarios/models/<id>.yaml, or the same keys written inline
 * as a workload's `model:`. Keys are exactly those of ModelArchitecture (dropout optional). Besides the
 * per-field checks, two cross-field rules that every attention implementation relies on are reported as
 * positioned issues: hiddenSize divisible by attentionHeads (whole head dimension) and attentionHeads
 * divisible by kvHeads (each key/value head serves a whole group of query heads, as in GQA).
 *
 * A mixture-of-experts model adds `moe` (MoeConfig in model-types.ts): routed experts, experts per token
 * (topK), the expert FFN width, shared experts and leading dense layers (default 0), and the capacity factor
 * (absent or null = dropless). Its cross-field rules: topK ≤ experts (a token cannot pick more experts than
 * there are) and denseLayers < layers (at least one layer must be an MoE layer, or the block says nothing).
 */
import { z } from 'zod';
import { positiveInt } from './zod-quantity.ts';


const fields = {
  layers: positiveInt('transformer layers'),
  hiddenSize: positiveInt('model (embedding) width'),
  attentionHeads: positiveInt('query heads per layer'),
  kvHeads: positiveInt('key/value heads per layer: = attentionHeads for MHA, fewer for GQA, 1 for MQA'),
  ffnHiddenSize: positiveInt('inner width of the feed-forward block'),
  ffnKind: z.enum(['gelu', 'swiglu']).describe('gelu: two matrices (up, down); swiglu: three (gate, up, down)'),
  vocabSize: positiveInt('vocabulary size'),
  tiedEmbeddings: z.boolean().describe('input and output embeddings share one matrix'),
  maxSequenceLength: positiveInt('context length the model was trained with'),
  dropout: z.number().min(0).lt(1).optional().describe('dropout probability in pre-training (hidden and attention); absent = 0'),
  moe: z
    .strictObject({
      experts: positiveInt('routed experts per MoE layer'),
      topK: positiveInt('routed experts each token is sent to (top-k routing)'),
      expertFfnHiddenSize: positiveInt('inner width of one expert FFN (routed or shared); same ffnKind as the model'),
      sharedExperts: z.number().int().min(0).default(0).describe('always-active shared experts per MoE layer (DeepSeekMoE), each expertFfnHiddenSize wide; default 0'),
      denseLayers: z.number().int().min(0).default(0).describe('the first denseLayers layers keep the dense FFN (ffnHiddenSize); default 0'),
      capacityFactor: z
        .number()
        .positive()
        .nullable()
        .default(null)
        .describe('expert capacity = factor x tokens x topK / experts, padded up to it and tokens above it dropped; absent or null = dropless'),
    })
    .optional()
    .describe('mixture-of-experts FFN (GShard/Switch-style top-k routing); absent for a dense model'),
};

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** A problem found outside zod, relative to the object checked. */
export interface RawIssue {
  path: string[];
  code: 'inconsistent' | 'not-supported';
  message: string;
  hint: string;
}

/**
 * The cross-field rules, on the raw object. zod skips an object's refinements once a field has failed
 * (even with `when`, for aborting checks such as .int()), so the loaders also call this directly on the
 * raw data and every problem in a file is reported at once; duplicates are dropped there.
 */
export function modelConsistencyIssues(m: unknown): RawIssue[] {
  if (m === null || typeof m !== 'object') return [];
  const { hiddenSize, attentionHeads, kvHeads } = m as Record<string, unknown>;
  const out: RawIssue[] = [];
  if (isPosInt(hiddenSize) && isPosInt(attentionHeads) && hiddenSize % attentionHeads !== 0) {
    out.push({
      path: ['attentionHeads'],
      code: 'inconsistent',
      message: `hiddenSize (${hiddenSize}) is not divisible by attentionHeads (${attentionHeads})`,
      hint: 'each head takes hiddenSize / attentionHeads dimensions; choose a divisor of hiddenSize',
    });
  }
  if (isPosInt(attentionHeads) && isPosInt(kvHeads) && attentionHeads % kvHeads !== 0) {
    out.push({
      path: ['kvHeads'],
      code: 'inconsistent',
      message: `attentionHeads (${attentionHeads}) is not divisible by kvHeads (${kvHeads})`,
      hint: 'kvHeads must divide attentionHeads: equal for MHA, a divisor for GQA, 1 for MQA',
    });
  }
  out.push(...moeConsistencyIssues(m as Record<string, unknown>));
  return out;
}

const isNonNegInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function moeConsistencyIssues(m: Record<string, unknown>): RawIssue[] {
  const moe = m.moe;
  if (moe === null || typeof moe !== 'object') return [];
  const { experts, topK, denseLayers } = moe as Record<string, unknown>;
  const out: RawIssue[] = [];
  if (isPosInt(experts) && isPosInt(topK) && topK > experts) {
    out.push({
      path: ['moe', 'topK'],
      code: 'inconsistent',
      message: `moe.topK (${topK}) is more than moe.experts (${experts})`,
      hint: 'each token is routed to topK distinct experts; choose topK ≤ experts',
    });
  }
  if (isPosInt(m.layers) && isNonNegInt(denseLayers) && denseLayers >= m.layers) {
    out.push({
      path: ['moe', 'denseLayers'],
      code: 'inconsistent',
      message: `moe.denseLayers (${denseLayers}) leaves no MoE layer of the ${m.layers} layers`,
      hint: `choose denseLayers < layers (${m.layers}), or remove moe for a dense model`,
    });
  }
  return out;
}

/** Adds raw issues to a zod refinement context, tagged so zodToIssues keeps their code and hint. */
export function addRawIssues(issues: readonly RawIssue[], ctx: z.RefinementCtx): void {
  for (const i of issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message, params: { clustersim: i.code, hint: i.hint } });
}

const divisibility = (m: unknown, ctx: z.RefinementCtx) => addRawIssues(modelConsistencyIssues(m), ctx);

const always = { when: () => true };

/** A model file: every key required. */
export const modelFileSchema = z
  .strictObject({
    id: z.string().min(1).describe('the file name without .yaml'),
    name: z.string().min(1).describe('human-readable name'),
    source: z.string().min(1).describe('where the architecture figures come from (paper, model card)'),
    ...fields,
  })
  .superRefine((m, ctx) => divisibility(m, ctx), always)
  .describe('a decoder-only transformer architecture, dense or mixture-of-experts');

/** An architecture written inline in a scenario: id, name and source may be left out. */
export const inlineModelSchema = z
  .strictObject({
    id: z.string().min(1).optional().describe('defaults to "<workload name>-model"'),
    name: z.string().min(1).optional().describe('defaults to the id'),
    source: z.string().min(1).optional().describe('where the figures come from; defaults to "inline in the scenario"'),
    ...fields,
  })
  .superRefine((m, ctx) => divisibility(m, ctx), always)
  .describe('an inline decoder-only transformer architecture, dense or mixture-of-experts');

export type InlineModel = z.output<typeof inlineModelSchema>;
