/**
 * Small hand-built fabrics for the backend and collective tests, independent of the topology builders:
 * N nodes × G GPUs, one NVSwitch crossbar per node (or a full GPU mesh), R NICs per node on R rails, one
 * leaf per rail and (optionally) one spine above the leaves. Link latencies split the per-step α the way
 * src/fabric/topology/figures.ts does: α_up / 2 per crossbar link, α_up per mesh link, α_out / 4 per host
 * and NIC link, 130 ns per leaf–spine hop. They carry no routing index, so the topology package routes
 * them by breadth-first search (topology/graph-route.ts).
 */
import type { FabricProfile } from '../../src/hardware/profile-types.ts';
import type { ClusterSpec } from '../../src/config/scenario-types.ts';
import type { Catalog } from '../../src/hardware/profile-types.ts';
import type { Link, LinkTier, Topology, Vertex, VertexKind } from '../../src/fabric/topology/types.ts';

export interface FixtureOptions {
  nodes: number;
  gpusPerNode: number;
  nics?: number;
  /** per GPU, per direction */
  scaleUpBytesPerSecond?: number;
  nicBytesPerSecond?: number;
  hostBytesPerSecond?: number;
  alphaUp?: number;
  alphaOut?: number;
  /** GPU-to-GPU mesh links inside a node instead of an NVSwitch (capacity = scaleUp / (G − 1) each) */
  mesh?: boolean;
  /** a spine above the rail leaves, with this capacity per leaf uplink (default: non-blocking) */
  spineBytesPerSecond?: number;
}

export function railFabric(o: FixtureOptions): Topology {
  const nics = o.nics ?? o.gpusPerNode;
  const up = o.scaleUpBytesPerSecond ?? 450e9;
  const nic = o.nicBytesPerSecond ?? 50e9;
  const host = o.hostBytesPerSecond ?? 63e9;
  const aUp = o.alphaUp ?? 2e-6;
  const aOut = o.alphaOut ?? 4e-6;
  const vertices: Vertex[] = [];
  const links: Link[] = [];
  const vertex = (kind: VertexKind, name: string, node: number): number => {
    vertices.push({ id: vertices.length, kind, name, node });
    return vertices.length - 1;
  };
  const duplex = (a: number, b: number, cap: number, lat: number, tier: LinkTier): void => {
    links.push({ id: links.length, from: a, to: b, capacityBytesPerSecond: cap, latencySeconds: lat, tier });
    links.push({ id: links.length, from: b, to: a, capacityBytesPerSecond: cap, latencySeconds: lat, tier });
  };
  const gpuVertex = new Int32Array(o.nodes * o.gpusPerNode);
  const leaves = Array.from({ length: nics }, (_, r) => vertex('leaf', `leaf-r${r}`, -1));
  for (let n = 0; n < o.nodes; n++) {
    const gpus = Array.from({ length: o.gpusPerNode }, (_, l) => vertex('gpu', `node${n}/gpu${l}`, n));
    gpus.forEach((v, l) => (gpuVertex[n * o.gpusPerNode + l] = v));
    if (o.mesh === true) {
      for (let a = 0; a < gpus.length; a++) for (let b = a + 1; b < gpus.length; b++) duplex(gpus[a]!, gpus[b]!, up / (gpus.length - 1), aUp, 'scale-up');
    } else if (o.gpusPerNode > 1) {
      const sw = vertex('nvswitch', `node${n}/nvswitch`, n);
      for (const g of gpus) duplex(g, sw, up, aUp / 2, 'scale-up');
    }
    if (nics === 0) continue;
    const nicVs = Array.from({ length: nics }, (_, r) => vertex('nic', `node${n}/nic${r}`, n));
    gpus.forEach((g, l) => duplex(g, nicVs[Math.floor((l * nics) / o.gpusPerNode)]!, host, aOut / 4, 'host'));
    nicVs.forEach((v, r) => duplex(v, leaves[r]!, nic, aOut / 4, 'nic'));
  }
  if (nics > 1 && o.spineBytesPerSecond !== undefined) {
    const spine = vertex('spine', 'spine0', -1);
    for (const l of leaves) duplex(l, spine, o.spineBytesPerSecond, 130e-9, 'leaf-spine');
  }
  const outStart = new Int32Array(vertices.length + 1);
  for (const l of links) outStart[l.from + 1]! += 1;
  for (let v = 0; v < vertices.length; v++) outStart[v + 1]! += outStart[v]!;
  const fill = outStart.slice(0, vertices.length);
  const out = new Int32Array(links.length);
  for (const l of links) out[fill[l.from]!++] = l.id;
  return {
    description: `fixture: ${o.nodes} nodes x ${o.gpusPerNode} GPUs, ${nics} rails`,
    vertices,
    links,
    gpuVertex,
    gpusPerNode: o.gpusPerNode,
    nodes: o.nodes,
    scaleUpDomainSize: o.gpusPerNode,
    nicsPerNode: nics,
    outStart,
    out,
  };
}

/** A one-group cluster of catalog profiles, for the real topology builders. */
export function clusterOf(catalog: Catalog, node: string, count: number, fabric: string | null, topology: 'fat-tree' | 'rail-optimized' = 'rail-optimized', oversubscription = 1): ClusterSpec {
  const profile = catalog.nodes.get(node)!;
  const scaleUp = profile.scaleUpFabric ? catalog.fabrics.get(profile.scaleUpFabric)! : null;
  const scaleOut = fabric ? { profile: catalog.fabrics.get(fabric)!, topology, oversubscription } : null;
  return { nodes: [{ profile, accelerator: catalog.accelerators.get(profile.accelerator)!, scaleUp, count }], scaleOut, storage: [] };
}

/** Fabric profiles as in hardware-profiles/fabrics (the figures the tests rely on, with the same sources). */
export function fabricProfile(id: 'nvlink4-nvswitch' | 'nvlink3-nvswitch' | 'ib-ndr-400' | 'ib-hdr-200'): FabricProfile {
  const p = PROFILES[id];
  return { kind: 'fabric', id, source: `hardware-profiles/fabrics/${id}.yaml`, ...p };
}

const PROFILES = {
  'nvlink4-nvswitch': { name: 'NVLink 4', tier: 'scale-up', linkBandwidthBytesPerSecond: 450e9, latencySeconds: 2e-6, efficiency: 0.82, inNetworkReduction: true },
  'nvlink3-nvswitch': { name: 'NVLink 3', tier: 'scale-up', linkBandwidthBytesPerSecond: 300e9, latencySeconds: 2e-6, efficiency: 0.77, inNetworkReduction: false },
  'ib-ndr-400': { name: 'NDR', tier: 'scale-out', linkBandwidthBytesPerSecond: 50e9, latencySeconds: 4e-6, efficiency: 0.94, inNetworkReduction: true },
  'ib-hdr-200': { name: 'HDR', tier: 'scale-out', linkBandwidthBytesPerSecond: 25e9, latencySeconds: 4e-6, efficiency: 0.96, inNetworkReduction: true },
} as const;
