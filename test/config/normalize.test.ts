/** Phase 3: the quickstart scenario and small variants normalised into SI numbers and resolved objects. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadScenario, positionOfPath } from '../../src/config/load-scenario.ts';
import { GOOD, scratch, testCatalog } from './fixtures.ts';
import type { TrainingWorkload } from '../../src/config/scenario-types.ts';

const s = scratch();
after(() => s.cleanup());
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${a} != ${b}`);
const opts = () => ({ catalog: testCatalog(), modelsDir: s.modelsDir });

test('the quickstart scenario normalises to SI numbers with profiles and model resolved', () => {
  const { scenario: sc } = loadScenario('scenarios/quickstart.yaml', opts());
  assert.equal(sc.name, 'quickstart');
  assert.equal(sc.file, 'scenarios/quickstart.yaml');
  assert.equal(sc.seed, 1);
  assert.equal(sc.cluster.nodes.length, 1);
  const g = sc.cluster.nodes[0]!;
  assert.deepEqual([g.profile.id, g.accelerator.id, g.scaleUp?.id, g.count], ['dgx-h100', 'h100-sxm', 'nvlink4-nvswitch', 4]);
  assert.deepEqual([sc.cluster.scaleOut?.profile.id, sc.cluster.scaleOut?.topology, sc.cluster.scaleOut?.oversubscription], ['ib-ndr-400', 'rail-optimized', 1]);
  assert.deepEqual(sc.cluster.storage, []);
  const w = sc.workloads[0] as TrainingWorkload;
  assert.equal(w.model.id, 'llama3-8b');
  assert.equal(w.model.kvHeads, 8);
  assert.deepEqual(w.batch, { globalSequences: 128, microSequences: 1, sequenceLength: 8192 });
  assert.deepEqual([w.steps, w.attention, w.optimizer, w.overlapGradReduce, w.precision], [10, 'flash', 'adam', true, 'bf16']);
  assert.equal(sc.fidelity, 'analytical');
  assert.equal(sc.energy.pue, 1.2);
  close(sc.energy.gridIntensityKgPerJoule, 0.367 / 3.6e6);
  assert.equal(sc.cost.basis, 'cloud');
  close(sc.cost.devicePriceUsdPerSecond!, 2.99 / 3600);
  close(sc.cost.electricityUsdPerJoule, 0.08 / 3.6e6);
  assert.deepEqual(sc.report.formats, ['json', 'md', 'html']);
  const lines = readFileSync('scenarios/quickstart.yaml', 'utf8').split('\n');
  assert.deepEqual(sc.expect.map((e) => e.line), sc.expect.map((e) => lines.findIndex((l) => l.includes(`- ${e.expression}`)) + 1));
  assert.ok(sc.expect.every((e) => e.line > 0));
  assert.equal(sc.expect[0]!.expression, 'jobs.pretrain.mfu > 0.3');
  assert.equal(sc.reference, null);
});

test('defaults: energy, cost, report, fidelity, steps; no scale-out when left out', () => {
  const text = GOOD.replace('  scaleOut: { profile: ib-ndr-400, topology: rail-optimized }\n', '');
  const { scenario: sc } = loadScenario(s.write('d.yaml', text), opts());
  assert.equal(sc.cluster.scaleOut, null);
  assert.equal(sc.description, '');
  assert.equal(sc.energy.pue, 1.2);
  close(sc.energy.gridIntensityKgPerJoule, 0.367 / 3.6e6); // US 2023 average, EIA
  assert.deepEqual({ ...sc.cost, electricityUsdPerJoule: 0 }, { basis: 'cloud', devicePriceUsdPerSecond: null, amortisationSeconds: 4 * 365.25 * 86400, electricityUsdPerJoule: 0 });
  close(sc.cost.electricityUsdPerJoule, 0.08 / 3.6e6);
  assert.deepEqual(sc.report.formats, ['json', 'md', 'html']);
  assert.deepEqual(sc.expect, []);
  assert.equal((sc.workloads[0] as TrainingWorkload).steps, 10);
});

test('an inline model gets an id, name and source; storage overrides replace profile figures', () => {
  const text = GOOD.replace(
    '    model: llama3-8b\n',
    '    model: { layers: 2, hiddenSize: 512, attentionHeads: 8, kvHeads: 8, ffnHiddenSize: 2048, ffnKind: gelu, vocabSize: 1000, tiedEmbeddings: true, maxSequenceLength: 1024 }\n',
  ).replace('  scaleOut:', '  storage: [{ profile: pfs-generic, readBandwidth: 400 GB/s }]\n  scaleOut:');
  const { scenario: sc } = loadScenario(s.write('i.yaml', text), opts());
  const m = (sc.workloads[0] as TrainingWorkload).model;
  assert.deepEqual([m.id, m.name, m.source, m.layers, m.ffnKind], ['pretrain-model', 'pretrain-model', 'inline in the scenario file', 2, 'gelu']);
  const st = sc.cluster.storage[0]!;
  assert.equal(st.readBandwidthBytesPerSecond, 4e11);
  assert.equal(st.writeBandwidthBytesPerSecond, 50e9); // from the profile
  assert.match(st.source, /read bandwidth set in the scenario/);
});

test('scale-out overrides replace the fabric profile figures and say so in its source', () => {
  const text = GOOD.replace('topology: rail-optimized }', 'topology: rail-optimized, linkBandwidth: 800 Gb/s, latency: 5 us }');
  const f = loadScenario(s.write('so.yaml', text), opts()).scenario.cluster.scaleOut!.profile;
  assert.equal(f.linkBandwidthBytesPerSecond, 1e11);
  close(f.latencySeconds, 5e-6);
  assert.equal(f.efficiency, 0.8); // untouched
  assert.match(f.source, /link bandwidth, latency set in the scenario/);
  assert.equal(testCatalog().fabrics.get('ib-ndr-400')!.linkBandwidthBytesPerSecond, 50e9);
});

test('a reference block is carried through', () => {
  const text = `${GOOD}reference: { source: "Megatron-LM SC21, Table 1", metric: jobs.pretrain.tflopsPerGpu, measured: 137, unit: TFLOP/s, tolerancePercent: 10 }\n`;
  const { scenario: sc } = loadScenario(s.write('r.yaml', text), opts());
  assert.deepEqual(sc.reference, { source: 'Megatron-LM SC21, Table 1', metric: 'jobs.pretrain.tflopsPerGpu', measured: 137, unit: 'TFLOP/s', tolerancePercent: 10 });
});

test('normalizedText is canonical: sorted keys, independent of path, layout and comments, sensitive to values', () => {
  const a = loadScenario(s.write('a.yaml', GOOD), opts()).normalizedText;
  const moved = loadScenario(s.write('b.yaml', `# a comment\n\n${GOOD.replace('{ dp: 4, tp: 8 }', '{ tp: 8, dp: 4 }')}`), opts()).normalizedText;
  assert.equal(moved, a);
  const changed = loadScenario(s.write('c.yaml', GOOD.replace('count: 4', 'count: 5')), opts()).normalizedText;
  assert.notEqual(changed, a);
  const parsed = JSON.parse(a) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), [...Object.keys(parsed)].sort());
  assert.ok(!('file' in parsed));
});

test('positionOfPath finds a field, falls back to its nearest ancestor', () => {
  const { doc } = loadScenario(s.write('p.yaml', GOOD), opts());
  const line12 = GOOD.split('\n')[11]!;
  assert.deepEqual(positionOfPath(doc, 'workloads[0].batch.micro'), { line: 12, col: line12.indexOf('1,') + 1 });
  assert.deepEqual(positionOfPath(doc, 'workloads[0].batch.nothing'), { line: 12, col: line12.indexOf('{') + 1 });
  assert.deepEqual(positionOfPath(doc, 'workloads[0].parallelism.pp'), { line: 11, col: GOOD.split('\n')[10]!.indexOf('{') + 1 });
  assert.deepEqual(positionOfPath(doc, 'not a path!'), { line: 0, col: 0 });
});
