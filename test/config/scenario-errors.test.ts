/**
 * Worked examples of bad scenario files: each asserts the error code, file, line:col, field path and hint
 * the user sees. Positions are 1-based and computed from the fixture text (line number and the column
 * where the offending value or key starts).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, type InputIssue } from '../../src/config/errors.ts';
import { loadScenario, type LoadOptions } from '../../src/config/load-scenario.ts';
import { GOOD, scratch, testCatalog } from './fixtures.ts';
import type { TrainingWorkload } from '../../src/config/scenario-types.ts';

const s = scratch();
after(() => s.cleanup());

function issuesOf(text: string, opts: Partial<LoadOptions> = {}, name = 'scenario.yaml'): { file: string; issues: InputIssue[] } {
  const file = s.write(name, text);
  try {
    loadScenario(file, { catalog: testCatalog(), modelsDir: s.modelsDir, ...opts });
  } catch (e) {
    if (e instanceof ConfigError) return { file, issues: e.issues };
    throw e;
  }
  assert.fail('expected a ConfigError');
}

/** 1-based line and column of `needle` in `text` (its first occurrence on or after line `from`). */
function at(text: string, needle: string, from = 1): { line: number; col: number } {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) {
    const c = lines[i]!.indexOf(needle);
    if (c >= 0) return { line: i + 1, col: c + 1 };
  }
  throw new Error(`${needle} not in text`);
}

function only(r: { issues: InputIssue[] }): InputIssue {
  assert.equal(r.issues.length, 1, r.issues.map((i) => i.message).join('; '));
  return r.issues[0]!;
}

test('a misspelt key: unknown-key at the key, with did-you-mean, and no second "missing" error', () => {
  const text = GOOD.replace('parallelism:', 'parallelsim:');
  const r = issuesOf(text);
  const i = only(r);
  assert.deepEqual(
    { code: i.code, file: i.file, path: i.path, hint: i.hint },
    { code: 'unknown-key', file: r.file, path: 'workloads[0].parallelsim', hint: 'did you mean "parallelism"?' },
  );
  assert.deepEqual({ line: i.line, col: i.col }, at(text, 'parallelsim'));
});

test('a wrong unit: bad-unit at the value, with the kind and an example in the hint', () => {
  const text = `${GOOD}energy: { gridIntensity: 400 GW/s }\ncost: { devicePrice: 2 USD }\n`;
  const r = issuesOf(text);
  assert.equal(r.issues.length, 2);
  const [grid, price] = r.issues as [InputIssue, InputIssue];
  assert.deepEqual({ code: grid.code, path: grid.path, line: grid.line, col: grid.col }, { code: 'bad-unit', path: 'energy.gridIntensity', ...at(text, '400 GW/s') });
  assert.match(grid.message, /not a carbon intensity/);
  assert.match(grid.hint, /367 g\/kWh/);
  assert.deepEqual({ code: price.code, path: price.path, line: price.line, col: price.col }, { code: 'bad-unit', path: 'cost.devicePrice', ...at(text, '2 USD') });
  assert.match(price.hint, /2\.99 USD\/h/);
});

test('a wrong unit on a data-rate field: 400 GW/s is not a data rate', () => {
  const text = GOOD.replace('topology: rail-optimized }', 'topology: rail-optimized, linkBandwidth: 400 GW/s }');
  const i = only(issuesOf(text));
  assert.deepEqual(
    { code: i.code, path: i.path, line: i.line, col: i.col, message: i.message },
    { code: 'bad-unit', path: 'cluster.scaleOut.linkBandwidth', ...at(text, '400 GW/s'), message: '"400 GW/s" is not a data rate' },
  );
  assert.match(i.hint, /400 Gb\/s/);
});

test('an unknown profile id: unknown-profile with did-you-mean over node profiles', () => {
  const text = GOOD.replace('profile: dgx-h100', 'profile: dgx-h10');
  const i = only(issuesOf(text));
  assert.deepEqual(
    { code: i.code, path: i.path, line: i.line, col: i.col, hint: i.hint },
    { code: 'unknown-profile', path: 'cluster.nodes[0].profile', ...at(text, 'dgx-h10'), hint: 'did you mean "dgx-h100"?' },
  );
  assert.match(i.message, /unknown node profile "dgx-h10"/);
});

test('an unknown profile id with no close match lists some known ids', () => {
  const i = only(issuesOf(GOOD.replace('profile: dgx-h100', 'profile: tpu-pod')));
  assert.equal(i.code, 'unknown-profile');
  assert.match(i.hint, /known node profiles: dgx-a100-80gb, dgx-h100, h100-pcie-server/);
});

test('a profile of the wrong kind says what kind it is', () => {
  const fabricAsNode = only(issuesOf(GOOD.replace('profile: dgx-h100', 'profile: ib-ndr-400')));
  assert.equal(fabricAsNode.code, 'unknown-profile');
  assert.match(fabricAsNode.message, /"ib-ndr-400" is a fabric profile, not a node profile/);
  const accAsNode = only(issuesOf(GOOD.replace('profile: dgx-h100', 'profile: h100-sxm')));
  assert.match(accAsNode.message, /is an accelerator profile/);
  assert.equal(accAsNode.hint, 'node profiles with this accelerator: dgx-h100, h100-pcie-server');
  const nodeAsFabric = only(issuesOf(GOOD.replace('profile: ib-ndr-400', 'profile: dgx-h100')));
  assert.equal(nodeAsFabric.path, 'cluster.scaleOut.profile');
  assert.match(nodeAsFabric.message, /is a node profile, not a fabric profile/);
  const scaleUp = only(issuesOf(GOOD.replace('profile: ib-ndr-400', 'profile: nvlink4-nvswitch')));
  assert.equal(scaleUp.code, 'bad-value');
  assert.match(scaleUp.message, /scale-up fabric/);
  assert.match(scaleUp.hint, /ib-ndr-400, roce-400/);
});

test('a negative count: bad-value at the count', () => {
  const text = GOOD.replace('count: 4', 'count: -4');
  const i = only(issuesOf(text));
  assert.deepEqual({ code: i.code, path: i.path, line: i.line, col: i.col }, { code: 'bad-value', path: 'cluster.nodes[0].count', ...at(text, '-4') });
  assert.match(i.message, /-4 is out of range/);
});

test('a file that is not YAML: parse-error with the position', () => {
  const r = issuesOf('name: t\ncluster: [a, b\nseed: 1\n');
  const i = only(r);
  assert.deepEqual({ code: i.code, file: i.file, line: i.line, col: i.col, path: i.path }, { code: 'parse-error', file: r.file, line: 3, col: 1, path: '' });
  const list = only(issuesOf('- a\n- b\n'));
  assert.deepEqual({ code: list.code, line: list.line, col: list.col }, { code: 'parse-error', line: 1, col: 1 });
});

test('a missing file: file-not-found, no position', () => {
  assert.throws(
    () => loadScenario(`${s.dir}/nope.yaml`, { catalog: testCatalog(), modelsDir: s.modelsDir }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.deepEqual({ ...e.issues[0], hint: '' }, { code: 'file-not-found', file: `${s.dir}/nope.yaml`, line: 0, col: 0, path: '', message: 'no such file', hint: '' });
      return true;
    },
  );
});

const INLINE = GOOD.replace(
  '    model: llama3-8b\n',
  `    model:
      layers: 2
      hiddenSize: 4096
      attentionHeads: 32
      kvHeads: 5
      ffnHiddenSize: 11008
      ffnKind: swiglu
      vocabSize: 32000
      tiedEmbeddings: false
      maxSequenceLength: 4096
`,
);

test('an inline model with heads not divisible by kvHeads: inconsistent at kvHeads', () => {
  const i = only(issuesOf(INLINE));
  assert.deepEqual(
    { code: i.code, path: i.path, line: i.line, col: i.col },
    { code: 'inconsistent', path: 'workloads[0].model.kvHeads', ...at(INLINE, '5', at(INLINE, 'kvHeads').line) },
  );
  assert.equal(i.message, 'attentionHeads (32) is not divisible by kvHeads (5)');
  assert.match(i.hint, /GQA/);
});

test('an unknown key inside an inline model is reported inside it, not as "no form matches"', () => {
  const text = INLINE.replace('kvHeads: 5', 'kvHeads: 8\n      kvHead: 8');
  const i = only(issuesOf(text));
  assert.deepEqual({ code: i.code, path: i.path, hint: i.hint }, { code: 'unknown-key', path: 'workloads[0].model.kvHead', hint: 'did you mean "kvHeads"?' });
});

test('pipeline options parse with their defaults filled in; a rank order must name each dimension once', () => {
  const ok = GOOD.replace('{ dp: 4, tp: 8 }', '{ dp: 2, tp: 8, pp: 2, cp: 1, zero: 2, schedule: interleaved, virtualStages: 2, sequenceParallel: true, recompute: selective }');
  const r = loadScenario(s.write('ok.yaml', ok), { catalog: testCatalog(), modelsDir: s.modelsDir });
  assert.deepEqual((r.scenario.workloads[0] as TrainingWorkload).parallelism, { dp: 2, tp: 8, pp: 2, cp: 1, ep: 1, zero: 2, sequenceParallel: true, schedule: 'interleaved', virtualStages: 2, order: ['tp', 'cp', 'pp', 'dp'], recompute: 'selective' });
  const text = GOOD.replace('{ dp: 4, tp: 8 }', '{ dp: 4, tp: 8, order: [tp, tp, pp, dp] }');
  const i = only(issuesOf(text));
  assert.equal(i.path, 'workloads[0].parallelism.order');
  assert.match(i.message, /name each of tp, cp, pp, dp once/);
});

test('an inference workload without model and source: both reported at the workload', () => {
  const text = `${GOOD}  - name: serve\n    kind: inference\n    replicas: 2\n`;
  const got = issuesOf(text).issues.map((i) => `${i.code} ${i.path}`);
  // both fields are unions (id or inline; trace or synthetic), which zod reports as the wrong type when absent
  assert.deepEqual(got, ['wrong-type workloads[1].model', 'wrong-type workloads[1].source']);
});

test('an unknown model id: unknown-model with did-you-mean', () => {
  const text = GOOD.replace('model: llama3-8b', 'model: llama3-8');
  const i = only(issuesOf(text));
  assert.deepEqual({ code: i.code, path: i.path, line: i.line, col: i.col, hint: i.hint }, { code: 'unknown-model', path: 'workloads[0].model', ...at(text, 'llama3-8'), hint: 'did you mean "llama3-8b"?' });
});

test('several errors at once are all reported, sorted by line and column', () => {
  const text = GOOD.replace('dgx-h100', 'dgx-h10').replace('count: 4', 'count: 0').replace('kind: training', 'kind: trainng').replace('name: t\n', 'name: t\nfidelty: flow\n');
  const r = issuesOf(text);
  assert.deepEqual(
    r.issues.map((i) => [i.code, i.path, i.line]),
    [
      ['unknown-key', 'fidelty', 2],
      ['unknown-profile', 'cluster.nodes[0].profile', 5],
      ['bad-value', 'cluster.nodes[0].count', 5],
      ['bad-value', 'workloads[0].kind', 9],
    ],
  );
  assert.equal(r.issues[0]!.hint, 'did you mean "fidelity"?');
  assert.equal(r.issues[3]!.hint, 'did you mean "training"?');
  assert.ok(r.issues[1]!.col < r.issues[2]!.col);
});

test('errors in a model file are positioned in that file and reported with the scenario errors', () => {
  s.write('models/broken.yaml', 'id: broken\nname: Broken\nsource: test\nlayers: 0\nhiddenSize: 4096\nattentionHeads: 32\nkvHeads: 8\nffnHiddenSize: 1\nffnKind: relu\nvocabSize: 1\ntiedEmbeddings: false\nmaxSequenceLength: 1\n');
  const r = issuesOf(GOOD.replace('model: llama3-8b', 'model: broken').replace('count: 4', 'count: -1'));
  const byFile = r.issues.map((i) => [i.file.endsWith('broken.yaml') ? 'model' : 'scenario', i.path, i.line]);
  assert.deepEqual(byFile, [
    ['model', 'layers', 4],
    ['model', 'ffnKind', 9],
    ['scenario', 'cluster.nodes[0].count', 4],
  ]);
});

test('JSON input gives positions too', () => {
  const json = '{\n  "name": "t",\n  "cluster": { "nodes": [ { "profile": "dgx-h100", "count": -2 } ] },\n  "workloads": [ { "name": "p", "kind": "training", "model": "llama3-8b", "precision": "bf16",\n    "paralelism": { "dp": 1, "tp": 8 }, "batch": { "global": 8, "micro": 1, "sequenceLength": 2048 } } ]\n}\n';
  const r = issuesOf(json, {}, 'scenario.json');
  assert.deepEqual(
    r.issues.map((i) => ({ code: i.code, path: i.path, line: i.line, col: i.col })),
    [
      { code: 'bad-value', path: 'cluster.nodes[0].count', ...at(json, '-2') },
      { code: 'unknown-key', path: 'workloads[0].paralelism', ...at(json, '"paralelism"') },
    ],
  );
});

test('duplicate workload names are rejected at the second name', () => {
  const text = `${GOOD}  - name: pretrain\n    kind: training\n    model: llama3-8b\n    precision: bf16\n    parallelism: { dp: 1, tp: 8 }\n    batch: { global: 8, micro: 1, sequenceLength: 2048 }\n`;
  const i = only(issuesOf(text));
  assert.deepEqual({ code: i.code, path: i.path, line: i.line }, { code: 'inconsistent', path: 'workloads[1].name', line: 13 });
});

test('inline-model rules are still reported when the same workload has other mistakes', () => {
  const text = INLINE.replace('layers: 2', 'layers: 2.5').replace('global: 128', 'global: 12.5');
  const got = issuesOf(text).issues.map((i) => `${i.code} ${i.path}`);
  assert.deepEqual(got, [
    'wrong-type workloads[0].model.layers',
    'inconsistent workloads[0].model.kvHeads',
    'wrong-type workloads[0].batch.global',
  ]);
});

test('a missing required field: missing-key at the mapping that lacks it, with the allowed values', () => {
  const text = GOOD.replace('    precision: bf16\n', '');
  const i = only(issuesOf(text));
  assert.deepEqual({ code: i.code, path: i.path, line: i.line, col: i.col, hint: i.hint }, { code: 'missing-key', path: 'workloads[0].precision', ...at(text, 'name: pretrain'), hint: 'add "precision:" here' });
  assert.match(i.message, /"bf16", "fp16"/);
});

test('a misspelt or missing workload kind', () => {
  const typo = only(issuesOf(GOOD.replace('kind: training', 'knd: training')));
  assert.deepEqual([typo.code, typo.path, typo.hint], ['unknown-key', 'workloads[0].knd', 'did you mean "kind"?']);
  const missing = only(issuesOf(GOOD.replace('    kind: training\n', '')));
  assert.deepEqual([missing.code, missing.path, missing.hint], ['missing-key', 'workloads[0].kind', 'add "kind:" here']);
});
