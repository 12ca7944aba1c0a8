/**
 * Memory of each pipeline stage's rank at its peak, and the job's peak (the largest stage).
 *
 * Model state of rank r, N_r = parameters it holds (MoE layers: the rank's ep share of the routed experts) (its chunks' layers per tp rank, plus the embedding on
 * the first virtual stage and the final norm and logits layer on the last; with pp > 1 a tied embedding is
 * held twice, as Megatron-LM does), G = dp × cp ranks sharing the weights:
 *   weights    e·N_r          (÷ G under ZeRO-3/FSDP, plus two layers' gathered weights: the one in use
 *                              and the one being prefetched)
 *   gradients  g·N_r          (÷ G under ZeRO-2 and 3; g = 4 for the fp32 main_grad, 2 for fp16, shape.ts)
 *   optimizer  12·N_r         (fp32 master, m, v; 8 for fp32 weights; ÷ G under ZeRO ≥ 1)
 *   (sharding divides routed-expert weights by G/ep, the ranks holding the same experts)
 * Activations: the schedule decides how many micro-batches a rank holds at once (schedule.ts
 * inFlightPeak: a forward adds one, a backward releases it). At the peak of rank r's order, chunk c holds
 * n_c micro-batches of its layers' activations (memory.ts, by recomputation mode):
 *   A_r = Σ_c n_c · (L_c · a_layer + a_head if chunk c holds the logits layer)
 *   (+ one layer's full activations while it is recomputed, under full recomputation)
 * which gives Korthikanti et al. 2022 §4.2: 1F1B's first stage holds p micro-batches of L/p layers
 * (= L layers of one micro-batch), interleaving (1 + (p − 1)/(p·v)) times that, GPipe m micro-batches.
 * zero-bubble (ZB-H1) keeps the 1F1B limit. Other: the workspace allowance (memory.ts) and, on the last
 * stage, the e-byte logits beside their fp32 copy.
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import type { MemoryBreakdown, StageMemory } from '../../metrics/result-types.ts';
import { headActivationBytes, layerActivationBytes, optimizerBytesPerParam, WORKSPACE_ALLOWANCE_BYTES } from './memory.ts';
import { inFlightPeak, scheduleOrder } from './schedule.ts';
import { expertParamsPerRank, headParamsPerRank, layerCounts, layerKindOf, layerParamsPerRank, layerShape, type LayerKind } from './shape.ts';
import { chunksOfRank, virtualStages } from './stages.ts';

export function memoryByStage(job: TrainingWorkload, capacityBytes: number): StageMemory[] {
  const p = job.parallelism;
  const m = job.model;
  const x = layerShape(job);
  const v = p.schedule === 'interleaved' ? p.virtualStages : 1;
  const micro = job.batch.globalSequences / (p.dp * job.batch.microSequences);
  const stages = virtualStages(m.layers, p.pp, v);
  const G = p.dp * p.cp;
  const kinds = { dense: layerActivationBytes(x, 'dense'), moe: m.moe === undefined ? undefined : layerActivationBytes(x, 'moe') };
  const act = (kind: LayerKind) => {
    const a = kinds[kind]!;
    return p.recompute === 'full' ? a.input : p.recompute === 'selective' ? a.selective : a.full;
  };
  const embParams = (m.vocabSize * m.hiddenSize) / p.tp;
  const nMoe = layerCounts(m).moe;
  const expertPerLayer = nMoe > 0 ? expertParamsPerRank(m, p.tp, p.ep) / nMoe : 0;
  return Array.from({ length: p.pp }, (_, r) => {
    const chunks = chunksOfRank(stages, r);
    let params = 0;
    let experts = 0;
    let largestLayer = 0;
    let largestFull = 0;
    const chunkAct: number[] = [];
    for (const c of chunks) {
      let a = 0;
      for (let i = c.firstLayer; i < c.firstLayer + c.layers; i++) {
        const kind = layerKindOf(m, i);
        const lp = layerParamsPerRank(m, p.tp, kind, p.ep);
        params += lp;
        experts += kind === 'moe' ? expertPerLayer : 0;
        largestLayer = Math.max(largestLayer, lp);
        largestFull = Math.max(largestFull, kinds[kind]!.full);
        a += act(kind);
      }
      chunkAct.push(a + (c.output ? headActivationBytes(x) : 0));
      if (stages.length === 1) params += headParamsPerRank(m, p.tp);
      else params += (c.embedding ? embParams : 0) + (c.output ? embParams + m.hiddenSize : 0);
    }
    const order = scheduleOrder(p.schedule === 'zero-bubble' ? '1f1b' : p.schedule, p.pp, micro, v, r);
    const peak = inFlightPeak(order, v);
    let activationsBytes = 0;
    chunkAct.forEach((a, i) => (activationsBytes += peak.perChunkAtPeak[i]! * a));
    if (p.recompute === 'full') activationsBytes += largestFull;
    // sharded state: dense weights over the G ranks holding them, routed experts over G/ep
    const shard = (bytesPerParam: number, on: boolean) => (on ? ((params - experts) / G + experts / Math.max(1, G / p.ep)) * bytesPerParam : params * bytesPerParam);
    const weightsBytes = shard(x.actBytes, p.zero >= 3) + (p.zero >= 3 && G > 1 ? 2 * largestLayer * x.actBytes : 0);
    const gradientsBytes = shard(x.gradBytes, p.zero >= 2);
    const optimizerBytes = shard(optimizerBytesPerParam(job), p.zero >= 1);
    const last = chunks.some((c) => c.output);
    const otherBytes = WORKSPACE_ALLOWANCE_BYTES + (last ? (x.actBytes * x.seq * x.micro * x.vocab) / x.tp : 0);
    const memory: MemoryBreakdown = {
      weightsBytes,
      gradientsBytes,
      optimizerBytes,
      activationsBytes,
      otherBytes,
      totalBytes: weightsBytes + gradientsBytes + optimizerBytes + activationsBytes + otherBytes,
      capacityBytes,
    };
    return { stage: r, layers: chunks.reduce((a, c) => a + c.layers, 0), microbatchesInFlight: peak.total, memory };
  });
}

/** The stage with the most memory. */
export function peakStage(stages: readonly StageMemory[]): StageMemory {
  return stages.reduce((a, b) => (b.memory.totalBytes > a.memory.totalBytes ? b : a));
}

/** Per-GPU memory at the peak of a step: the fullest stage's. */
export function memoryBreakdown(job: TrainingWorkload, capacityBytes: number): MemoryBreakdown {
  return peakStage(memoryByStage(job, capacityBytes)).memory;
}
