/**
 * A cluster of `count` nodes of a catalog node profile, its own scale-up fabric, and optionally a scale-out
 * fabric from the catalog: the shape the topology and routing tests build from.
 */
import type { ClusterSpec } from '../../src/config/scenario-types.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';

export const catalog = loadCatalog();

export function cluster(node: string, count: number, fabric: string | null, topology: 'fat-tree' | 'rail-optimized' = 'rail-optimized', oversubscription = 1): ClusterSpec {
  const profile = catalog.nodes.get(node)!;
  const scaleUp = profile.scaleUpFabric ? catalog.fabrics.get(profile.scaleUpFabric)! : null;
  const scaleOut = fabric ? { profile: catalog.fabrics.get(fabric)!, topology, oversubscription } : null;
  return { nodes: [{ profile, accelerator: catalog.accelerators.get(profile.accelerator)!, scaleUp, count }], scaleOut, storage: [] };
}
