// Trace replay: the real Azure 2023 traces against validation-dev.md §8 rows 93–94, the time options,
// and every malformed-row case (fixtures in test/fixtures/traces/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/config/errors.ts';
import { openAzureTrace, parseTraceTimestamp, secondsBetween, type TraceOptions } from '../../src/workload/inference/sources/index.ts';
import type { InferenceRequest, RequestSource } from '../../src/workload/inference/types.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/traces/${name}`, import.meta.url));
const CONV = fileURLToPath(new URL('../../data/traces/azure-llm-2023-conv.csv', import.meta.url));
const CODE = fileURLToPath(new URL('../../data/traces/azure-llm-2023-code.csv', import.meta.url));
// The traces ship with the project (data/traces/, CC-BY 4.0, attribution in data/traces/README.md).

async function drain(src: RequestSource): Promise<InferenceRequest[]> {
  const out: InferenceRequest[] = [];
  for (let b = await src.nextBatch(); b; b = await src.nextBatch()) out.push(...b);
  return out;
}

async function configIssues(file: string, opts: TraceOptions = {}) {
  const err = await drain(openAzureTrace(file, opts)).then(
    () => assert.fail('expected a ConfigError'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ConfigError, String(err));
  return err.issues;
}

test('timestamps: seven fractional digits and the tz-aware 2024 form, exact differences', () => {
  const a = parseTraceTimestamp('2023-11-16 18:15:46.6805900')!;
  const b = parseTraceTimestamp('2023-11-16 18:15:50.9951690')!;
  assert.deepEqual(a, { epochSeconds: Date.UTC(2023, 10, 16, 18, 15, 46) / 1000, nanos: 680_590_000 });
  assert.equal(secondsBetween(a, b), 4 + (995_169_000 - 680_590_000) / 1e9);
  assert.deepEqual(parseTraceTimestamp('2024-05-10 02:00:00.004+02:00'), parseTraceTimestamp('2024-05-10 00:00:00.004000+00:00'));
  for (const bad of ['2023-11-16', '2023-13-01 00:00:00', '2023-02-30 00:00:00', '18:15:46', '2023-11-16 18:15:46.1234567890']) {
    assert.equal(parseTraceTimestamp(bad), null, bad);
  }
});

test('first rows of the conversation trace match the file (head -4)', async () => {
  const first = (await openAzureTrace(CONV, { batchSize: 3, tenant: 'conv' }).nextBatch())!;
  assert.deepEqual(first, [
    { id: 0, arrivalSeconds: 0, promptTokens: 374, outputTokens: 44, tenant: 'conv', session: -1 },
    { id: 1, arrivalSeconds: 4.314579, promptTokens: 396, outputTokens: 109, tenant: 'conv', session: -1 },
    { id: 2, arrivalSeconds: 4.541877, promptTokens: 879, outputTokens: 55, tenant: 'conv', session: -1 },
  ]);
});

test('whole traces stream to the counts, means and spans of validation-dev rows 93-94', async () => {
  const conv = await drain(openAzureTrace(CONV, { batchSize: 1000 }));
  assert.equal(conv.length, 19_366);
  const mean = (xs: InferenceRequest[], f: (r: InferenceRequest) => number) => xs.reduce((s, r) => s + f(r), 0) / xs.length;
  assert.equal(Math.round(mean(conv, (r) => r.promptTokens) * 10) / 10, 1154.7);
  assert.equal(Math.round(mean(conv, (r) => r.outputTokens) * 10) / 10, 211.1);
  const span = conv.at(-1)!.arrivalSeconds; // 18:15:46.68 -> 19:14:08.40
  assert.ok(Math.abs(span - 3501.722) < 0.001, `span ${span}`);
  assert.ok(Math.abs(conv.length / span - 5.53) < 0.01);
  assert.deepEqual(conv.map((r) => r.id), conv.map((_, i) => i));
  assert.ok(conv.every((r, i) => i === 0 || r.arrivalSeconds >= conv[i - 1]!.arrivalSeconds));
  const code = await drain(openAzureTrace(CODE));
  assert.equal(code.length, 8_819);
  assert.equal(Math.round(mean(code, (r) => r.promptTokens) * 10) / 10, 2047.8);
  assert.ok(Math.abs(code.at(-1)!.arrivalSeconds / 60 - 57.3) < 0.1);
});

test('speedup scales time: 2 halves the span', async () => {
  const base = await drain(openAzureTrace(fixture('small.csv')));
  const fast = await drain(openAzureTrace(fixture('small.csv'), { speedup: 2 }));
  assert.deepEqual(base.map((r) => r.arrivalSeconds), [0, 0.5, 1.25, 3, 4]);
  assert.deepEqual(fast.map((r) => r.arrivalSeconds), [0, 0.25, 0.625, 1.5, 2]);
});

test('window keeps start <= t < end and starts the replay at 0', async () => {
  const w = await drain(openAzureTrace(fixture('small.csv'), { window: { startSeconds: 0.5, endSeconds: 3 } }));
  assert.deepEqual(w.map((r) => [r.id, r.arrivalSeconds, r.promptTokens]), [[0, 0, 200], [1, 0.75, 300]]);
});

test('loop repeats the trace shifted by its period (span + one mean gap), ids continuing', async () => {
  const l = await drain(openAzureTrace(fixture('small.csv'), { loop: 3 }));
  // span 4 s over 5 rows: mean gap 1 s, so the period is 5 s
  assert.deepEqual(l.map((r) => r.arrivalSeconds), [0, 0.5, 1.25, 3, 4, 5, 5.5, 6.25, 8, 9, 10, 10.5, 11.25, 13, 14]);
  assert.deepEqual(l.map((r) => r.id), [...Array(15).keys()]);
  // a window that the file reaches loops with the window's length, and speedup applies to the whole
  const w = await drain(openAzureTrace(fixture('small.csv'), { loop: 2, speedup: 2, window: { endSeconds: 3.5 } }));
  assert.deepEqual(w.map((r) => r.arrivalSeconds), [0, 0.25, 0.625, 1.5, 1.75, 2, 2.375, 3.25]);
});

test('the 2024 tz-aware form and a file with CRLF and no final newline', async () => {
  const r = await drain(openAzureTrace(fixture('tz-aware.csv')));
  assert.deepEqual(r.map((x) => [x.arrivalSeconds, x.promptTokens, x.outputTokens]), [[0, 10, 1], [0.001, 20, 2], [0.997, 30, 3]]);
});

test('malformed rows name the file, the line and the column', async () => {
  const cases: [string, number, number, string, RegExp][] = [
    ['missing-column.csv', 3, 3, 'row 3: GeneratedTokens', /no value/],
    ['negative.csv', 4, 2, 'row 4: ContextTokens', /-5/],
    ['non-numeric.csv', 2, 3, 'row 2: GeneratedTokens', /"abc" is not a whole number/],
    ['backwards.csv', 5, 1, 'row 5: TIMESTAMP', /earlier than the previous/],
  ];
  for (const [name, line, col, path, message] of cases) {
    const issues = await configIssues(fixture(name));
    assert.equal(issues.length, 1, name);
    const i = issues[0]!;
    assert.deepEqual([i.code, i.file, i.line, i.col, i.path], ['bad-value', fixture(name), line, col, path], name);
    assert.match(i.message, message);
    assert.match(i.hint, /skip-bad-rows/);
  }
});

test('a wrong header fails even with skipBadRows; a missing file is file-not-found', async () => {
  const [h] = await configIssues(fixture('bad-header.csv'), { skipBadRows: true });
  assert.deepEqual([h!.line, h!.path], [1, 'header']);
  assert.match(h!.message, /"time,prompt,output"/);
  const [m] = await configIssues(fixture('no-such.csv'));
  assert.equal(m!.code, 'file-not-found');
});

test('all bad rows are reported together; skipBadRows drops and counts them by reason', async () => {
  const issues = await configIssues(fixture('mixed-bad.csv'));
  assert.deepEqual(issues.map((i) => i.line), [3, 4, 7, 8, 9, 10]);
  // a blank first line and a quoted field spanning two lines: rows start on lines 4 and 6
  const quoted = await configIssues(fixture('quoted-multiline.csv'));
  assert.deepEqual(quoted.map((i) => [i.line, i.path]), [[4, 'row 4: TIMESTAMP'], [6, 'row 6: GeneratedTokens']]);
  const src = openAzureTrace(fixture('mixed-bad.csv'), { skipBadRows: true, loop: 2 });
  const rows = await drain(src);
  assert.deepEqual(rows.map((r) => r.promptTokens), [100, 300, 600, 100, 300, 600]);
  assert.deepEqual(src.skipped(), {
    'bad-timestamp': 1,
    'extra-column': 1,
    'missing-column': 1,
    'negative-tokens': 1,
    'non-numeric-tokens': 1,
    'timestamp-backwards': 1,
  });
});
