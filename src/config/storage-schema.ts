/**
 * Scenario keys of the storage models (src/storage/): a training workload's `data:` (its input pipeline) and
 * `checkpoint:`, and the attachment keys of a `cluster.storage` entry (`network`, `prefixes`). Validation
 * (phase 2: the zod fields, and `storageRefIssues` for what needs the cluster and the catalog) and
 * normalisation (phase 3) of these keys live here, so scenario-schema.ts and normalize.ts only spread them in.
 *
 * Defaults and where they come from:
 *   data.prefetch 1          one step loaded ahead (double buffering): enough to hide a read shorter than the step
 *   data.readers             2 per device of the node: Megatron-LM's --num-workers default, one loader per rank
 *   checkpoint.mode sync     Megatron-LM saves synchronously unless --async-save is given
 *   checkpoint.retain 2      the newest checkpoint and the one before, so a write cut short never leaves none
 *   checkpoint.parallelSave  true: Megatron-Core's default fully parallel save (--no-ckpt-fully-parallel-save
 *                            turns it off)
 *   checkpoint.parallelLoad  false: Megatron-Core loads without the fully parallel exchange unless
 *                            --ckpt-fully-parallel-load is given
 */
import { z } from 'zod';
import type { Catalog } from '../hardware/profile-types.ts';
import type { CheckpointSpec, DataPipelineSpec } from '../storage/spec-types.ts';
import { didYouMean, type ErrorCode } from './errors.ts';
import type { PathSegment } from './document.ts';
import { parseQuantity } from './units.ts';
import { qty, positiveInt } from './zod-quantity.ts';


const dataSchema = z
  .strictObject({
    bytesPerSample: qty('bytes', { positive: true, description: 'bytes read from storage per sample (one sequence of the batch)', example: '2 MB' }).optional(),
    bytesPerToken: qty('bytes', { positive: true, description: 'bytes read per token of tokenised data (e.g. 4 for uint32 token ids)', example: '4 B' }).optional(),
    prefetch: z.number().int().min(0).default(1).describe('steps of data loaded ahead of the one being trained on; 0 reads each step\'s data when it starts'),
    readers: positiveInt('reader processes (one connection each) per node; default 2 per device (Megatron-LM --num-workers)').optional(),
    storage: z.string().min(1).describe('the storage profile id the data is read from; it must be listed in cluster.storage'),
    samplesPerFile: positiveInt('samples stored per file, when each file is opened on its own (one metadata open per file); leave out for large shards').optional(),
  })
  .superRefine((d, ctx) => {
    if ((d.bytesPerSample === undefined) === (d.bytesPerToken === undefined)) {
      const both = d.bytesPerSample !== undefined;
      ctx.addIssue({
        code: 'custom', path: both ? ['bytesPerToken'] : [],
        message: both ? 'give bytesPerSample or bytesPerToken, not both' : 'the data pipeline needs bytesPerSample or bytesPerToken',
        params: { clustersim: both ? 'inconsistent' : 'missing-key', hint: 'e.g. "bytesPerToken: 4" for uint32 token ids, or "bytesPerSample: 2 MB" for raw samples' },
      });
    }
  })
  .describe('the training data pipeline: what is read per sample, from which storage, with how much prefetch');

const STEPS = /^\s*(\d+)\s*steps?\s*$/i;

/** `every`: a number or "500 steps" is optimizer steps, a time ("30 min") is wall time of training. */
const everySchema = z
  .union([z.number(), z.string()])
  .meta({ description: 'checkpoint interval: optimizer steps (a number, or "500 steps") or training time ("30 min")', examples: ['30 min', 500] })
  .transform((v, ctx): CheckpointSpec['every'] => {
    const hint = 'write the interval as a number of steps (500, "500 steps") or a time ("30 min", "2 h")';
    const steps = typeof v === 'number' ? v : STEPS.exec(v)?.[1];
    if (steps !== undefined) {
      const n = Number(steps);
      if (Number.isInteger(n) && n > 0) return { steps: n };
      ctx.addIssue({ code: 'custom', message: `checkpoint interval ${String(v)} must be a whole number of steps above zero`, params: { clustersim: 'bad-value', hint } });
      return z.NEVER;
    }
    const t = parseQuantity(v, 'time');
    if (!t.ok || !(t.value > 0)) {
      ctx.addIssue({ code: 'custom', message: t.ok ? `checkpoint interval ${v} must be longer than zero` : `"${v}" is neither a number of steps nor a time`, params: { clustersim: 'bad-value', hint } });
      return z.NEVER;
    }
    return { seconds: t.value };
  });

const checkpointSchema = z
  .strictObject({
    every: everySchema,
    mode: z.enum(['sync', 'async']).default('sync').describe('sync: training waits for the write; async: it waits only for the copy to host memory, then the write drains while training goes on'),
    storage: z.string().min(1).describe('the storage profile id checkpoints are written to; it must be listed in cluster.storage'),
    retain: positiveInt('checkpoints kept at once (the retained capacity is retain x one checkpoint)').default(2),
    parallelSave: z.boolean().default(true).describe('state the data-parallel replicas share is written by all of them, a slice each (Megatron-Core fully parallel save); false: by the first replica only'),
    parallelLoad: z.boolean().default(false).describe('on restore, each rank reads a slice of the shared state and the replicas exchange it (Megatron-Core --ckpt-fully-parallel-load); false: each rank reads all it holds'),
  })
  .describe('periodic checkpoints: interval, mode, storage and retention');

/** Spread into the training workload schema. */
export const storageWorkloadFields = { data: dataSchema.optional(), checkpoint: checkpointSchema.optional() };

/** Spread into a cluster.storage entry. */
export const storageEntryFields = {
  network: z.enum(['compute', 'frontend']).optional().describe('the network nodes reach this storage over: the compute fabric (default) or the front-end / storage network (the node profile\'s storageNics)'),
  prefixes: positiveInt('object-store: prefixes a job\'s objects are spread over (request rates are per prefix); default 1').optional(),
};

type ParsedData = z.output<typeof dataSchema>;
type ParsedCheckpoint = z.output<typeof checkpointSchema>;

export function normalizeData(d: ParsedData, sequenceLength: number): DataPipelineSpec {
  return {
    bytesPerSample: d.bytesPerSample ?? d.bytesPerToken! * sequenceLength,
    prefetch: d.prefetch,
    readers: d.readers ?? null,
    storage: d.storage,
    samplesPerFile: d.samplesPerFile ?? null,
  };
}

export function normalizeCheckpoint(c: ParsedCheckpoint): CheckpointSpec {
  return { every: { ...c.every }, mode: c.mode, storage: c.storage, retain: c.retain, parallelSave: c.parallelSave, parallelLoad: c.parallelLoad };
}

export interface StorageRefIssue {
  code: ErrorCode;
  path: PathSegment[];
  message: string;
  hint: string;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * Phase 2 checks that need the whole file: a workload's data.storage and checkpoint.storage name a
 * cluster.storage entry, and storage on the front-end network has nodes with storage NICs to reach it.
 * Works on the raw data, like resolve-refs.ts; unknown profile ids there are reported by resolve-refs.
 */
export function storageRefIssues(data: unknown, catalog: Catalog): StorageRefIssue[] {
  const out: StorageRefIssue[] = [];
  const cluster = obj(obj(data)?.cluster) ?? {};
  const listed = list(cluster.storage).map((s) => obj(s)?.profile).filter((p): p is string => typeof p === 'string');
  list(cluster.storage).forEach((s, i) => {
    if (obj(s)?.network !== 'frontend') return;
    for (const g of list(cluster.nodes)) {
      const id = obj(g)?.profile;
      const node = typeof id === 'string' ? catalog.nodes.get(id) : undefined;
      if (node !== undefined && node.storageNics === undefined) {
        out.push({ code: 'not-supported', path: ['cluster', 'storage', i, 'network'], message: `node profile "${node.id}" describes no storage NICs, so storage on the front-end network has no bandwidth to use`, hint: 'use network: compute, or add storageNics to the node profile' });
        return;
      }
    }
  });
  list(obj(data)?.workloads).forEach((w, i) => {
    for (const key of ['data', 'checkpoint'] as const) {
      const id = obj(obj(w)?.[key])?.storage;
      if (typeof id !== 'string' || id === '' || listed.includes(id)) continue;
      const known = catalog.storage.has(id);
      out.push({
        code: known ? 'inconsistent' : 'unknown-profile',
        path: ['workloads', i, key, 'storage'],
        message: known ? `storage "${id}" is not in cluster.storage` : `unknown storage "${id}"`,
        hint: known ? `add "- { profile: ${id} }" under cluster.storage` : didYouMean(id, listed) || (listed.length > 0 ? `cluster.storage lists ${listed.join(', ')}` : 'list the storage under cluster.storage first'),
      });
    }
  });
  return out;
}
