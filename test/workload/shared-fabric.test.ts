// Shared clusters (issue 3 items 7 and 8): placement policies and their node choices, disjoint device
// accounting with positioned errors, and two collective jobs on one 4:1 fat-tree through the pipeline:
// sharing the spines both slow down, under disjoint leaves neither does.
// Fabric: 32 DGX H100, NDR radix 64 at 4:1 = 6 nodes per leaf, leaves 0..5 holding nodes 0-5, 6-11, ...,
// 30-31 (test/fabric/collectives-congestion.test.ts has the library-level physics).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkScenarioFile } from '../../src/check.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import type { CollectiveJobResult } from '../../src/metrics/result-types.ts';
import { runScenarioFile } from '../../src/pipeline.ts';
import { clusterLayout, placeJobs, railOrder, type PlacementRequest } from '../../src/workload/placement.ts';
import { clusterOf } from '../fabric/backend-fixtures.ts';

const catalog = loadCatalog();
const layout = clusterLayout(clusterOf(catalog, 'dgx-h100', 32, 'ib-ndr-400', 'fat-tree', 4));
const req = (name: string, placement: PlacementRequest['placement'], ranks = 128, ranksPerNode = 8): PlacementRequest => ({ name, ranks, ranksPerNode, placement });
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

test('the 4:1 fabric groups nodes six to a leaf', () => {
  assert.deepEqual(layout.leafOf.map((l) => layout.leafOf.indexOf(l)), range(0, 32).map((n) => Math.min(30, n - (n % 6))));
});

test('packed takes the next free nodes in order; devices are node-major, locals ascending', () => {
  const { placements, issues } = placeJobs([req('a', undefined), req('b', 'packed')], layout);
  assert.deepEqual(issues, []);
  assert.deepEqual(placements[0]!.nodes, range(0, 16));
  assert.deepEqual(placements[1]!.nodes, range(16, 32));
  assert.deepEqual(placements[1]!.devices.slice(0, 9), [128, 129, 130, 131, 132, 133, 134, 135, 136]);
});

test('scattered deals nodes round-robin over the leaves, the second job over what the first left', () => {
  const { placements } = placeJobs([req('a', 'scattered'), req('b', 'scattered')], layout);
  assert.deepEqual(placements[0]!.nodes, [0, 6, 12, 18, 24, 30, 1, 7, 13, 19, 25, 31, 2, 8, 14, 20]);
  // free after a: leaf0 3-5, leaf1 9-11, leaf2 15-17, leaf3 21-23, leaf4 26-29, leaf5 none
  assert.deepEqual(placements[1]!.nodes, [3, 9, 15, 21, 26, 4, 10, 16, 22, 27, 5, 11, 17, 23, 28, 29]);
});

test('rail-aligned takes whole nodes and local devices one per rail first', () => {
  assert.deepEqual(railOrder(8, 4), [0, 2, 4, 6, 1, 3, 5, 7]);
  assert.deepEqual(railOrder(8, 8), range(0, 8));
  const fourRails = { ...layout, nics: 4 };
  // a packed 4-rank job on node 0 leaves it partly free: rail-aligned skips it for whole nodes
  const { placements } = placeJobs([req('small', 'packed', 4, 4), req('r', 'rail-aligned', 8, 4)], fourRails);
  assert.deepEqual(placements[0]!.devices, [0, 1, 2, 3]);
  assert.deepEqual(placements[1]!.nodes, [1, 2]);
  assert.deepEqual(placements[1]!.devices, [8, 10, 12, 14, 16, 18, 20, 22]);
});

test('explicit node lists set the rank order and are placed first; policies fill around them', () => {
  const { placements } = placeJobs([req('p', 'packed', 16), req('x', { nodes: [1, 0] }, 16)], layout);
  assert.deepEqual(placements[1]!.nodes, [1, 0]);
  assert.deepEqual(placements[1]!.devices.slice(0, 2), [8, 9]);
  assert.deepEqual(placements[0]!.nodes, [2, 3]);
});

test('overlapping lists, bad indices and too few free nodes are inconsistent, at the job placement, with a hint', () => {
  const overlap = placeJobs([req('a', { nodes: [0, 1] }, 16), req('b', { nodes: [1, 2] }, 16)], layout).issues;
  assert.equal(overlap.length, 1);
  assert.equal(overlap[0]!.index, 1);
  assert.equal(overlap[0]!.issue.code, 'inconsistent');
  assert.equal(overlap[0]!.issue.path, 'placement');
  assert.match(overlap[0]!.issue.message, /node 1 is already held by workload a/);
  assert.match(overlap[0]!.issue.hint, /free: 3, 4, 5,/);
  assert.match(placeJobs([req('a', { nodes: [0, 40] }, 16)], layout).issues[0]!.issue.message, /node 40 .* nodes 0\.\.31/);
  assert.match(placeJobs([req('a', { nodes: [0] }, 16)], layout).issues[0]!.issue.message, /need 2 nodes but placement\.nodes lists 1/);
  const full = placeJobs([req('a', { nodes: range(10, 30) }, 160), req('b', undefined, 128)], layout).issues;
  assert.equal(full[0]!.issue.code, 'inconsistent');
  assert.equal(full[0]!.issue.path, '', 'no placement written: reported at the workload');
  assert.match(full[0]!.issue.message, /needs 16 nodes .* only 12 remain/);
});

function scenarioFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'shared-fabric-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

test('the scenario check reports overlapping lists at file:line:col of the second job\'s placement', () => {
  const base = readFileSync('scenarios/shared-fabric-4to1-disjoint.yaml', 'utf8');
  const file = scenarioFile('overlap.yaml', base.replace('[18, 19, 20, 21,', '[15, 19, 20, 21,'));
  assert.throws(() => checkScenarioFile(file, { catalog }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    const [i] = e.issues;
    assert.equal(i!.code, 'inconsistent');
    assert.equal(i!.path, 'workloads[1].placement');
    assert.equal(i!.line, 29);
    assert.match(i!.message, /node 15 is already held by workload job_a/);
    return true;
  });
});

test('a training job holds its devices: a collective job packed after it starts on the next free node', () => {
  const quick = readFileSync('scenarios/quickstart.yaml', 'utf8').replace('count: 4 }', 'count: 6 }');
  const file = scenarioFile('mixed.yaml', quick.replace('\nfidelity:', `
  - name: probe
    kind: collective
    op: all_reduce
    ranks: 16
    size: 64 MiB
\nfidelity:`).replace(/expect:[\s\S]*$/, ''));
  const { placements } = checkScenarioFile(file, { catalog, modelsDir: 'scenarios/models' });
  assert.deepEqual(placements[0]!.nodes, [0, 1, 2, 3]);
  assert.deepEqual(placements[1]!.nodes, [4, 5]);
});

const collectives = async (file: string) => Object.values((await runScenarioFile(file)).report.jobs) as CollectiveJobResult[];

test('two jobs sharing the spines of a 4:1 fat-tree each report a slowdown; hot links are leaf-spine', async () => {
  const jobs = await collectives('scenarios/shared-fabric-4to1.yaml');
  assert.deepEqual(jobs.map((j) => j.placement!.nodes[1]), [6, 9]);
  for (const j of jobs) {
    const s = j.sharing!;
    assert.ok(s.slowdown > 1.5, `${j.name}: slowdown ${s.slowdown}`);
    assert.equal(s.slowdown, s.sharedSeconds / s.aloneSeconds);
    assert.equal(s.bytes, 2 ** 30);
    assert.ok(s.sharedBusbwGBps < j.busbwGBps);
    assert.equal(s.links.hottest.length, 10);
    for (const h of s.links.hottest) {
      assert.equal(h.tier, 'leaf-spine');
      assert.match(h.link, /^(leaf\d+ -> spine\d+|spine\d+ -> leaf\d+)$/);
    }
    const tiers = new Map(j.links!.tiers.map((t) => [t.tier, t]));
    assert.ok(tiers.get('leaf-spine')!.maxUtilisation > tiers.get('nic')!.maxUtilisation);
    for (const t of j.links!.tiers) assert.ok(t.meanUtilisation <= t.maxUtilisation && t.maxUtilisation <= 1);
  }
});

test('the same jobs under disjoint leaves report a slowdown of exactly 1', async () => {
  const jobs = await collectives('scenarios/shared-fabric-4to1-disjoint.yaml');
  assert.deepEqual(jobs.map((j) => j.sharing!.slowdown), [1, 1]);
  assert.deepEqual(jobs.map((j) => j.sharing!.with), [['job_b'], ['job_a']]);
});
