/** --set path=value overrides: parsing, applying, and errors that name the --set. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/errors.ts';
import { loadScenario } from '../../src/config/load-scenario.ts';
import { SCENARIO_SECTIONS } from '../../src/config/scenario-schema.ts';
import { applySets, parsePath } from '../../src/config/set-override.ts';
import { GOOD, scratch, testCatalog } from './fixtures.ts';
import type { TrainingWorkload } from '../../src/config/scenario-types.ts';

const s = scratch();
after(() => s.cleanup());
const file = s.write('scenario.yaml', GOOD);
const load = (sets: string[]) => loadScenario(file, { catalog: testCatalog(), modelsDir: s.modelsDir, sets });
const issues = (sets: string[]) => {
  try {
    load(sets);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  return assert.fail('expected a ConfigError');
};

test('parsePath reads dotted keys and [i] indices', () => {
  assert.deepEqual(parsePath('workloads[0].parallelism.tp'), ['workloads', 0, 'parallelism', 'tp']);
  assert.deepEqual(parsePath('cluster.nodes[1][2].count'), ['cluster', 'nodes', 1, 2, 'count']);
  assert.equal(parsePath('a..b'), null);
  assert.equal(parsePath('a[x]'), null);
  assert.equal(parsePath(''), null);
});

test('overrides change the loaded scenario; values are read as YAML', () => {
  const r = load(['workloads[0].parallelism.tp=4', 'workloads[0].parallelism.dp=8', 'energy.pue=1.3', 'cost.devicePrice=2.5 USD/h', 'report.formats=[json]', 'workloads[0].overlapGradReduce=false']);
  const w = r.scenario.workloads[0] as TrainingWorkload;
  assert.equal(w.parallelism.tp, 4);
  assert.equal(w.parallelism.dp, 8);
  assert.equal(w.overlapGradReduce, false);
  assert.equal(r.scenario.energy.pue, 1.3);
  assert.ok(Math.abs(r.scenario.cost.devicePriceUsdPerSecond! - 2.5 / 3600) < 1e-15);
  assert.deepEqual(r.scenario.report.formats, ['json']);
  // The file itself is untouched: a second load without overrides sees the original values.
  assert.equal((load([]).scenario.workloads[0] as TrainingWorkload).parallelism.tp, 8);
});

test('a later override of the same path wins', () => {
  assert.equal(load(['energy.pue=1.3', 'energy.pue=1.5']).scenario.energy.pue, 1.5);
});

test('an unknown top section is an error naming the --set, with did-you-mean', () => {
  const [i, ...rest] = issues(['enrgy.pue=1.3']);
  assert.equal(rest.length, 0);
  assert.deepEqual(i, { code: 'unknown-key', file: '--set enrgy.pue=1.3', line: 0, col: 0, path: 'enrgy.pue', message: 'a scenario has no section "enrgy"', hint: 'did you mean "energy"?' });
});

test('malformed syntax is a parse-error naming the --set', () => {
  for (const bad of ['energy.pue', '=3', 'energy..pue=1', 'energy.pue=']) {
    const [i] = issues([bad]);
    assert.equal(i!.code, 'parse-error', bad);
    assert.equal(i!.file, `--set ${bad}`);
  }
});

test('a bad value or unknown key written by --set is reported against the --set, not the file', () => {
  const got = issues(['energy.pue=0.5', 'energy.puee=1.3', 'workloads[0].parallelism.tp=four']);
  assert.deepEqual(
    got.map((i) => [i.file, i.code, i.path, i.hint]),
    [
      ['--set energy.pue=0.5', 'bad-value', 'energy.pue', ''],
      ['--set energy.puee=1.3', 'unknown-key', 'energy.puee', 'did you mean "pue"?'],
      ['--set workloads[0].parallelism.tp=four', 'wrong-type', 'workloads[0].parallelism.tp', ''],
    ],
  );
});

test('an index past the end of a list, or a key under a scalar, is refused', () => {
  assert.match(issues(['workloads[5].steps=3'])[0]!.message, /workloads has 1 entry; \[5\] is out of range/);
  assert.match(issues(['name.x=3'])[0]!.message, /name is not a mapping/);
});

test('applySets does not mutate its input', () => {
  const data = { energy: { pue: 1.2 } };
  const r = applySets(data, ['energy.pue=1.4', 'cost.basis=owned'], SCENARIO_SECTIONS);
  assert.deepEqual(data, { energy: { pue: 1.2 } });
  assert.deepEqual(r.data, { energy: { pue: 1.4 }, cost: { basis: 'owned' } });
});

test('--seed replaces the seed of the file', () => {
  assert.equal(loadScenario(file, { catalog: testCatalog(), modelsDir: s.modelsDir, seed: 42 }).scenario.seed, 42);
});
