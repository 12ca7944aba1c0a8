/**
 * Alpha-beta cost of ring collectives, with the bandwidth of the slowest tier the group crosses.
 *
 * Ring algorithms on n ranks, message of S bytes (S = the full buffer: the reduced vector for all-reduce,
 * the gathered result for all-gather, the input for reduce-scatter):
 *
 *   all-reduce       t = 2(n−1)/n · S / β  +  2(n−1) · α
 *   reduce-scatter   t =  (n−1)/n · S / β  +   (n−1) · α
 *   all-gather       t =  (n−1)/n · S / β  +   (n−1) · α
 *
 * β is the bus bandwidth in the sense of nccl-tests (doc/PERFORMANCE.md): busbw = algbw · 2(n−1)/n for
 * all-reduce and algbw · (n−1)/n for the other two, where algbw = S / t. busbw is the per-rank link
 * bandwidth a ring attains, independent of n, which is why it can be compared with line rates.
 *
 * β of a group:
 *  - all members inside one scale-up domain (NVLink/NVSwitch, ICI…): β = per-device scale-up bandwidth
 *    (one direction) × the scale-up fabric's efficiency. Measured support (validation-dev.md §5):
 *    8×A100 NVLink3 all-reduce ~230 GB/s busbw of 300 GB/s line (row 57, 0.77); 8×H100 NVLink4 ~370 of
 *    450 GB/s for ring/non-NVLS collectives (row 54, 0.82).
 *  - spanning nodes: NCCL builds one ring per NIC rail, so every node boundary is crossed by k rings, one
 *    per local member, each through its own NIC share (hardware.md B2, rail-optimised designs). Hence
 *      β = k · (nics.count · min(nic, port) / devicesPerNode) · e_out / oversubscription,
 *    capped by the in-domain β (the intra-node hops of the same rings), where k = members of the group
 *    per node. Measured support: NDR 400 Gb/s ring all-reduce 46–48 GB/s per NIC of 50 (row 56,
 *    0.92–0.96); DGX-1 4×EDR 47 of 50 GB/s (row 60, 0.94); 3 DGX A100-40GB with 4 HDR each 85–96 of
 *    100 GB/s per node (row 59). Oversubscription divides the bandwidth as if every ring crossed the
 *    oversubscribed tier (the worst case; placement within one leaf is not modelled).
 *  - α is the latency of the slowest tier crossed (the ring advances in lock-step).
 *
 * All-to-all (expert-parallel dispatch and combine), pairwise exchange on n ranks: every rank holds a
 * buffer of S bytes, one n-th per destination, and sends (n−1)/n · S (its own share stays). Of that, the
 * (k−1)/n · S for the k−1 other group members in its scale-up domain go over the scale-up links and the
 * (n−k)/n · S for members elsewhere through the rank's own NIC share. Unlike a ring, no traffic can be
 * funnelled through other members' NICs — every member of a node is sending its own off-node share at the
 * same time, so a rank gets its NIC share, not k of them:
 *   β_up  = scale-up per-device bandwidth × e_up
 *   β_out = nics.count · min(nic, port) / devicesPerNode × e_out / oversubscription
 *   t     = max((k−1)/n · S / β_up, (n−k)/n · S / β_out)  +  (n−1) · α
 * (the two paths are separate links and run at once). allToAllTier folds this into the CollectiveTier
 * shape, β = (n−1) / max((k−1)/β_up, (n−k)/β_out), so that t = (n−1)/n · S / β + (n−1)·α; that β holds for
 * the n of the layout it was built for. α per step: pairwise exchange runs n−1 steps (NCCL posts all
 * peers at once, so (n−1)·α is an upper bound: ~3% of the time for DeepSeek-V3's 470 MB per rank on 64). The
 * efficiencies are the fabrics' ring figures, assumed for all-to-all; DeepSeek's DeepEP measured all-to-all
 * on H800 at 153–158 GB/s over NVLink (~160 attainable) and 43–58 GB/s per 50 GB/s IB NIC across nodes
 * (https://github.com/deepseek-ai/DeepEP README), in line with them.
 *
 * This is the closed form the training model uses. The simulated collectives in ./collectives/ (ring,
 * double binary tree, NVLS, SHARP, hierarchical, on the analytical or flow backend over a real topology)
 * model what this file does not: in-network reduction (NVLS reaches ~480 GB/s busbw on 8×H100 where the
 * ring gets ~370, rows 53/55), trees for small messages, and congestion between concurrent collectives
 * beyond the NIC share above. Pure functions: no state.
 */
import type { FabricProfile, NodeProfile } from '../hardware/profile-types.ts';
import type { ScaleOut } from '../config/scenario-types.ts';

export type Collective = 'all-reduce' | 'reduce-scatter' | 'all-gather';

/** Effective bandwidth and latency a group of ranks sees. */
export interface CollectiveTier {
  /** 'scale-up' when the group stays in one scale-up domain, 'scale-out' when it crosses nodes */
  tier: 'scale-up' | 'scale-out' | 'none';
  /** β: attained bus bandwidth, bytes/s */
  busBytesPerSecond: number;
  /** α: per-step latency, seconds */
  latencySeconds: number;
  /** how β was obtained, for the assumptions table */
  derivation: string;
}

/** Factor f with bytes per rank on the wire = f · S. */
export function ringTrafficFactor(kind: Collective, n: number): number {
  if (n <= 1) return 0;
  return kind === 'all-reduce' ? (2 * (n - 1)) / n : (n - 1) / n;
}

export function ringSteps(kind: Collective, n: number): number {
  if (n <= 1) return 0;
  return kind === 'all-reduce' ? 2 * (n - 1) : n - 1;
}

/** Seconds for a ring collective of `bytes` (full buffer) over `n` ranks on `tier`. */
export function collectiveSeconds(kind: Collective, bytes: number, n: number, tier: CollectiveTier): number {
  if (n <= 1 || bytes <= 0) return 0;
  return (ringTrafficFactor(kind, n) * bytes) / tier.busBytesPerSecond + ringSteps(kind, n) * tier.latencySeconds;
}

/** nccl-tests busbw for a measured time: the inverse of collectiveSeconds without α. */
export function busBandwidth(kind: Collective, bytes: number, n: number, seconds: number): number {
  return (ringTrafficFactor(kind, n) * bytes) / seconds;
}

/** Where a communication group sits: ranks are numbered node-major and the group's members are `stride`
 * apart (tensor parallel: stride 1; data parallel: stride = tp·cp·pp inner sizes). */
export interface GroupLayout {
  size: number;
  stride: number;
}

export interface FabricContext {
  node: NodeProfile;
  /** the node's scale-up fabric; null for PCIe-only nodes (each device is then its own domain) */
  scaleUp: FabricProfile | null;
  scaleOut: ScaleOut | null;
}

/** Members of a strided group that fall inside one block of `blockSize` consecutive ranks. */
export function membersPerBlock(layout: GroupLayout, blockSize: number): number {
  if (layout.stride >= blockSize) return 1;
  return Math.max(1, Math.min(layout.size, Math.floor(blockSize / layout.stride)));
}

export function scaleUpDomainSize(ctx: FabricContext): number {
  return ctx.scaleUp === null ? 1 : ctx.node.scaleUpDomainSize;
}

/** β of one scale-up domain, or undefined for PCIe-only nodes. */
function scaleUpBus(ctx: FabricContext): number | undefined {
  const f = ctx.scaleUp;
  return f === null ? undefined : f.linkBandwidthBytesPerSecond * f.efficiency;
}

/**
 * The tier a group's collectives run on. Returns undefined when the group leaves its scale-up domain but
 * the cluster has no scale-out fabric (the caller reports that as an input error).
 */
export function collectiveTier(layout: GroupLayout, ctx: FabricContext): CollectiveTier | undefined {
  if (layout.size <= 1) return { tier: 'none', busBytesPerSecond: Infinity, latencySeconds: 0, derivation: 'group of one: no communication' };
  const domain = scaleUpDomainSize(ctx);
  const inDomain = scaleUpBus(ctx);
  if (membersPerBlock(layout, domain) >= layout.size && ctx.scaleUp !== null && inDomain !== undefined) {
    return {
      tier: 'scale-up',
      busBytesPerSecond: inDomain,
      latencySeconds: ctx.scaleUp.latencySeconds,
      derivation: `${ctx.scaleUp.name}: ${fmtGB(ctx.scaleUp.linkBandwidthBytesPerSecond)} per device × efficiency ${ctx.scaleUp.efficiency}`,
    };
  }
  const out = ctx.scaleOut;
  if (out === null) return undefined;
  const node = ctx.node;
  const perNic = Math.min(node.nics.bandwidthBytesPerSecond, out.profile.linkBandwidthBytesPerSecond);
  const nicShare = (node.nics.count * perNic) / node.devicesPerNode;
  const k = membersPerBlock(layout, node.devicesPerNode);
  const raw = (k * nicShare * out.profile.efficiency) / out.oversubscription;
  const bus = inDomain === undefined ? raw : Math.min(raw, inDomain);
  const alpha = Math.max(out.profile.latencySeconds, ctx.scaleUp?.latencySeconds ?? 0);
  const over = out.oversubscription !== 1 ? ` / oversubscription ${out.oversubscription}` : '';
  const cap = inDomain !== undefined && raw > inDomain ? `, capped by scale-up ${fmtGB(inDomain)}` : '';
  return {
    tier: 'scale-out',
    busBytesPerSecond: bus,
    latencySeconds: alpha,
    derivation:
      `${k} member(s) per node × NIC share ${fmtGB(nicShare)} (${node.nics.count} × ${fmtGB(perNic)} / ${node.devicesPerNode} devices)` +
      ` × ${out.profile.name} efficiency ${out.profile.efficiency}${over}${cap}`,
  };
}

function fmtGB(bytesPerSecond: number): string {
  return `${+(bytesPerSecond / 1e9).toPrecision(4)} GB/s`;
}

/**
 * The tier an all-to-all of `layout` runs on (header): β already combines the in-domain and off-domain
 * shares for n = layout.size. undefined when the group leaves its scale-up domain and there is no
 * scale-out fabric.
 */
export function allToAllTier(layout: GroupLayout, ctx: FabricContext): CollectiveTier | undefined {
  const n = layout.size;
  if (n <= 1) return { tier: 'none', busBytesPerSecond: Infinity, latencySeconds: 0, derivation: 'group of one: no communication' };
  const up = scaleUpBus(ctx);
  const k = ctx.scaleUp === null ? 1 : membersPerBlock(layout, scaleUpDomainSize(ctx));
  if (k >= n && ctx.scaleUp !== null && up !== undefined) {
    return {
      tier: 'scale-up',
      busBytesPerSecond: up,
      latencySeconds: ctx.scaleUp.latencySeconds,
      derivation: `all-to-all inside ${ctx.scaleUp.name}: ${fmtGB(ctx.scaleUp.linkBandwidthBytesPerSecond)} per device × efficiency ${ctx.scaleUp.efficiency}`,
    };
  }
  const out = ctx.scaleOut;
  if (out === null) return undefined;
  const node = ctx.node;
  const perNic = Math.min(node.nics.bandwidthBytesPerSecond, out.profile.linkBandwidthBytesPerSecond);
  const nicShare = (node.nics.count * perNic) / node.devicesPerNode;
  const outBus = (nicShare * out.profile.efficiency) / out.oversubscription;
  const inside = k > 1 && up !== undefined ? (k - 1) / up : 0;
  const bus = (n - 1) / Math.max(inside, (n - k) / outBus);
  const over = out.oversubscription !== 1 ? ` / oversubscription ${out.oversubscription}` : '';
  return {
    tier: 'scale-out',
    busBytesPerSecond: bus,
    latencySeconds: Math.max(out.profile.latencySeconds, ctx.scaleUp?.latencySeconds ?? 0),
    derivation:
      `all-to-all over ${n} ranks, ${k} per scale-up domain: ${n - k} of ${n - 1} peers through the NIC share ${fmtGB(nicShare)}` +
      ` (${node.nics.count} × ${fmtGB(perNic)} / ${node.devicesPerNode} devices) × ${out.profile.name} efficiency ${out.profile.efficiency}${over}` +
      (k > 1 && up !== undefined ? `, ${k - 1} over scale-up ${fmtGB(up)} at the same time` : ''),
  };
}

/** Seconds for an all-to-all in which every one of `n` ranks holds `bytesPerRank` (1/n for each peer), on a
 * tier from allToAllTier for the same n. */
export function allToAllSeconds(bytesPerRank: number, n: number, tier: CollectiveTier): number {
  if (n <= 1 || bytesPerRank <= 0) return 0;
  return (((n - 1) / n) * bytesPerRank) / tier.busBytesPerSecond + (n - 1) * tier.latencySeconds;
}
