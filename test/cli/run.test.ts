// End to end through the CLI function: the quickstart runs, writes its reports, and is deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, tempFile } from './helpers.ts';

test('run writes report.json, summary.md and report.html and prints a summary', async () => {
  const out = tempDir();
  const r = await runCli(['run', 'scenarios/quickstart.yaml', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['report.html', 'report.json', 'summary.md']);
  assert.match(r.stdout, /pretrain/);
  assert.match(r.stdout, /report\.html/);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  assert.equal(report.schemaVersion, 1);
  assert.ok(report.jobs.pretrain.stepSeconds > 0);
  assert.ok(report.jobs.pretrain.mfu > 0 && report.jobs.pretrain.mfu < 1);
  assert.ok(report.energy.totalKWh > 0);
  assert.ok(report.cost.totalUsd > 0);
});

test('two runs of the same scenario give byte-identical report.json', async () => {
  const a = tempDir();
  const b = tempDir();
  assert.equal((await runCli(['run', 'scenarios/quickstart.yaml', '--out', a, '--quiet'])).code, 0);
  assert.equal((await runCli(['run', 'scenarios/quickstart.yaml', '--out', b, '--quiet'])).code, 0);
  assert.equal(readFileSync(join(a, 'report.json'), 'utf8'), readFileSync(join(b, 'report.json'), 'utf8'));
});

test('a failed expectation exits 1 and still writes the reports', async () => {
  const text = readFileSync('scenarios/quickstart.yaml', 'utf8').replace('jobs.pretrain.mfu > 0.3', 'jobs.pretrain.mfu > 0.99');
  const out = tempDir();
  const r = await runCli(['run', tempFile('fail.yaml', text), '--out', out]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /FAIL\s+expect jobs\.pretrain\.mfu > 0\.99/);
  assert.ok(readdirSync(out).includes('report.json'));
});

test('--set overrides a field', async () => {
  const out = tempDir();
  const r = await runCli(['run', 'scenarios/quickstart.yaml', '--out', out, '--quiet', '--set', 'workloads[0].parallelism.tp=4', '--set', 'workloads[0].parallelism.dp=8']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  assert.equal(report.jobs.pretrain.parallelism.tp, 4);
  assert.equal(report.jobs.pretrain.parallelism.dp, 8);
});

test('profiles, schema, help and version print and exit 0', async () => {
  const list = await runCli(['profiles', 'list']);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /h100-sxm/);
  const show = await runCli(['profiles', 'show', 'h100-sxm']);
  assert.equal(show.code, 0);
  assert.match(show.stdout, /source/i);
  const schema = await runCli(['schema']);
  assert.equal(schema.code, 0);
  assert.ok(JSON.parse(schema.stdout).properties.workloads);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /clustersim run/);
  assert.match((await runCli(['--version'])).stdout, /\d+\.\d+\.\d+/);
});
