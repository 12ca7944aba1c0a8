/**
 * NCCL's three protocols and its latency model, so that small and mid-size collectives get NCCL's
 * latency/bandwidth trade-off (which protocol wins depends on the message size, as NCCL picks it).
 *
 * Wire efficiency (bytes of data per byte on the wire; the fabric profiles' efficiencies were measured
 * with large messages, i.e. Simple, so these are relative to Simple):
 *   LL      every 8-byte store carries 4 bytes of data and a 4-byte flag          → 1/2
 *   LL128   every 128-byte line carries 120 bytes of data and 8 of flags           → 120/128
 *   Simple  data moves in bulk, one flag (memory fence) per chunk                  → 1
 * (NCCL src/device/prims_ll.h, prims_ll128.h; "Demystifying NCCL", arXiv 2507.04786.) A protocol is
 * modelled by moving bytes / efficiency through the fabric.
 *
 * Latency, NCCL's tuning model (NVIDIA/nccl src/graph/tuning.cc at commit 01afd20a77b5804e0ecf1042509dd9d20ebf9e93,
 * ncclTopoTuneModel): a base latency per algorithm and protocol (baseLat) plus a per-hop latency per
 * hardware class NVLink / PCIe / network (hwLat), in µs:
 *
 *   ring        L = base + (k − k_net)·h_intra + k_net·h_net      k steps, k_net of them between nodes
 *   tree        L = base + 2·((g − 1)·h_intra + D·h_net)          g ranks per node, D tree depth
 *   chain       L = base + (n − 1 − (m − 1))·h_intra + (m − 1)·h_net   (broadcast / reduce on a ring)
 *
 * with h_intra ×1.8 for LL on multi-node calls (NCCL does the same). For Simple, the tree's and the
 * chain's per-hop figures (28 µs NVLink, 50 µs network) are, per tuning.cc's own comment, the time one
 * chunk takes to cross a hop (base + 256 kB / 12 GB/s): the pipeline fill of a chunk-pipelined tree or
 * chain. A ring all-reduce has no such fill beyond its per-step latency: every step moves one chunk one hop
 * on every edge at once, so its steps are the pipeline (a per-hop chunk fill on top would count the
 * bandwidth term twice). Each hop's latency is at least the fabric profile's per-step α (the hardware
 * cannot be faster than its profile says).
 * LL128 is enabled only when every hop is NVLink (tuning.cc: "Enable LL128 by default only on
 * Volta/Ampere+NVLink", typeInter ≤ PXB): it relies on NVLink's 128-byte store atomicity.
 *
 * NCCL settings (the cluster's `nccl:` block; NCCL env vars, defaults as NCCL's):
 *  - protocols (NCCL_PROTO): the protocols NCCL may pick; the rule above still limits LL128.
 *  - buffer size B (NCCL_BUFFSIZE, default 4 MiB, NCCL docs "Environment Variables"): a tree's or chain's
 *    Simple chunk is one step of the buffer, B / NCCL_STEPS (enqueue.cc: stepSize = buffSize / NCCL_STEPS,
 *    chunkSteps 1 for trees), so it scales with B. tuning.cc states its Simple tree per-hop figure as
 *    "the latency a 256kB chunk, which is ~ base lat + 256k/12GB/s (+ 256k/12GB/s for the network)" at the
 *    default buffer (NCCL's effective chunk, half a 512 KiB step; we keep its figure and scale it with the
 *    step), so with s = B / 4 MiB and c = 256 KiB / 12 GB/s = 21.8 µs:
 *
 *      h_intra(s) = h_intra + (s − 1)·c        h_net(s) = h_net + 2(s − 1)·c
 *
 *    e.g. 8 MiB buffers (Google's A3 Mega profile) take NVLink 28 → 49.8 µs and network 50 → 93.7 µs per hop.
 *    Not modelled: enqueue.cc's halving of the tree chunk (to no less than 32–128 KiB) when a message
 *    has fewer than 8 chunks per channel per unit of tree depth; NCCL's own figures do not model it either.
 * Not modelled: NCCL's per-size tree correction factors and the 1.9× "plateau" factor on multi-node
 * Simple rings, both empirical corrections of NCCL's selector, and NCCL's per-protocol bandwidth caps
 * (ll128MaxBwPerCh, LL at 1/4 of Simple for the GPU's store rate).
 */
import type { CollectiveContext, NcclSettings } from './types.ts';

/** what the latency model reads of a context: the fabric profiles in use and the NCCL settings */
export type LatencyContext = Pick<CollectiveContext, 'scaleUp' | 'scaleOut' | 'nccl'>;

export type Protocol = 'LL' | 'LL128' | 'Simple';
export const PROTOCOLS: readonly Protocol[] = ['LL', 'LL128', 'Simple'];

/** NCCL's defaults: every protocol (LL128 where the header's rule allows it), NCCL_BUFFSIZE 4 MiB */
export const NCCL_DEFAULTS: Readonly<Required<NcclSettings>> = { protocols: PROTOCOLS, bufferBytes: 4 * 1024 * 1024 };

/** one 256 KiB chunk crossing a hop at 12 GB/s, seconds (tuning.cc's comment on the Simple tree figures; header) */
const CHUNK_HOP_SECONDS = (256 * 1024) / 12e9;

/** data bytes per wire byte, relative to Simple (header) */
export const PROTOCOL_WIRE_EFFICIENCY: Readonly<Record<Protocol, number>> = { LL: 0.5, LL128: 120 / 128, Simple: 1 };

type Hw = 'nvlink' | 'pci' | 'net';
type Pattern = 'tree' | 'ring';
type Table = Readonly<Record<Protocol, number>>;

const US = 1e-6;
/** tuning.cc baseLat (µs), commit 01afd20 */
const BASE_LAT: Readonly<Record<Pattern, Table>> = {
  tree: { LL: 4.4, LL128: 4.4, Simple: 0 },
  ring: { LL: 3.6, LL128: 10.0, Simple: 8.4 },
};
/** tuning.cc hwLat (µs per hop), commit 01afd20 */
const HW_LAT: Readonly<Record<Hw, Readonly<Record<Pattern, Table>>>> = {
  nvlink: { tree: { LL: 0.52, LL128: 1.2, Simple: 28 }, ring: { LL: 0.47, LL128: 1.9, Simple: 3.4 } },
  pci: { tree: { LL: 1.0, LL128: 1.9, Simple: 28 }, ring: { LL: 1.0, LL128: 2.5, Simple: 5.7 } },
  net: { tree: { LL: 5.0, LL128: 8.5, Simple: 50 }, ring: { LL: 2.7, LL128: 4.0, Simple: 9.6 } },
};

/** the hardware class of intra-node hops: PCIe when the node has no NVLink-class fabric */
function intraHw(ctx: LatencyContext): Hw {
  const f = ctx.scaleUp;
  return f === null || /^pcie/i.test(f.id) ? 'pci' : 'nvlink';
}

/** protocols NCCL enables for a call spanning `nodes` nodes (header: LL128 only all-NVLink) */
export function availableProtocols(ctx: LatencyContext, singleDomain: boolean): Protocol[] {
  const allowed = ctx.nccl?.protocols ?? NCCL_DEFAULTS.protocols;
  const hw: Protocol[] = singleDomain && intraHw(ctx) === 'nvlink' ? ['LL', 'LL128', 'Simple'] : ['LL', 'Simple'];
  const out = hw.filter((p) => allowed.includes(p));
  if (out.length === 0) {
    throw new Error(`NCCL protocols [${allowed.join(', ')}]: none of them runs here (LL128 needs every hop on NVLink); allow LL or Simple`);
  }
  return out;
}

/** how many default-size chunks one chunk of the configured buffer is (header: s = B / 4 MiB) */
function chunkScale(ctx: LatencyContext): number {
  return (ctx.nccl?.bufferBytes ?? NCCL_DEFAULTS.bufferBytes) / NCCL_DEFAULTS.bufferBytes;
}

interface Hops {
  intra: number;
  inter: number;
  nodes: number;
}

function hopLatency(ctx: LatencyContext, pattern: Pattern, p: Protocol, hops: Hops): number {
  const up = ctx.scaleUp?.latencySeconds ?? 0;
  const out = ctx.scaleOut?.latencySeconds ?? 0;
  const llIntra = hops.nodes > 1 && p === 'LL' ? 1.8 : 1;
  // Simple tree and chain hops carry one chunk, which grows with the buffer (header)
  const extra = pattern === 'tree' && p === 'Simple' ? (chunkScale(ctx) - 1) * CHUNK_HOP_SECONDS : 0;
  const hIntra = Math.max(up, HW_LAT[intraHw(ctx)][pattern][p] * llIntra * US + extra);
  const hNet = Math.max(out, up, HW_LAT.net[pattern][p] * US + 2 * extra);
  return BASE_LAT[pattern][p] * US + hops.intra * hIntra + hops.inter * hNet;
}

/** ring all-reduce / reduce-scatter / all-gather of `steps` steps, `interSteps` of them between nodes */
export function ringLatency(ctx: LatencyContext, p: Protocol, steps: number, interSteps: number, nodes: number): number {
  return hopLatency(ctx, 'ring', p, { intra: steps - interSteps, inter: interSteps, nodes });
}

/** pipelined chain over n ranks on m nodes (broadcast / reduce): Simple pays a chunk per hop (header) */
export function chainLatency(ctx: LatencyContext, p: Protocol, n: number, m: number): number {
  const hops = { intra: n - 1 - (m - 1), inter: m - 1, nodes: m };
  if (p !== 'Simple') return hopLatency(ctx, 'ring', p, hops);
  return BASE_LAT.ring.Simple * US + hopLatency(ctx, 'tree', 'Simple', hops) - BASE_LAT.tree.Simple * US;
}

/** double binary tree over m nodes of g ranks, depth D */
export function treeLatency(ctx: LatencyContext, p: Protocol, g: number, depth: number, m: number): number {
  return hopLatency(ctx, 'tree', p, { intra: 2 * (g - 1), inter: 2 * depth, nodes: m });
}

export interface ProtocolChoice {
  protocol: Protocol;
  latencySeconds: number;
  /** latency + Simple bandwidth time / wire efficiency */
  seconds: number;
}

/**
 * NCCL's choice (tuning.cc ncclTopoGetAlgoTime: time = latency + bytes / bandwidth, fastest wins) among
 * `protocols`, given the Simple bandwidth time of the call and each protocol's latency.
 */
export function pickProtocol(protocols: readonly Protocol[], simpleSeconds: number, latency: (p: Protocol) => number): ProtocolChoice {
  let best: ProtocolChoice | undefined;
  for (const protocol of protocols) {
    const latencySeconds = latency(protocol);
    const seconds = latencySeconds + simpleSeconds / PROTOCOL_WIRE_EFFICIENCY[protocol];
    if (best === undefined || seconds < best.seconds) best = { protocol, latencySeconds, seconds };
  }
  return best!;
}
