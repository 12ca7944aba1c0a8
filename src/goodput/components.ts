/**
 * How many components of each kind a training job holds, for turning per-component failure rates into the
 * job's rate (lambda_job = Σ_i rate_i × count of cause i's component):
 *
 *   gpus     = the job's devices
 *   nodes    = ceil(gpus / devices per node)
 *   nics     = nodes × the node profile's compute NICs
 *   links    = nics when the cluster has a scale-out fabric (one cable and its optics from each NIC to a
 *              leaf switch), else 0
 *   switches = ceil(links / (radix / 2)): the leaf switches those links land on, half of a leaf's ports
 *              facing down in a non-blocking fat-tree; a spine failure is routed around and not counted.
 *              Radix from the fabric profile, 64 where it gives none (a 64-port NDR switch, QM9700).
 *   job      = 1 (a dependency outside the cluster fails the job whatever its size)
 */
import type { ClusterSpec } from '../config/scenario-types.ts';
import type { ComponentKind } from './types.ts';

export type ComponentCounts = Record<ComponentKind, number>;

export const DEFAULT_SWITCH_RADIX = 64;

export function jobComponents(devices: number, cluster: ClusterSpec): ComponentCounts {
  const node = cluster.nodes[0]!.profile;
  const nodes = Math.ceil(devices / node.devicesPerNode);
  const nics = nodes * node.nics.count;
  const links = cluster.scaleOut ? nics : 0;
  const radix = cluster.scaleOut?.profile.switchRadix ?? DEFAULT_SWITCH_RADIX;
  return { gpu: devices, node: nodes, nic: nics, link: links, switch: links > 0 ? Math.ceil(links / (radix / 2)) : 0, job: 1 };
}
