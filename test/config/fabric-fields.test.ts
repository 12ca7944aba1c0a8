// The scale-out fields a scenario can set beyond profile, topology and leaf oversubscription (tiers, spine
// oversubscription, radix, scalable unit, routing, dragonfly shape) and cluster.torusDims: they reach the
// topology builder; fields of another topology are refused where they are written; a fabric the builder
// cannot make is refused once, at the cluster, with the builder's reason.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScenarioFile } from '../../src/check.ts';
import type { InputIssue } from '../../src/config/errors.ts';
import { buildTopology } from '../../src/fabric/topology/index.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { scratch, configIssues } from './fixtures.ts';

const s = scratch();
after(() => s.cleanup());
const catalog = loadCatalog();
const opts = () => ({ catalog, modelsDir: s.modelsDir });

const scenario = (cluster: string): string => `name: f
cluster:
${cluster}
workloads:
  - { name: ar, kind: collective, op: all_reduce, size: 1 GiB }
`;
let n = 0;
const load = (cluster: string) => checkScenarioFile(s.write(`f${n++}.yaml`, scenario(cluster)), opts()).scenario;

const issues = (cluster: string): InputIssue[] => configIssues(() => load(cluster));

test('tiers, radix, spine oversubscription and routing reach the fat-tree', () => {
  const c = load('  nodes: [{ profile: dgx-h100, count: 64 }]\n  scaleOut: { profile: ib-ndr-400, tiers: 3, radix: 32, spineOversubscription: 2, routing: ecmp-hash }');
  assert.deepEqual({ ...c.cluster.scaleOut!, profile: undefined }, { profile: undefined, topology: 'fat-tree', oversubscription: 1, tiers: 3, radix: 32, spineOversubscription: 2, routing: 'ecmp-hash' });
  const d = buildTopology(c.cluster).description;
  assert.match(d, /3 tiers/);
  assert.match(d, /radix 32/);
  assert.match(d, /ecmp-hash up-routing/);
  // the same cluster without the fields: two tiers of the profile's radix 64, d-mod-k (InfiniBand)
  assert.match(buildTopology(load('  nodes: [{ profile: dgx-h100, count: 64 }]\n  scaleOut: { profile: ib-ndr-400 }').cluster).description, /2 tiers.*radix 64.*d-mod-k/);
});

test('a dragonfly: the shape given, or the balanced a = 2p = 2h from the radix', () => {
  const given = load('  nodes: [{ profile: dgx-h100, count: 64 }]\n  scaleOut: { profile: roce-400, topology: dragonfly, dragonfly: { routersPerGroup: 8, terminalsPerRouter: 8, globalPortsPerRouter: 4 } }');
  assert.match(buildTopology(given.cluster).description, /^dragonfly a=8 p=8 h=4, 8 groups/);
  // roce-400: radix 128 = 4p − 1 + 1 → p = 32, a = 64, h = 32; 512 NICs fit one group of 64 x 32 terminals
  const balanced = load('  nodes: [{ profile: dgx-h100, count: 64 }]\n  scaleOut: { profile: roce-400, topology: dragonfly }');
  assert.match(buildTopology(balanced.cluster).description, /^dragonfly a=64 p=32 h=32, 1 groups/);
});

test('torusDims shape a TPU pod; a product other than the chip count is refused at the field', () => {
  const c = load('  nodes: [{ profile: tpu-v5p-host, count: 16 }]\n  torusDims: [8, 8]');
  assert.match(buildTopology(c.cluster).description, /^torus 8x8 \(64 chips/);
  const [i, ...rest] = issues('  nodes: [{ profile: tpu-v5p-host, count: 16 }]\n  torusDims: [4, 4, 2]');
  assert.equal(rest.length, 0);
  assert.equal(i!.path, 'cluster.torusDims');
  assert.match(i!.message, /hold 32 chips, the cluster has 64/);
});

test('fields of another topology are refused where written; an unbuildable tree once, at the scale-out block', () => {
  const su = issues('  nodes: [{ profile: dgx-h100, count: 4 }]\n  scaleOut: { profile: ib-ndr-400, scalableUnit: 16 }');
  assert.deepEqual(su.map((i) => [i.code, i.path]), [['inconsistent', 'cluster.scaleOut.scalableUnit']]);
  assert.match(su[0]!.hint, /topology: rail-optimized/);
  const df = issues('  nodes: [{ profile: dgx-h100, count: 4 }]\n  scaleOut: { profile: ib-ndr-400, tiers: 3, dragonfly: { routersPerGroup: 2, terminalsPerRouter: 2, globalPortsPerRouter: 1 } }');
  assert.deepEqual(df.map((i) => i.path), ['cluster.scaleOut.dragonfly']);
  assert.deepEqual(issues('  nodes: [{ profile: dgx-h100, count: 4 }]\n  scaleOut: { profile: ib-ndr-400, tiers: 2, spineOversubscription: 2 }').map((i) => i.path), ['cluster.scaleOut.spineOversubscription']);
  const tree = issues('  nodes: [{ profile: dgx-h100, count: 64 }]\n  scaleOut: { profile: ib-ndr-400, tiers: 2, radix: 16 }');
  assert.deepEqual(tree.map((i) => [i.code, i.path, i.line]), [['inconsistent', 'cluster.scaleOut', 4]]);
  assert.match(tree[0]!.message, /64 leaves exceed two tiers of radix 16/);
});
