// `clustersim run --trace-stages`: which stages trace.json keeps, and what a bad list or a run without a
// step timeline does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers.ts';

test('a malformed --trace-stages list exits 2 before simulating and writes nothing', async () => {
  const out = join(tempDir(), 'run');
  const r = await runCli(['run', 'scenarios/quickstart.yaml', '--out', out, '--trace-stages', '0,x']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--trace-stages "0,x": "x" is not a stage number/);
  assert.match(r.stderr, /hint: .*--trace-stages 0,15/);
  assert.equal(existsSync(out), false);
});

test('without a step timeline (analytical fidelity) there is no trace.json, and --trace-stages says so', async () => {
  const out = tempDir();
  const r = await runCli(['run', 'scenarios/quickstart.yaml', '--out', out, '--trace-stages', '0']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /--trace-stages: no job recorded a step timeline/);
  assert.deepEqual(readdirSync(out).sort(), ['report.html', 'report.json', 'summary.md', 'timeseries.csv']);
});

test('at flow fidelity with pp 2, trace.json holds the chosen stage only; report.html draws both; report.json holds neither', async () => {
  const out = tempDir();
  const r = await runCli(['run', 'scenarios/quickstart.yaml', '--out', out, '--quiet', '--fidelity', 'flow', '--trace-stages', '1',
    '--set', 'workloads[0].parallelism.pp=2', '--set', 'workloads[0].parallelism.dp=2', '--set', 'workloads[0].batch.global=16']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['report.html', 'report.json', 'summary.md', 'timeseries.csv', 'trace.json']);
  const trace = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8'));
  const spans = trace.traceEvents.filter((e: { ph: string }) => e.ph === 'X');
  assert.ok(spans.length > 0);
  assert.deepEqual([...new Set(spans.map((e: { args: { stage: number } }) => e.args.stage))], [1]);
  assert.ok(spans.some((e: { args: { pass?: string } }) => e.args.pass === 'F') && spans.some((e: { args: { pass?: string } }) => e.args.pass === 'B'));
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /data-chart="pipeline-0"/);
  assert.doesNotMatch(readFileSync(join(out, 'report.json'), 'utf8'), /traceEvents|"spans"/);
});
