/**
 * Nodes on a leaf/spine(/core) tree (sizing in tree-plan.ts). `buildFatTree` cables NICs to leaves in
 * order: whole nodes per leaf (floor(d / nics) nodes each) when a node's NICs fit one leaf, else NIC
 * endpoints in order, d per leaf. `buildRailOptimized` (rail-optimized.ts) differs only in that assignment.
 *
 * Links: NIC <-> leaf at min(NIC rate, port rate) ('nic' tier); leaf <-> spine and spine <-> core bundles
 * ('leaf-spine', 'spine-core'). Latency: α_out / 4 on 'host' and 'nic' links, one switch hop on the others
 * (figures.ts). Capacities are line rates; protocol efficiency belongs to the backends.
 */
import type { ClusterSpec, ScaleOut } from '../../config/scenario-types.ts';
import { TopologyBuilder } from './builder.ts';
import { SWITCH_HOP_SECONDS } from './figures.ts';
import { attachStorage } from './storage-attach.ts';
import { placeNodes, type PlacedNodes } from './nodes.ts';
import type { TreeIndex } from './route-index.ts';
import { leafDownPorts, planTree, spineDownPorts } from './tree-plan.ts';
import type { Topology } from './types.ts';

export interface TreeOptions {
  /** force two or three tiers (default: two while the leaves fit, tree-plan.ts) */
  tiers?: 2 | 3;
  /** rail-optimised: nodes per scalable unit (default 32, 8 for rack-scale nodes; rail-optimized.ts) */
  suSize?: number;
  /** NIC ports per leaf (default from radix and oversubscription) */
  leafDownlinks?: number;
  /** spine downlink : uplink capacity in three tiers (default 1, non-blocking) */
  spineOversubscription?: number;
  /** switch radix (default: the scale-out profile's switchRadix) */
  radix?: number;
  /** NCCL PXN relaying (nodes.ts default) */
  pxn?: boolean;
  /** how an upward hop picks among equal-cost uplinks (default: by fabric, see upRoutingFor) */
  upRouting?: UpRouting;
}

/**
 * InfiniBand subnet managers route fat-trees statically by destination: OpenSM's ftree/up-down engines
 * spread destination LIDs over the uplinks round-robin ("d-mod-k": uplink = destination mod k), which
 * balances any permutation, e.g. every ring hop, evenly. Ethernet/RoCE fabrics hash each flow's 5-tuple
 * over the uplinks (ECMP), so flows can collide. Zahavi et al., "Optimized InfiniBand fat-tree routing
 * for shift all-to-all communication patterns" (2010) describe d-mod-k; RFC 2992 describes ECMP hashing.
 */
export type UpRouting = 'd-mod-k' | 'ecmp-hash';

export function upRoutingFor(fabricId: string, name: string): UpRouting {
  return /^ib-|infiniband/i.test(fabricId) || /infiniband/i.test(name) ? 'd-mod-k' : 'ecmp-hash';
}

/** Which leaf each NIC endpoint is cabled to, as decided by a fat-tree or rail-optimised layout. */
export interface LeafAssignment {
  style: string;
  endpointLeaf: Int32Array;
  leaves: number;
  leafName: (leaf: number) => string;
  /** pods of this many leaves when three tiers are built */
  leavesPerPod3: number;
  /** NIC ports a full leaf of this layout takes (uplink capacity = this · port / oversubscription) */
  portsPerLeaf: number;
  /** extra words for the description, e.g. "SU 32 nodes" */
  detail: string;
}

export type Assign = (placed: PlacedNodes, leafDownlinks: number, spineDown: number) => LeafAssignment;

export function buildFatTree(cluster: ClusterSpec, opts: TreeOptions = {}): Topology {
  return buildTree(cluster, opts, (placed, d, ds) => {
    const { nodes, nicsPerNode: r } = placed;
    const endpointLeaf = new Int32Array(nodes * r);
    const perLeaf = Math.floor(d / r);
    for (let e = 0; e < endpointLeaf.length; e++) endpointLeaf[e] = perLeaf >= 1 ? Math.floor(Math.floor(e / r) / perLeaf) : Math.floor(e / d);
    const leaves = endpointLeaf.length > 0 ? endpointLeaf[endpointLeaf.length - 1]! + 1 : 0;
    return { style: 'fat-tree', endpointLeaf, leaves, leafName: (i) => `leaf${i}`, leavesPerPod3: ds, portsPerLeaf: perLeaf >= 1 ? perLeaf * r : d, detail: perLeaf >= 1 ? `${perLeaf} nodes per leaf` : `${d} NICs per leaf` };
  });
}

export function requireScaleOut(cluster: ClusterSpec, what: string): ScaleOut {
  if (!cluster.scaleOut) throw new Error(`${what}: the cluster has no scale-out fabric (cluster.scaleOut)`);
  return cluster.scaleOut;
}

export function buildTree(cluster: ClusterSpec, opts: TreeOptions, assign: Assign): Topology {
  const so = requireScaleOut(cluster, 'fat-tree');
  const radix = opts.radix ?? so.profile.switchRadix;
  if (radix === undefined) throw new Error(`fat-tree: fabric profile ${so.profile.id} gives no switchRadix; set scaleOut.radix`);
  const alpha = so.profile.latencySeconds;
  const b = new TopologyBuilder();
  const placed = placeNodes(b, cluster.nodes, { hostLatencySeconds: alpha / 4, ...(opts.pxn === undefined ? {} : { pxn: opts.pxn }) });
  const port = so.profile.linkBandwidthBytesPerSecond;
  const spineOversubscription = opts.spineOversubscription ?? 1;
  const d = leafDownPorts(radix, so.oversubscription, opts.leafDownlinks);
  const a = assign(placed, d, spineDownPorts(radix, spineOversubscription));
  // a leaf's downlink capacity is its NIC links' (the slower of NIC and port), and the uplinks carry 1/o of it
  const nicCap = Math.min(port, placed.nicBytesPerSecond);
  const plan = planTree({ radix, portBytesPerSecond: nicCap, oversubscription: so.oversubscription, spineOversubscription, leafDownlinks: d, leafPortsUsed: a.portsPerLeaf, leaves: a.leaves, leavesPerPod3: a.leavesPerPod3, ...(opts.tiers ? { tiers: opts.tiers } : {}) });
  const { spinesPerPod: sp, coresPerGroup: cpg } = plan;
  const spines = plan.pods * sp;
  const cores = plan.tiers === 3 ? sp * cpg : 0;

  const leafVertexBase = b.vertices.length;
  for (let i = 0; i < a.leaves; i++) b.addVertex('leaf', a.leafName(i));
  const spineVertexBase = b.vertices.length;
  for (let s = 0; s < spines; s++) b.addVertex('spine', `spine${s}`);
  const coreVertexBase = b.vertices.length;
  for (let c = 0; c < cores; c++) b.addVertex('core', `core${c}`);

  const nicLinkBase = b.links.length;
  a.endpointLeaf.forEach((leaf, e) => b.addDuplex(placed.nicVertex[e]!, leafVertexBase + leaf, nicCap, alpha / 4, 'nic'));
  const leafSpineBase = b.links.length;
  const leafPod = new Int32Array(a.leaves);
  for (let leaf = 0; leaf < a.leaves; leaf++) {
    const pod = Math.floor(leaf / plan.leavesPerPod);
    leafPod[leaf] = pod;
    for (let j = 0; j < sp; j++) b.addDuplex(leafVertexBase + leaf, spineVertexBase + pod * sp + j, plan.leafSpineBytesPerSecond, SWITCH_HOP_SECONDS, 'leaf-spine');
  }
  const spineCoreBase = b.links.length;
  if (plan.tiers === 3) {
    for (let s = 0; s < spines; s++) {
      for (let c = 0; c < cpg; c++) b.addDuplex(spineVertexBase + s, coreVertexBase + (s % sp) * cpg + c, plan.spineCoreBytesPerSecond, SWITCH_HOP_SECONDS, 'spine-core');
    }
  }
  // storage on the compute network hangs off the top tier (storage-attach.ts)
  const top = plan.tiers === 3 ? 'core' : 'spine';
  const topVertices = Array.from({ length: top === 'core' ? cores : spines }, (_, i) => (top === 'core' ? coreVertexBase : spineVertexBase) + i);
  const storage = attachStorage(b, cluster.storage, topVertices, top);
  const upRouting = opts.upRouting ?? upRoutingFor(so.profile.id, so.profile.name);
  // d-mod-k numbers a destination by its port on its leaf (the low digit of a k-ary n-tree address)
  const endpointPort = new Int32Array(a.endpointLeaf.length);
  const used = new Int32Array(a.leaves);
  a.endpointLeaf.forEach((leaf, e) => (endpointPort[e] = used[leaf]!++));
  // the second digit: the destination's index within its pod, divided by the spines per pod
  const portsPerLeaf = Math.max(1, ...used);
  const endpointUp2 = new Int32Array(a.endpointLeaf.length);
  a.endpointLeaf.forEach((leaf, e) => (endpointUp2[e] = Math.floor(((leaf % plan.leavesPerPod) * portsPerLeaf + endpointPort[e]!) / sp)));
  const tree: TreeIndex = { kind: 'tree', tiers: plan.tiers, upRouting, endpointPort, endpointUp2, endpointLeaf: a.endpointLeaf, leafPod, spinesPerPod: sp, coresPerGroup: cpg, nicLinkBase, leafSpineBase, spineCoreBase, leafVertexBase, spineVertexBase, coreVertexBase };
  const switches = `${a.leaves} leaves, ${spines} spines${cores ? `, ${cores} cores` : ''}`;
  return b.finish({
    description: `${a.style}, ${plan.tiers} tiers, ${placed.summary}, ${so.profile.id} radix ${radix}, ${a.detail}, ${switches}, leaf oversubscription ${so.oversubscription}:1, ${upRouting} up-routing`,
    gpuVertex: placed.gpuVertex,
    gpusPerNode: placed.gpusPerNode,
    nodes: placed.nodes,
    scaleUpDomainSize: placed.scaleUpDomainSize,
    nicsPerNode: placed.nicsPerNode,
    routing: { nodes: placed.index, scaleOut: tree, torus: null },
    ...(storage.length > 0 ? { storage } : {}),
  });
}
