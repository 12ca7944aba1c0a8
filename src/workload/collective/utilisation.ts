/**
 * Link utilisation of a run, from the network backend's per-link counters (fabric/backend usage()):
 *
 *   u_l = busySeconds_l / T,   busySeconds_l = bytes_l / line rate_l,   T = the run's simulated time
 *
 * Per tier: the mean of u_l over every directed link of the tier in the fabric (links the run never used
 * count as 0, so a job on part of a cluster shows a low mean and a high max), the max, and the bytes.
 * The hottest links are the 10 with the highest u_l (ties by link id), named by their end vertices.
 * Line rate, not the protocol-efficiency-scaled capacity, is the denominator, so a link saturated by
 * NCCL traffic reads as its tier's efficiency (e.g. 0.94 on NDR), not 1.
 * `overTime`, when the run recorded it (flow backend, fabric/backend/recorder.ts), is passed through.
 */
import type { LinkUsage } from '../../fabric/backend/types.ts';
import type { LinkTier, Topology } from '../../fabric/topology/types.ts';
import type { HotLink, LinkUtilisationResult, TierUtilisation, TierUtilisationOverTime } from '../../metrics/result-types.ts';

export const HOTTEST_LINKS = 10;

export function linkUtilisation(topology: Topology, usage: readonly LinkUsage[], seconds: number, backend: 'analytical' | 'flow', bytes: number, overTime?: TierUtilisationOverTime[]): LinkUtilisationResult {
  const tiers = new Map<LinkTier, TierUtilisation & { sum: number }>();
  for (const l of topology.links) {
    if (!tiers.has(l.tier)) tiers.set(l.tier, { tier: l.tier, links: 0, linksUsed: 0, meanUtilisation: 0, maxUtilisation: 0, bytes: 0, sum: 0 });
    tiers.get(l.tier)!.links++;
  }
  const hot: (HotLink & { id: number })[] = [];
  for (const u of usage) {
    if (u.bytes <= 0) continue;
    const link = topology.links[u.linkId]!;
    const util = seconds > 0 ? u.busySeconds / seconds : 0;
    const row = tiers.get(link.tier)!;
    row.linksUsed++;
    row.sum += util;
    row.bytes += u.bytes;
    row.maxUtilisation = Math.max(row.maxUtilisation, util);
    hot.push({ id: u.linkId, link: `${topology.vertices[link.from]!.name} -> ${topology.vertices[link.to]!.name}`, tier: link.tier, utilisation: util, bytes: u.bytes });
  }
  hot.sort((a, b) => b.utilisation - a.utilisation || a.id - b.id);
  const result: LinkUtilisationResult = {
    backend,
    bytes,
    seconds,
    tiers: [...tiers.values()].map(({ sum, ...t }) => ({ ...t, meanUtilisation: t.links > 0 ? sum / t.links : 0 })),
    hottest: hot.slice(0, HOTTEST_LINKS).map(({ id: _id, ...h }) => h),
  };
  if (overTime !== undefined) result.overTime = overTime;
  return result;
}
