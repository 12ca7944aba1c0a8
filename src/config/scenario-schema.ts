/**
 * The schema of a scenario file (phase 2, validate). Its input side is what users write (unit strings,
 * omitted defaults) and is exported as the JSON Schema for editors; its output side has SI numbers and
 * every default filled in, ready for phase 3 (normalize) to resolve profile and model ids.
 *
 * Combinations the training model cannot simulate (e.g. ZeRO-3 with the zero-bubble schedule) are checked in
 * phase 4 (src/workload/training/issues.ts) and rejected with code not-supported, never silently ignored.
 *
 * Workload kinds: training, collective (an nccl-tests-like sweep; its rank count, placement and algorithm are
 * checked against the cluster in phase 4, src/workload/collective/issues.ts), and inference (serving replicas
 * fed by a trace or synthetic traffic; the replica fit and device count are checked in phase 4,
 * src/workload/inference/issues.ts).
 */
import { z } from 'zod';
import { inlineModelSchema } from './model-schema.ts';
import { qty, positiveInt } from './zod-quantity.ts';
import { timeToTrainFields, timeToTrainIssues } from './token-count.ts';
import { storageWorkloadFields } from './storage-schema.ts';
import { clusterSchema } from './cluster-schema.ts';
import { costSchema } from './cost-schema.ts';
import { energySchema } from './energy-schema.ts';
import { goodputSchema } from './goodput-schema.ts';


/** Workload names become keys of report.json (`jobs.<name>.mfu` in expectations), so no dots or spaces. */
const jobName = z
  .string()
  .regex(/^[^\s.\[\]'"]+$/, { message: 'a workload name may not contain spaces, dots, brackets or quotes (it is a key in report.json, e.g. jobs.pretrain.mfu)' })
  .describe('the job name; report.json lists results under jobs.<name>');

/** Where a job's devices sit (src/workload/placement.ts); leaving it out means packed. */
export const PLACEMENT_POLICIES = ['packed', 'scattered', 'rail-aligned'] as const;
const placementSchema = z
  .union([
    z.enum(PLACEMENT_POLICIES).describe('packed: the next free nodes in order; scattered: free nodes round-robin over the leaf switches; rail-aligned: whole free nodes, local devices in rail order'),
    z.strictObject({ nodes: z.array(z.number().int().min(0)).min(1).describe('node indices (0-based, in cluster order); rank order follows the list') }),
  ])
  .describe('which nodes the job runs on (default packed); jobs of one scenario hold disjoint devices');

const parallelismSchema = z
  .strictObject({
    dp: positiveInt('data-parallel degree'),
    tp: positiveInt('tensor-parallel degree (inside a scale-up domain)'),
    pp: positiveInt('pipeline-parallel stages').default(1),
    cp: positiveInt('context-parallel degree').default(1),
    ep: positiveInt('expert-parallel degree').default(1),
    zero: z.literal([0, 1, 2, 3]).default(0).describe('ZeRO stage: 0 none, 1 optimizer state, 2 + gradients, 3 + parameters'),
    sequenceParallel: z.boolean().default(false).describe('Megatron sequence parallelism alongside tp'),
    schedule: z
      .enum(['gpipe', '1f1b', 'interleaved', 'zero-bubble'])
      .default('1f1b')
      .describe('pipeline schedule: gpipe (all forwards, then all backwards), 1f1b (PipeDream-Flush), interleaved (1F1B over virtualStages model chunks per rank, Megatron), zero-bubble (ZB-H1: weight gradients fill the bubbles)'),
    virtualStages: positiveInt('model chunks per pipeline rank for the interleaved schedule (Megatron virtual pipeline size); 1 for the others').default(1),
    order: z
      .array(z.enum(['tp', 'cp', 'pp', 'dp']))
      .length(4)
      .refine((a) => new Set(a).size === 4, { message: 'name each of tp, cp, pp, dp once' })
      .default(['tp', 'cp', 'pp', 'dp'])
      .describe('rank order of the parallel dimensions, innermost first: consecutive ranks differ in the first; keep tp first so it stays inside a scale-up domain'),
    recompute: z.enum(['none', 'selective', 'full']).default('none').describe('activation recomputation'),
  })
  .describe('parallel layout; devices used = dp x tp x pp x cp');

const batchSchema = z.strictObject({
  global: positiveInt('sequences per optimizer step, across all data-parallel ranks'),
  micro: positiveInt('sequences per micro-batch on one rank'),
  sequenceLength: positiveInt('tokens per sequence'),
});

export const trainingWorkloadSchema = z
  .strictObject({
    name: jobName,
    kind: z.literal('training'),
    model: z
      .union([z.string().min(1).describe('model id: a file scenarios/models/<id>.yaml'), inlineModelSchema])
      .describe('a model id, or the architecture written inline'),
    precision: z.enum(['bf16', 'fp16', 'fp8', 'fp32', 'tf32']).describe('matmul precision'),
    parallelism: parallelismSchema,
    batch: batchSchema,
    steps: positiveInt('training steps simulated').default(10),
    attention: z.enum(['flash', 'standard']).default('flash').describe('attention kernel: flash does not store the score matrix'),
    optimizer: z.enum(['adam']).default('adam').describe('Adam with fp32 master weights (the only one so far)'),
    overlapGradReduce: z.boolean().default(true).describe('overlap the data-parallel gradient reduction with the backward pass'),
    overlapTpComm: z
      .boolean()
      .optional()
      .describe('overlap the backward tensor-parallel collective of each column-parallel linear with its GEMMs (Megatron-LM since late 2021; the default); false: the synchronous backward all-reduces of the April-2021 code (SC21)'),
    dpCollectives: z
      .enum(['fabric', 'closed-form'])
      .default('fabric')
      .describe('under fidelity flow: time the data-parallel gradient collectives on the fabric topology (flow backend, all groups of a stage at once) or with the closed-form tier cost; analytical fidelity always uses the closed form'),
    placement: placementSchema.optional(),
    ...timeToTrainFields,
    ...storageWorkloadFields,
    goodput: goodputSchema.optional(),
  })
  .superRefine((w, ctx) => {
    for (const i of timeToTrainIssues(w)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message, params: { clustersim: i.code, hint: i.hint } });
  }, { when: () => true });

const lengthSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed'), tokens: positiveInt('tokens of every request') }),
    z.strictObject({ kind: z.literal('uniform'), min: positiveInt('fewest tokens'), max: positiveInt('most tokens') }),
    z.strictObject({
      kind: z.literal('lognormal'),
      median: z.number().positive().describe('median tokens'),
      sigma: z.number().min(0).describe('standard deviation of ln(tokens)'),
      min: positiveInt('clamp below').default(1),
      max: positiveInt('clamp above').optional(),
    }),
    z.strictObject({
      kind: z.literal('empirical'),
      trace: z.string().min(1).describe('Azure-format CSV whose column (ContextTokens for prompt, GeneratedTokens for output) is drawn from; prompt and output from the same trace are drawn as pairs'),
    }),
  ])
  .describe('a token-length distribution: fixed, uniform, lognormal or empirical (a trace column)');

const traceSourceSchema = z
  .strictObject({
    trace: z.string().min(1).describe('Azure-format CSV (TIMESTAMP,ContextTokens,GeneratedTokens), relative to the scenario file'),
    speedup: z.number().positive().default(1).describe('time scale: 2 replays twice as fast'),
    window: z
      .strictObject({
        start: qty('time', { min: 0, description: 'trace time to start at (since the first row)', example: '0 s' }).optional(),
        end: qty('time', { positive: true, description: 'trace time to stop before', example: '10 min' }).optional(),
      })
      .optional(),
    loop: positiveInt('replay the (windowed) trace this many times back to back').default(1),
    skipBadRows: z.boolean().default(false).describe('drop malformed rows and count them instead of failing'),
  })
  .describe('replay a request trace');

const syntheticSourceSchema = z
  .strictObject({
    synthetic: z.strictObject({
      arrivals: z.strictObject({
        kind: z.enum(['poisson', 'gamma', 'constant', 'profile']).default('poisson'),
        rate: z.number().positive().optional().describe('requests per second (not with kind: profile)'),
        cv: z.number().positive().default(1).describe('gamma: coefficient of variation of the gaps (> 1 bursty)'),
        profile: z
          .array(z.strictObject({
            at: qty('time', { min: 0, description: 'time into the period (0 = midnight)', example: '8 h' }),
            rate: z.number().min(0).describe('requests per second from here on'),
          }))
          .min(1)
          .optional()
          .describe('kind profile: a rate that changes over the day (a Poisson process with this rate table, by thinning); the first point at 0'),
        period: qty('time', { positive: true, description: 'the profile repeats with this period', example: '24 h' }).default(86_400),
        interpolation: z.enum(['step', 'linear']).default('step').describe('profile: hold each rate to the next point, or interpolate'),
      }),
      prompt: lengthSchema,
      output: lengthSchema,
      count: positiveInt('requests generated'),
    }),
  })
  .describe('synthetic traffic: an arrival process and length distributions, drawn from the scenario seed');

const sloSchema = z.strictObject({
  ttft: qty('time', { positive: true, description: 'time to first token objective', example: '2 s' }).optional(),
  tpot: qty('time', { positive: true, description: 'time per output token objective', example: '100 ms' }).optional(),
});

const requestSourceSchema = z.union([traceSourceSchema, syntheticSourceSchema]);

const requestClassSchema = z
  .strictObject({
    name: z.string().min(1).describe('class (tenant) name, unique in the workload'),
    source: requestSourceSchema,
    priority: z.number().int().default(0).describe('higher is admitted first and preempted last'),
    slo: sloSchema.optional().describe('this class\'s latency objective; its goodput counts the requests that meet it'),
  })
  .describe('one request class (tenant): its own traffic, priority and objective');

type SourceIn = z.output<typeof requestSourceSchema>;

/** Cross-field checks of one request source; `at` is its path in the workload. */
function sourceIssues(src: SourceIn, at: (string | number)[], ctx: z.RefinementCtx): void {
  const win = 'trace' in src ? src.window : undefined;
  if (win?.start !== undefined && win.end !== undefined && win.end <= win.start) {
    ctx.addIssue({ code: 'custom', path: [...at, 'window', 'end'], message: 'window.end must be after window.start', params: { clustersim: 'inconsistent', hint: 'swap them' } });
  }
  const arr = 'synthetic' in src ? src.synthetic.arrivals : undefined;
  const syn = [...at, 'synthetic', 'arrivals'];
  if (arr !== undefined && arr.kind === 'profile') {
    const p = arr.profile;
    if (p === undefined) ctx.addIssue({ code: 'custom', path: [...syn, 'profile'], message: 'kind profile needs a profile: a list of { at, rate }', params: { clustersim: 'inconsistent', hint: 'profile: [{ at: 0 h, rate: 2 }, { at: 8 h, rate: 10 }]' } });
    if (arr.rate !== undefined) ctx.addIssue({ code: 'custom', path: [...syn, 'rate'], message: 'kind profile takes its rates from profile, not rate', params: { clustersim: 'inconsistent', hint: 'remove rate' } });
    const bad = p === undefined ? -1 : p.findIndex((q, i) => (i === 0 ? q.at !== 0 : !(q.at > p[i - 1]!.at)) || q.at >= arr.period);
    if (p !== undefined && bad >= 0) ctx.addIssue({ code: 'custom', path: [...syn, 'profile', bad, 'at'], message: 'profile times must start at 0, increase, and stay inside the period', params: { clustersim: 'inconsistent', hint: 'sort the points; the first at 0 h' } });
    if (p !== undefined && !p.some((q) => q.rate > 0)) ctx.addIssue({ code: 'custom', path: [...syn, 'profile'], message: 'every profile rate is 0', params: { clustersim: 'inconsistent', hint: 'give one rate > 0' } });
  } else if (arr !== undefined && arr.rate === undefined) {
    ctx.addIssue({ code: 'custom', path: [...syn, 'rate'], message: `kind ${arr.kind} needs rate (requests per second)`, params: { clustersim: 'inconsistent', hint: 'rate: 10' } });
  } else if (arr?.profile !== undefined) {
    ctx.addIssue({ code: 'custom', path: [...syn, 'profile'], message: 'profile applies to kind: profile only', params: { clustersim: 'inconsistent', hint: 'kind: profile' } });
  }
  const lengths = 'synthetic' in src ? [['prompt', src.synthetic.prompt], ['output', src.synthetic.output]] as const : [];
  for (const [key, l] of lengths) {
    if ((l.kind === 'uniform' && l.max < l.min) || (l.kind === 'lognormal' && l.max !== undefined && l.max < l.min)) {
      ctx.addIssue({ code: 'custom', path: [...at, 'synthetic', key, 'max'], message: `${key}.max is below ${key}.min`, params: { clustersim: 'inconsistent', hint: 'swap them' } });
    }
  }
}

export const inferenceWorkloadSchema = z
  .strictObject({
    name: jobName,
    kind: z.literal('inference'),
    model: z
      .union([z.string().min(1).describe('model id: a file scenarios/models/<id>.yaml'), inlineModelSchema])
      .describe('a model id, or the architecture written inline'),
    replicas: positiveInt('serving replicas (default 1)').optional(),
    disaggregation: z
      .strictObject({
        prefillReplicas: positiveInt('replicas that only prefill prompts'),
        decodeReplicas: positiveInt('replicas that only decode, after the KV cache moves to them'),
      })
      .optional()
      .describe('disaggregated prefill/decode pools (Splitwise, DistServe) in place of `replicas`; each replica has the job\'s tp x pp'),
    parallelism: z
      .strictObject({
        tp: positiveInt('tensor-parallel degree inside a replica').default(1),
        pp: positiveInt('pipeline stages inside a replica').default(1),
        ep: positiveInt('expert parallelism of a mixture-of-experts model: ep groups of tp x pp devices, data-parallel attention, routed experts split over the groups').optional(),
      })
      .prefault({})
      .describe('devices per replica = tp x pp x ep, in one scale-up domain'),
    precision: z
      .strictObject({
        weights: z.enum(['bf16', 'fp8', 'int4']).default('bf16'),
        kv: z.enum(['bf16', 'fp8']).default('bf16'),
        compute: z.enum(['bf16', 'fp8']).default('bf16'),
      })
      .prefault({}),
    scheduler: z
      .strictObject({
        name: z.enum(['continuous', 'chunked-prefill', 'static']).default('continuous').describe('continuous (vLLM), chunked-prefill (Sarathi-Serve) or static batching'),
        maxSeqs: positiveInt('most sequences per iteration (vLLM max_num_seqs; default 256)').optional(),
        maxBatchedTokens: positiveInt('most tokens per iteration (default 8192 continuous, 2048 chunked-prefill)').optional(),
        preemption: z.enum(['recompute', 'swap']).default('recompute').describe('what happens to a sequence pushed out when KV blocks run out'),
        priorityPreemption: z.boolean().default(false).describe('vLLM\'s priority policy: a waiting request of a higher class priority that does not fit preempts lower-priority running ones (recomputed); default false, priority only orders admission'),
      })
      .prefault({}),
    router: z.enum(['round-robin', 'least-outstanding', 'session-affinity']).default('least-outstanding'),
    source: requestSourceSchema.optional().describe('where requests come from (or `classes`)'),
    classes: z.array(requestClassSchema).min(1).optional().describe('several request classes (tenants), each with its own source, priority and slo, in place of `source`'),
    slo: sloSchema.optional().describe('latency objective per request; goodput counts the requests that meet it'),
    placement: placementSchema.optional(),
  })
  .superRefine((w, ctx) => {
    if (w.disaggregation !== undefined && w.replicas !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['replicas'], message: 'replicas and disaggregation both given; with disaggregation the replicas are prefillReplicas + decodeReplicas', params: { clustersim: 'inconsistent', hint: 'remove replicas' } });
    }
    if (w.disaggregation !== undefined && w.scheduler.name !== 'continuous') {
      ctx.addIssue({ code: 'custom', path: ['scheduler', 'name'], message: `disaggregated pools run whole-prompt prefills and decode-only batches; scheduler ${w.scheduler.name} does not apply`, params: { clustersim: 'inconsistent', hint: 'scheduler: { name: continuous }' } });
    }
    if (w.disaggregation !== undefined && w.router === 'session-affinity') {
      ctx.addIssue({ code: 'custom', path: ['router'], message: 'session-affinity routing is not modelled across prefill and decode pools', params: { clustersim: 'not-supported', hint: 'router: least-outstanding' } });
    }
    if (w.scheduler.priorityPreemption && w.scheduler.name === 'static') {
      ctx.addIssue({ code: 'custom', path: ['scheduler', 'priorityPreemption'], message: 'static batching runs a batch to its end; it does not preempt for priority', params: { clustersim: 'inconsistent', hint: 'scheduler: { name: continuous, priorityPreemption: true }' } });
    }
    if (w.scheduler.maxSeqs !== undefined && w.scheduler.maxBatchedTokens !== undefined && w.scheduler.maxBatchedTokens < w.scheduler.maxSeqs) {
      ctx.addIssue({ code: 'custom', path: ['scheduler', 'maxBatchedTokens'], message: `maxBatchedTokens (${w.scheduler.maxBatchedTokens}) is below maxSeqs (${w.scheduler.maxSeqs}), so a full decode batch would not fit`, params: { clustersim: 'inconsistent', hint: 'maxBatchedTokens >= maxSeqs' } });
    }
    if (w.source !== undefined) sourceIssues(w.source, ['source'], ctx);
    const seen = new Map<string, number>();
    w.classes?.forEach((c, i) => {
      sourceIssues(c.source, ['classes', i, 'source'], ctx);
      const first = seen.get(c.name);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['classes', i, 'name'], message: `class name "${c.name}" is already used by classes[${first}]`, params: { clustersim: 'inconsistent', hint: 'give each class its own name' } });
      else seen.set(c.name, i);
    });
  })
  // Runs even when other fields failed, so a missing source is reported next to (say) a missing model.
  .superRefine((w, ctx) => {
    if (typeof w !== 'object' || w === null) return;
    const o = w as { source?: unknown; classes?: unknown };
    if (o.source !== undefined && o.classes !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['classes'], message: 'source and classes both given; give one: a single source, or classes each with its own source', params: { clustersim: 'inconsistent', hint: 'move source into a class, or remove classes' } });
    } else if (o.source === undefined && o.classes === undefined) {
      // wrong-type, as zod reported the missing union before classes existed
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'expected a source (trace or synthetic), or classes', params: { clustersim: 'wrong-type', hint: 'source: { trace: FILE } or source: { synthetic: ... }' } });
    }
  }, { when: () => true })
  .describe('inference serving: replicas of a model behind a router, fed by a trace or synthetic traffic');

export const NCCL_OPS = ['all_reduce', 'all_gather', 'reduce_scatter', 'broadcast', 'reduce', 'alltoall', 'sendrecv'] as const;
export const COLLECTIVE_ALGORITHMS = ['auto', 'ring', 'tree', 'nvls', 'sharp', 'hierarchical', 'pairwise', 'direct'] as const;

/** More sizes than this is a typo in `factor` (8 B to 8 GiB in steps of 2 is 31). */
export const MAX_SWEEP_POINTS = 200;

const sizesSchema = z
  .strictObject({
    min: qty('bytes', { positive: true, description: 'smallest buffer (nccl-tests -b)', example: '8 B' }).prefault('8 B'),
    max: qty('bytes', { positive: true, description: 'largest buffer (nccl-tests -e)', example: '8 GiB' }).prefault('8 GiB'),
    factor: z.number().gt(1).default(2).describe('each size is the previous times this (nccl-tests -f)'),
  })
  .describe('message-size sweep: min, min x factor, ... up to max');

/** The sweep's sizes in bytes: min · factor^k ≤ max, whole bytes (nccl-tests -b/-e/-f). */
export function sweepSizes(min: number, max: number, factor: number): number[] {
  const out: number[] = [];
  // The relative slack keeps max itself when min · factor^k lands on it up to rounding (8 B · 2^30 = 8 GiB).
  for (let k = 0; out.length <= MAX_SWEEP_POINTS; k++) {
    const v = min * factor ** k;
    if (v > max * (1 + 1e-12)) break;
    const b = Math.floor(v + 1e-6);
    if (out.at(-1) !== b) out.push(b);
  }
  return out;
}

export const collectiveWorkloadSchema = z
  .strictObject({
    name: jobName,
    kind: z.literal('collective'),
    op: z.enum(NCCL_OPS).describe('the nccl-tests operation: all_reduce, all_gather, reduce_scatter, broadcast, reduce, alltoall, sendrecv'),
    ranks: z.number().int().min(2).optional().describe('ranks (one device each); default every device of the cluster, 2 for sendrecv'),
    ranksPerNode: positiveInt('ranks placed on each node before the next (mpirun -N); default every device of a node').optional(),
    sizes: sizesSchema.optional(),
    size: qty('bytes', { positive: true, description: 'one buffer size instead of a sweep', example: '1 GiB' }).optional(),
    algorithm: z.enum(COLLECTIVE_ALGORITHMS).default('auto').describe('auto chooses like NCCL by size, ranks and topology; or force one (NCCL_ALGO)'),
    channels: positiveInt('NCCL channels (parallel rings or trees); default one per NIC rail').optional(),
    placement: placementSchema.optional(),
  })
  .superRefine((w, ctx) => {
    if (w.size !== undefined && w.sizes !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['size'], message: 'give either size (one message) or sizes (a sweep), not both', params: { clustersim: 'inconsistent', hint: 'remove size, or remove sizes' } });
    }
    if (w.sizes !== undefined && w.sizes.min > w.sizes.max) {
      ctx.addIssue({ code: 'custom', path: ['sizes', 'min'], message: `sizes.min (${w.sizes.min} B) is larger than sizes.max (${w.sizes.max} B)`, params: { clustersim: 'inconsistent', hint: 'swap them, or raise sizes.max' } });
    } else if (w.sizes !== undefined && sweepSizes(w.sizes.min, w.sizes.max, w.sizes.factor).length > MAX_SWEEP_POINTS) {
      ctx.addIssue({ code: 'custom', path: ['sizes', 'factor'], message: `factor ${w.sizes.factor} gives more than ${MAX_SWEEP_POINTS} sizes between sizes.min and sizes.max`, params: { clustersim: 'bad-value', hint: 'use factor: 2 (nccl-tests -f 2), or narrow the range' } });
    }
  })
  .describe('an nccl-tests-like sweep of one collective over message sizes: time, algbw and busbw per size');

const workloadSchema = z.discriminatedUnion('kind', [trainingWorkloadSchema, collectiveWorkloadSchema, inferenceWorkloadSchema]);

export const REPORT_FORMATS = ['json', 'md', 'html'] as const;

const referenceSchema = z
  .strictObject({
    source: z.string().min(1).describe('the publication and table or figure'),
    metric: z.string().min(1).describe('dotted path into report.json, e.g. jobs.pretrain.tflopsPerGpu'),
    measured: z.number().describe('the published value'),
    unit: z.string().min(1).describe('unit of the published value, e.g. TFLOP/s'),
    tolerancePercent: z.number().positive().describe('allowed relative error, percent'),
  })
  .describe('validation cases only: the published measurement this scenario reproduces');

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).describe('scenario name, shown in reports'),
    description: z.string().default(''),
    seed: z.number().int().min(0).default(1).describe('seed of every random stream in the run'),
    cluster: clusterSchema,
    workloads: z.array(workloadSchema).min(1),
    fidelity: z.enum(['analytical', 'flow']).default('analytical').describe('analytical: closed forms; flow: discrete-event replay with flow-level network'),
    energy: energySchema.prefault({}),
    cost: costSchema.prefault({}),
    report: z.strictObject({ formats: z.array(z.enum(REPORT_FORMATS)).min(1).default([...REPORT_FORMATS]) }).prefault({}),
    expect: z.array(z.string().min(1)).default([]).describe('expressions over report.json checked after the run, e.g. jobs.pretrain.mfu > 0.3'),
    reference: referenceSchema.optional(),
  });

/** The top-level sections, e.g. for --set checks. */
export const SCENARIO_SECTIONS: readonly string[] = Object.keys(scenarioSchema.shape);

export type ParsedScenario = z.output<typeof scenarioSchema>;
export type ParsedTrainingWorkload = z.output<typeof trainingWorkloadSchema>;
export type ParsedCollectiveWorkload = z.output<typeof collectiveWorkloadSchema>;
export type ParsedInferenceWorkload = z.output<typeof inferenceWorkloadSchema>;
