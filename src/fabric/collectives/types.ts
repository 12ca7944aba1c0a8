/**
 * The collective-algorithm contract. An algorithm turns one collective call (operation, participating
 * GPUs, buffer size) into transfers on a NetworkBackend, as a kernel process whose value is the elapsed
 * time. One file per algorithm in this folder, a registry by name (registry.ts), an NCCL-like automatic
 * choice (choose.ts), and one shared conformance suite run against every algorithm.
 *
 * Sizes follow nccl-tests (doc/PERFORMANCE.md): `bytes` is the buffer size S — the full reduced vector for
 * all-reduce / reduce / broadcast, the full gathered output for all-gather, the full input for
 * reduce-scatter, the total sent by each rank for all-to-all. algbw = S / t; busbw = algbw × factor with
 * factor 2(n−1)/n for all-reduce, (n−1)/n for all-gather, reduce-scatter and all-to-all, 1 for broadcast,
 * reduce and send/recv.
 */
import type { FabricProfile } from '../../hardware/profile-types.ts';
import type { ProcessGenerator, Simulation } from '../../sim/index.ts';
import type { NetworkBackend } from '../backend/types.ts';
import type { Protocol } from './protocol.ts';

export type CollectiveOp = 'all-reduce' | 'reduce-scatter' | 'all-gather' | 'broadcast' | 'reduce' | 'all-to-all' | 'send-recv';

export type AlgorithmName = 'ring' | 'tree' | 'hierarchical' | 'nvls' | 'sharp' | 'pairwise' | 'direct';

export interface CollectiveCall {
  op: CollectiveOp;
  /** participating GPUs (global ranks), in rank order; for send-recv exactly [src, dst] */
  ranks: number[];
  bytes: number;
  /** root rank (an element of ranks) for broadcast and reduce; default ranks[0] */
  root?: number;
  /** 'auto' (default) chooses like NCCL by size, rank count and topology */
  algorithm?: AlgorithmName | 'auto';
  /** NCCL channels (parallel rings/trees); default: one per NIC rail the ranks' nodes have */
  channels?: number;
  job?: string;
}

/** NCCL environment settings that change its timing (protocol.ts); an absent field is NCCL's default */
export interface NcclSettings {
  /** NCCL_PROTO: protocols NCCL may choose from */
  protocols?: readonly Protocol[];
  /** NCCL_BUFFSIZE: bytes of buffer per channel and peer, which sets the Simple chunk */
  bufferBytes?: number;
}

export interface CollectiveContext {
  sim: Simulation;
  backend: NetworkBackend;
  /** the fabric profiles in use, for per-step latency and in-network reduction support */
  scaleUp: FabricProfile | null;
  scaleOut: FabricProfile | null;
  /** the cluster's NCCL settings; absent: NCCL's defaults (protocol.ts NCCL_DEFAULTS) */
  nccl?: NcclSettings;
}

export interface CollectiveAlgorithm {
  readonly name: AlgorithmName;
  supports(op: CollectiveOp): boolean;
  /** whether the hardware and the rank set allow it (e.g. NVLS needs one NVSwitch domain with inNetworkReduction) */
  applicable(ctx: CollectiveContext, call: CollectiveCall): boolean;
  /** the process to run: yields kernel events, returns elapsed seconds */
  run(ctx: CollectiveContext, call: CollectiveCall): ProcessGenerator<number>;
}

/** nccl-tests bus-bandwidth factor: busbw = algbw × busFactor(op, n). */
export function busFactor(op: CollectiveOp, n: number): number {
  if (n <= 1) return 0;
  switch (op) {
    case 'all-reduce':
      return (2 * (n - 1)) / n;
    case 'all-gather':
    case 'reduce-scatter':
    case 'all-to-all':
      return (n - 1) / n;
    default:
      return 1;
  }
}
