// Tests for src/metrics/expect.ts (kept beside the report tests, which share its fixture).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createExpressionEvaluator, evaluateExpectations } from '../../src/metrics/expect.ts';
import { makeJob, makeReport } from '../fixtures/report-fixture.ts';
import type { TrainingJobResult } from '../../src/metrics/result-types.ts';

const evaluator = createExpressionEvaluator();
const report = makeReport({ jobs: { pretrain: makeJob(), 'my-job': makeJob({ name: 'my-job', stepSeconds: 9 }) } });
const run = (expressions: string[]) => evaluateExpectations(expressions, report, evaluator);

test('a true expression passes and a false one fails, with the boolean as value', () => {
  assert.deepEqual(run(['jobs.pretrain.mfu >= 0.35', 'jobs.pretrain.stepSeconds < 2']), [
    { expression: 'jobs.pretrain.mfu >= 0.35', value: true, pass: true },
    { expression: 'jobs.pretrain.stepSeconds < 2', value: false, pass: false },
  ]);
});

test('property paths, arithmetic, comparisons between fields and bracket syntax all read the report', () => {
  const results = run([
    'energy.totalKWh * 2 < 100',
    'jobs.pretrain.memory.totalBytes < jobs.pretrain.memory.capacityBytes',
    'jobs["my-job"].stepSeconds == 9',
    'jobs.pretrain.mfu > 0.3 and cost.totalUsd < 2',
  ]);
  assert.deepEqual(results.map((r) => r.pass), [true, true, true, true]);
});

test('functions that parse, compile, import or define units are disabled inside expressions', () => {
  const cases: [string, string][] = [
    ['import({}, {})', 'import'], ['createUnit("x")', 'createUnit'], ['evaluate("1")', 'evaluate'], ['parse("1")', 'parse'],
    ['compile("1")', 'compile'], ['simplify("x + x")', 'simplify'], ['derivative("x^2", "x")', 'derivative'],
    ['config({number: "BigNumber"})', 'config'],
  ];
  for (const [expression, name] of cases) {
    const [r] = run([expression]);
    assert.equal(r!.pass, false, expression);
    assert.equal(r!.error, `function ${name} is disabled`, expression);
  }
});

test('numbers stay plain doubles after an expression tried to reconfigure the evaluator', () => {
  run(['config({number: "BigNumber"})']);
  assert.deepEqual(run(['0.1 + 0.2 == 0.30000000000000004', 'equalText(typeOf(1), "number")']).map((r) => r.pass), [true, true]);
});

test('an expression cannot reach prototypes or change the report', () => {
  const [proto, assign, fnDef] = run(['jobs.pretrain.constructor', 'jobs.pretrain.mfu = 1', 'f(x) = x']);
  assert.match(proto!.error ?? '', /No access to property "constructor"/);
  assert.match(assign!.error ?? '', /assignment is not allowed/);
  assert.match(fnDef!.error ?? '', /assignment is not allowed/);
  assert.equal((report.jobs.pretrain as TrainingJobResult).mfu, makeJob().mfu);
});

test('a non-boolean result fails with its value as text; an error fails with value null', () => {
  const [num, unit, missing, syntax] = run(['jobs.pretrain.mfu * 100', '2 m', 'jobs.nope.mfu > 1', 'jobs.pretrain.mfu >']);
  assert.equal(num!.pass, false);
  assert.equal(num!.value, String((report.jobs.pretrain as TrainingJobResult).mfu * 100));
  assert.match(num!.error ?? '', /not true or false/);
  assert.deepEqual([unit!.pass, unit!.value], [false, '2 m']);
  assert.deepEqual([missing!.pass, missing!.value], [false, null]);
  assert.match(missing!.error ?? '', /jobs in this report: jobs\.pretrain, jobs\["my-job"\]/);
  assert.equal(syntax!.pass, false);
  assert.ok((syntax!.error ?? '').length > 0);
});

test('evaluateExpectations builds its own evaluator when none is given', () => {
  assert.deepEqual(evaluateExpectations(['seed == 1'], makeReport()), [{ expression: 'seed == 1', value: true, pass: true }]);
});
