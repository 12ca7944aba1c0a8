/**
 * Moving a request's KV cache from a prefill replica to a decode replica (disaggregated serving:
 * Splitwise, Patel et al. ISCA'24, §4.2 "KV-cache transfer"; DistServe, Zhong et al. OSDI'24, §4.3).
 *
 * Both replicas have the same tp × pp = G GPUs, and GPU g of the prefill replica holds the same layers and
 * heads as GPU g of the decode replica, so each GPU sends only its own shard, all G in parallel, each over
 * its own link (as Splitwise's per-layer, per-GPU transfers over InfiniBand, and DistServe's placement of
 * the two phases of a stage on one node's NVLink). An alpha-beta cost per transfer:
 *
 *   bytes per GPU  b = P × k            (P prompt tokens, k = KV bytes per token per GPU)
 *   total bytes    B = b × G            (what the report counts)
 *   time           T = α + b / β
 *
 * Same node: β = the scale-up fabric's per-GPU link bandwidth × its efficiency, α its latency (for
 * NVLink 4 at 450 GB/s × 0.82, 2 µs: hardware-profiles/fabrics/nvlink4-nvswitch.yaml). Across nodes (or a
 * node without a scale-up fabric): β = the GPU's share of the node's NICs, count × NIC bandwidth /
 * devicesPerNode, × the scale-out fabric's efficiency, α its latency (efficiency 1 and α = 0 when the
 * cluster names no scale-out fabric). Transfers leaving one prefill replica share its links, so they run
 * one after another (disaggregate.ts keeps the time each prefill replica's link is next free); the
 * decode side's ingress is taken not to be the bottleneck. The transfer is not overlapped with the
 * prefill (Splitwise overlaps it layer by layer; with NVLink the difference is tens of microseconds).
 */
import type { ClusterSpec } from '../../../config/scenario-types.ts';

export interface KvLink {
  /** in words, for the report */
  description: string;
  /** α, seconds */
  latencySeconds: number;
  /** β, bytes/s per GPU */
  bytesPerSecondPerGpu: number;
}

/** The link between two replicas whose first GPUs sit in these nodes of the cluster's first node group. */
export function kvLinkBetween(cluster: ClusterSpec, fromNode: number, toNode: number): KvLink {
  const g = cluster.nodes[0]!;
  if (fromNode === toNode && g.scaleUp !== null) {
    const f = g.scaleUp;
    return { description: `${f.name} (same node)`, latencySeconds: f.latencySeconds, bytesPerSecondPerGpu: f.linkBandwidthBytesPerSecond * f.efficiency };
  }
  const out = cluster.scaleOut?.profile ?? null;
  const share = (g.profile.nics.count * g.profile.nics.bandwidthBytesPerSecond) / g.profile.devicesPerNode;
  return {
    description: `${out === null ? 'node NICs' : out.name} (${fromNode === toNode ? 'no scale-up fabric' : 'across nodes'}, NIC share per GPU)`,
    latencySeconds: out === null ? 0 : out.latencySeconds,
    bytesPerSecondPerGpu: share * (out === null ? 1 : out.efficiency),
  };
}

/** T = α + P × k / β for one request's KV (see the header) */
export function kvTransferSeconds(link: KvLink, promptTokens: number, kvBytesPerTokenPerGpu: number): number {
  return link.latencySeconds + (promptTokens * kvBytesPerTokenPerGpu) / link.bytesPerSecondPerGpu;
}
