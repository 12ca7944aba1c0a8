// Network and storage power (src/metrics/fabric-power.ts), counted by hand on the topologies the fabric layer
// builds (QM9700 radix 64; DGX H100 8 x 400 Gb/s NICs; ib-ndr-400 power per port from its profile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSpec } from '../../src/config/scenario-types.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { buildTopology } from '../../src/fabric/topology/index.ts';
import { countFabric, infrastructurePower } from '../../src/metrics/fabric-power.ts';

const catalog = loadCatalog();
const ndr = catalog.fabrics.get('ib-ndr-400')!;
function cluster(count: number, topology: 'fat-tree' | 'rail-optimized', fabric = ndr): ClusterSpec {
  const node = catalog.nodes.get('dgx-h100')!;
  return { nodes: [{ profile: node, accelerator: catalog.accelerators.get('h100-sxm')!, scaleUp: null, count }], scaleOut: { profile: fabric, topology, oversubscription: 1 }, storage: [] };
}

test('2 DGX H100 on a fat-tree: one leaf (4 nodes per leaf) and one spine; 16 NIC cables, 32 uplinks', () => {
  // the leaf's uplinks carry a full leaf's 32 NIC ports at 400 Gb/s: one bundle of 32 cables to the one spine
  const inv = countFabric(buildTopology(cluster(2, 'fat-tree')), ndr.linkBandwidthBytesPerSecond);
  assert.deepEqual(inv, { switches: 2, nicCables: 16, switchCables: 32, portsInUse: 16 + 2 * 32 });
});

test('4 DGX H100 rail-optimised: 8 rail leaves (one SU), 4 spines; ports 32 + 2 × 256; power at the profile figure', () => {
  // each rail leaf is sized for a 32-node SU: 32 × 50 GB/s up, over 4 spines = 8 cables per bundle, 32 bundles
  const p = infrastructurePower(cluster(4, 'rail-optimized'));
  assert.deepEqual(p.network!.inventory, { switches: 12, nicCables: 32, switchCables: 256, portsInUse: 544 });
  assert.equal(p.networkWatts, 544 * ndr.power!.perPortWatts);
  assert.equal(p.storageWatts, 0);
  assert.deepEqual(p.notCounted, []);
});

test('a fabric or storage without a power figure is named, not guessed', () => {
  const { power: _, ...bare } = ndr;
  const c = cluster(2, 'fat-tree', bare);
  const pfs = catalog.storage.get('pfs-generic')!;
  const withStorage: ClusterSpec = { ...c, storage: [pfs, { ...pfs, id: 'pfs-powered', power: { watts: 2400, source: 'test fixture' } }] };
  const p = infrastructurePower(withStorage);
  assert.equal(p.networkWatts, 0);
  assert.equal(p.network, null);
  assert.equal(p.storageWatts, 2400);
  assert.deepEqual(p.notCounted, ['storage pfs-generic (its profile gives no power)', 'scale-out fabric ib-ndr-400 (its profile gives no power per port)']);
});

test('no scale-out fabric: no network power', () => {
  const p = infrastructurePower({ ...cluster(1, 'fat-tree'), scaleOut: null });
  assert.equal(p.networkWatts, 0);
  assert.equal(p.network, null);
});
