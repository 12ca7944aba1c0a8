/**
 * Token counts ("15.6T", "252M", "2.87e12") and the time-to-train fields `tokens` and `rampUp`: parsing,
 * positioned errors with hints, the cross-field rules of the phases, the normalised phases, the JSON Schema.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, type InputIssue } from '../../src/config/errors.ts';
import { scenarioJsonSchema } from '../../src/config/json-schema.ts';
import { loadScenario } from '../../src/config/load-scenario.ts';
import type { TrainingWorkload } from '../../src/config/scenario-types.ts';
import { parseTokenCount } from '../../src/config/token-count.ts';
import { GOOD, scratch, testCatalog } from './fixtures.ts';

const s = scratch();
after(() => s.cleanup());
const opts = () => ({ catalog: testCatalog(), modelsDir: s.modelsDir });

function load(text: string): TrainingWorkload {
  return loadScenario(s.write('ok.yaml', text), opts()).scenario.workloads[0] as TrainingWorkload;
}

function issuesOf(text: string): InputIssue[] {
  try {
    loadScenario(s.write('bad.yaml', text), opts());
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  assert.fail('expected a ConfigError');
}

/** 1-based line and column of the first `needle` in `text`. */
function at(text: string, needle: string): { line: number; col: number } {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not in text`);
  return { line: i + 1, col: lines[i]!.indexOf(needle) + 1 };
}

/** GOOD (dp 4, micro 1, global 128) with extra lines appended to its training workload. */
const withTokens = (extra: string) => `${GOOD}${extra}`;

test('token counts: SI suffixes in either case, exponents, plain numbers, underscores', () => {
  const cases: [unknown, number][] = [
    ['15.6T', 15_600_000_000_000], ['252M', 252_000_000], ['2.87e12', 2_870_000_000_000], ['2.87T', 2_870_000_000_000],
    ['4k', 4000], ['1.5B', 1_500_000_000], ['2G', 2_000_000_000], ['15.6 T', 15_600_000_000_000], ['1_000_000', 1_000_000],
    [2e12, 2_000_000_000_000], [8192, 8192], ['0.5K', 500], ['1P', 1e15],
  ];
  for (const [text, value] of cases) assert.deepEqual(parseTokenCount(text), { ok: true, value }, String(text));
});

test('token counts: bytes, words, fractions, zero and negatives are refused with a hint', () => {
  for (const bad of ['15.6TB', '15.6 trillion', 'T', '', '1.5', '0', '-2T', '1e400', 'NaN', true, null]) {
    const r = parseTokenCount(bad);
    assert.equal(r.ok, false, String(bad));
    if (!r.ok) assert.ok(r.hint.length > 10, String(bad));
  }
  const r = parseTokenCount('15.6TB');
  assert.deepEqual(r, { ok: false, message: '"15.6TB" is not a token count', hint: 'write a token count as a number with an optional K, M, B (or G), T suffix, e.g. 15.6T, 252M, 2.87e12' });
});

test('a bad token string is a positioned bad-value error at its value', () => {
  const text = withTokens('    tokens: 15.6 trillion\n');
  const issues = issuesOf(text);
  assert.equal(issues.length, 1, issues.map((i) => i.message).join('; '));
  const i = issues[0]!;
  assert.deepEqual(
    { code: i.code, path: i.path, line: i.line, col: i.col, message: i.message },
    { code: 'bad-value', path: 'workloads[0].tokens', ...at(text, '15.6 trillion'), message: '"15.6 trillion" is not a token count' },
  );
  assert.match(i.hint, /15\.6T, 252M/);
});

test('tokens and rampUp normalise to phases ending with the main batch at the token target', () => {
  const w = load(withTokens('    tokens: 1.5B\n    rampUp:\n      - { untilTokens: 10M, globalBatch: 32 }\n      - { untilTokens: 2.5e8, globalBatch: 64 }\n'));
  assert.deepEqual(w.timeToTrain, {
    tokens: 1_500_000_000,
    phases: [{ untilTokens: 10_000_000, globalSequences: 32 }, { untilTokens: 250_000_000, globalSequences: 64 }, { untilTokens: 1_500_000_000, globalSequences: 128 }],
  });
  assert.deepEqual(load(withTokens('    tokens: 2000000\n')).timeToTrain, { tokens: 2_000_000, phases: [{ untilTokens: 2_000_000, globalSequences: 128 }] });
  // Without tokens the workload has no timeToTrain key at all, so older scenarios normalise (and hash) as before.
  assert.equal('timeToTrain' in load(GOOD), false);
});

test('ramp-up phases: out of order, not below tokens, and not a multiple of dp x micro, each at its field with a fix', () => {
  const text = withTokens('    tokens: 1B\n    rampUp:\n      - { untilTokens: 300M, globalBatch: 30 }\n      - { untilTokens: 200M, globalBatch: 64 }\n      - { untilTokens: 1B, globalBatch: 64 }\n');
  const got = issuesOf(text).map((i) => ({ code: i.code, path: i.path, line: i.line, col: i.col, hint: i.hint }));
  const line = (n: number) => at(text, '- { untilTokens').line + n;
  assert.deepEqual(got, [
    { code: 'inconsistent', path: 'workloads[0].rampUp[0].globalBatch', line: line(0), col: at(text, '30 }').col, hint: 'set globalBatch: 28 (or 32)' },
    { code: 'inconsistent', path: 'workloads[0].rampUp[1].untilTokens', line: line(1), col: at(text, '200M').col, hint: 'list the phases in increasing untilTokens' },
    { code: 'inconsistent', path: 'workloads[0].rampUp[2].untilTokens', line: line(2), col: at(text, '1B, globalBatch').col, hint: 'end the ramp-up below 1000000000 tokens, or raise tokens' },
  ]);
  const multiple = issuesOf(text).find((i) => i.path.endsWith('globalBatch'))!;
  assert.equal(multiple.message, 'globalBatch 30 is not a multiple of dp × micro = 4 × 1 = 4');
});

test('rampUp without tokens, and a bad untilTokens string, are reported', () => {
  const text = withTokens('    rampUp:\n      - { untilTokens: 10 MB, globalBatch: 32 }\n');
  const got = issuesOf(text).map((i) => [i.code, i.path]);
  assert.deepEqual(got, [['inconsistent', 'workloads[0].rampUp'], ['bad-value', 'workloads[0].rampUp[0].untilTokens']]);
  const missing = issuesOf(text).find((i) => i.path === 'workloads[0].rampUp')!;
  assert.match(missing.hint, /tokens: 15\.6T/);
});

test('the JSON Schema documents tokens and rampUp', () => {
  const options = (scenarioJsonSchema() as Record<string, any>).properties.workloads.items.oneOf as Record<string, any>[];
  const training = options.find((o) => o.properties.kind.const === 'training')!.properties;
  assert.deepEqual(training.tokens.type, ['string', 'number']);
  assert.match(training.tokens.description, /days, GPU-hours, energy and cost.*token count/);
  assert.deepEqual(training.tokens.examples, ['15.6T']);
  assert.match(training.rampUp.description, /252M/);
  const phase = training.rampUp.items.properties;
  assert.match(phase.untilTokens.description, /until/);
  assert.match(phase.globalBatch.description, /multiple of dp x micro/);
});
