/**
 * Context parallelism (cp = c > 1): the ring-attention communication of one layer per micro-batch, the
 * tier it runs on, and what makes a job unable to use it.
 *
 * Scheme (Liu et al. 2023, "Ring Attention with Blockwise Transformers"; Megatron-Core context parallelism,
 * implemented by Transformer Engine's AttnFuncWithCPAndKVP2P in
 * transformer_engine/pytorch/attention/dot_product_attention/context_parallel.py): each sequence is cut into
 * 2c chunks, rank i holds chunks i and 2c−1−i (s = S/c local tokens), and every rank's attention core runs in
 * c steps of equal work (flops.ts attentionCore), one per K/V block of the ring. A K/V block is the local K
 * and V of one rank, sent as one message (K and V concatenated):
 *   B = 2 · b · s · g_t · d · e            g_t = K/V heads per tp rank (kvHeadsPerRank), e = activation bytes
 *                                          (fp8 training exchanges K/V in bf16, as TE does)
 * Forward: c − 1 messages of B. At step i a rank sends the block it computed on to the next rank and
 *   receives the next one while computing step i, so message i overlaps compute step i.
 * Backward: c messages — step 0 sends the K/V block only (B), steps 1…c−2 send K/V and the dK/dV partial
 *   sums travelling with it in one buffer (2B), the last step sends dK/dV only (B) so the gradients reach
 *   their owner: 2(c−1)·B in all, i.e. K, V and dK, dV each over c − 1 hops, as TE's backward loop does.
 * Each message is a send/recv on the cp group's tier:
 *   t_msg = bytes / β + α
 * with β the tier's bus bandwidth: a ring all-gather's busbw is exactly the bandwidth one rank attains
 * sending one block per step to its ring neighbour, so the forward total equals the all-gather of the c
 * blocks (collectiveSeconds('all-gather', c·B, c, tier)). α is charged once per message (TE batches the
 * send and the receive of a step into one batch_isend_irecv).
 * Compute per step: t_step = (attention core seconds per rank) / c, forward and backward separately.
 * Exposure: exposed = Σ_messages max(0, t_msg − t_step) — each message hides behind the one block of
 * attention compute it runs next to; nothing else (GEMMs, norms) overlaps it, because the ring runs
 * inside the attention kernel call. Recomputation (selective or full) reruns the attention forward in
 * backward, so the forward's ring runs again there.
 *
 * Not modelled: the per-step output/gradient merge kernels' own time (flops.ts counts their bytes in the
 * core), contention of the ring with tp collectives, and non-causal masks (every job here is causal).
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import { opsSeconds, type ComputeRates } from '../../hardware/compute.ts';
import { collectiveTier, membersPerBlock, type CollectiveTier, type FabricContext, type GroupLayout } from '../../fabric/collective-cost.ts';
import { attentionCore, STANDARD_ATTENTION_WITH_CP } from './flops.ts';
import type { TrainingIssue } from './issues.ts';
import { kvHeadsPerRank, type LayerShape } from './shape.ts';

/** Ring-attention communication of one layer, seconds per micro-batch. */
export interface CpLayerComm {
  /** time on the wire in the forward (sum over messages, α included) */
  forward: number;
  /** in the backward, including the forward ring again under selective or full recomputation */
  backward: number;
  /** of `forward`, what no attention compute hides */
  exposedForward: number;
  exposedBackward: number;
}

/** Bytes of one K/V block: the local K and V of one rank, one tp rank's K/V heads. */
export function cpBlockBytes(x: LayerShape): number {
  return 2 * x.micro * x.seq * kvHeadsPerRank(x.kvHeads, x.tp) * x.headDim * x.actBytes;
}

interface Ring {
  total: number;
  exposed: number;
}

function ring(messages: readonly number[], stepSeconds: number, tier: CollectiveTier): Ring {
  let total = 0;
  let exposed = 0;
  for (const bytes of messages) {
    const t = bytes / tier.busBytesPerSecond + tier.latencySeconds;
    total += t;
    exposed += Math.max(0, t - stepSeconds);
  }
  return { total, exposed };
}

/** Ring-attention communication of one layer on the cp group's tier (zero when cp = 1). */
export function cpLayerCommSeconds(
  x: LayerShape,
  cpTier: CollectiveTier,
  rates: ComputeRates,
  recompute: TrainingWorkload['parallelism']['recompute'] = 'none',
): CpLayerComm {
  const c = x.cp;
  if (c <= 1) return { forward: 0, backward: 0, exposedForward: 0, exposedBackward: 0 };
  const block = cpBlockBytes(x);
  const core = attentionCore(x);
  const fwd = ring(Array.from({ length: c - 1 }, () => block), opsSeconds(core.forward, rates) / c, cpTier);
  const bwdMessages = [block, ...Array.from({ length: c - 2 }, () => 2 * block), block];
  const bwd = ring(bwdMessages, opsSeconds(core.backward, rates) / c, cpTier);
  const again = recompute === 'none' ? 0 : 1;
  return {
    forward: fwd.total,
    backward: bwd.total + again * fwd.total,
    exposedForward: fwd.exposed,
    exposedBackward: bwd.exposed + again * fwd.exposed,
  };
}

/**
 * The tier for the cp ring: collectiveTier's, except across nodes. There collectiveTier credits k NIC
 * shares to a group with k members per node, because NCCL runs k rings, one through each member's NIC;
 * the ring-attention ring is one point-to-point ring, which crosses each node boundary once, through one
 * rank's NIC share, so its β is that of a group with one member per node (still capped by scale-up).
 * undefined where collectiveTier is (the group leaves its domain and there is no scale-out fabric).
 */
export function cpRingTier(layout: GroupLayout, ctx: FabricContext): CollectiveTier | undefined {
  const tier = collectiveTier(layout, ctx);
  if (tier === undefined || tier.tier !== 'scale-out') return tier;
  if (membersPerBlock(layout, ctx.node.devicesPerNode) <= 1) return tier;
  // a wider stride only lowers the members per domain, so the group stays scale-out; per node it is 1
  const single = collectiveTier({ size: layout.size, stride: Math.max(layout.stride, ctx.node.devicesPerNode) }, ctx);
  if (single === undefined) return undefined;
  return { ...single, derivation: `point-to-point ring, one NIC share per node boundary: ${single.derivation}` };
}

/** Inputs context parallelism cannot run with: standard attention, and a sequence that does not split into
 * 2·cp equal chunks. Paths are relative to the workload, as trainingIssues' are. */
export function contextParallelIssues(job: TrainingWorkload): TrainingIssue[] {
  const c = job.parallelism.cp;
  if (c <= 1) return [];
  const out: TrainingIssue[] = [];
  if (job.attention === 'standard') {
    out.push({ path: 'attention', code: 'not-supported', message: STANDARD_ATTENTION_WITH_CP.replace('cp > 1', `cp: ${c}`), hint: 'set attention: flash (or parallelism.cp: 1)' });
  }
  const s = job.batch.sequenceLength;
  const chunks = 2 * c;
  if (s % chunks !== 0) {
    const lower = Math.floor(s / chunks) * chunks;
    const options = lower > 0 ? `${lower} or ${lower + chunks}` : `${chunks}`;
    out.push({
      path: 'batch.sequenceLength',
      code: 'inconsistent',
      message: `sequence length ${s} does not split into 2 × cp = ${chunks} equal chunks (context parallelism gives rank i chunks i and ${chunks - 1}−i to balance the causal mask)`,
      hint: `set batch.sequenceLength to a multiple of ${chunks}: ${options}`,
    });
  }
  return out;
}
