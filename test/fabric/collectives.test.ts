// Collective algorithms: ring layout, tree structure, the automatic choice, and call validation, on
// hand-built fabrics (backend-fixtures.ts) with the profiles' figures (NVLink4 450 GB/s × 0.82, α 2 µs;
// NDR 50 GB/s × 0.94, α 4 µs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Simulation } from '../../src/sim/index.ts';
import { FlowBackend, tierEfficiency } from '../../src/fabric/backend/index.ts';
import { chooseAlgorithm, measureCollective, ringOrders, runCollective } from '../../src/fabric/collectives/index.ts';
import type { CollectiveCall, CollectiveContext } from '../../src/fabric/collectives/index.ts';
import { railOf } from '../../src/fabric/collectives/layout.ts';
import { doubleBinaryTree, inorderTree } from '../../src/fabric/collectives/tree.ts';
import type { Topology } from '../../src/fabric/topology/types.ts';
import { fabricProfile, railFabric } from './backend-fixtures.ts';

const NVL4 = fabricProfile('nvlink4-nvswitch');
const NDR = fabricProfile('ib-ndr-400');
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

function ctxOf(topology: Topology, scaleUp = NVL4, scaleOut = NDR): CollectiveContext {
  const sim = new Simulation();
  return { sim, backend: new FlowBackend({ sim, topology, efficiency: tierEfficiency(scaleUp, scaleOut) }), scaleUp, scaleOut };
}

test('ring on 2 nodes x 8 GPUs x 8 rails: 8 channels, every inter-node hop rail-local, each NIC one channel per direction', () => {
  const topo = railFabric({ nodes: 2, gpusPerNode: 8 });
  const orders = ringOrders(topo, range(16), 8);
  assert.equal(orders.length, 8);
  const sent = new Map<string, number>();
  for (const order of orders) {
    assert.deepEqual([...order].sort((a, b) => a - b), range(16), 'a permutation of the ranks');
    order.forEach((r, i) => {
      const next = order[(i + 1) % order.length]!;
      if (Math.floor(r / 8) === Math.floor(next / 8)) return;
      assert.equal(railOf(topo, r), railOf(topo, next), `hop ${r} -> ${next} stays on its rail`);
      const key = `${Math.floor(r / 8)}:${railOf(topo, r)}`;
      sent.set(key, (sent.get(key) ?? 0) + 1);
    });
  }
  assert.equal(sent.size, 16, 'all 8 NICs of both nodes send');
  assert.ok([...sent.values()].every((k) => k === 1));
});

test('ring across GPU-mesh nodes (MI300X-like): the 8 channels use each directed intra-node link exactly once', () => {
  const topo = railFabric({ nodes: 2, gpusPerNode: 8, mesh: true });
  const edges = new Set<string>();
  for (const order of ringOrders(topo, range(16), 8)) {
    order.forEach((r, i) => {
      const next = order[(i + 1) % order.length]!;
      if (Math.floor(r / 8) === Math.floor(next / 8)) edges.add(`${r}->${next}`);
    });
  }
  assert.equal(edges.size, 2 * 8 * 7, '56 directed links per node, none twice');
});

test('ring with 4 NICs per 8 GPUs (DGX A100 with 4 HDR, row 59): leaving GPUs spread over the 4 rails', () => {
  const topo = railFabric({ nodes: 3, gpusPerNode: 8, nics: 4 });
  const orders = ringOrders(topo, range(24), 4);
  assert.equal(orders.length, 4);
  const exitRails = orders.map((o) => railOf(topo, o[7]!));
  assert.deepEqual([...exitRails].sort(), [0, 1, 2, 3]);
});

test('ring on 3 nodes: the closing hop is the only one that changes rail (odd node count)', () => {
  const topo = railFabric({ nodes: 3, gpusPerNode: 8 });
  for (const order of ringOrders(topo, range(24), 8)) {
    const crossRail = order.filter((r, i) => {
      const next = order[(i + 1) % order.length]!;
      return Math.floor(r / 8) !== Math.floor(next / 8) && railOf(topo, r) !== railOf(topo, next);
    });
    assert.equal(crossRail.length, 1);
  }
});

test('inside one domain: one ring through a crossbar, one ring per stride coprime with n on a mesh', () => {
  assert.deepEqual(ringOrders(railFabric({ nodes: 1, gpusPerNode: 8 }), range(8), 8), [range(8)]);
  const mesh = ringOrders(railFabric({ nodes: 1, gpusPerNode: 8, mesh: true }), range(8), 8);
  assert.deepEqual(mesh.map((o) => o[1]), [1, 3, 5, 7], 'strides 1, 3, 5, 7');
});

test('double binary tree: two trees over the nodes, B the shift (even m) or mirror (odd m) of A', () => {
  assert.deepEqual([...inorderTree(4)], [1, 2, -1, 2]);
  const [a4, b4] = doubleBinaryTree(4);
  assert.deepEqual([...a4], [1, 2, -1, 2]);
  assert.deepEqual([...b4], [3, 2, 3, -1]);
  const [, b5] = doubleBinaryTree(5);
  // A over 5: root 2; 0 -> 1 -> 2; 3 -> 4 -> 2. Mirrored: root 2; 4 -> 3 -> 2; 1 -> 0 -> 2
  assert.deepEqual([...inorderTree(5)], [1, 2, -1, 4, 2]);
  assert.deepEqual([...b5], [2, 0, -1, 2, 3]);
});

test('choice: NVLS for large single-node all-reduce on NVLS hardware, ring without it, tree for small across nodes', () => {
  const one = railFabric({ nodes: 1, gpusPerNode: 8 });
  const call = (bytes: number, ranks: number[]): CollectiveCall => ({ op: 'all-reduce', ranks, bytes });
  assert.equal(chooseAlgorithm(ctxOf(one), call(2 ** 30, range(8))), 'nvls');
  assert.equal(chooseAlgorithm(ctxOf(one, fabricProfile('nvlink3-nvswitch')), call(2 ** 30, range(8))), 'ring');
  const four = railFabric({ nodes: 4, gpusPerNode: 8 });
  assert.equal(chooseAlgorithm(ctxOf(four), call(8, range(32))), 'tree');
  assert.equal(chooseAlgorithm(ctxOf(four), call(2 ** 30, range(32))), 'ring');
  assert.equal(chooseAlgorithm(ctxOf(four), call(2 ** 30, range(32)), { allowSharp: true }), 'sharp');
  // two nodes with 200 Gb/s NICs: the tree halves the network traffic and NVLink does not bind first
  const slowNics = railFabric({ nodes: 2, gpusPerNode: 8, nicBytesPerSecond: 25e9 });
  assert.equal(chooseAlgorithm(ctxOf(slowNics), call(2 ** 33, range(16))), 'tree');
  assert.equal(chooseAlgorithm(ctxOf(four), { op: 'all-to-all', ranks: range(32), bytes: 1 }), 'pairwise');
  assert.equal(chooseAlgorithm(ctxOf(four), { op: 'send-recv', ranks: [0, 9], bytes: 1 }), 'direct');
  assert.equal(chooseAlgorithm(ctxOf(one), { op: 'reduce-scatter', ranks: range(8), bytes: 2 ** 30 }), 'ring');
});

test('the automatic choice is within 10% of the faster of ring and tree, simulated (2 x 8, 8 B to 1 GiB)', () => {
  const topo = railFabric({ nodes: 2, gpusPerNode: 8 });
  for (const bytes of [8, 2 ** 20, 2 ** 30]) {
    const setup = { topology: topo, scaleUp: NVL4, scaleOut: NDR };
    const auto = measureCollective({ op: 'all-reduce', ranks: range(16), bytes }, setup).seconds;
    const best = Math.min(...(['ring', 'tree'] as const).map((algorithm) => measureCollective({ op: 'all-reduce', ranks: range(16), bytes, algorithm }, setup).seconds));
    assert.ok(auto <= best * 1.1, `${bytes} B: auto ${auto} vs best ${best}`);
  }
});

test('calls the hardware or layout cannot run are rejected with the reason', () => {
  const two = ctxOf(railFabric({ nodes: 2, gpusPerNode: 8 }));
  const run = (call: CollectiveCall) => two.sim.run(two.sim.process(runCollective(two, call)));
  assert.throws(() => run({ op: 'all-reduce', ranks: range(16), bytes: 1, algorithm: 'nvls' }), /"nvls" cannot run/);
  assert.throws(() => run({ op: 'all-gather', ranks: range(16), bytes: 1, algorithm: 'tree' }), /does not implement all-gather/);
  assert.throws(() => run({ op: 'all-reduce', ranks: [0, 1, 1], bytes: 1 }), /duplicate ranks/);
  assert.throws(() => run({ op: 'send-recv', ranks: [0, 1, 2], bytes: 1 }), /exactly \[src, dst\]/);
  assert.throws(() => run({ op: 'broadcast', ranks: [0, 1], bytes: 1, root: 5 }), /root 5/);
  assert.throws(() => run({ op: 'all-reduce', ranks: [0, 9, 10], bytes: 1, algorithm: 'hierarchical' }), /"hierarchical" cannot run/);
  assert.throws(() => run({ op: 'all-reduce', ranks: range(16), bytes: 1, channels: 0 }), /channels/);
});

test('hierarchical all-reduce takes the sum of its three phases (hand-computed, 2 nodes x 8)', () => {
  const topo = railFabric({ nodes: 2, gpusPerNode: 8 });
  const s = 2 ** 30;
  const m = measureCollective({ op: 'all-reduce', ranks: range(16), bytes: s, algorithm: 'hierarchical' }, { topology: topo, scaleUp: NVL4, scaleOut: NDR });
  const up = 450e9 * 0.82;
  const nic = 50e9 * 0.94;
  // intra: 7 steps × 2 µs + 7/8 S / β_up, twice; inter: 2 steps × 4 µs + 2(2−1)/2 · S/8 / β_nic
  const expected = 2 * (7 * 2e-6 + ((7 / 8) * s) / up) + 2 * 4e-6 + s / 8 / nic;
  assert.ok(Math.abs(m.seconds - expected) / expected < 1e-6, `${m.seconds} vs ${expected}`);
});
