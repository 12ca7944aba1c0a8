// Routing: rail-local and PXN paths, spine and core crossings, ECMP spread, torus and dragonfly paths,
// and the invariant that every route is a loop-free chain of links from the source GPU to the destination.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ClusterSpec } from '../../src/config/scenario-types.ts';
import { cluster } from './catalog-cluster.ts';
import { TopologyBuilder, buildDragonfly, buildFatTree, buildRailOptimized, buildTopology, buildTorus, describeRoute, leafOfGpu, railOfGpu, route, type Topology } from '../../src/fabric/topology/index.ts';

const tiers = (t: Topology, r: Int32Array) => [...r].map((id) => t.links[id]!.tier);

function assertChain(t: Topology, src: number, dst: number, r: Int32Array): void {
  if (src === dst) return assert.equal(r.length, 0);
  assert.equal(t.links[r[0]!]!.from, t.gpuVertex[src]);
  assert.equal(t.links[r[r.length - 1]!]!.to, t.gpuVertex[dst]);
  const seen = new Set([t.gpuVertex[src]]);
  for (let i = 0; i < r.length; i++) {
    const l = t.links[r[i]!]!;
    if (i > 0) assert.equal(l.from, t.links[r[i - 1]!]!.to, `link ${i} continues the chain`);
    assert.ok(!seen.has(l.to), `route ${src}->${dst} revisits ${t.vertices[l.to]!.name}`);
    seen.add(l.to);
  }
}

test('same rail, one SU: GPU -> NIC -> rail leaf -> NIC -> GPU, 4 links', () => {
  const t = buildRailOptimized(cluster('dgx-h100', 2, 'ib-ndr-400'));
  const r = route(t, 0, 8);
  assert.deepEqual(tiers(t, r), ['host', 'nic', 'nic', 'host']);
  assert.equal(describeRoute(t, r), 'node0/gpu0 -> node0/nic0 -> leaf-r0-su0 -> node1/nic0 -> node1/gpu0');
  // the 4-link path sums to the fabric's per-step α (4 µs, ib-ndr-400)
  assert.ok(Math.abs([...r].reduce((s, id) => s + t.links[id]!.latencySeconds, 0) - 4e-6) < 1e-15);
  assert.equal(describeRoute(t, route(t, 3, 5)), 'node0/gpu3 -> node0/nvswitch -> node0/gpu5');
});

test('different rails: PXN relays over NVLink to the GPU on the destination rail, then that NIC', () => {
  const t = buildRailOptimized(cluster('dgx-h100', 2, 'ib-ndr-400'));
  assert.equal(describeRoute(t, route(t, 0, 13)), 'node0/gpu0 -> node0/nvswitch -> node0/gpu5 -> node0/nic5 -> leaf-r5-su0 -> node1/nic5 -> node1/gpu5');
  const off = buildRailOptimized(cluster('dgx-h100', 2, 'ib-ndr-400'), { pxn: false });
  assert.match(describeRoute(off, route(off, 0, 13)), /^node0\/gpu0 -> node0\/nic0 -> leaf-r0-su0 -> spine\d+ -> leaf-r5-su0 -> node1\/nic5 -> node1\/gpu5$/);
  // PCIe-only nodes have no NVLink to relay over: their own NIC sends
  const pcie = buildFatTree(cluster('h100-pcie-server', 2, 'ib-ndr-400', 'fat-tree'));
  assert.equal(describeRoute(pcie, route(pcie, 0, 15)), 'node0/gpu0 -> node0/nic0 -> leaf0 -> node1/nic3 -> node1/gpu7');
  assert.deepEqual([0, 7, 8, 15].map((g) => railOfGpu(pcie, g)), [0, 3, 0, 3]);
});

test('same rail, different SUs: up to a spine and down', () => {
  const t = buildRailOptimized(cluster('dgx-h100', 64, 'ib-ndr-400'));
  const r = route(t, 2, 32 * 8 + 2);
  assert.deepEqual(tiers(t, r), ['host', 'nic', 'leaf-spine', 'leaf-spine', 'nic', 'host']);
  assert.match(describeRoute(t, r), /^node0\/gpu2 -> node0\/nic2 -> leaf-r2-su0 -> spine\d -> leaf-r2-su1 -> node32\/nic2 -> node32\/gpu2$/);
  assert.notEqual(leafOfGpu(t, 2), leafOfGpu(t, 32 * 8 + 2));
  assert.equal(leafOfGpu(t, 2), leafOfGpu(t, 8 + 2));
});

test('three tiers: across pods through spine j, a core of group j, spine j of the far pod', () => {
  const t = buildRailOptimized(cluster('dgx-h100', 160, 'ib-ndr-400'), { tiers: 3 }); // 5 SUs, pods of 4 SUs
  const r = route(t, 0, 128 * 8, 12345);
  assert.deepEqual(tiers(t, r), ['host', 'nic', 'leaf-spine', 'spine-core', 'spine-core', 'leaf-spine', 'nic', 'host']);
  const names = describeRoute(t, r).split(' -> ');
  const spines = names.filter((n) => n.startsWith('spine')).map((n) => Number(n.slice(5)));
  assert.equal(spines[0]! % 32, spines[1]! % 32, 'same spine index in both pods');
  assert.equal(tiers(t, route(t, 0, 64 * 8)).filter((x) => x === 'spine-core').length, 0, 'same pod: no core');
});

test('ECMP (Ethernet) spreads flows over the spines evenly and deterministically', () => {
  const t = buildRailOptimized(cluster('dgx-h100', 64, 'ib-ndr-400'), { upRouting: 'ecmp-hash' });
  const spineOf = (flow: number) => describeRoute(t, route(t, 0, 256, flow)).split(' -> ').find((n) => n.startsWith('spine'))!;
  const counts = new Map<string, number>();
  for (let f = 0; f < 4096; f++) counts.set(spineOf(f), (counts.get(spineOf(f)) ?? 0) + 1);
  assert.equal(counts.size, 8);
  for (const c of counts.values()) assert.ok(c > 512 * 0.85 && c < 512 * 1.15, `spine load ${c} of 4096 flows over 8`);
  assert.deepEqual(route(t, 0, 256, 77), route(t, 0, 256, 77));
  assert.deepEqual(route(t, 5, 300), route(t, 5, 300), 'default flow id is stable');
});

test('InfiniBand d-mod-k: the uplink depends on the destination only, and destinations spread evenly', () => {
  const t = buildRailOptimized(cluster('dgx-h100', 64, 'ib-ndr-400'));
  assert.match(t.description, /d-mod-k up-routing/);
  const spineOf = (src: number, dst: number, flow?: number) => describeRoute(t, route(t, src, dst, flow)).split(' -> ').find((n) => n.startsWith('spine'))!;
  // one destination: every flow id takes the same spine
  assert.equal(new Set(Array.from({ length: 64 }, (_, f) => spineOf(0, 256, f))).size, 1);
  // the 8 nodes of the next scalable unit, rail 0: 32 destinations over 8 spines, exactly 4 each
  const counts = new Map<string, number>();
  for (let n = 32; n < 64; n++) counts.set(spineOf(0, n * 8), (counts.get(spineOf(0, n * 8)) ?? 0) + 1);
  assert.deepEqual([...counts.values()], Array(8).fill(4));
  assert.match(buildRailOptimized(cluster('dgx-h100', 64, 'roce-400')).description, /ecmp-hash up-routing/);
});

test('torus: dimension order, the short way round; a tie at n/2 is split by ECMP', () => {
  const t = buildTorus({ dims: [16, 16], chipBytesPerSecond: 200e9, latencySeconds: 2e-6 });
  assert.equal(describeRoute(t, route(t, 0, 15)), 'chip(0,0) -> chip(15,0)');
  assert.equal(route(t, 0, 15 * 16 + 15).length, 2);
  assert.equal(route(t, 0, 5 * 16 + 3).length, 8);
  const firstHops = new Set<string>();
  for (let f = 0; f < 64; f++) {
    const r = route(t, 0, 8, f);
    assert.equal(r.length, 8);
    firstHops.add(t.vertices[t.links[r[0]!]!.to]!.name);
  }
  assert.deepEqual([...firstHops].sort(), ['chip(1,0)', 'chip(15,0)']);
});

test('dragonfly: every inter-router path is at most local-global-local', () => {
  const t = buildDragonfly(cluster('dgx-h100', 9, 'ib-ndr-400'), { a: 4, p: 2, h: 2 });
  let longest = 0;
  for (let s = 0; s < 72; s += 1) {
    for (let d = 0; d < 72; d += 5) {
      const r = route(t, s, d, s * 72 + d);
      assertChain(t, s, d, r);
      const hops = tiers(t, r).filter((x) => x.startsWith('dragonfly'));
      assert.ok(hops.length <= 3);
      assert.ok(hops.filter((x) => x === 'dragonfly-global').length <= 1);
      longest = Math.max(longest, hops.length);
    }
  }
  assert.equal(longest, 3);
});

const shapes: [string, () => Topology][] = [
  ['fat-tree 4:1', () => buildFatTree(cluster('dgx-h100', 20, 'ib-ndr-400', 'fat-tree', 4))],
  ['rail 3 tiers', () => buildRailOptimized(cluster('dgx-h100', 160, 'ib-ndr-400'), { tiers: 3 })],
  ['mi300x rail', () => buildRailOptimized(cluster('mi300x-platform', 6, 'roce-400'))],
  ['pcie fat-tree', () => buildFatTree(cluster('h100-pcie-server', 12, 'ib-ndr-400', 'fat-tree'))],
  ['nvl72 rail', () => buildRailOptimized(cluster('gb200-nvl72', 3, 'ib-ndr-400'))],
  ['trn2 fat-tree', () => buildTopology(cluster('trn2-48xlarge', 3, 'roce-400', 'fat-tree'))],
  ['a100 hdr rail', () => buildTopology(cluster('dgx-a100-80gb', 45, 'ib-hdr-200'))],
  ['tpu torus', () => buildTopology(cluster('tpu-v5p-host', 16, null))],
  ['dragonfly', () => buildDragonfly(cluster('dgx-h100', 9, 'ib-ndr-400'), { a: 4, p: 2, h: 2 })],
];
for (const [name, make] of shapes) {
  test(`every route is a loop-free chain from src to dst: ${name}`, () => {
    const t = make();
    const g = t.gpuVertex.length;
    fc.assert(fc.property(fc.nat(g - 1), fc.nat(g - 1), fc.nat(), (s, d, f) => assertChain(t, s, d, route(t, s, d, f))), { numRuns: 300, seed: 7 });
  });
}

test('same-rail and torus routes are shortest paths (breadth-first search on the same graph agrees)', () => {
  for (const t of [buildRailOptimized(cluster('dgx-h100', 160, 'ib-ndr-400'), { tiers: 3 }), buildTorus({ dims: [5, 4, 3], chipBytesPerSecond: 1, latencySeconds: 1 })]) {
    const bare: Topology = { ...t, routing: undefined };
    fc.assert(fc.property(fc.nat(t.gpuVertex.length - 1), fc.nat(t.gpuVertex.length - 1), (s, d) => {
      if (railOfGpu(t, s) !== railOfGpu(t, d)) return;
      const r = route(bare, s, d);
      assertChain(bare, s, d, r);
      assert.equal(route(t, s, d).length, r.length);
    }), { numRuns: 60, seed: 3 });
  }
});

test('a hand-built graph is routed by search, with ECMP over equal paths', () => {
  const b = new TopologyBuilder();
  const [g0, g1, s0, s1] = [b.addVertex('gpu', 'a', 0), b.addVertex('gpu', 'b', 1), b.addVertex('spine', 's0'), b.addVertex('spine', 's1')];
  for (const s of [s0, s1]) for (const g of [g0, g1]) b.addDuplex(g, s, 1e9, 1e-6, 'nic');
  const t = b.finish({ description: 'two paths', gpuVertex: Int32Array.of(g0, g1), gpusPerNode: 1, nodes: 2, scaleUpDomainSize: 1, nicsPerNode: 0, routing: { nodes: null, scaleOut: null, torus: null } });
  const via = new Set<string>();
  for (let f = 0; f < 32; f++) via.add(describeRoute(t, route(t, 0, 1, f)));
  assert.deepEqual([...via].sort(), ['a -> s0 -> b', 'a -> s1 -> b']);
});

test('bad input: GPU out of range, nodes without a scale-out fabric', () => {
  const t = buildTopology(cluster('dgx-h100', 2, null));
  assert.equal(route(t, 1, 6).length, 2);
  assert.throws(() => route(t, 0, 8), /no scale-out fabric/);
  assert.throws(() => route(t, 0, 16), /GPU ids must be integers in \[0, 16\)/);
  assert.equal(route(t, 4, 4).length, 0);
});
