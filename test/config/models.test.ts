/** Model architecture files: the schema's cross-field rules, loading with positions, listing, the default folder. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type InputIssue } from '../../src/config/errors.ts';
import { modelFileSchema } from '../../src/config/model-schema.ts';
import { defaultModelsDir, listModelIds, loadModel, packageRoot } from '../../src/config/models.ts';
import { LLAMA3_8B, scratch } from './fixtures.ts';

const s = scratch();
after(() => s.cleanup());

function modelIssues(id: string, text: string): InputIssue[] {
  s.write(`models/${id}.yaml`, text);
  try {
    loadModel(id, s.modelsDir);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  return assert.fail('expected a ConfigError');
}

test('loadModel reads a model file into a ModelArchitecture', () => {
  assert.deepEqual(loadModel('llama3-8b', s.modelsDir), {
    id: 'llama3-8b', name: 'Llama 3 8B', source: 'Meta Llama 3 model card (test fixture)', layers: 32, hiddenSize: 4096,
    attentionHeads: 32, kvHeads: 8, ffnHiddenSize: 14336, ffnKind: 'swiglu', vocabSize: 128256, tiedEmbeddings: false, maxSequenceLength: 8192,
  });
});

test('cross-field rules are positioned at the divisor', () => {
  const text = LLAMA3_8B.replace('id: llama3-8b', 'id: odd').replace('attentionHeads: 32', 'attentionHeads: 30').replace('kvHeads: 8', 'kvHeads: 7');
  const got = modelIssues('odd', text);
  assert.deepEqual(
    got.map((i) => [i.code, i.path, i.line, i.col, i.message]),
    [
      ['inconsistent', 'attentionHeads', 7, 17, 'hiddenSize (4096) is not divisible by attentionHeads (30)'],
      ['inconsistent', 'kvHeads', 8, 10, 'attentionHeads (30) is not divisible by kvHeads (7)'],
    ],
  );
  assert.ok(got.every((i) => i.file === join(s.modelsDir, 'odd.yaml')));
});

test('field errors and cross-field errors are reported together', () => {
  const text = LLAMA3_8B.replace('id: llama3-8b', 'id: many').replace('layers: 32', 'layers: 2.5').replace('kvHeads: 8', 'kvHeads: 5').replace('ffnKind: swiglu', 'ffnKind: swiglue');
  const got = modelIssues('many', text);
  assert.deepEqual(got.map((i) => [i.code, i.path]), [['wrong-type', 'layers'], ['inconsistent', 'kvHeads'], ['bad-value', 'ffnKind']]);
  assert.equal(got[2]!.hint, 'did you mean "swiglu"?');
});

test('a model file whose id does not match its name is refused', () => {
  const [i, ...rest] = modelIssues('copy', LLAMA3_8B);
  assert.equal(rest.length, 0);
  assert.deepEqual([i!.code, i!.path, i!.line, i!.col], ['inconsistent', 'id', 2, 5]);
});

test('a missing model file is file-not-found', () => {
  assert.throws(() => loadModel('absent', s.modelsDir), (e: unknown) => e instanceof ConfigError && e.issues[0]!.code === 'file-not-found');
});

test('the schema requires every key of a model file', () => {
  const r = modelFileSchema.safeParse({ id: 'x', name: 'x', source: 'x' });
  assert.equal(r.success, false);
  assert.ok(r.error!.issues.some((i) => i.path[0] === 'vocabSize'));
});

test('listModelIds lists .yaml files sorted; an absent folder has none', () => {
  s.write('models/aaa.yaml', 'id: aaa\n');
  s.write('models/notes.txt', 'not a model');
  const ids = listModelIds(s.modelsDir);
  assert.ok(ids.includes('aaa') && ids.includes('llama3-8b') && !ids.includes('notes'));
  assert.deepEqual(ids, [...ids].sort());
  assert.deepEqual(listModelIds(join(s.dir, 'nowhere')), []);
});

test('the default model folder is scenarios/models under the package root', () => {
  assert.ok(existsSync(join(packageRoot(), 'package.json')));
  assert.equal(defaultModelsDir(), join(packageRoot(), 'scenarios', 'models'));
});

test('dropout is optional and must be a probability below 1', () => {
  assert.equal(loadModel('llama3-8b', s.modelsDir).dropout, undefined);
  s.write('models/drop.yaml', `${LLAMA3_8B.replace('id: llama3-8b', 'id: drop')}dropout: 0.1\n`);
  assert.equal(loadModel('drop', s.modelsDir).dropout, 0.1);
  const [i] = modelIssues('drop2', `${LLAMA3_8B.replace('id: llama3-8b', 'id: drop2')}dropout: 1.5\n`);
  assert.deepEqual([i!.code, i!.path, i!.line], ['bad-value', 'dropout', 14]);
});
