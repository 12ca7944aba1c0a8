/**
 * buildTopology: the fabric graph of a normalised cluster (pipeline phase 4).
 *  - TPU nodes (an ICI scale-up fabric): one torus over every chip of the cluster, dimensions from
 *    opts.torusDims or split evenly into the D of the accelerator's "<D>D torus" (3 when unstated);
 *    the scale-out (data-centre) network is not built.
 *  - otherwise the node insides (node-internal.ts) on the scale-out topology of the scenario:
 *    'fat-tree' or 'rail-optimized' (tree-plan.ts sizing); no scale-out: the nodes alone.
 * Dragonfly is not a scenario option yet; build it with buildDragonfly.
 */
import type { ClusterSpec, NodeGroup } from '../../config/scenario-types.ts';
import { TopologyBuilder } from './builder.ts';
import { balancedDims } from './dims.ts';
import { buildFatTree, type TreeOptions } from './fat-tree.ts';
import { DEFAULT_HOST_LATENCY_SECONDS } from './figures.ts';
import { scaleUpBytesPerSecond, scaleUpKind } from './node-internal.ts';
import { placeNodes } from './nodes.ts';
import { buildRailOptimized } from './rail-optimized.ts';
import { buildTorus } from './torus.ts';
import type { Topology } from './types.ts';

export interface BuildOptions extends TreeOptions {
  /** TPU torus dimensions, e.g. [16, 16] or [4, 4, 4]; their product must equal the chip count */
  torusDims?: number[];
}

export function buildTopology(cluster: ClusterSpec, opts: BuildOptions = {}): Topology {
  const groups = cluster.nodes.filter((g) => g.count > 0);
  const ici = groups.filter((g) => scaleUpKind(g) === 'ici');
  if (ici.length > 0) {
    if (ici.length !== groups.length) throw new Error('topology: TPU (ICI torus) nodes cannot share a fabric with other nodes');
    return torusOf(groups, opts.torusDims);
  }
  if (!cluster.scaleOut) return nodesOnly(groups, opts.pxn);
  return cluster.scaleOut.topology === 'rail-optimized' ? buildRailOptimized(cluster, opts) : buildFatTree(cluster, opts);
}

function torusOf(groups: NodeGroup[], torusDims: number[] | undefined): Topology {
  const first = groups[0]!;
  const perHost = first.profile.devicesPerNode;
  const chips = groups.reduce((s, g) => s + g.count * g.profile.devicesPerNode, 0);
  const tech = `${first.accelerator.scaleUp?.tech ?? ''} ${first.scaleUp?.name ?? ''}`;
  const d = Number(/(\d)D torus/i.exec(tech)?.[1] ?? 3);
  const dims = torusDims ?? balancedDims(chips, d);
  const product = dims.reduce((a, n) => a * n, 1);
  if (product !== chips) throw new Error(`torus: dimensions [${dims.join(', ')}] hold ${product} chips, the cluster has ${chips}`);
  return buildTorus({ dims, chipBytesPerSecond: scaleUpBytesPerSecond(first), latencySeconds: first.scaleUp?.latencySeconds ?? 2e-6, chipsPerHost: perHost, label: first.profile.id });
}

function nodesOnly(groups: NodeGroup[], pxn: boolean | undefined): Topology {
  const b = new TopologyBuilder();
  const placed = placeNodes(b, groups, { hostLatencySeconds: DEFAULT_HOST_LATENCY_SECONDS, ...(pxn === undefined ? {} : { pxn }) });
  return b.finish({
    description: `${placed.summary}, no scale-out fabric`,
    gpuVertex: placed.gpuVertex,
    gpusPerNode: placed.gpusPerNode,
    nodes: placed.nodes,
    scaleUpDomainSize: placed.scaleUpDomainSize,
    nicsPerNode: placed.nicsPerNode,
    routing: { nodes: placed.index, scaleOut: null, torus: null },
  });
}
