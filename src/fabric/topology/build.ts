/**
 * buildTopology: the fabric graph of a normalised cluster (pipeline phase 4).
 *  - TPU nodes (an ICI scale-up fabric): one torus over every chip of the cluster, dimensions from
 *    opts.torusDims or split evenly into the D of the accelerator's "<D>D torus" (3 when unstated);
 *    the scale-out (data-centre) network is not built.
 *  - otherwise the node insides (node-internal.ts) on the scale-out topology of the scenario:
 *    'fat-tree' or 'rail-optimized' (tree-plan.ts sizing), or 'dragonfly' (dragonfly.ts); no scale-out:
 *    the nodes alone.
 * The scenario's scale-out fields (tiers, spine oversubscription, radix, scalable unit, routing, dragonfly
 * shape) and cluster.torusDims are the defaults; `opts` overrides them (tests, what-if studies).
 * Dragonfly default shape: Kim et al.'s balanced a = 2p = 2h (ISCA 2008 §3.1). A router of radix k spends
 * p ports on terminals, a − 1 on its group and h on other groups, k = p + (2p − 1) + p = 4p − 1. So
 * p = floor((k + 1) / 4).
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
import { buildDragonfly, type DragonflyParams } from './dragonfly.ts';
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
    return torusOf(groups, opts.torusDims ?? cluster.torusDims);
  }
  const so = cluster.scaleOut;
  if (!so) return nodesOnly(groups, opts.pxn);
  if (so.topology === 'dragonfly') return buildDragonfly(cluster, { ...dragonflyShape(so, opts.radix), ...(opts.pxn === undefined ? {} : { pxn: opts.pxn }) });
  const o: BuildOptions = { ...treeOptions(so), ...opts };
  return so.topology === 'rail-optimized' ? buildRailOptimized(cluster, o) : buildFatTree(cluster, o);
}

/** The tree options a scenario's scale-out sets (header). */
function treeOptions(so: NonNullable<ClusterSpec['scaleOut']>): TreeOptions {
  const o: TreeOptions = {};
  if (so.tiers !== undefined) o.tiers = so.tiers;
  if (so.spineOversubscription !== undefined) o.spineOversubscription = so.spineOversubscription;
  if (so.radix !== undefined) o.radix = so.radix;
  if (so.scalableUnit !== undefined) o.suSize = so.scalableUnit;
  if (so.routing !== undefined) o.upRouting = so.routing;
  return o;
}

/** The scenario's dragonfly shape, or the balanced one for the switch radix (header). */
function dragonflyShape(so: NonNullable<ClusterSpec['scaleOut']>, radixOverride: number | undefined): DragonflyParams {
  if (so.dragonfly !== undefined) return { ...so.dragonfly };
  const k = radixOverride ?? so.radix ?? so.profile.switchRadix;
  if (k === undefined) throw new Error(`dragonfly: fabric profile ${so.profile.id} gives no switchRadix; set scaleOut.radix or scaleOut.dragonfly`);
  const p = Math.floor((k + 1) / 4);
  if (p < 1) throw new Error(`dragonfly: radix ${k} is too small for a balanced dragonfly (needs at least 3 ports)`);
  return { a: 2 * p, p, h: p };
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
