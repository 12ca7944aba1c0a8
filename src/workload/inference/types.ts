/**
 * Contracts of the inference layer (issue 5). Requests come from a source (a trace file streamed with
 * csv-parse, or a synthetic arrival process) in arrival order, in batches, so a trace of millions of rows
 * never sits in memory whole; routers pick a replica; a replica's scheduler forms engine iterations
 * (batches) under its KV-cache budget; the replica model says how long an iteration takes.
 * All times are seconds of simulated time, sizes bytes, lengths tokens.
 */
import type { AcceleratorProfile, FabricProfile } from '../../hardware/profile-types.ts';
import type { ModelArchitecture } from '../training/model-types.ts';

export interface InferenceRequest {
  /** 0-based, in arrival order; unique within a source */
  id: number;
  arrivalSeconds: number;
  promptTokens: number;
  outputTokens: number;
  /** request class / tenant name (objectives and priorities are per class) */
  tenant: string;
  /** the class's scheduling priority, higher admitted first and preempted last; absent = 0 */
  priority?: number;
  /** conversation id for session-affinity routing; -1 when unknown */
  session: number;
}

/** Requests in arrival order, a batch at a time; `null` once exhausted. */
export interface RequestSource {
  readonly description: string;
  nextBatch(): Promise<InferenceRequest[] | null>;
}

export type WeightPrecision = 'bf16' | 'fp16' | 'fp8' | 'int4';
export type KvPrecision = 'bf16' | 'fp16' | 'fp8';

export interface ReplicaSpec {
  model: ModelArchitecture;
  accelerator: AcceleratorProfile;
  /** tensor parallelism inside the replica (all GPUs in one scale-up domain) */
  tp: number;
  /** pipeline stages inside the replica */
  pp: number;
  /** expert parallelism of an MoE model (replica/moe.ts): ep groups of tp × pp devices, data-parallel attention,
   * routed experts split E/ep per group; absent = 1 */
  ep?: number;
  weightPrecision: WeightPrecision;
  kvPrecision: KvPrecision;
  /** matmul precision of the engine (fp8 engines run fp8 matmuls) */
  computePrecision: 'bf16' | 'fp16' | 'fp8';
  /** the scale-up fabric the TP collectives use; null for tp = 1 */
  scaleUp: FabricProfile | null;
  /** tokens per paged-KV block (vLLM default 16) */
  blockTokens: number;
  /** fraction of device memory the engine may use for weights + KV + activations (vLLM default 0.9) */
  memoryFraction: number;
}

/** One sequence's share of an engine iteration. */
export interface BatchEntry {
  requestId: number;
  /** tokens processed this iteration: a prompt chunk (prefill) or 1 (decode) */
  tokens: number;
  /** tokens already in the KV cache for this sequence before this iteration */
  contextTokens: number;
  phase: 'prefill' | 'decode';
}

export interface ReplicaModel {
  readonly spec: ReplicaSpec;
  /** weights per GPU, bytes */
  readonly weightsBytesPerGpu: number;
  /** KV-cache bytes per token per GPU (all layers on this GPU, K and V) */
  readonly kvBytesPerTokenPerGpu: number;
  /** paged KV blocks available per replica after weights and activation workspace */
  readonly kvBlocks: number;
  /** wall time of one engine iteration over these entries (prefill and decode mixed), seconds */
  iterationSeconds(entries: readonly BatchEntry[]): number;
}
