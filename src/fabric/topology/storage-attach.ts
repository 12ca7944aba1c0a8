/**
 * Storage on the compute fabric (issue 3: "storage and front-end networks may share or not share the
 * compute fabric"). A parallel file system the cluster reaches over its compute NICs (cluster.storage[].network
 * `compute`, the default) is attached to the scale-out tree as one vertex, `storage/<id>`, linked to every
 * switch of the top tier: the spines of a two-tier tree, the cores of a three-tier one. Storage reached over
 * the front-end network (`frontend`) and local NVMe are not in this graph: their traffic never meets the
 * compute fabric's links. Object stores are not attached either: their profile bandwidth is one client's, and
 * the service has no aggregate figure to give the links (storage/tiers.ts).
 *
 * Capacities: with T top switches, the links toward the storage carry the system's write bandwidth / T each
 * and the links from it its read bandwidth / T, so the storage side of the graph delivers exactly the
 * profile's aggregate figures when the load is even. Latency: one switch hop (figures.ts).
 *
 * Routes (NIC endpoint e = node · nics + rail, on leaf L in pod P; read = storage -> NIC, write = the reverse):
 *   two tiers    storage -> spine j -> L -> NIC e                          j among the spines
 *   three tiers  storage -> core c -> spine (P, j = floor(c / coresPerGroup)) -> L -> NIC e
 * The top switch is the flow's ECMP pick (hash.ts), or under d-mod-k the one the destination's address picks,
 * as for node-to-node traffic (tree-route.ts). A write takes the same switches upward.
 * Assumptions: the storage servers' own network (their leaves, their links) is folded into the attachment
 * links; a real system's servers sit on a few leaves of one pod, so traffic from other pods would also
 * cross the core. That concentration is not modelled.
 */
import type { StorageProfile } from '../../hardware/profile-types.ts';
import type { TopologyBuilder } from './builder.ts';
import { SWITCH_HOP_SECONDS } from './figures.ts';
import { ecmpPick } from './hash.ts';
import type { TreeIndex } from './route-index.ts';
import type { StorageAttachment, Topology } from './types.ts';

/** Storage systems of the cluster that sit on the compute fabric (header). */
export function onComputeFabric(storage: readonly StorageProfile[]): StorageProfile[] {
  return storage.filter((s) => s.tier === 'parallel-fs' && (s.network ?? 'compute') === 'compute');
}

/** Adds each storage system's vertex and links to the top tier's `topVertices`. */
export function attachStorage(b: TopologyBuilder, storage: readonly StorageProfile[], topVertices: readonly number[], top: 'spine' | 'core'): StorageAttachment[] {
  const t = topVertices.length;
  if (t === 0) return [];
  return onComputeFabric(storage).map((s) => {
    const vertex = b.addVertex('storage', `storage/${s.id}`);
    const toStorage = new Int32Array(t);
    const fromStorage = new Int32Array(t);
    topVertices.forEach((v, i) => {
      toStorage[i] = b.addLink(v, vertex, s.writeBandwidthBytesPerSecond / t, SWITCH_HOP_SECONDS, 'storage');
      fromStorage[i] = b.addLink(vertex, v, s.readBandwidthBytesPerSecond / t, SWITCH_HOP_SECONDS, 'storage');
    });
    return { id: s.id, vertex, top, toStorage, fromStorage };
  });
}

/**
 * Link ids between storage `id` and NIC endpoint `endpoint` (node · nics + rail), in travel order: from the
 * storage to the NIC for a read, from the NIC to the storage for a write (header).
 */
export function routeStorage(topo: Topology, id: string, endpoint: number, direction: 'read' | 'write', flowId: number): Int32Array {
  const at = topo.storage?.find((s) => s.id === id);
  if (at === undefined) throw new Error(`storage ${id} is not attached to this fabric (only a parallel file system on the compute network is)`);
  const t = topo.routing?.scaleOut;
  if (t?.kind !== 'tree') throw new Error('storage on the compute fabric needs a fat-tree or rail-optimised scale-out');
  const endpoints = topo.nodes * topo.nicsPerNode;
  if (!(Number.isInteger(endpoint) && endpoint >= 0 && endpoint < endpoints)) throw new Error(`routeStorage: NIC endpoint ${endpoint} outside [0, ${endpoints})`);
  const up = pathUp(t, at, endpoint, flowId);
  if (direction === 'write') return Int32Array.from(up);
  // the same cables downward: the reverse of each duplex link is the next id (addDuplex), the attachment its own pair
  const down = up.map((l, i) => (i === up.length - 1 ? reverseAttachment(at, l) : l + 1)).reverse();
  return Int32Array.from(down);
}

/** NIC -> leaf -> spine [-> core] -> storage, for endpoint e. */
function pathUp(t: TreeIndex, at: StorageAttachment, e: number, flowId: number): number[] {
  const leaf = t.endpointLeaf[e]!;
  const pod = t.leafPod[leaf]!;
  const sp = t.spinesPerPod;
  const dmodk = t.upRouting === 'd-mod-k';
  const out = [t.nicLinkBase + 2 * e];
  if (at.top === 'spine') {
    const j = dmodk ? t.endpointPort[e]! % sp : ecmpPick(flowId, 0, sp);
    out.push(t.leafSpineBase + 2 * (leaf * sp + j));
    out.push(at.toStorage[pod * sp + j]!);
    return out;
  }
  const cpg = t.coresPerGroup;
  const c = dmodk ? (t.endpointPort[e]! % sp) * cpg + (t.endpointUp2[e]! % cpg) : ecmpPick(flowId, 0, sp * cpg);
  const j = Math.floor(c / cpg);
  const s = pod * sp + j;
  out.push(t.leafSpineBase + 2 * (leaf * sp + j));
  out.push(t.spineCoreBase + 2 * (s * cpg + (c % cpg)));
  out.push(at.toStorage[c]!);
  return out;
}

function reverseAttachment(at: StorageAttachment, link: number): number {
  const i = at.toStorage.indexOf(link);
  if (i < 0) throw new Error(`internal: link ${link} is not an attachment of storage ${at.id}`);
  return at.fromStorage[i]!;
}
