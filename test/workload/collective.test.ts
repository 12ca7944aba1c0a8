// The collective workload (nccl-tests equivalent): sweep sizes, placement, nccl-tests' bandwidth definitions,
// phase-4 checks, and the validation cases whose figures the fabric profiles were derived from. Profiles come
// from the real catalog (hardware-profiles/), clusters are built by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { sweepSizes } from '../../src/config/scenario-schema.ts';
import type { ClusterSpec, CollectiveWorkload } from '../../src/config/scenario-types.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { runScenarioFile } from '../../src/pipeline.ts';
import { clusterShape, collectiveIssues, railsPerNode, rankDevices, simulateCollective } from '../../src/workload/collective/index.ts';
import { simulateWorkload, workloadIssues } from '../../src/workload/registry.ts';

const catalog = loadCatalog();
const GiB = 2 ** 30;

function cluster(node: string, count: number, scaleOut?: string, nics?: number): ClusterSpec {
  const base = catalog.nodes.get(node)!;
  const profile = nics === undefined ? base : { ...base, nics: { ...base.nics, count: nics } };
  return {
    nodes: [{ profile, accelerator: catalog.accelerators.get(profile.accelerator)!, scaleUp: profile.scaleUpFabric ? catalog.fabrics.get(profile.scaleUpFabric)! : null, count }],
    scaleOut: scaleOut ? { profile: catalog.fabrics.get(scaleOut)!, topology: 'rail-optimized', oversubscription: 1 } : null,
    storage: [],
  };
}

function job(over: Partial<CollectiveWorkload> = {}): CollectiveWorkload {
  return { kind: 'collective', name: 'c', op: 'all_reduce', ranks: 8, ranksPerNode: 8, sizesBytes: [GiB], algorithm: 'auto', channels: null, ...over };
}

test('the default sweep is nccl-tests -b 8 -e 8G -f 2: 31 sizes, 8 B to 8 GiB, each twice the last', () => {
  const s = sweepSizes(8, 8 * GiB, 2);
  assert.equal(s.length, 31);
  assert.equal(s[0], 8);
  assert.equal(s.at(-1), 8 * GiB);
  s.slice(1).forEach((v, i) => assert.equal(v, 2 * s[i]!));
  assert.deepEqual(sweepSizes(1000, 5000, 1.5), [1000, 1500, 2250, 3375]);
});

test('ranks are placed node-major, ranksPerNode at a time; rails follow the local index', () => {
  const shape = clusterShape(cluster('dgx-a100-40gb', 3, 'ib-hdr-200', 4));
  assert.deepEqual(rankDevices({ ranks: 3, ranksPerNode: 1 }, shape), [0, 8, 16]);
  assert.deepEqual(rankDevices({ ranks: 6, ranksPerNode: 2 }, shape), [0, 1, 8, 9, 16, 17]);
  // 4 NICs for 8 GPUs: GPU l uses NIC floor(l / 2)
  assert.equal(railsPerNode({ ranks: 24, ranksPerNode: 8 }, shape), 4);
  assert.equal(railsPerNode({ ranks: 6, ranksPerNode: 2 }, shape), 1);
  assert.equal(railsPerNode({ ranks: 9, ranksPerNode: 3 }, shape), 2);
});

for (const fidelity of ['analytical', 'flow'] as const) {
  test(`${fidelity}: a ring sweep on one DGX H100 — busbw rises with size and saturates near the NVLink figure`, () => {
    const sizes = sweepSizes(8, 8 * GiB, 4);
    const { result } = simulateCollective(job({ sizesBytes: sizes, algorithm: 'ring' }), cluster('dgx-h100', 1), { fidelity });
    assert.equal(result.points.length, sizes.length);
    const bus = result.points.map((p) => p.busbwGBps);
    bus.slice(1).forEach((b, i) => assert.ok(b >= bus[i]!, `busbw falls from ${bus[i]} to ${b} at ${sizes[i + 1]} B`));
    assert.ok(bus[0]! < bus.at(-1)! / 1000, 'latency-bound at 8 B');
    assert.ok(bus.at(-1)! / bus.at(-2)! < 1.01, 'saturated at the top of the sweep');
    // NVLink 4: 450 GB/s x efficiency 0.82 = 369 GB/s per direction bounds the ring's busbw
    assert.ok(bus.at(-1)! > 360 && bus.at(-1)! <= 369.01, `busbw ${bus.at(-1)}`);
    for (const p of result.points) {
      assert.ok(Math.abs(p.algbwGBps - p.bytes / p.seconds / 1e9) < 1e-9 * p.algbwGBps);
      assert.ok(Math.abs(p.busbwGBps - p.algbwGBps * (2 * 7) / 8) < 1e-9 * p.busbwGBps, 'all_reduce busbw = algbw x 2(n-1)/n');
      assert.equal(p.algorithm, 'ring');
    }
    assert.equal(result.busbwGBps, bus.at(-1));
    assert.equal(result.busbwPerNicGBps, null, 'one node uses no NIC');
    assert.equal(result.computeUtilisation, 0);
    assert.ok(Math.abs(result.simulatedSeconds - result.points.reduce((s, p) => s + p.seconds, 0)) < 1e-15);
  });
}

test('bus factors of the other operations follow nccl-tests (n = 8)', () => {
  const c = cluster('dgx-h100', 1);
  const factors: [CollectiveWorkload['op'], number][] = [['all_gather', 7 / 8], ['reduce_scatter', 7 / 8], ['alltoall', 7 / 8], ['broadcast', 1], ['reduce', 1]];
  for (const [op, f] of factors) {
    const p = simulateCollective(job({ op, sizesBytes: [GiB] }), c, { fidelity: 'analytical' }).result.points[0]!;
    assert.ok(Math.abs(p.busbwGBps / p.algbwGBps - f) < 1e-12, op);
  }
  const pair = simulateCollective(job({ op: 'sendrecv', ranks: 2, sizesBytes: [GiB] }), c, { fidelity: 'analytical' }).result;
  assert.equal(pair.points[0]!.algorithm, 'direct');
  assert.equal(pair.points[0]!.busbwGBps, pair.points[0]!.algbwGBps);
});

test('busbw per NIC: the 2-node NDR ring divides by the 8 rails each node drives', () => {
  const r = simulateCollective(job({ ranks: 16, algorithm: 'ring', sizesBytes: [GiB] }), cluster('dgx-h100', 2, 'ib-ndr-400'), { fidelity: 'flow' }).result;
  assert.equal(r.nodes, 2);
  assert.ok(Math.abs(r.busbwPerNicGBps! - r.busbwGBps / 8) < 1e-12);
});

test('phase-4 checks: too many ranks, a bad ranksPerNode, a sendrecv of 4, no network, an algorithm the hardware lacks', () => {
  const one = cluster('dgx-h100', 1);
  const [tooMany] = collectiveIssues(job({ ranks: 16 }), one);
  assert.equal(tooMany?.path, 'ranks');
  assert.equal(tooMany?.code, 'does-not-fit');
  assert.match(tooMany!.hint, /ranks: 8|2 dgx-h100 nodes/);
  assert.equal(collectiveIssues(job({ ranksPerNode: 9 }), one)[0]?.path, 'ranksPerNode');
  assert.equal(collectiveIssues(job({ op: 'sendrecv', ranks: 4 }), one)[0]?.code, 'inconsistent');
  const noNet = collectiveIssues(job({ ranks: 16 }), cluster('dgx-h100', 2));
  assert.match(noNet[0]!.message, /no scale-out fabric/);
  const nvls = collectiveIssues(job({ algorithm: 'nvls' }), cluster('dgx-a100-80gb', 1));
  assert.equal(nvls[0]?.path, 'algorithm');
  assert.match(nvls[0]!.hint, /ring/);
  const pairwise = collectiveIssues(job({ algorithm: 'pairwise' }), one);
  assert.equal(pairwise[0]?.code, 'inconsistent', 'pairwise does not implement all_reduce');
  assert.deepEqual(collectiveIssues(job({ algorithm: 'nvls' }), one), []);
  assert.deepEqual(workloadIssues(job({ ranks: 16, ranksPerNode: 8 }), cluster('dgx-h100', 2, 'ib-ndr-400')), []);
});

test('the registry dispatches by kind', async () => {
  const { result } = await simulateWorkload(job(), cluster('dgx-h100', 1), { fidelity: 'analytical', seed: 1 });
  assert.equal(result.kind, 'collective');
});

// Cases whose measured figure a fabric profile (or the NVLS constant) was derived from: they tie the
// profiles to the model, so a change to either that breaks them is caught here. The independent cases
// (rows 55 and 58) are judged by `clustersim accuracy scenarios/validation/collectives`, not asserted.
const CONSISTENCY = ['row53-nvls-8xh100', 'row54-ring-8xh100', 'row54-allgather-8xh100', 'row56-ndr-ring-per-nic', 'row57-a100-8gib', 'row59-a100-4xhdr-3nodes'];
for (const name of CONSISTENCY) {
  test(`validation ${name}: the profile-derived figure is reproduced within tolerance`, async () => {
    const file = `scenarios/validation/collectives/${name}.yaml`;
    const { report } = await runScenarioFile(file, { catalog });
    const ref = report.reference!;
    assert.equal(ref.metric, parse(readFileSync(file, 'utf8')).reference.metric);
    assert.ok(ref.pass, `${name}: predicted ${ref.predicted} vs measured ${ref.measured} (${ref.errorPercent?.toFixed(1)}%)`);
  });
}
