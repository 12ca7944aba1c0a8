// Congestion at flow fidelity: placement against an oversubscribed fat-tree, and two jobs on one fabric.
// Fabric: 32 DGX H100 on a two-tier NDR fat-tree at 4:1 (radix 64: 6 nodes = 48 NICs per leaf, 6 leaves,
// 2 spines; each leaf has 2 uplinks of 300 GB/s = 48 × 50 GB/s / 4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Simulation } from '../../src/sim/index.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { FlowBackend, tierEfficiency } from '../../src/fabric/backend/index.ts';
import { measureCollective, ringOrders, runCollective } from '../../src/fabric/collectives/index.ts';
import type { CollectiveCall, CollectiveContext } from '../../src/fabric/collectives/index.ts';
import { flowId } from '../../src/fabric/collectives/launch.ts';
import { ringLatency } from '../../src/fabric/collectives/protocol.ts';
import { buildTopology, route } from '../../src/fabric/topology/index.ts';
import { clusterOf } from './backend-fixtures.ts';

const catalog = loadCatalog();
const cluster = clusterOf(catalog, 'dgx-h100', 32, 'ib-ndr-400', 'fat-tree', 4);
const topology = buildTopology(cluster, { tiers: 2 });
const scaleUp = cluster.nodes[0]!.scaleUp;
const scaleOut = cluster.scaleOut!.profile;
const gpusOf = (nodes: number[]) => nodes.flatMap((n) => Array.from({ length: 8 }, (_, l) => n * 8 + l));
const S = 2 ** 30;

test('a 256-GPU ring placed across 4:1 leaves is slower than packed by the bisection factor, 4', () => {
  assert.match(topology.description, /6 nodes per leaf, 6 leaves, 2 spines, leaf oversubscription 4:1/);
  const packed = gpusOf(Array.from({ length: 32 }, (_, i) => i));
  // node order 0, 6, 12, … 1, 7, …: consecutive ring nodes sit under different leaves, every hop climbs
  const across = gpusOf(Array.from({ length: 6 }, (_, k) => Array.from({ length: 32 }, (_, j) => j).filter((j) => j % 6 === k)).flat());
  const time = (ranks: number[]) => measureCollective({ op: 'all-reduce', ranks, bytes: S, algorithm: 'ring' }, { topology, scaleUp, scaleOut }).seconds;
  // both pay the same latency, NCCL's Simple ring model (1 GiB runs Simple): compare the bandwidth terms
  const latency = ringLatency({ scaleUp, scaleOut }, 'Simple', 2 * 255, 2 * 31, 32);
  const slowdown = (time(across) - latency) / (time(packed) - latency);
  // Packed: hops stay under a leaf except at 5 leaf boundaries (8 flows, far below the uplinks): every flow
  // runs at its NIC's 47 GB/s. Across: a full leaf sends 6 nodes × 8 flows = 2,256 GB/s of demand up
  // through 600 × 0.94 = 564 GB/s: the bisection predicts 2,256 / 564 = 4.
  // InfiniBand d-mod-k routing spreads the 48 flows of a full leaf evenly, 24 per uplink: exactly 4
  assert.ok(Math.abs(slowdown - 4) / 4 < 0.01, `slowdown ${slowdown}, bisection predicts 4`);
  // the same from the routed flows: the most loaded uplink holds k flows at 282 / k GB/s each
  const perLink = new Map<number, number>();
  ringOrders(topology, across, 8).forEach((order, c) =>
    order.forEach((r, i) => {
      const d = order[(i + 1) % order.length]!;
      for (const l of route(topology, r, d, flowId(r, d, c))) if (topology.links[l]!.tier === 'leaf-spine') perLink.set(l, (perLink.get(l) ?? 0) + 1);
    }),
  );
  const kMax = Math.max(...perLink.values());
  const expected = 47e9 / ((300e9 * 0.94) / kMax);
  assert.ok(Math.abs(slowdown - expected) / expected < 0.01, `slowdown ${slowdown} vs ${expected} (k_max ${kMax} of a mean 24 per full-leaf uplink)`);
});

function together(calls: CollectiveCall[]): number[] {
  const sim = new Simulation();
  const ctx: CollectiveContext = { sim, backend: new FlowBackend({ sim, topology, efficiency: tierEfficiency(scaleUp, scaleOut) }), scaleUp, scaleOut };
  const procs = calls.map((c) => sim.process(runCollective(ctx, c)));
  sim.run();
  return procs.map((p) => p.value);
}

test('two jobs: on disjoint leaves neither slows the other; interleaved over the same two leaves they share the spine', () => {
  const job = (nodes: number[], name: string): CollectiveCall => ({ op: 'all-reduce', ranks: gpusOf(nodes), bytes: S, algorithm: 'ring', job: name });
  const disjoint = [job([0, 1, 2, 3, 4, 5], 'a'), job([6, 7, 8, 9, 10, 11], 'b')];
  const [aAlone, bAlone] = disjoint.map((c) => together([c])[0]!);
  const [a, b] = together(disjoint);
  assert.equal(a, aAlone);
  assert.equal(b, bAlone);
  const shared = [job([0, 6, 1, 7, 2, 8], 'a'), job([3, 9, 4, 10, 5, 11], 'b')];
  const alone = shared.map((c) => together([c])[0]!);
  const both = together(shared);
  both.forEach((t, i) => assert.ok(t > alone[i]! * 1.5, `job ${i}: ${t} together vs ${alone[i]} alone`));
});
