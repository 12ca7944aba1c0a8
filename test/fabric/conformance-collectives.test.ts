// The collective-algorithm conformance suite (STYLE.md, Hono): every algorithm in the registry, every
// operation it implements, on both network backends, on topologies from the real builders and profiles
// (1, 2 and 4 DGX H100 on a rail-optimised NDR fabric).
//  - it runs, returns its elapsed time, is deterministic and no faster for more bytes;
//  - every rank sends at least the operation's lower bound (all-reduce, reduce-scatter, all-gather and
//    all-to-all: (n−1)/n·S; broadcast: every non-root receives S; reduce: every non-root sends S), and the
//    ring sends exactly 2(n−1)/n·S per rank for all-reduce, (n−1)/n·S for the other two;
//  - alone on the fabric (no other job: the uncongested case), flow and analytical agree within 3% (issue 3
//    acceptance). Where an algorithm's own flows share a link (NCCL channels through one GPU port, the
//    tree's up and down pipelines, SHARP's concurrent stages, a tree parent's two children) the analytical
//    backend sees it through transferBatch (its equal share within one phase; analytical.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { backendNames } from '../../src/fabric/backend/index.ts';
import { ALGORITHMS, algorithmNames, measureCollective } from '../../src/fabric/collectives/index.ts';
import type { AlgorithmName, CollectiveCall, CollectiveOp, CollectiveSetup } from '../../src/fabric/collectives/index.ts';
import { buildTopology } from '../../src/fabric/topology/index.ts';
import type { Topology } from '../../src/fabric/topology/types.ts';
import { clusterOf } from './backend-fixtures.ts';

const catalog = loadCatalog();
const nvl4 = catalog.fabrics.get('nvlink4-nvswitch')!;
const ndr = catalog.fabrics.get('ib-ndr-400')!;
const one = buildTopology(clusterOf(catalog, 'dgx-h100', 1, null));
const two = buildTopology(clusterOf(catalog, 'dgx-h100', 2, 'ib-ndr-400'));
const four = buildTopology(clusterOf(catalog, 'dgx-h100', 4, 'ib-ndr-400'));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const S = 256 * 2 ** 20;

interface Case {
  topology: Topology;
  ranks: number[];
}

/** where each (algorithm, op) is exercised */
function casesOf(algorithm: AlgorithmName, op: CollectiveOp): Case[] {
  const multi: Case[] = [
    { topology: two, ranks: range(16) },
    { topology: four, ranks: range(32) },
  ];
  switch (algorithm) {
    case 'ring':
      return [{ topology: one, ranks: range(8) }, ...multi];
    case 'nvls':
      return [{ topology: one, ranks: range(8) }];
    case 'hierarchical':
      return multi;
    case 'tree':
    case 'sharp':
      return multi;
    case 'pairwise':
      return [{ topology: one, ranks: range(8) }, { topology: two, ranks: range(16) }];
    case 'direct':
      return op === 'send-recv'
        ? [{ topology: one, ranks: [0, 5] }, { topology: two, ranks: [3, 11] }]
        : [{ topology: one, ranks: range(8) }, { topology: two, ranks: range(16) }];
  }
}

const OPS: CollectiveOp[] = ['all-reduce', 'reduce-scatter', 'all-gather', 'broadcast', 'reduce', 'all-to-all', 'send-recv'];

/** bytes leaving each rank's GPU over the whole collective */
function sentPerRank(topology: Topology, usage: { linkId: number; bytes: number }[], ranks: number[]): number[] {
  const out = new Map<number, number>();
  for (const u of usage) {
    const from = topology.links[u.linkId]!.from;
    out.set(from, (out.get(from) ?? 0) + u.bytes);
  }
  return ranks.map((r) => out.get(topology.gpuVertex[r]!) ?? 0);
}

function receivedPerRank(topology: Topology, usage: { linkId: number; bytes: number }[], ranks: number[]): number[] {
  const into = new Map<number, number>();
  for (const u of usage) {
    const to = topology.links[u.linkId]!.to;
    into.set(to, (into.get(to) ?? 0) + u.bytes);
  }
  return ranks.map((r) => into.get(topology.gpuVertex[r]!) ?? 0);
}

function setupOf(topology: Topology, backend: (typeof backendNames)[number]): CollectiveSetup {
  return { topology, backend, scaleUp: nvl4, scaleOut: topology === one ? null : ndr };
}

for (const name of algorithmNames) {
  for (const op of OPS.filter((o) => ALGORITHMS[name].supports(o))) {
    test(`${name} ${op}: runs on both backends, conserves the operation's bytes, backends agree within 3%`, () => {
      for (const c of casesOf(name, op)) {
        const n = c.ranks.length;
        const call: CollectiveCall = { op, ranks: c.ranks, bytes: S, algorithm: name, root: op === 'broadcast' || op === 'reduce' ? c.ranks[1] : undefined };
        const seconds: Record<string, number> = {};
        for (const backend of backendNames) {
          const m = measureCollective(call, setupOf(c.topology, backend));
          const where = `${backend}, ${n} ranks on ${c.topology.nodes} node(s)`;
          assert.ok(m.seconds > 0 && Number.isFinite(m.seconds), `${where}: time ${m.seconds}`);
          assert.equal(measureCollective(call, setupOf(c.topology, backend)).seconds, m.seconds, `${where}: deterministic`);
          assert.ok(measureCollective({ ...call, bytes: 2 * S }, setupOf(c.topology, backend)).seconds >= m.seconds, `${where}: monotone in bytes`);
          const sent = sentPerRank(c.topology, m.usage, c.ranks);
          const received = receivedPerRank(c.topology, m.usage, c.ranks);
          const root = call.root ?? c.ranks[0]!;
          const others = c.ranks.map((r, i) => [r, i] as const).filter(([r]) => r !== root);
          const lowerBound = ((n - 1) / n) * S * (1 - 1e-9);
          if (op === 'broadcast') others.forEach(([r, i]) => assert.ok(received[i]! >= S * (1 - 1e-9), `${where}: rank ${r} receives S`));
          else if (op === 'reduce') others.forEach(([r, i]) => assert.ok(sent[i]! >= S * (1 - 1e-9), `${where}: rank ${r} sends S`));
          else if (op === 'send-recv') assert.equal(sent[0], S, `${where}: the sender sends S`);
          else sent.forEach((b, i) => assert.ok(b >= lowerBound, `${where}: rank ${c.ranks[i]} sends ${b} < (n−1)/n·S`));
          if (name === 'ring' && (op === 'all-reduce' || op === 'reduce-scatter' || op === 'all-gather')) {
            const factor = op === 'all-reduce' ? (2 * (n - 1)) / n : (n - 1) / n;
            sent.forEach((b, i) => assert.ok(Math.abs(b - factor * S) <= 1e-6 * S, `${where}: ring rank ${c.ranks[i]} sends ${b}, expected ${factor}·S`));
          }
          seconds[backend] = m.seconds;
        }
        const where = `${n} ranks on ${c.topology.nodes} node(s)`;
        const gap = Math.abs(seconds.flow! - seconds.analytical!) / seconds.analytical!;
        assert.ok(gap <= 0.03, `${where}: flow ${seconds.flow} vs analytical ${seconds.analytical} (${(gap * 100).toFixed(2)}%)`);
      }
    });
  }
}

test('one rank or zero bytes: nothing to do, zero time (send-recv of 0 B still pays its latency)', () => {
  for (const name of algorithmNames) {
    for (const op of OPS.filter((o) => ALGORITHMS[name].supports(o) && o !== 'send-recv')) {
      const c = casesOf(name, op)[0]!;
      const setup = setupOf(c.topology, 'flow');
      assert.equal(measureCollective({ op, ranks: c.ranks, bytes: 0, algorithm: name }, setup).seconds, 0, `${name} ${op} 0 B`);
      if (name !== 'nvls' && name !== 'hierarchical' && name !== 'sharp') {
        assert.equal(measureCollective({ op, ranks: [c.ranks[0]!], bytes: S, algorithm: name }, setup).seconds, 0, `${name} ${op} on one rank`);
      }
    }
  }
  // GPU 0 to GPU 8: the same rail on both nodes, NIC -> leaf -> NIC: the NDR profile's α
  const t = measureCollective({ op: 'send-recv', ranks: [0, 8], bytes: 0 }, setupOf(two, 'flow')).seconds;
  assert.ok(Math.abs(t - 4e-6) < 1e-12, `NDR α: ${t}`);
  // GPU 0 to GPU 9 changes rail: PXN relays over NVLink first (topology/routing.ts), + α_up
  const pxn = measureCollective({ op: 'send-recv', ranks: [0, 9], bytes: 0 }, setupOf(two, 'flow')).seconds;
  assert.ok(Math.abs(pxn - 6e-6) < 1e-12, `NVLink + NDR α: ${pxn}`);
});
