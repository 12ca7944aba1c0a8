// Storage on the compute fabric (fabric/topology/storage-attach.ts, storage/fabric-transfer.ts): a parallel file
// system on the compute network hangs off the top switch tier with its aggregate bandwidth; routes to and from
// it are the same cables; a transfer of every node at once is bound by the aggregate, or by oversubscribed leaf
// uplinks, as worked by hand; storage on the front-end network or an object store is not in the graph; and a
// drain slows collectives that share its links.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterSpec } from '../../src/config/scenario-types.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import type { StorageProfile } from '../../src/hardware/profile-types.ts';
import { buildTopology, describeRoute } from '../../src/fabric/topology/index.ts';
import { routeStorage } from '../../src/fabric/topology/storage-attach.ts';
import { drainInterference, fabricTransferSeconds, onFabric } from '../../src/storage/fabric-transfer.ts';
import { FlowBackend } from '../../src/fabric/backend/flow.ts';
import { Simulation } from '../../src/sim/index.ts';
import { clusterOf } from '../fabric/backend-fixtures.ts';

const catalog = loadCatalog();
const TB = 1e12;

function withStorage(c: ClusterSpec, over: Partial<StorageProfile>): ClusterSpec {
  const pfs = catalog.storage.get('pfs-generic')!;
  return { ...c, storage: [{ ...pfs, ...over }] };
}
/** 32 DGX H100 on NDR, 8 NICs each: 256 NIC endpoints at 50 GB/s */
const fatTree = (oversubscription: number, tiers?: 2 | 3) => {
  const c = clusterOf(catalog, 'dgx-h100', 32, 'ib-ndr-400', 'fat-tree', oversubscription);
  return tiers === undefined ? c : { ...c, scaleOut: { ...c.scaleOut!, tiers } };
};

test('a compute-network parallel file system joins every spine with its aggregate split evenly', () => {
  const topo = buildTopology(withStorage(fatTree(1), { writeBandwidthBytesPerSecond: 1 * TB, readBandwidthBytesPerSecond: 2 * TB }));
  const at = topo.storage![0]!;
  assert.equal(at.id, 'pfs-generic');
  assert.equal(at.top, 'spine');
  const spines = topo.vertices.filter((v) => v.kind === 'spine').length;
  assert.equal(at.toStorage.length, spines);
  const sum = (ids: Int32Array) => Array.from(ids).reduce((s, id) => s + topo.links[id]!.capacityBytesPerSecond, 0);
  assert.ok(Math.abs(sum(at.toStorage) - 1 * TB) < 1, 'write aggregate');
  assert.ok(Math.abs(sum(at.fromStorage) - 2 * TB) < 1, 'read aggregate');
  // not in the graph: the front-end network, an object store, or no storage at all
  assert.equal(buildTopology(withStorage(fatTree(1), { network: 'frontend' })).storage, undefined);
  assert.equal(buildTopology({ ...fatTree(1), storage: [catalog.storage.get('object-store-s3')!] }).storage, undefined);
  assert.equal(onFabric(buildTopology(fatTree(1)), 'pfs-generic'), false);
});

test('routes: NIC -> leaf -> spine -> storage, and the read comes back over the same cables; three tiers go through a core', () => {
  const topo = buildTopology(withStorage(fatTree(1), {}));
  const w = routeStorage(topo, 'pfs-generic', 17, 'write', 1);
  const r = routeStorage(topo, 'pfs-generic', 17, 'read', 1);
  assert.match(describeRoute(topo, w), /^node2\/nic1 -> leaf\d+ -> spine\d+ -> storage\/pfs-generic$/);
  assert.deepEqual(Array.from(r, (l) => [topo.links[l]!.to, topo.links[l]!.from]).reverse(), Array.from(w, (l) => [topo.links[l]!.from, topo.links[l]!.to]));
  const three = buildTopology(withStorage(fatTree(1, 3), {}));
  assert.equal(three.storage![0]!.top, 'core');
  assert.match(describeRoute(three, routeStorage(three, 'pfs-generic', 17, 'write', 1)), /^node2\/nic1 -> leaf\d+ -> spine\d+ -> core\d+ -> storage\/pfs-generic$/);
  assert.throws(() => routeStorage(topo, 'pfs-generic', 256, 'write', 1), /outside/);
  assert.throws(() => routeStorage(topo, 'nowhere', 0, 'write', 1), /not attached/);
});

test('every node writing at once: bound by the storage aggregate, or by 4:1 leaf uplinks (worked by hand)', () => {
  const nodes = Array.from({ length: 32 }, (_, i) => i);
  const bytes = 1 * TB;
  // non-blocking, 0.5 TB/s write: the attachment binds, 2 s (plus microseconds of route latency)
  const slow = withStorage(fatTree(1), { writeBandwidthBytesPerSecond: 0.5 * TB });
  const a = fabricTransferSeconds(slow, buildTopology(slow), { storageId: 'pfs-generic', direction: 'write', nodes, totalBytes: bytes });
  assert.ok(Math.abs(a.seconds - 2) < 1e-3, `${a.seconds}`);
  // 4:1 leaves and a storage too fast to matter: 32 nodes x 8 NICs x 50 GB/s = 12.8 TB/s of NIC; the leaf
  // uplinks carry a quarter, 3.2 TB/s at line rate, x 0.94 (ib-ndr-400 efficiency) = 3.008 TB/s -> 0.332 s
  const fast = withStorage(fatTree(4), { writeBandwidthBytesPerSecond: 100 * TB });
  const b = fabricTransferSeconds(fast, buildTopology(fast), { storageId: 'pfs-generic', direction: 'write', nodes, totalBytes: bytes });
  const expected = bytes / (0.94 * (32 * 8 * 50e9) / 4);
  assert.ok(Math.abs(b.seconds / expected - 1) < 1e-3, `${b.seconds} vs ${expected}`);
});

test('an explicit route is checked link by link', () => {
  const topo = buildTopology(withStorage(fatTree(1), {}));
  const sim = new Simulation();
  const backend = new FlowBackend({ sim, topology: topo, efficiency: {} });
  const w = routeStorage(topo, 'pfs-generic', 0, 'write', 1);
  assert.throws(() => backend.transfer({ src: 0, dst: 0, bytes: 1, links: Int32Array.from([w[0]!, w[2]!]) }), /does not continue/);
  assert.throws(() => backend.transfer({ src: 0, dst: 0, bytes: 1, links: new Int32Array(0) }), /at least one link/);
});

test('a drain slows gradient all-reduces that cross the same oversubscribed uplinks; on the front-end network it is not in the graph', () => {
  const c = withStorage(fatTree(4), { writeBandwidthBytesPerSecond: 100 * TB });
  const topo = buildTopology(c);
  const nodes = Array.from({ length: 32 }, (_, i) => i);
  // one all-reduce per rail: 8 groups of 32 ranks (one GPU per node), all across the leaves
  const calls = Array.from({ length: 8 }, (_, r) => ({ op: 'all-reduce' as const, ranks: nodes.map((n) => n * 8 + r), bytes: 2 ** 30 }));
  const d = drainInterference(c, topo, { storageId: 'pfs-generic', direction: 'write', nodes, totalBytes: 10 * TB }, calls);
  // alone 45 ms; with the drain's 48 flows per leaf uplink against the rings' few, several times longer
  assert.ok(d.slowdown > 3, `slowdown ${d.slowdown}`);
  assert.ok(Math.abs(d.withTransferSeconds / d.aloneSeconds - d.slowdown) < 1e-12);
  // a trickle to a slow storage barely registers
  const slow = withStorage(fatTree(4), { writeBandwidthBytesPerSecond: 0.01 * TB });
  const e = drainInterference(slow, buildTopology(slow), { storageId: 'pfs-generic', direction: 'write', nodes, totalBytes: 10 * TB }, calls);
  assert.ok(e.slowdown < 1.02, `slowdown ${e.slowdown}`);
});
