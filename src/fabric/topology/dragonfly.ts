/**
 * Dragonfly (Kim, Dally, Scott, Abts, "Technology-Driven, Highly-Scalable Dragonfly Topology", ISCA 2008):
 * groups of `a` routers, all-to-all inside a group by local links; each router has `p` terminals (here NIC
 * endpoints, e = node · nics + rail, attached to router floor(e / p)) and `h` global ports; the a · h global
 * ports of a group join every other group (at most a · h + 1 groups), with floor(a · h / (groups − 1))
 * cables per pair of groups when there are fewer. Balanced when a = 2p = 2h (the paper's recommendation).
 * Port t of group G (router floor(t / h)) leads to the group at offset floor(t / m) + 1 (mod groups).
 *
 * Links: every cable at the scale-out port rate, one switch hop of latency; NIC links at min(NIC, port) and
 * α_out / 4 (figures.ts). Routing is minimal: local hop to the router holding the chosen global cable,
 * the global cable, local hop to the destination router: at most 3 router-to-router hops. Among the
 * cables of a pair of groups, ECMP picks by the flow's hash. (Valiant/UGAL non-minimal routing is not
 * modelled.)
 */
import type { ClusterSpec } from '../../config/scenario-types.ts';
import { TopologyBuilder } from './builder.ts';
import { requireScaleOut } from './fat-tree.ts';
import { SWITCH_HOP_SECONDS } from './figures.ts';
import { ecmpPick } from './hash.ts';
import { placeNodes } from './nodes.ts';
import type { DragonflyIndex } from './route-index.ts';
import type { Topology } from './types.ts';

export interface DragonflyParams {
  /** routers per group */
  a: number;
  /** terminals (NIC endpoints) per router */
  p: number;
  /** global ports per router */
  h: number;
  /** groups; default: just enough for the cluster's NICs */
  groups?: number;
  pxn?: boolean;
}

export function buildDragonfly(cluster: ClusterSpec, params: DragonflyParams): Topology {
  const so = requireScaleOut(cluster, 'dragonfly');
  const { a, p, h } = params;
  if (![a, p, h].every((x) => Number.isInteger(x) && x >= 1)) throw new Error(`dragonfly: a, p, h must be positive integers, got ${a}, ${p}, ${h}`);
  const alpha = so.profile.latencySeconds;
  const port = so.profile.linkBandwidthBytesPerSecond;
  const b = new TopologyBuilder();
  const placed = placeNodes(b, cluster.nodes, { hostLatencySeconds: alpha / 4, ...(params.pxn === undefined ? {} : { pxn: params.pxn }) });
  const endpoints = placed.nodes * placed.nicsPerNode;
  const groups = params.groups ?? Math.max(1, Math.ceil(endpoints / (a * p)));
  if (groups > a * h + 1) throw new Error(`dragonfly: ${groups} groups exceed a·h + 1 = ${a * h + 1}`);
  if (groups * a * p < endpoints) throw new Error(`dragonfly: ${endpoints} NICs exceed ${groups} groups x ${a} routers x ${p} terminals`);
  const m = groups > 1 ? Math.floor((a * h) / (groups - 1)) : 0;

  const routerBase = b.vertices.length;
  for (let g = 0; g < groups; g++) for (let i = 0; i < a; i++) b.addVertex('router', `router-g${g}-${i}`);
  const nicLinkBase = b.links.length;
  const nicCap = Math.min(port, placed.nicBytesPerSecond);
  const endpointRouter = new Int32Array(endpoints);
  for (let e = 0; e < endpoints; e++) {
    endpointRouter[e] = Math.floor(e / p);
    b.addDuplex(placed.nicVertex[e]!, routerBase + endpointRouter[e]!, nicCap, alpha / 4, 'nic');
  }
  const localBase = b.links.length;
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < a; i++) for (let j = 0; j < a; j++) if (i !== j) b.addLink(routerBase + g * a + i, routerBase + g * a + j, port, SWITCH_HOP_SECONDS, 'dragonfly-local');
  }
  const globalLink = new Int32Array(groups * groups * m);
  const globalRouter = new Int32Array(groups * groups * m);
  for (let g = 0; g < groups; g++) {
    for (let hh = g + 1; hh < groups; hh++) {
      for (let k = 0; k < m; k++) {
        const rg = g * a + Math.floor(((hh - g - 1) * m + k) / h);
        const rh = hh * a + Math.floor(((groups - (hh - g) - 1) * m + k) / h);
        const id = b.addDuplex(routerBase + rg, routerBase + rh, port, SWITCH_HOP_SECONDS, 'dragonfly-global');
        globalLink[(g * groups + hh) * m + k] = id;
        globalLink[(hh * groups + g) * m + k] = id + 1;
        globalRouter[(g * groups + hh) * m + k] = rg;
        globalRouter[(hh * groups + g) * m + k] = rh;
      }
    }
  }
  const index: DragonflyIndex = { kind: 'dragonfly', a, p, h, groups, globalPerPair: m, endpointRouter, nicLinkBase, localBase, globalLink, globalRouter };
  return b.finish({
    description: `dragonfly a=${a} p=${p} h=${h}, ${groups} groups, ${m} global links per group pair, ${placed.summary}, ${so.profile.id}`,
    gpuVertex: placed.gpuVertex,
    gpusPerNode: placed.gpusPerNode,
    nodes: placed.nodes,
    scaleUpDomainSize: placed.scaleUpDomainSize,
    nicsPerNode: placed.nicsPerNode,
    routing: { nodes: placed.index, scaleOut: index, torus: null },
  });
}

function localLink(t: DragonflyIndex, group: number, i: number, j: number): number {
  return t.localBase + group * t.a * (t.a - 1) + i * (t.a - 1) + (j < i ? j : j - 1);
}

export function routeDragonfly(t: DragonflyIndex, es: number, ed: number, flowId: number, out: number[]): void {
  const rs = t.endpointRouter[es]!;
  const rd = t.endpointRouter[ed]!;
  out.push(t.nicLinkBase + 2 * es);
  if (rs !== rd) {
    const a = t.a;
    const gs = Math.floor(rs / a);
    const gd = Math.floor(rd / a);
    if (gs === gd) {
      out.push(localLink(t, gs, rs % a, rd % a));
    } else {
      const k = ecmpPick(flowId, 0, t.globalPerPair);
      const fwd = (gs * t.groups + gd) * t.globalPerPair + k;
      const ra = t.globalRouter[fwd]!;
      const rb = t.globalRouter[(gd * t.groups + gs) * t.globalPerPair + k]!;
      if (ra !== rs) out.push(localLink(t, gs, rs % a, ra % a));
      out.push(t.globalLink[fwd]!);
      if (rb !== rd) out.push(localLink(t, gd, rb % a, rd % a));
    }
  }
  out.push(t.nicLinkBase + 2 * ed + 1);
}
