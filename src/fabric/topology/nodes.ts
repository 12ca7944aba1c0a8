/**
 * Stamps the node templates (node-internal.ts) into a topology: nodes in the order of the cluster's node
 * groups, each node's vertices (GPUs, crossbar, NICs) and internal links contiguous, so a node's pieces are
 * found by adding its base offsets. GPU g is node floor(g / gpusPerNode), local index g mod gpusPerNode.
 *
 * Node groups may use different profiles but must agree on GPUs and NICs per node, because the Topology
 * contract has one gpusPerNode and one nicsPerNode.
 */
import type { NodeGroup } from '../../config/scenario-types.ts';
import type { TopologyBuilder } from './builder.ts';
import { makeNodeTemplate } from './node-internal.ts';
import type { NodeIndex } from './route-index.ts';

export interface PlacedNodes {
  index: NodeIndex;
  gpuVertex: Int32Array;
  /** vertex of NIC endpoint e = node · nicsPerNode + rail */
  nicVertex: Int32Array;
  nodes: number;
  gpusPerNode: number;
  nicsPerNode: number;
  scaleUpDomainSize: number;
  /** the slowest NIC of any node, one direction */
  nicBytesPerSecond: number;
  /** "64 nodes x 8 GPUs (dgx-h100)" */
  summary: string;
}

export interface NodeOptions {
  /** NCCL PXN relaying; default on when every node has an NVLink-class fabric (crossbar or mesh) */
  pxn?: boolean;
  hostLatencySeconds: number;
}

export function placeNodes(b: TopologyBuilder, groups: readonly NodeGroup[], opts: NodeOptions): PlacedNodes {
  const live = groups.filter((g) => g.count > 0);
  const first = live[0];
  if (!first) throw new Error('topology: the cluster has no nodes');
  const gpusPerNode = first.profile.devicesPerNode;
  const nicsPerNode = first.profile.nics.count;
  for (const g of live) {
    if (g.profile.devicesPerNode !== gpusPerNode || g.profile.nics.count !== nicsPerNode) {
      throw new Error(`topology: node profiles ${first.profile.id} and ${g.profile.id} differ in devices or NICs per node; one fabric needs one node shape`);
    }
  }
  const templates = live.map((g) => makeNodeTemplate(g, opts.hostLatencySeconds));
  const nodes = live.reduce((s, g) => s + g.count, 0);
  const nodeTemplate = new Int32Array(nodes);
  const nodeLinkBase = new Int32Array(nodes);
  const nodeVertexBase = new Int32Array(nodes);
  const gpuVertex = new Int32Array(nodes * gpusPerNode);
  const nicVertex = new Int32Array(nodes * nicsPerNode);
  let n = 0;
  templates.forEach((t, ti) => {
    for (let k = 0; k < live[ti]!.count; k++, n++) {
      nodeTemplate[n] = ti;
      nodeVertexBase[n] = b.vertices.length;
      nodeLinkBase[n] = b.links.length;
      for (let l = 0; l < t.gpus; l++) gpuVertex[n * gpusPerNode + l] = b.addVertex('gpu', `node${n}/gpu${l}`, n);
      if (t.switchVertex >= 0) b.addVertex(t.kind === 'pcie' ? 'pcie' : 'nvswitch', `node${n}/${t.kind === 'pcie' ? 'pcie' : 'nvswitch'}`, n);
      for (let r = 0; r < t.nics; r++) nicVertex[n * nicsPerNode + r] = b.addVertex('nic', `node${n}/nic${r}`, n);
      const vb = nodeVertexBase[n]!;
      for (const l of t.links) b.addLink(vb + l.from, vb + l.to, l.capacityBytesPerSecond, l.latencySeconds, l.tier);
    }
  });
  const pxn = opts.pxn ?? templates.every((t) => t.kind === 'nvswitch' || t.kind === 'mesh');
  const scaleUpDomainSize = Math.min(...live.map((g) => g.profile.scaleUpDomainSize));
  const ids = [...new Set(live.map((g) => g.profile.id))].join(', ');
  return {
    index: { templates, nodeTemplate, nodeLinkBase, nodeVertexBase, pxn },
    gpuVertex,
    nicVertex,
    nodes,
    gpusPerNode,
    nicsPerNode,
    scaleUpDomainSize,
    nicBytesPerSecond: Math.min(...live.map((g) => g.profile.nics.bandwidthBytesPerSecond)),
    summary: `${nodes} nodes x ${gpusPerNode} GPUs (${ids})`,
  };
}
