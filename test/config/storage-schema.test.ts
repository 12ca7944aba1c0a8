// The storage keys of a scenario: data, checkpoint, cluster.storage[].network/prefixes; their defaults,
// normalised values and the errors a user sees.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, type InputIssue } from '../../src/config/errors.ts';
import { loadScenario } from '../../src/config/load-scenario.ts';
import type { TrainingWorkload } from '../../src/config/scenario-types.ts';
import { scratch, testCatalog, trainingScenario } from './fixtures.ts';

const s = scratch();
after(() => s.cleanup());

function catalog() {
  const c = testCatalog();
  c.storage.set('object-store-s3', { kind: 'storage', id: 'object-store-s3', name: 'S3', tier: 'object-store', readBandwidthBytesPerSecond: 8e9, writeBandwidthBytesPerSecond: 8e9, source: 'test fixture' });
  return c;
}

function scenario(workloadExtra: string, storage = '[{ profile: pfs-generic }]'): string {
  return trainingScenario({ name: 's', nodes: 2, storage, dp: 2, global: 16, sequenceLength: 4096, workload: `${workloadExtra}\n` });
}

function load(text: string) {
  return loadScenario(s.write('s.yaml', text), { catalog: catalog(), modelsDir: s.modelsDir });
}

function issues(text: string): InputIssue[] {
  try {
    load(text);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  assert.fail('expected a ConfigError');
}

test('data and checkpoint with their defaults, normalised', () => {
  const { scenario: sc } = load(scenario('    data: { bytesPerToken: 4, storage: pfs-generic }\n    checkpoint: { every: 30 min, storage: pfs-generic }'));
  const w = sc.workloads[0] as TrainingWorkload;
  assert.deepEqual(w.data, { bytesPerSample: 4 * 4096, prefetch: 1, readers: null, storage: 'pfs-generic', samplesPerFile: null });
  assert.deepEqual(w.checkpoint, { every: { seconds: 1800 }, mode: 'sync', storage: 'pfs-generic', retain: 2, parallelSave: true, parallelLoad: false });
});

test('every: a number or "N steps" is steps, a time is seconds', () => {
  const every = (v: string) => ((load(scenario(`    checkpoint: { every: ${v}, storage: pfs-generic }`)).scenario.workloads[0] as TrainingWorkload).checkpoint!.every);
  assert.deepEqual(every('500'), { steps: 500 });
  assert.deepEqual(every('"200 steps"'), { steps: 200 });
  assert.deepEqual(every('2 h'), { seconds: 7200 });
  const bad = issues(scenario('    checkpoint: { every: 30 parsecs, storage: pfs-generic }'));
  assert.equal(bad[0]!.code, 'bad-value');
  assert.equal(bad[0]!.path, 'workloads[0].checkpoint.every');
});

test('cluster.storage network and prefixes reach the storage profile; the source is unchanged', () => {
  const { scenario: sc } = load(scenario('', '[{ profile: object-store-s3, prefixes: 4, network: compute }]'));
  assert.equal(sc.cluster.storage[0]!.prefixes, 4);
  assert.equal(sc.cluster.storage[0]!.network, 'compute');
  assert.equal(sc.cluster.storage[0]!.source, 'test fixture');
});

test('bytesPerSample and bytesPerToken together, or neither, is an error', () => {
  const both = issues(scenario('    data: { bytesPerToken: 4, bytesPerSample: 1 MB, storage: pfs-generic }'));
  assert.deepEqual([both[0]!.code, both[0]!.path], ['inconsistent', 'workloads[0].data.bytesPerToken']);
  const neither = issues(scenario('    data: { storage: pfs-generic }'));
  assert.deepEqual([neither[0]!.code, neither[0]!.path], ['missing-key', 'workloads[0].data']);
});

test('a storage id must be listed in cluster.storage: a known profile says so, an unknown one gets did-you-mean', () => {
  const unlisted = issues(scenario('    checkpoint: { every: 100, storage: object-store-s3 }'));
  assert.equal(unlisted[0]!.code, 'inconsistent');
  assert.equal(unlisted[0]!.path, 'workloads[0].checkpoint.storage');
  assert.match(unlisted[0]!.hint, /profile: object-store-s3/);
  const typo = issues(scenario('    data: { bytesPerToken: 4, storage: pfs-generc }'));
  assert.equal(typo[0]!.code, 'unknown-profile');
  assert.match(typo[0]!.hint, /pfs-generic/);
  assert.ok(typo[0]!.line > 0);
});

test('storage on the front-end network needs storage NICs in the node profile', () => {
  const i = issues(scenario('', '[{ profile: pfs-generic, network: frontend }]'));
  assert.equal(i[0]!.code, 'not-supported');
  assert.equal(i[0]!.path, 'cluster.storage[0].network');
});

test('a misspelt data key is reported with did-you-mean', () => {
  const i = issues(scenario('    data: { bytesPerToken: 4, storage: pfs-generic, prefech: 2 }'));
  assert.equal(i[0]!.code, 'unknown-key');
  assert.match(i[0]!.hint, /prefetch/);
});
