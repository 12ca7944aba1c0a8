/**
 * The fabric as a graph: vertices (GPUs, NVSwitch crossbars, NICs, switches) and DIRECTED links, each with
 * a line-rate capacity (bytes/s, one direction) and a latency. A full-duplex cable is two links. Builders in
 * this folder produce a `Topology` from a scenario's cluster; routing (routing.ts) turns a (src GPU, dst GPU,
 * flow id) into a list of link ids; the backends and the LMM solver see only link ids and capacities.
 *
 * Conventions:
 *  - GPUs are numbered 0..G-1 in "global rank" order, node-major: GPU g sits in node floor(g / gpusPerNode),
 *    local index g % gpusPerNode. Vertex ids of the GPUs are `gpuVertex[g]`.
 *  - Every GPU of a node with a scale-up fabric connects to a crossbar vertex ('nvswitch' for NVSwitch /
 *    NVL72 domains; for a full mesh such as MI300X Infinity Fabric a direct GPU-GPU link per pair) with
 *    per-GPU scale-up bandwidth; PCIe-only nodes connect GPUs to a 'pcie' host switch.
 *  - NIC r of a node is on "rail" r; GPU local index l uses NIC floor(l · nics / gpusPerNode) (its rail).
 *  - `tier` names the layer a link belongs to, for per-tier utilisation reports.
 */
export type VertexKind = 'gpu' | 'nvswitch' | 'pcie' | 'nic' | 'leaf' | 'spine' | 'core' | 'router' | 'storage';

export type LinkTier =
  | 'scale-up' // GPU <-> NVSwitch / mesh / ICI neighbour
  | 'host' // GPU <-> NIC over PCIe
  | 'nic' // NIC <-> leaf switch
  | 'leaf-spine'
  | 'spine-core'
  | 'torus' // TPU ICI torus links
  | 'dragonfly-local'
  | 'dragonfly-global'
  | 'storage'; // a storage system's attachment to the top switch tier (storage-attach.ts)

export interface Vertex {
  id: number;
  kind: VertexKind;
  /** readable, unique: "node3/gpu5", "leaf-r2-su0", "spine7" */
  name: string;
  /** node index for vertices inside a node (gpu, nvswitch, pcie, nic); -1 for switches */
  node: number;
}

export interface Link {
  id: number;
  from: number;
  to: number;
  capacityBytesPerSecond: number;
  latencySeconds: number;
  tier: LinkTier;
}

export interface Topology {
  /** what was built, e.g. "rail-optimized fat-tree, 2 tiers, 64 nodes x 8 GPUs" */
  description: string;
  vertices: Vertex[];
  links: Link[];
  /** vertex id of GPU g */
  gpuVertex: Int32Array;
  gpusPerNode: number;
  nodes: number;
  /** devices per scale-up domain (8 for DGX, 72 for NVL72) */
  scaleUpDomainSize: number;
  /** NICs per node (rails) */
  nicsPerNode: number;
  /** outgoing link ids per vertex, CSR layout: out[outStart[v] .. outStart[v+1]) */
  outStart: Int32Array;
  out: Int32Array;
  /** optional: the structure the builders precompute so routing is O(path length) (route-index.ts);
   * absent on a hand-built Topology, which routing.ts then routes by breadth-first search */
  routing?: import('./route-index.ts').RoutingIndex;
  /** storage systems attached to this fabric (storage-attach.ts); absent or empty: none */
  storage?: StorageAttachment[];
}

/**
 * A storage system on the compute fabric: one vertex joined to every switch of the top tier (spines of a
 * two-tier tree, cores of a three-tier one) by a link each way. toStorage[i] and fromStorage[i] are the link
 * ids to and from top switch i (in the order of the switches' vertex ids).
 */
export interface StorageAttachment {
  id: string;
  vertex: number;
  top: 'spine' | 'core';
  toStorage: Int32Array;
  fromStorage: Int32Array;
}
