// Inference workloads end to end (issue 5): scenario -> pipeline -> report, and through the CLI.
// The conversation trace (data/traces/azure-llm-2023-conv.csv) is replayed in full: the whole replay
// simulates in about a second, so no window is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InferenceJobResult } from '../../src/metrics/result-types.ts';
import { runScenarioFile } from '../../src/pipeline.ts';
import { runCli, tempDir } from '../cli/helpers.ts';
import { inferenceHeader } from '../fixtures/inference-scenario.ts';

const TRACE = resolve('data/traces/azure-llm-2023-conv.csv');
const TRACE_ROWS = readFileSync(TRACE, 'utf8').split('\n').filter((l) => l.trim() !== '').length - 1;

function scenario(source: string, formats = '[json, md, html]', extra = ''): string {
  return `${inferenceHeader('inference-test')}    model: llama3-70b
    replicas: 2
    parallelism: { tp: 4 }
    scheduler: { name: continuous }
    source:
${source}
    slo: { ttft: 2 s, tpot: 100 ms }${extra}
report: { formats: ${formats} }
`;
}

const write = (dir: string, text: string) => {
  const p = join(dir, 'scenario.yaml');
  writeFileSync(p, text);
  return p;
};

function checkOrdered(j: InferenceJobResult): void {
  for (const s of [j.ttft, j.tpot, j.e2e]) {
    assert.ok(s.p50! <= s.p90! && s.p90! <= s.p95! && s.p95! <= s.p99! && s.p99! <= s.max!, JSON.stringify(s));
  }
}

test('the conversation trace on 2 x Llama 3 70B TP4: every request completes, twice byte-identical via the CLI', async () => {
  const dir = tempDir();
  const file = write(dir, scenario(`      trace: ${JSON.stringify(TRACE)}`));
  const outs = [join(dir, 'a'), join(dir, 'b')];
  for (const out of outs) {
    const r = await runCli(['run', file, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /TTFT p50\/p99/);
  }
  const [a, b] = outs.map((o) => readFileSync(join(o, 'report.json'), 'utf8'));
  assert.equal(a, b);
  const j = JSON.parse(a!).jobs.serve as InferenceJobResult;
  assert.equal(j.requests.arrived, TRACE_ROWS);
  assert.equal(j.requests.completed + j.requests.rejected, TRACE_ROWS);
  assert.equal(j.ttft.count, j.requests.completed);
  checkOrdered(j);
  assert.ok(j.throughput.outputTokensPerSecond > 0 && j.goodput !== null && j.energyPer1kTokensJoules! > 0 && j.usdPerMillionTokens! > 0);
  assert.ok(j.overTime.length > 0 && j.overTime.length <= 200 && j.cdf.ttft.length <= 200);
  const md = readFileSync(join(outs[0]!, 'summary.md'), 'utf8');
  assert.match(md, /## Inference: serve/);
  assert.match(md, /\| TTFT \| [\d,]+ \|/);
  const html = readFileSync(join(outs[0]!, 'report.html'), 'utf8');
  for (const id of ['inference-latency-cdf', 'inference-throughput', 'inference-queue', 'inference-kv']) assert.ok(html.includes(`chart-${id}`), id);
});

test('a synthetic source through the pipeline: counts, ordered percentiles, and the seed decides the run', async () => {
  const dir = tempDir();
  const src = '      synthetic:\n        arrivals: { kind: gamma, rate: 4, cv: 2 }\n        prompt: { kind: lognormal, median: 800, sigma: 0.8, max: 8000 }\n        output: { kind: uniform, min: 1, max: 300 }\n        count: 500';
  const file = write(dir, scenario(src, '[json]'));
  const a = await runScenarioFile(file);
  const b = await runScenarioFile(file);
  assert.equal(JSON.stringify(a.report), JSON.stringify(b.report));
  const j = a.report.jobs.serve as InferenceJobResult;
  assert.equal(j.requests.arrived, 500);
  assert.equal(j.requests.completed, 500);
  checkOrdered(j);
  const c = await runScenarioFile(file, { seed: 7 });
  assert.notEqual((c.report.jobs.serve as InferenceJobResult).ttft.p50, j.ttft.p50);
});

test('a malformed trace row exits 2 naming the file and the row; skipBadRows counts it instead', async () => {
  const dir = tempDir();
  const csv = join(dir, 'bad.csv');
  writeFileSync(csv, 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:47.0000000,abc,10\n2023-11-16 18:15:48.0000000,100,10\n');
  const file = write(dir, scenario('      trace: bad.csv', '[json]'));
  const r = await runCli(['run', file, '--out', join(dir, 'out'), '--quiet']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.csv:3/);
  const skip = write(dir, scenario('      trace: bad.csv\n      skipBadRows: true', '[json]'));
  const j = (await runScenarioFile(skip)).report.jobs.serve as InferenceJobResult;
  assert.equal(j.requests.completed, 2);
  assert.deepEqual(j.requests.skippedRows, { 'non-numeric-tokens': 1 });
  // the same from the command line, for the file that failed above
  const cli = await runCli(['run', file, '--out', join(dir, 'out-skip'), '--skip-bad-rows']);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /serve: skipped 1 malformed trace row \(1 non-numeric-tokens\)/);
});

test('a replica that does not fit, and too few devices, are positioned errors', async () => {
  const dir = tempDir();
  const big = write(dir, scenario(`      trace: ${JSON.stringify(TRACE)}`).replace('parallelism: { tp: 4 }', 'parallelism: { tp: 1 }'));
  const r = await runCli(['validate', big]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /does not fit/);
  const many = write(dir, scenario(`      trace: ${JSON.stringify(TRACE)}`).replace('replicas: 2', 'replicas: 3'));
  const m = await runCli(['validate', many]);
  assert.equal(m.code, 2);
  assert.match(m.stderr, /needs 12|12 devices|remain/);
});
