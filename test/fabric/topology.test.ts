// Topology builders: counts and capacities of small known cases, worked out by hand from the profiles
// (hardware-profiles/: DGX H100 8 x ConnectX-7 400 Gb/s = 50 GB/s, NVLink4 450 GB/s per GPU, QM9700 radix 64).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterSpec } from '../../src/config/scenario-types.ts';
import { cluster } from './catalog-cluster.ts';
import { balancedDims, buildDragonfly, buildFatTree, buildRailOptimized, buildTopology, buildTorus, planTree, tierCapacity, type Topology } from '../../src/fabric/topology/index.ts';

const tierCount = (t: Topology, tier: string) => t.links.filter((l) => l.tier === tier).length;
const kindCount = (t: Topology, kind: string) => t.vertices.filter((v) => v.kind === kind).length;

function assertWellFormed(t: Topology): void {
  t.vertices.forEach((v, i) => assert.equal(v.id, i));
  t.links.forEach((l, i) => assert.equal(l.id, i));
  assert.equal(new Set(t.vertices.map((v) => v.name)).size, t.vertices.length, 'vertex names unique');
  assert.equal(t.outStart[t.vertices.length], t.links.length);
  for (let v = 0; v < t.vertices.length; v++) {
    for (let i = t.outStart[v]!; i < t.outStart[v + 1]!; i++) assert.equal(t.links[t.out[i]!]!.from, v);
  }
  assert.equal(t.gpuVertex.length, t.nodes * t.gpusPerNode);
  t.gpuVertex.forEach((v, g) => {
    assert.equal(t.vertices[v]!.kind, 'gpu');
    assert.equal(t.vertices[v]!.node, Math.floor(g / t.gpusPerNode));
  });
}

test('2 DGX H100 on a two-tier fat-tree: 36 vertices, 98 links, line rates from the profiles', () => {
  const t = buildFatTree(cluster('dgx-h100', 2, 'ib-ndr-400', 'fat-tree'), { tiers: 2 });
  assertWellFormed(t);
  // per node 8 GPUs + 1 NVSwitch + 8 NICs = 17; both nodes under one leaf (4 nodes per leaf), one spine
  assert.equal(t.vertices.length, 36);
  assert.deepEqual([kindCount(t, 'gpu'), kindCount(t, 'nvswitch'), kindCount(t, 'nic'), kindCount(t, 'leaf'), kindCount(t, 'spine')], [16, 2, 16, 1, 1]);
  // per node 16 GPU<->NVSwitch + 16 GPU<->NIC; 16 NICs x 2 to the leaf; 1 leaf-spine cable x 2
  assert.equal(t.links.length, 98);
  assert.deepEqual([tierCount(t, 'scale-up'), tierCount(t, 'host'), tierCount(t, 'nic'), tierCount(t, 'leaf-spine')], [32, 32, 32, 2]);
  const cap = (tier: string) => t.links.find((l) => l.tier === tier)!.capacityBytesPerSecond;
  assert.equal(cap('scale-up'), 450e9);
  assert.equal(cap('host'), 63e9); // ConnectX-7 on PCIe Gen5 x16 (hardware.md B3)
  assert.equal(cap('nic'), 50e9);
  assert.equal(t.nicsPerNode, 8);
  assert.equal(t.scaleUpDomainSize, 8);
  assert.match(t.description, /fat-tree, 2 tiers, 2 nodes x 8 GPUs/);
});

test('a 4:1 oversubscribed leaf has a quarter of its downlink capacity as uplink; 1:1 has all of it', () => {
  // radix 64 at 4:1: 51 downlink ports, 6 whole DGX nodes (48 NICs) per leaf; 12 nodes fill 2 leaves
  const over = buildFatTree(cluster('dgx-h100', 12, 'ib-ndr-400', 'fat-tree', 4));
  assert.equal(kindCount(over, 'leaf'), 2);
  assert.equal(tierCapacity(over, 'nic'), 96 * 2 * 50e9);
  assert.equal(tierCapacity(over, 'leaf-spine'), tierCapacity(over, 'nic') / 4);
  const full = buildFatTree(cluster('dgx-h100', 8, 'ib-ndr-400', 'fat-tree', 1));
  assert.equal(kindCount(full, 'leaf'), 2);
  assert.equal(tierCapacity(full, 'leaf-spine'), tierCapacity(full, 'nic'));
});

test('rail-optimised: one leaf per rail per SU of 32 nodes, NIC r of node n on leaf-r{r}-su{n/32}', () => {
  const t = buildRailOptimized(cluster('dgx-h100', 64, 'ib-ndr-400'));
  assertWellFormed(t);
  assert.equal(kindCount(t, 'leaf'), 16);
  assert.equal(kindCount(t, 'spine'), 8); // 16 leaves x 32 uplink ports / 64
  for (const [node, rail] of [[0, 0], [31, 5], [32, 5], [63, 7]] as const) {
    const nic = t.vertices.find((v) => v.name === `node${node}/nic${rail}`)!;
    const up = t.links.find((l) => l.from === nic.id && l.tier === 'nic')!;
    assert.equal(t.vertices[up.to]!.name, `leaf-r${rail}-su${Math.floor(node / 32)}`);
  }
  assert.equal(tierCapacity(t, 'leaf-spine'), tierCapacity(t, 'nic'));
  const small = buildRailOptimized(cluster('dgx-h100', 8, 'ib-ndr-400'), { suSize: 4 });
  assert.equal(kindCount(small, 'leaf'), 16);
  assert.throws(() => buildRailOptimized(cluster('dgx-h100', 8, 'ib-ndr-400'), { suSize: 40 }), /40 ports per rail leaf/);
});

test('tiers follow the radix: k²/2 endpoints fit two tiers, one SU more needs a core', () => {
  const two = buildRailOptimized(cluster('dgx-h100', 256, 'ib-ndr-400')); // 2,048 NICs = 64²/2
  assert.equal(kindCount(two, 'leaf'), 64);
  assert.equal(kindCount(two, 'spine'), 32);
  assert.equal(kindCount(two, 'core'), 0);
  const three = buildRailOptimized(cluster('dgx-h100', 288, 'ib-ndr-400')); // 9 SUs, 72 leaves
  // pods of 4 SUs (32 leaves, the spine's 32 downlinks): 3 pods x 32 spines; 32 core groups of ceil(3·32/64) = 2
  assert.deepEqual([kindCount(three, 'leaf'), kindCount(three, 'spine'), kindCount(three, 'core')], [72, 96, 64]);
  // a partly filled pod is cabled as designed: the spine-core tier carries 3 full pods of 32 leaves
  assert.equal(tierCapacity(three, 'spine-core'), 3 * 32 * 32 * 50e9 * 2);
  const full = buildRailOptimized(cluster('dgx-h100', 384, 'ib-ndr-400')); // 12 SUs = 3 full pods
  assert.equal(tierCapacity(full, 'spine-core'), tierCapacity(full, 'leaf-spine'));
  assert.equal(kindCount(buildRailOptimized(cluster('dgx-h100', 64, 'ib-ndr-400'), { tiers: 3 }), 'core') > 0, true);
  assert.throws(() => buildRailOptimized(cluster('dgx-h100', 288, 'ib-ndr-400'), { tiers: 2 }), /exceed two tiers/);
  assert.throws(() => planTree({ radix: 4, portBytesPerSecond: 1, oversubscription: 1, spineOversubscription: 1, leafDownlinks: 2, leafPortsUsed: 2, leaves: 20, leavesPerPod3: 2 }), /exceed three tiers/);
});

test('node insides: NVL72 crossbar, MI300X mesh at 448/7 GB/s, PCIe switch, Trainium2 4x4 torus', () => {
  const nvl = buildTopology(cluster('gb200-nvl72', 1, null));
  assert.equal(kindCount(nvl, 'nvswitch'), 1);
  assert.equal(tierCount(nvl, 'scale-up'), 144);
  assert.equal(nvl.scaleUpDomainSize, 72);
  const mi = buildTopology(cluster('mi300x-platform', 1, null));
  assert.equal(kindCount(mi, 'nvswitch'), 0);
  assert.equal(tierCount(mi, 'scale-up'), 56); // 28 GPU pairs, both directions
  for (const l of mi.links.filter((x) => x.tier === 'scale-up')) assert.equal(l.capacityBytesPerSecond, 448e9 / 7);
  const pcie = buildTopology(cluster('h100-pcie-server', 1, null));
  assert.equal(kindCount(pcie, 'pcie'), 1);
  assert.equal(pcie.links.find((l) => l.tier === 'scale-up')!.capacityBytesPerSecond, 63e9);
  // 4 NICs for 8 GPUs: GPU l on NIC floor(l / 2)
  const hostTo = (g: number) => pcie.vertices[pcie.links.find((l) => l.from === pcie.gpuVertex[g] && l.tier === 'host')!.to]!.name;
  assert.deepEqual([0, 1, 2, 7].map(hostTo), ['node0/nic0', 'node0/nic0', 'node0/nic1', 'node0/nic3']);
  const trn = buildTopology(cluster('trn2-48xlarge', 1, null));
  assert.equal(tierCount(trn, 'scale-up'), 64); // 16 chips x 4 neighbours
  assert.equal(trn.links.find((l) => l.tier === 'scale-up')!.capacityBytesPerSecond, 640e9 / 4);
});

test('torus: wraparound neighbours, per-link bandwidth = chip ICI / (2 · dims)', () => {
  const t = buildTorus({ dims: [16, 16], chipBytesPerSecond: 200e9, latencySeconds: 2e-6 });
  assertWellFormed(t);
  assert.equal(t.links.length, 256 * 4);
  const chip = (x: number, y: number) => t.vertices.find((v) => v.name === `chip(${x},${y})`)!.id;
  const neighbours = (v: number) => t.links.filter((l) => l.from === v).map((l) => t.vertices[l.to]!.name).sort();
  assert.deepEqual(neighbours(chip(0, 0)), ['chip(0,1)', 'chip(0,15)', 'chip(1,0)', 'chip(15,0)']);
  assert.deepEqual(neighbours(chip(15, 7)), ['chip(0,7)', 'chip(14,7)', 'chip(15,6)', 'chip(15,8)']);
  assert.equal(t.links[0]!.capacityBytesPerSecond, 50e9);
  const v5p = buildTopology(cluster('tpu-v5p-host', 16, null)); // 64 chips, "3D torus" in the profile
  assert.match(v5p.description, /torus 4x4x4/);
  assert.equal(v5p.links[0]!.capacityBytesPerSecond, 600e9 / 6);
  assert.equal(v5p.gpusPerNode, 4);
  assert.equal(v5p.scaleUpDomainSize, 64);
  assert.match(buildTopology(cluster('tpu-v5p-host', 16, null), { torusDims: [8, 8] }).description, /torus 8x8/);
  assert.throws(() => buildTopology(cluster('tpu-v5p-host', 16, null), { torusDims: [8, 4] }), /hold 32 chips/);
  assert.deepEqual(balancedDims(256, 2), [16, 16]);
  assert.deepEqual(balancedDims(16, 3), [4, 2, 2]);
});

test('dragonfly a=4 p=2 h=2: 9 groups, all-to-all locally, one global cable per pair of groups', () => {
  const t = buildDragonfly(cluster('dgx-h100', 9, 'ib-ndr-400'), { a: 4, p: 2, h: 2 }); // 72 NICs = 9·4·2
  assertWellFormed(t);
  assert.equal(kindCount(t, 'router'), 36);
  assert.equal(tierCount(t, 'dragonfly-local'), 9 * 4 * 3);
  assert.equal(tierCount(t, 'dragonfly-global'), 36 * 2);
  // every router uses exactly its h = 2 global ports
  const routers = t.vertices.filter((v) => v.kind === 'router');
  for (const r of routers) assert.equal(t.links.filter((l) => l.from === r.id && l.tier === 'dragonfly-global').length, 2);
  assert.throws(() => buildDragonfly(cluster('dgx-h100', 10, 'ib-ndr-400'), { a: 4, p: 2, h: 2 }), /exceed a·h \+ 1/);
});

test('builds are deterministic', () => {
  const a = buildRailOptimized(cluster('dgx-h100', 40, 'ib-ndr-400', 'rail-optimized', 2));
  const b = buildRailOptimized(cluster('dgx-h100', 40, 'ib-ndr-400', 'rail-optimized', 2));
  assert.deepEqual(a.links, b.links);
  assert.deepEqual(a.vertices, b.vertices);
});

test('node groups of one shape share a fabric; different shapes are refused', () => {
  const h100 = cluster('dgx-h100', 2, 'ib-ndr-400');
  const h200 = cluster('hgx-h200', 3, 'ib-ndr-400');
  const mixed = buildTopology({ ...h100, nodes: [...h100.nodes, ...h200.nodes] });
  assert.equal(mixed.nodes, 5);
  assert.match(mixed.description, /5 nodes x 8 GPUs \(dgx-h100, hgx-h200\)/);
  const pcie = cluster('h100-pcie-server', 1, 'ib-ndr-400');
  assert.throws(() => buildTopology({ ...h100, nodes: [...h100.nodes, ...pcie.nodes] }), /differ in devices or NICs per node/);
});
