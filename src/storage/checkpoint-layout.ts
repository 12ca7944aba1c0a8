/**
 * What a training job's checkpoint holds and which rank writes and reads how much of it.
 *
 * State (P parameters, shape.ts; P_e of them routed experts, P_d = P − P_e dense; e bytes per weight, 2 for
 * bf16/fp16/fp8 and 4 for fp32/tf32; o optimizer bytes per parameter, Adam's fp32 master weights, m and v: 12,
 * or 8 when the weights are already fp32; memory.ts):
 *   checkpoint size          S = P · (e + o)          weights and optimizer state; gradients are not saved
 * Layout over D = dp·tp·pp·cp ranks, mp = tp·pp model-parallel ranks, G = dp·cp data-parallel replicas (the
 * routed experts are split over ep more ranks and replicated over G/ep):
 *   a state sharded by ZeRO  (optimizer state from ZeRO-1, weights from ZeRO-3) is held once, P·b/D per rank;
 *   a replicated state       is held by every replica: P_d·b/mp + P_e·b/(mp·ep) per rank.
 * Writes (each rank writes its own file):
 *   parallelSave (Megatron-Core's fully parallel save, its default): the replicas split what they share, so
 *     every rank writes S/D;
 *   otherwise: sharded state as held; replicated state by the first replica only (data-parallel index 0,
 *     context index 0; for the routed experts the first ep data-parallel indices), as torch.save from
 *     data-parallel rank 0 did.
 * Restore: every rank reads the state it holds (Megatron-Core loads without the fully parallel exchange by
 * default), so the replicated state is read G times; with parallelLoad each rank reads S/D and the replicas
 * exchange the rest over the fabric (the exchange is not timed here).
 * Ranks sit on nodes in rank order, devicesPerNode to a node (packed placement); ranks of one stage are
 * taken as equal (the embedding on the first and last pipeline stages is spread evenly, not modelled).
 */
import type { TrainingWorkload } from '../config/scenario-types.ts';
import { optimizerBytesPerParam } from '../workload/training/memory.ts';
import { strides } from '../workload/training/placement.ts';
import { activationBytes, expertParamsPerRank, totalParams } from '../workload/training/shape.ts';

export interface CheckpointLayout {
  /** S: bytes of one checkpoint */
  bytes: number;
  /** ranks that write a share */
  writers: number;
  maxRankBytes: number;
  maxNodeBytes: number;
  /** writers on the busiest node */
  writersOnBusiestNode: number;
  nodes: number;
  /** bytes each rank reads on restore, and all ranks together */
  restoreBytesPerRank: number;
  restoreBytes: number;
  /** ranks on the fullest node */
  ranksPerNode: number;
}

export function checkpointLayout(job: TrainingWorkload, devicesPerNode: number, parallelSave: boolean, parallelLoad = false): CheckpointLayout {
  const p = job.parallelism;
  const m = job.model;
  const P = totalParams(m);
  const Pe = expertParamsPerRank(m, 1, 1);
  const Pd = P - Pe;
  const e = activationBytes(job.precision);
  const o = optimizerBytesPerParam(job);
  const D = p.dp * p.tp * p.pp * p.cp;
  const mp = p.tp * p.pp;
  const bytes = P * (e + o);
  const held = (b: number, sharded: boolean) => (sharded ? (P * b) / D : (Pd * b) / mp + (Pe * b) / (mp * p.ep));
  const restoreBytesPerRank = parallelLoad ? bytes / D : held(e, p.zero >= 3) + held(o, p.zero >= 1);
  const nodes = Math.ceil(D / devicesPerNode);

  const st = strides(p);
  // Bytes rank r writes without parallel save: its ZeRO shards, plus the replicated state if it is in the first replica.
  const shardedBytes = ((p.zero >= 3 ? e : 0) + (p.zero >= 1 ? o : 0)) * (P / D);
  const replicatedPerParam = (p.zero >= 3 ? 0 : e) + (p.zero >= 1 ? 0 : o);
  const rankBytes = (r: number): number => {
    if (parallelSave) return bytes / D;
    const dpIdx = Math.floor(r / st.dp) % p.dp;
    const cpIdx = Math.floor(r / st.cp) % p.cp;
    const first = cpIdx === 0;
    const dense = first && dpIdx === 0 ? (Pd * replicatedPerParam) / mp : 0;
    const experts = first && dpIdx < p.ep ? (Pe * replicatedPerParam) / (mp * p.ep) : 0;
    return shardedBytes + dense + experts;
  };

  let writers = 0;
  let maxRankBytes = 0;
  let maxNodeBytes = 0;
  let writersOnBusiestNode = 0;
  for (let n = 0; n < nodes; n++) {
    let nodeBytes = 0;
    let nodeWriters = 0;
    for (let r = n * devicesPerNode; r < Math.min(D, (n + 1) * devicesPerNode); r++) {
      const b = rankBytes(r);
      if (b <= 0) continue;
      nodeBytes += b;
      nodeWriters++;
      maxRankBytes = Math.max(maxRankBytes, b);
    }
    writers += nodeWriters;
    if (nodeBytes > maxNodeBytes) {
      maxNodeBytes = nodeBytes;
      writersOnBusiestNode = nodeWriters;
    }
  }
  return {
    bytes, writers, maxRankBytes, maxNodeBytes, writersOnBusiestNode, nodes,
    restoreBytesPerRank, restoreBytes: restoreBytesPerRank * D, ranksPerNode: Math.min(D, devicesPerNode),
  };
}
