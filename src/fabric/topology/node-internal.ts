/**
 * The inside of one node as a template: GPUs, their scale-up fabric, NICs and the PCIe links between GPUs
 * and NICs. Built once per node profile and stamped out per node (nodes.ts), with the GPU-to-GPU paths
 * precomputed so intra-node routing is a table lookup.
 *
 * Scale-up kinds (from the node's scale-up fabric profile and the accelerator's scale-up tech):
 *  - 'nvswitch': every GPU to one crossbar vertex at the per-GPU scale-up bandwidth per direction
 *    (NVSwitch in HGX/DGX; for NVL72 the 9 switch trays of the rack act as one 72-port crossbar, B1).
 *  - 'mesh': a direct link per GPU pair at per-device bandwidth / (gpus − 1) (MI300X Infinity Fabric:
 *    448 / 7 = 64 GB/s per link, B4; Gaudi3 RoCE: 525 / 7 = 75 GB/s = 3 x 200 GbE per peer, B4).
 *  - 'pcie': every GPU to a 'pcie' host switch at the PCIe x16 rate of the node's scale-up profile
 *    (pcie-gen4 / pcie-gen5; Gen4 when the profile is null).
 *  - 'torus': a 2D torus inside the node at per-chip bandwidth / (2 · dims) per link (Trainium2 4x4,
 *    neuronlink-v3); a dimension of size 2 has one cable per direction carrying both ports' share.
 *  - 'ici' (TPU): the torus spans the whole slice, not a node; torus.ts builds it instead.
 * NICs: GPU l uses NIC floor(l · nics / gpus) (its rail) over a 'host' PCIe link (figures.ts).
 */
import type { NodeGroup } from '../../config/scenario-types.ts';
import { balancedDims, stridesOf } from './dims.ts';
import { DEFAULT_SCALE_UP_LATENCY_SECONDS, PCIE_X16_BYTES_PER_SECOND, hostLinkBytesPerSecond } from './figures.ts';
import type { NodeTemplate, ScaleUpKind, TemplateLink } from './route-index.ts';

export function scaleUpKind(group: NodeGroup): ScaleUpKind | 'ici' {
  const f = group.scaleUp;
  if (!f) return 'pcie';
  const text = `${f.id} ${f.name} ${group.accelerator.scaleUp?.tech ?? ''}`;
  if (/^pcie/i.test(f.id) || /\bPCIe\b/.test(f.name)) return 'pcie';
  if (/\bICI\b|tpu-ici/i.test(text)) return 'ici';
  if (/mesh|all-to-all/i.test(text)) return 'mesh';
  if (/torus/i.test(text)) return 'torus';
  return 'nvswitch';
}

/** Per-device scale-up bandwidth, one direction: the fabric profile's, else the accelerator's. */
export function scaleUpBytesPerSecond(group: NodeGroup): number {
  return group.scaleUp?.linkBandwidthBytesPerSecond ?? group.accelerator.scaleUp?.bandwidthBytesPerSecond ?? PCIE_X16_BYTES_PER_SECOND.gen4;
}

export function makeNodeTemplate(group: NodeGroup, hostLatencySeconds: number): NodeTemplate {
  const kind = scaleUpKind(group);
  if (kind === 'ici') throw new Error(`node ${group.profile.id}: an ICI torus spans the slice; build it with buildTorus`);
  const gpus = group.profile.devicesPerNode;
  const nics = group.profile.nics.count;
  const perDevice = scaleUpBytesPerSecond(group);
  const alpha = group.scaleUp?.latencySeconds ?? DEFAULT_SCALE_UP_LATENCY_SECONDS;
  const switchVertex = kind === 'nvswitch' || kind === 'pcie' ? gpus : -1;
  const nicBase = gpus + (switchVertex >= 0 ? 1 : 0);
  const links: TemplateLink[] = [];
  const duplex = (a: number, b: number, cap: number, lat: number) => {
    links.push({ from: a, to: b, capacityBytesPerSecond: cap, latencySeconds: lat, tier: 'scale-up' });
    links.push({ from: b, to: a, capacityBytesPerSecond: cap, latencySeconds: lat, tier: 'scale-up' });
  };
  if (switchVertex >= 0) {
    for (let l = 0; l < gpus; l++) duplex(l, switchVertex, perDevice, alpha / 2);
  } else if (kind === 'mesh') {
    for (let i = 0; i < gpus; i++) for (let j = i + 1; j < gpus; j++) duplex(i, j, perDevice / (gpus - 1), alpha);
  } else {
    const dims = balancedDims(gpus, 2);
    const strides = stridesOf(dims);
    const perLink = perDevice / (2 * dims.filter((n) => n > 1).length);
    for (let c = 0; c < gpus; c++) {
      dims.forEach((n, d) => {
        const x = Math.floor(c / strides[d]!) % n;
        if (n === 2 && x === 0) duplex(c, c + strides[d]!, 2 * perLink, alpha);
        else if (n > 2) links.push({ from: c, to: c + (((x + 1) % n) - x) * strides[d]!, capacityBytesPerSecond: perLink, latencySeconds: alpha, tier: 'scale-up' }, { from: c, to: c + (((x - 1 + n) % n) - x) * strides[d]!, capacityBytesPerSecond: perLink, latencySeconds: alpha, tier: 'scale-up' });
      });
    }
  }
  const { pathStart, pathLinks } = localPaths(gpus, nicBase + nics, links);
  const gpuRail = new Int32Array(gpus);
  const railGpu = new Int32Array(nics).fill(-1);
  const hostUp = new Int32Array(gpus);
  const hostDown = new Int32Array(gpus);
  const hostCap = hostLinkBytesPerSecond(group.profile.nics.bandwidthBytesPerSecond);
  for (let l = 0; l < gpus; l++) {
    const rail = Math.floor((l * nics) / gpus);
    gpuRail[l] = rail;
    if (railGpu[rail] === -1) railGpu[rail] = l;
    hostUp[l] = links.length;
    links.push({ from: l, to: nicBase + rail, capacityBytesPerSecond: hostCap, latencySeconds: hostLatencySeconds, tier: 'host' });
    hostDown[l] = links.length;
    links.push({ from: nicBase + rail, to: l, capacityBytesPerSecond: hostCap, latencySeconds: hostLatencySeconds, tier: 'host' });
  }
  return { profileId: group.profile.id, kind, gpus, nics, switchVertex, vertexCount: nicBase + nics, links, gpuRail, railGpu, pathStart, pathLinks, hostUp, hostDown };
}

/** Shortest GPU-to-GPU paths over the scale-up links only (never through a NIC), by BFS from each GPU. */
function localPaths(gpus: number, vertexCount: number, links: readonly TemplateLink[]): { pathStart: Int32Array; pathLinks: Int32Array } {
  const adj: number[][] = Array.from({ length: vertexCount }, () => []);
  links.forEach((l, i) => adj[l.from]!.push(i));
  const pathStart = new Int32Array(gpus * gpus + 1);
  const all: number[] = [];
  const parent = new Int32Array(vertexCount);
  for (let s = 0; s < gpus; s++) {
    parent.fill(-2);
    parent[s] = -1;
    const queue = [s];
    for (let q = 0; q < queue.length; q++) {
      for (const li of adj[queue[q]!]!) {
        const to = links[li]!.to;
        if (parent[to] !== -2) continue;
        parent[to] = li;
        queue.push(to);
      }
    }
    for (let d = 0; d < gpus; d++) {
      if (d !== s && parent[d] === -2) throw new Error(`node template: GPU ${d} unreachable from GPU ${s}`);
      const rev: number[] = [];
      for (let v = d; v !== s; v = links[parent[v]!]!.from) rev.push(parent[v]!);
      all.push(...rev.reverse());
      pathStart[s * gpus + d + 1] = all.length;
    }
  }
  return { pathStart, pathLinks: Int32Array.from(all) };
}
