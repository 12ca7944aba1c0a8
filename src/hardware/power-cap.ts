/**
 * A power cap applied to the cluster the workloads run on. The cap slows compute-bound kernels by the
 * law in metrics/power.ts (capSlowdown: the cube law of frequency scaling above idle power) and leaves
 * memory bandwidth and the fabrics alone; computeRates (compute.ts) divides the matmul efficiency and the
 * vector rate by the slowdown, so the peak — and with it MFU's denominator — stays the nominal one.
 */
import type { ClusterSpec, PowerCapSpec } from '../config/scenario-types.ts';
import { capSlowdown, capWattsFor } from '../metrics/power.ts';

/** The cluster with every capped accelerator marked with its cap and slowdown (unchanged without a cap). */
export function withPowerCap(cluster: ClusterSpec, cap: PowerCapSpec | undefined): ClusterSpec {
  if (cap === undefined) return cluster;
  return {
    ...cluster,
    nodes: cluster.nodes.map((g) => {
      const watts = capWattsFor(g.accelerator, cap);
      if (watts === null) return g;
      return { ...g, accelerator: { ...g.accelerator, powerCap: { watts, slowdown: capSlowdown(g.accelerator, watts) } } };
    }),
  };
}
