/**
 * Rail-optimised fat-tree (hardware.md B2; NVIDIA DGX SuperPOD, SPOD-H100): nodes are grouped in scalable
 * units (SU) of 32 nodes; in each SU one leaf per rail r takes NIC r of every node of the SU, so same-rail
 * GPUs of one SU are one switch apart. Leaves uplink to spines (non-blocking unless oversubscribed), with a
 * core tier when the leaves exceed two tiers (pods of whole SUs). Leaves are numbered SU-major:
 * leaf = su · rails + r, named "leaf-r{r}-su{su}".
 *
 * SU size: 32 nodes (SPOD-H100: 32 DGX H100 = 256 GPUs) by default; 8 for rack-scale nodes of 64+ GPUs
 * (SPOD-GB200: SU = 8 NVL72 racks, hardware.md B1); never more than a leaf's downlink ports (an HDR leaf of
 * radix 40 takes 20, as the DGX A100 SuperPOD's SU of 20 nodes).
 */
import type { ClusterSpec } from '../../config/scenario-types.ts';
import { buildTree, type TreeOptions } from './fat-tree.ts';
import type { Topology } from './types.ts';

export function defaultSuSize(gpusPerNode: number, leafDownlinks: number): number {
  return Math.min(gpusPerNode >= 64 ? 8 : 32, leafDownlinks);
}

export function buildRailOptimized(cluster: ClusterSpec, opts: TreeOptions = {}): Topology {
  return buildTree(cluster, opts, (placed, d, ds) => {
    const su = opts.suSize ?? defaultSuSize(placed.gpusPerNode, d);
    if (!Number.isInteger(su) || su < 1) throw new Error(`rail-optimized: SU size must be a positive integer, got ${su}`);
    if (su > d) throw new Error(`rail-optimized: an SU of ${su} nodes needs ${su} ports per rail leaf, but a leaf has ${d} downlinks`);
    const { nodes, nicsPerNode: r } = placed;
    const units = Math.ceil(nodes / su);
    const endpointLeaf = new Int32Array(nodes * r);
    for (let e = 0; e < endpointLeaf.length; e++) endpointLeaf[e] = Math.floor(Math.floor(e / r) / su) * r + (e % r);
    const suPerPod = Math.max(1, Math.floor(ds / r));
    return {
      style: 'rail-optimized fat-tree',
      endpointLeaf,
      leaves: units * r,
      leafName: (i) => `leaf-r${i % r}-su${Math.floor(i / r)}`,
      leavesPerPod3: suPerPod * r,
      portsPerLeaf: su,
      detail: `SU ${su} nodes (${units} SU)`,
    };
  });
}
