/**
 * Storage tiers as limits on a transfer: how long moving a job's bytes between device memory and a storage
 * system takes, and which limit sets the pace.
 *
 * A transfer of B bytes in all, B_n from the busiest node and B_r from the busiest rank, is limited by each of
 * (closed forms; every rate from a profile or the scenario):
 *   parallel-fs aggregate    B / R_fs                  R_fs: the system's read or write bandwidth
 *   local NVMe, per node     B_n / R_nvme              the node's own drives (the profile's bandwidth is one node's)
 *   object-store per client  B_n / R_client            an object store's profile bandwidth is one client's; the
 *                                                      service has no aggregate limit but its request rates
 *   per-client limit         B_n / R_pc                a parallel-fs client's own ceiling (profile perClient)
 *   per-node NIC             B_n / (k · R_nic)         k NICs of the network the storage is attached to: the
 *                                                      compute fabric (node nics) or the front-end network
 *                                                      (node storageNics); local NVMe needs none
 *   object-store connections B_n / (c · R_conn)        c connections from the busiest node
 *   object-store requests    Q / (q · p)               Q requests (B / request size, at least one per file),
 *                                                      q per second per prefix, p prefixes
 *   metadata                 F / m                     F files created (writes) or opened (reads), m per second
 *   host link                B_r / R_host              the rank's PCIe link between device and host memory
 * The tiers stream concurrently, so a transfer takes the largest of these times: the bottleneck.
 * GPUDirect Storage (node and storage both support it) moves data between device memory and storage
 * directly, the host link one more concurrent limit; without it the bytes are staged in host memory: the
 * host-link copy and the storage transfer then run one after the other (as torch.save does: state to host
 * memory, then to the file).
 *
 * Assumptions: traffic is spread evenly over a node's NICs and over the storage servers; protocol overhead is
 * in the profiles' delivered figures, not added; storage traffic on the compute fabric is given the node's
 * whole NIC bandwidth here (a synchronous checkpoint stops training traffic). At flow fidelity a checkpoint
 * on the compute fabric is also timed through the fabric graph, and its asynchronous drain against the
 * job's gradient reductions (fabric-transfer.ts, checkpoint.ts). Data reads are not: they are small next to
 * the links. Latency per request is not counted.
 * A node without a host block in its profile gets a PCIe Gen4 x16 host link (31.5 GB/s each way, hardware
 * notes B3), the slower of the current generations, no GPUDirect Storage and unknown host memory.
 */
import type { ClusterSpec, NodeGroup } from '../config/scenario-types.ts';
import type { Assumption } from '../metrics/result-types.ts';
import type { StorageProfile } from '../hardware/profile-types.ts';
import type { StorageNetwork, TierTime } from './types.ts';

/** PCIe Gen4 x16, one direction: 16 GT/s × 16 lanes × 128/130 / 8 (clustersim hardware notes B3). */
export const DEFAULT_HOST_LINK_BYTES_PER_SECOND = 31.5e9;
const DEFAULT_HOST_SOURCE = 'not in the node profile: PCIe Gen4 x16, 31.5 GB/s each way (PCI-SIG rate, clustersim hardware notes B3), the slower current generation; no GPUDirect Storage assumed';

/** What a job's nodes see of one storage system. */
export interface StorageSide {
  storage: StorageProfile;
  group: NodeGroup;
  network: StorageNetwork;
  /** bandwidth of one node on that network, bytes/s (undefined for local NVMe) */
  nicBytesPerSecond: number | undefined;
  hostLinkBytesPerSecond: number;
  hostMemoryBytes: number | null;
  /** node and storage both support GPUDirect Storage */
  gpuDirect: boolean;
  assumptions: Assumption[];
}

/** The storage entry `id` of the cluster as the job's nodes (the first node group) reach it. */
export function storageSide(cluster: ClusterSpec, id: string): StorageSide {
  const storage = cluster.storage.find((s) => s.id === id);
  const group = cluster.nodes[0];
  // Phase 2 (config/storage-schema.ts) checks the id is listed; reaching this is a bug there.
  if (storage === undefined || group === undefined) throw new Error(`internal: storage ${id} is not in the cluster`);
  const node = group.profile;
  const network: StorageNetwork = storage.tier === 'local-nvme' ? 'local' : storage.network ?? 'compute';
  const nics = network === 'frontend' ? node.storageNics : network === 'compute' ? node.nics : undefined;
  if (network === 'frontend' && nics === undefined) throw new Error(`internal: node ${node.id} has no storage NICs`);
  const host = node.host;
  const a: Assumption[] = [
    { name: `${storage.id} read bandwidth${scope(storage)}`, value: storage.readBandwidthBytesPerSecond, unit: 'B/s', source: storage.source },
    { name: `${storage.id} write bandwidth${scope(storage)}`, value: storage.writeBandwidthBytesPerSecond, unit: 'B/s', source: storage.source },
    { name: `${node.id} host link per device (storage)`, value: host?.linkBytesPerSecond ?? DEFAULT_HOST_LINK_BYTES_PER_SECOND, unit: 'B/s', source: host?.source ?? DEFAULT_HOST_SOURCE },
  ];
  if (nics !== undefined) a.push({ name: `${node.id} ${network === 'frontend' ? 'storage NICs' : 'compute NICs'} per node (storage traffic)`, value: nics.count * nics.bandwidthBytesPerSecond, unit: 'B/s', source: nics.source });
  if (storage.perClient) a.push({ name: `${storage.id} per-client write`, value: storage.perClient.writeBytesPerSecond, unit: 'B/s', source: storage.perClient.source });
  if (storage.metadata) a.push({ name: `${storage.id} metadata file creates`, value: storage.metadata.createsPerSecond, unit: '1/s', source: storage.metadata.source });
  if (storage.perConnection) a.push({ name: `${storage.id} per-connection bandwidth`, value: storage.perConnection.bytesPerSecond, unit: 'B/s', source: storage.perConnection.source });
  if (storage.requests) a.push({ name: `${storage.id} GET requests per prefix`, value: storage.requests.getsPerSecondPerPrefix, unit: '1/s', source: storage.requests.source });
  return {
    storage,
    group,
    network,
    nicBytesPerSecond: nics === undefined ? undefined : nics.count * nics.bandwidthBytesPerSecond,
    hostLinkBytesPerSecond: host?.linkBytesPerSecond ?? DEFAULT_HOST_LINK_BYTES_PER_SECOND,
    hostMemoryBytes: host?.memoryBytes ?? null,
    gpuDirect: (host?.gpuDirectStorage ?? false) && storage.gpuDirectStorage === true,
    assumptions: a,
  };
}

function scope(s: StorageProfile): string {
  return s.tier === 'local-nvme' ? ', per node' : s.tier === 'object-store' ? ', per client' : ', aggregate';
}

/** One transfer between the job's devices and a storage system. */
export interface Transfer {
  direction: 'read' | 'write';
  /** bytes of all nodes */
  totalBytes: number;
  /** bytes of the busiest node and of the busiest rank */
  maxNodeBytes: number;
  maxRankBytes: number;
  /** connections from the busiest node (object store) */
  streamsPerNode: number;
  /** files created (write) or opened (read); 0: not counted */
  files: number;
}

export interface TransferTimes {
  /** the limits on the storage side of host memory */
  storage: TierTime[];
  /** the host link between device and host memory */
  hostLink: TierTime;
}

const NETWORK_LABEL: Record<StorageNetwork, string> = { compute: 'compute fabric', frontend: 'front-end network', local: 'local' };

export function transferTimes(side: StorageSide, t: Transfer): TransferTimes {
  const s = side.storage;
  const read = t.direction === 'read';
  const rate = read ? s.readBandwidthBytesPerSecond : s.writeBandwidthBytesPerSecond;
  const tiers: TierTime[] = [];
  if (s.tier === 'parallel-fs') tiers.push({ tier: `parallel-fs aggregate ${t.direction} (${s.id})`, seconds: t.totalBytes / rate });
  if (s.tier === 'local-nvme') tiers.push({ tier: `local NVMe ${t.direction}, per node (${s.id})`, seconds: t.maxNodeBytes / rate });
  if (s.tier === 'object-store') tiers.push({ tier: `object-store per-client ${t.direction} (${s.id})`, seconds: t.maxNodeBytes / rate });
  if (s.perClient) tiers.push({ tier: `per-client ${t.direction} limit (${s.id})`, seconds: t.maxNodeBytes / (read ? s.perClient.readBytesPerSecond : s.perClient.writeBytesPerSecond) });
  if (side.nicBytesPerSecond !== undefined) tiers.push({ tier: `per-node NIC (${NETWORK_LABEL[side.network]})`, seconds: t.maxNodeBytes / side.nicBytesPerSecond });
  if (s.tier === 'object-store' && s.perConnection) tiers.push({ tier: `object-store connections (${t.streamsPerNode} per node)`, seconds: t.maxNodeBytes / (t.streamsPerNode * s.perConnection.bytesPerSecond) });
  if (s.tier === 'object-store' && s.requests) {
    const requests = Math.max(Math.ceil(t.totalBytes / s.requests.requestBytes), t.files);
    const prefixes = s.prefixes ?? 1;
    const perSecond = (read ? s.requests.getsPerSecondPerPrefix : s.requests.putsPerSecondPerPrefix) * prefixes;
    tiers.push({ tier: `object-store ${read ? 'GET' : 'PUT'} request rate (${prefixes} prefix${prefixes === 1 ? '' : 'es'})`, seconds: requests / perSecond });
  }
  if (s.metadata && t.files > 0) tiers.push({ tier: `metadata: file ${read ? 'opens' : 'creates'} (${s.id})`, seconds: t.files / (read ? s.metadata.opensPerSecond : s.metadata.createsPerSecond) });
  return { storage: tiers, hostLink: { tier: 'host link (PCIe, per device)', seconds: t.maxRankBytes / side.hostLinkBytesPerSecond } };
}

/**
 * The limit that takes longest, named by the first listed within 0.1% of it. Near-ties matter because the
 * fabric tier (fabric-transfer.ts) contains the storage's aggregate and adds route latency: when the storage
 * side binds, the two differ by microseconds, and the storage tier is the one to name.
 */
export function slowest(tiers: readonly TierTime[]): TierTime {
  if (tiers.length === 0) throw new Error('internal: a transfer with no limits');
  const seconds = Math.max(...tiers.map((t) => t.seconds));
  return { tier: tiers.find((t) => t.seconds >= seconds * (1 - 1e-3))!.tier, seconds };
}

/** Capacity the job can fill: the whole system's, or for local NVMe its `nodes` nodes' drives together; null where the profile gives none (or, an object store, has no limit). */
export function capacityFor(s: StorageProfile, nodes: number): number | null {
  if (s.capacityBytes === undefined || s.tier === 'object-store') return null;
  return s.tier === 'local-nvme' ? s.capacityBytes * nodes : s.capacityBytes;
}
