/**
 * Whether a replica spec can run at all, and what to change when it cannot. The first problem found is
 * returned as a message and an actionable hint; `null` means the spec is valid and at least one KV block fits.
 *
 * Does-not-fit hints are computed, not guessed: each candidate change (tp doubled, up to the number of
 * attention heads; a narrower weight precision; pp doubled) is re-sized with memory.ts and offered only if
 * it leaves at least one KV block (memory only; a tp or pp hint on a spec without a fabric says one is
 * needed). A doubled tp keeps the same scale-up fabric, so the caller must check
 * that the fabric's domain holds that many devices (the spec does not carry the domain size).
 */
import { matmulPeak } from '../../../hardware/compute.ts';
import type { ReplicaSpec, WeightPrecision } from '../types.ts';
import { kvBlocks, kvCacheBytesPerGpu, weightsBytesPerGpu, workspaceBytesPerGpu, type ReplicaOptions } from './memory.ts';

export interface ReplicaFitIssue {
  message: string;
  hint: string;
}

const NARROWER: Record<WeightPrecision, WeightPrecision[]> = { bf16: ['fp8', 'int4'], fp16: ['fp8', 'int4'], fp8: ['int4'], int4: [] };

function gb(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

function isPositiveInt(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

function structuralIssue(spec: ReplicaSpec): ReplicaFitIssue | null {
  const m = spec.model;
  if (!isPositiveInt(spec.tp) || !isPositiveInt(spec.pp)) {
    return { message: `tp (${spec.tp}) and pp (${spec.pp}) must be positive integers`, hint: 'tp: 1, pp: 1' };
  }
  if (m.attentionHeads % spec.tp !== 0) {
    const ok = [1, 2, 4, 8, 16, 32, 64].filter((t) => m.attentionHeads % t === 0 && t <= m.attentionHeads);
    return { message: `tp ${spec.tp} does not divide the ${m.attentionHeads} attention heads of ${m.name}`, hint: `tp one of ${ok.join(', ')}` };
  }
  const ep = spec.ep ?? 1;
  if (!isPositiveInt(ep)) return { message: `ep (${ep}) must be a positive integer`, hint: 'ep: 1' };
  if (ep > 1 && m.moe === undefined) {
    return { message: `ep ${ep} needs a mixture-of-experts model, but ${m.name} has no moe block`, hint: 'ep: 1' };
  }
  if (m.moe !== undefined && m.moe.experts % ep !== 0) {
    const ok = [1, 2, 4, 8, 16, 32, 64].filter((e) => m.moe!.experts % e === 0);
    return { message: `ep ${ep} does not divide the ${m.moe.experts} experts of ${m.name} (each ep group holds a whole number of them)`, hint: `ep one of ${ok.join(', ')}` };
  }
  if (ep > 1 && spec.scaleUp === null) {
    return { message: `ep ${ep} needs a scale-up fabric for its all-to-alls, but scaleUp is null`, hint: "give the node's scale-up fabric (e.g. nvlink4-nvswitch) or ep: 1" };
  }
  if (spec.pp > m.layers) {
    return { message: `pp ${spec.pp} exceeds the ${m.layers} layers of ${m.name}`, hint: `pp <= ${m.layers}` };
  }
  if ((spec.tp > 1 || spec.pp > 1) && spec.scaleUp === null) {
    return {
      message: `tp ${spec.tp} / pp ${spec.pp} needs a scale-up fabric for its all-reduces and stage sends, but scaleUp is null`,
      hint: "give the node's scale-up fabric (e.g. nvlink4-nvswitch) or tp: 1, pp: 1",
    };
  }
  const peak = matmulPeak(spec.accelerator, spec.computePrecision);
  if (peak === undefined || !(peak > 0)) {
    return { message: `${spec.accelerator.name} has no published ${spec.computePrecision} matmul rate`, hint: 'computePrecision: bf16' };
  }
  if (!isPositiveInt(spec.blockTokens)) return { message: `blockTokens ${spec.blockTokens} must be a positive integer`, hint: 'blockTokens: 16' };
  if (!(spec.memoryFraction > 0 && spec.memoryFraction <= 1)) {
    return { message: `memoryFraction ${spec.memoryFraction} must be in (0, 1]`, hint: 'memoryFraction: 0.9' };
  }
  return null;
}

/** Memory only: a hint may propose tp > 1 on a spec that has no fabric yet (the hint then says so). */
function fits(spec: ReplicaSpec, opts: ReplicaOptions): boolean {
  return spec.model.attentionHeads % spec.tp === 0 && spec.pp <= spec.model.layers && kvBlocks(spec, opts) >= 1;
}

function fitHints(spec: ReplicaSpec, opts: ReplicaOptions): string[] {
  const hints: string[] = [];
  for (let tp = spec.tp * 2; tp <= spec.model.attentionHeads; tp *= 2) {
    if (fits({ ...spec, tp }, opts)) {
      hints.push(`tp ${spec.tp} -> ${tp}${spec.scaleUp === null ? ' (with a scale-up fabric)' : ''}`);
      break;
    }
  }
  for (const p of NARROWER[spec.weightPrecision]) {
    if (fits({ ...spec, weightPrecision: p }, opts)) {
      hints.push(`weightPrecision: ${p}`);
      break;
    }
  }
  const experts = spec.model.moe?.experts ?? 1;
  for (let ep = (spec.ep ?? 1) * 2; ep <= experts; ep *= 2) {
    if (experts % ep === 0 && fits({ ...spec, ep }, opts)) {
      hints.push(`ep ${spec.ep ?? 1} -> ${ep}${spec.scaleUp === null ? ' (with a scale-up fabric)' : ''}`);
      break;
    }
  }
  for (let pp = spec.pp * 2; pp <= spec.model.layers; pp *= 2) {
    if (fits({ ...spec, pp }, opts)) {
      hints.push(`pp ${spec.pp} -> ${pp}${spec.scaleUp === null ? ' (with a scale-up fabric)' : ''}`);
      break;
    }
  }
  return hints;
}

export function replicaFitIssue(spec: ReplicaSpec, opts: ReplicaOptions = {}): ReplicaFitIssue | null {
  const structural = structuralIssue(spec);
  if (structural !== null) return structural;
  if (kvBlocks(spec, opts) >= 1) return null;
  const usable = spec.accelerator.memory.capacityBytes * spec.memoryFraction;
  const free = kvCacheBytesPerGpu(spec, opts);
  const what = free < 0 ? 'weights and workspace exceed' : 'no room for one KV block in';
  const hints = fitHints(spec, opts);
  return {
    message:
      `${spec.model.name} (${spec.weightPrecision}, tp ${spec.tp}, pp ${spec.pp}${(spec.ep ?? 1) > 1 ? `, ep ${spec.ep}` : ''}) does not fit on ${spec.accelerator.name}: ` +
      `${what} the usable memory per GPU (weights ${gb(weightsBytesPerGpu(spec))} + workspace ${gb(workspaceBytesPerGpu(spec, opts))}` +
      ` vs ${gb(usable)} = ${gb(spec.accelerator.memory.capacityBytes)} × memoryFraction ${spec.memoryFraction})`,
    hint: hints.length > 0 ? hints.join(' or ') : 'use a device with more memory',
  };
}
