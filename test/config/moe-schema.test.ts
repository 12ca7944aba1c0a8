/** The optional `moe` block of a model: field checks, cross-field rules with positions, defaults, and that it
 * reaches the normalised workload from a model file and from an inline model. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, type InputIssue } from '../../src/config/errors.ts';
import { loadScenario } from '../../src/config/load-scenario.ts';
import { loadModel } from '../../src/config/models.ts';
import type { TrainingWorkload } from '../../src/config/scenario-types.ts';
import { GOOD, LLAMA3_8B, scratch, testCatalog } from './fixtures.ts';

const s = scratch();
after(() => s.cleanup());

// LLAMA3_8B is 13 lines, so the moe block starts at line 14 (topK on 16)
const MOE = `${LLAMA3_8B.replace('id: llama3-8b', 'id: moe')}moe:
  experts: 8
  topK: 2
  expertFfnHiddenSize: 14336
`;

function issuesOf(text: string): InputIssue[] {
  s.write('models/moe.yaml', text);
  try {
    loadModel('moe', s.modelsDir);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  return assert.fail('expected a ConfigError');
}

test('a moe block loads, with sharedExperts and denseLayers 0 and capacityFactor null when left out', () => {
  s.write('models/moe.yaml', MOE);
  assert.deepEqual(loadModel('moe', s.modelsDir).moe, { experts: 8, topK: 2, expertFfnHiddenSize: 14336, sharedExperts: 0, denseLayers: 0, capacityFactor: null });
  s.write('models/moe.yaml', `${MOE}  sharedExperts: 1\n  denseLayers: 3\n  capacityFactor: 1.25\n`);
  assert.deepEqual(loadModel('moe', s.modelsDir).moe, { experts: 8, topK: 2, expertFfnHiddenSize: 14336, sharedExperts: 1, denseLayers: 3, capacityFactor: 1.25 });
});

test('topK above experts and denseLayers covering every layer are positioned at the offending key', () => {
  const got = issuesOf(MOE.replace('topK: 2', 'topK: 9').replace('expertFfnHiddenSize: 14336', 'expertFfnHiddenSize: 14336\n  denseLayers: 32'));
  assert.deepEqual(
    got.map((i) => [i.code, i.path, i.line, i.col]),
    [
      ['inconsistent', 'moe.topK', 16, 9],
      ['inconsistent', 'moe.denseLayers', 18, 16],
    ],
  );
  assert.match(got[0]!.message, /moe\.topK \(9\) is more than moe\.experts \(8\)/);
  assert.match(got[1]!.hint, /denseLayers < layers \(32\)/);
});

test('bad moe fields: an unknown key with a suggestion, wrong types and ranges, all at once', () => {
  const got = issuesOf(
    MOE.replace('experts: 8', 'experts: 0').replace('topK: 2', 'topk: 2').replace('expertFfnHiddenSize: 14336', 'expertFfnHiddenSize: 14336\n  capacityFactor: -1\n  sharedExperts: 1.5'),
  );
  const by = new Map(got.map((i) => [i.path, i]));
  assert.equal(by.get('moe.experts')?.code, 'bad-value');
  assert.equal(by.get('moe.capacityFactor')?.code, 'bad-value');
  assert.equal(by.get('moe.sharedExperts')?.code, 'wrong-type');
  const unknown = got.find((i) => i.code === 'unknown-key')!;
  assert.equal(unknown.path, 'moe.topk');
  assert.match(unknown.hint, /topK/);
  assert.equal(got.length, 4, got.map((i) => `${i.code} ${i.path}`).join('\n'));
});

test('an inline MoE model and a MoE model file both reach the normalised workload', () => {
  const opts = { catalog: testCatalog(), modelsDir: s.modelsDir };
  const inline = GOOD.replace(
    '    model: llama3-8b\n',
    '    model: { layers: 4, hiddenSize: 512, attentionHeads: 8, kvHeads: 8, ffnHiddenSize: 2048, ffnKind: swiglu, vocabSize: 1000, tiedEmbeddings: false, maxSequenceLength: 8192,\n' +
      '             moe: { experts: 16, topK: 4, expertFfnHiddenSize: 256, sharedExperts: 2, denseLayers: 1 } }\n',
  );
  const m = (loadScenario(s.write('inline-moe.yaml', inline), opts).scenario.workloads[0] as TrainingWorkload).model;
  assert.deepEqual(m.moe, { experts: 16, topK: 4, expertFfnHiddenSize: 256, sharedExperts: 2, denseLayers: 1, capacityFactor: null });

  s.write('models/moe.yaml', MOE);
  const fromFile = (loadScenario(s.write('file-moe.yaml', GOOD.replace('model: llama3-8b', 'model: moe')), opts).scenario.workloads[0] as TrainingWorkload).model;
  assert.equal(fromFile.moe?.experts, 8);
  const dense = (loadScenario(s.write('dense.yaml', GOOD), opts).scenario.workloads[0] as TrainingWorkload).model;
  assert.equal('moe' in dense, false);
});

test('an inline model with topK above experts is reported at its position in the scenario', () => {
  const text = GOOD.replace(
    '    model: llama3-8b\n',
    '    model: { layers: 4, hiddenSize: 512, attentionHeads: 8, kvHeads: 8, ffnHiddenSize: 2048, ffnKind: swiglu, vocabSize: 1000, tiedEmbeddings: false, maxSequenceLength: 8192,\n' +
      '             moe: { experts: 4, topK: 8, expertFfnHiddenSize: 256 } }\n',
  );
  try {
    loadScenario(s.write('bad-inline.yaml', text), { catalog: testCatalog(), modelsDir: s.modelsDir });
    assert.fail('expected a ConfigError');
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const topK = e.issues.filter((i) => i.path === 'workloads[0].model.moe.topK');
    assert.equal(topK.length, 1, e.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    assert.deepEqual([topK[0]!.code, topK[0]!.line], ['inconsistent', 10]);
  }
});
