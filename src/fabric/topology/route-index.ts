/**
 * What the builders precompute so that routing is O(path length): the structure of every fabric kept as
 * arithmetic over dense id ranges, never a search. Stored on `Topology.routing` (an optional field of the
 * contract); a Topology built by hand without it is routed by breadth-first search (graph-route.ts).
 *
 * NIC endpoints are numbered e = node · nicsPerNode + rail.
 */
import type { LinkTier } from './types.ts';

export type ScaleUpKind = 'nvswitch' | 'mesh' | 'pcie' | 'torus';

export interface TemplateLink {
  from: number;
  to: number;
  capacityBytesPerSecond: number;
  latencySeconds: number;
  tier: LinkTier;
}

/**
 * One node's inside, in local ids: vertices 0..gpus-1 are the GPUs, then the crossbar ('nvswitch' or 'pcie')
 * if any, then the NICs; links are numbered from 0 and placed at `NodeIndex.nodeLinkBase[node]`.
 */
export interface NodeTemplate {
  profileId: string;
  kind: ScaleUpKind;
  gpus: number;
  nics: number;
  /** local vertex of the crossbar, or -1 (mesh, torus) */
  switchVertex: number;
  vertexCount: number;
  links: TemplateLink[];
  /** rail (NIC index) of each local GPU: floor(l · nics / gpus) */
  gpuRail: Int32Array;
  /** the GPU PXN relays through for each rail: the first GPU on that rail */
  railGpu: Int32Array;
  /** local GPU-to-GPU paths over the scale-up fabric: links pathLinks[pathStart[s·gpus+d] .. pathStart[s·gpus+d+1]) */
  pathStart: Int32Array;
  pathLinks: Int32Array;
  /** local link GPU l -> its NIC, and its NIC -> GPU l */
  hostUp: Int32Array;
  hostDown: Int32Array;
}

export interface NodeIndex {
  templates: NodeTemplate[];
  nodeTemplate: Int32Array;
  nodeLinkBase: Int32Array;
  nodeVertexBase: Int32Array;
  /** NCCL PXN: an inter-node message leaves through the NIC on the destination GPU's rail (routing.ts) */
  pxn: boolean;
}

/**
 * Leaf/spine(/core) tree. Leaves are grouped in pods that share a spine set (one pod for two tiers); core
 * group j joins spine j of every pod. Link ids:
 *   NIC e -> leaf: nicLinkBase + 2e; leaf -> NIC e: + 1
 *   leaf -> spine j of its pod: leafSpineBase + 2(leaf · spinesPerPod + j); spine -> leaf: + 1
 *   spine s -> core c of group (s mod spinesPerPod): spineCoreBase + 2(s · coresPerGroup + c); core -> spine: + 1
 */
export interface TreeIndex {
  kind: 'tree';
  tiers: 2 | 3;
  /** uplink choice: by destination (InfiniBand d-mod-k) or by flow hash (Ethernet ECMP); fat-tree.ts */
  upRouting: 'd-mod-k' | 'ecmp-hash';
  /** port of each NIC endpoint on its leaf, 0-based */
  endpointPort: Int32Array;
  /** d-mod-k's second digit: floor((leaf in pod × ports per leaf + port) / spines per pod) */
  endpointUp2: Int32Array;
  endpointLeaf: Int32Array;
  leafPod: Int32Array;
  spinesPerPod: number;
  coresPerGroup: number;
  nicLinkBase: number;
  leafSpineBase: number;
  spineCoreBase: number;
  leafVertexBase: number;
  spineVertexBase: number;
  coreVertexBase: number;
}

/**
 * Dragonfly (Kim et al. 2008): `groups` groups of `a` routers, all-to-all inside a group, `globalPerPair`
 * global cables between every pair of groups. Link ids:
 *   NIC e -> router: nicLinkBase + 2e; router -> NIC e: + 1
 *   router i -> router j in group G (i != j): localBase + G·a·(a-1) + i·(a-1) + (j < i ? j : j - 1)
 *   global cable k between groups (G, H): globalLink[(G·groups + H)·globalPerPair + k] (direction G -> H),
 *     leaving router globalRouter[same index] of group G
 */
export interface DragonflyIndex {
  kind: 'dragonfly';
  a: number;
  p: number;
  h: number;
  groups: number;
  globalPerPair: number;
  endpointRouter: Int32Array;
  nicLinkBase: number;
  localBase: number;
  globalLink: Int32Array;
  globalRouter: Int32Array;
}

/** A torus over all chips, chip c = Σ x_d · stride_d (dimension 0 fastest). Link chip c, dim d, sign s (0 = +, 1 = -): base + 2(c·D + d) + s. */
export interface TorusIndex {
  kind: 'torus';
  dims: number[];
  strides: number[];
  linkBase: number;
}

export interface RoutingIndex {
  nodes: NodeIndex | null;
  scaleOut: TreeIndex | DragonflyIndex | null;
  torus: TorusIndex | null;
}
