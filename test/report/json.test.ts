import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson } from '../../src/report/json.ts';
import { makeReport } from '../fixtures/report-fixture.ts';
import type { Report, TrainingJobResult } from '../../src/metrics/result-types.ts';

/** Every object's keys in the order JSON.parse read them, checked to be sorted. */
function assertSortedDeep(value: unknown, path = '$'): void {
  if (Array.isArray(value)) return value.forEach((v, i) => assertSortedDeep(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  assert.deepEqual(keys, [...keys].sort(), `keys of ${path} are sorted`);
  for (const k of keys) assertSortedDeep((value as Record<string, unknown>)[k], `${path}.${k}`);
}

test('report.json has sorted keys at every depth, 2-space indent and a trailing newline', () => {
  const text = renderJson(makeReport());
  assertSortedDeep(JSON.parse(text));
  assert.ok(text.endsWith('}\n'));
  assert.match(text, /^\{\n {2}"assumptions": \[/);
});

/** The same value with every object's keys inserted in reverse order. */
function reverseKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeysDeep(v)]));
}

test('report.json does not depend on the order keys were inserted in', () => {
  const a = makeReport();
  a.cost = { ...a.cost, byItemUsd: { zeta: 1, alpha: 2, Beta: 3 } };
  const b = reverseKeysDeep(a) as Report;
  assert.notDeepEqual(Object.keys(b), Object.keys(a));
  assert.equal(renderJson(b), renderJson(a));
  // code-unit order, not locale order: upper case sorts before lower case
  assert.match(renderJson(a), /"Beta": 3,\n\s+"alpha": 2,\n\s+"zeta": 1/);
});

test('report.json keeps full precision and writes non-finite numbers as null', () => {
  const r = makeReport({ simulatedSeconds: 0.1 + 0.2, wallSeconds: Number.NaN });
  r.energy = { ...r.energy, meanPowerWatts: Number.POSITIVE_INFINITY };
  const parsed = JSON.parse(renderJson(r));
  assert.equal(parsed.simulatedSeconds, 0.30000000000000004);
  assert.equal(parsed.wallSeconds, null);
  assert.equal(parsed.energy.meanPowerWatts, null);
  assert.equal(parsed.jobs.pretrain.mfu, (r.jobs.pretrain as TrainingJobResult).mfu);
});

test('a job named __proto__ stays an ordinary key', () => {
  const r = makeReport();
  const jobs: Record<string, unknown> = {};
  Object.defineProperty(jobs, '__proto__', { value: r.jobs.pretrain, enumerable: true });
  const parsed = JSON.parse(renderJson({ ...r, jobs: jobs as Report['jobs'] }));
  assert.ok(Object.hasOwn(parsed.jobs, '__proto__'));
});
