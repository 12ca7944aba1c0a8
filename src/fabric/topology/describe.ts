/**
 * Readable views of a topology for debugging and reports: a route as vertex names hop by hop, and the
 * capacity summed per link tier (for bisection and oversubscription checks).
 */
import type { LinkTier, Topology } from './types.ts';

/** "node0/gpu0 -> node0/nic0 -> leaf-r0-su0 -> node1/nic0 -> node1/gpu0"; '' for an empty route. */
export function describeRoute(topo: Topology, links: ArrayLike<number>): string {
  if (links.length === 0) return '';
  const names = [topo.vertices[topo.links[links[0]!]!.from]!.name];
  for (let i = 0; i < links.length; i++) {
    const l = topo.links[links[i]!]!;
    if (i > 0 && topo.links[links[i - 1]!]!.to !== l.from) throw new Error(`describeRoute: link ${l.id} does not continue from link ${links[i - 1]}`);
    names.push(topo.vertices[l.to]!.name);
  }
  return names.join(' -> ');
}

/** Sum of line-rate capacity (bytes/s) of the links of one tier, both directions counted. */
export function tierCapacity(topo: Topology, tier: LinkTier): number {
  let sum = 0;
  for (const l of topo.links) if (l.tier === tier) sum += l.capacityBytesPerSecond;
  return sum;
}

/** Link count and summed capacity per tier present, in first-appearance order. */
export function tierSummary(topo: Topology): { tier: LinkTier; links: number; capacityBytesPerSecond: number }[] {
  const by = new Map<LinkTier, { tier: LinkTier; links: number; capacityBytesPerSecond: number }>();
  for (const l of topo.links) {
    let row = by.get(l.tier);
    if (!row) by.set(l.tier, (row = { tier: l.tier, links: 0, capacityBytesPerSecond: 0 }));
    row.links += 1;
    row.capacityBytesPerSecond += l.capacityBytesPerSecond;
  }
  return [...by.values()];
}
