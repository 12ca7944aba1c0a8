// End to end through the CLI function: the quickstart runs, writes its reports, and is deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, tempFile } from './helpers.ts';

test('run writes report.json, summary.md, report.html and timeseries.csv and prints a summary', async () => {
  const out = tempDir();
  const r = await runCli(['run', 'scenarios/quickstart.yaml', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['report.html', 'report.json', 'summary.md', 'timeseries.csv']);
  // one row per training step (10 in the quickstart) after the header
  assert.equal(readFileSync(join(out, 'timeseries.csv'), 'utf8').trimEnd().split('\n').length, 11);
  assert.match(r.stdout, /pretrain/);
  assert.match(r.stdout, /report\.html/);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  assert.equal(report.schemaVersion, 1);
  assert.ok(report.jobs.pretrain.stepSeconds > 0);
  assert.ok(report.jobs.pretrain.mfu > 0 && report.jobs.pretrain.mfu < 1);
  assert.ok(report.energy.totalKWh > 0);
  assert.ok(report.cost.totalUsd > 0);
});

test('two runs of the same scenario give byte-identical report.json, report.html and summary.md', async () => {
  const a = tempDir();
  const b = tempDir();
  assert.equal((await runCli(['run', 'scenarios/quickstart.yaml', '--out', a, '--quiet'])).code, 0);
  assert.equal((await runCli(['run', 'scenarios/quickstart.yaml', '--out', b, '--quiet'])).code, 0);
  for (const file of ['report.json', 'report.html', 'summary.md']) {
    const x = readFileSync(join(a, file));
    const y = readFileSync(join(b, file));
    assert.ok(x.length > 1000, `${file} has content`);
    assert.ok(x.equals(y), `${file} differs between two runs`);
  }
});

test('owned versus cloud for 1,024 H100 over three years: the break-even is printed, written and charted with dated prices', async () => {
  const out = tempDir();
  const r = await runCli(['run', 'scenarios/owned-vs-cloud-h100-1024.yaml', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Owned vs cloud break-even at \d+\.\d% utilisation \(3-year amortisation/);
  const b = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).cost.breakEven;
  assert.equal(b.verdict, 'break-even');
  assert.ok(b.utilisation > 0 && b.utilisation < 1);
  assert.equal(b.curve.length, 21);
  // The crossing: owned and cloud cost the same at u*.
  const owned = b.ownedUsdPerYearAt0 + (b.ownedUsdPerYearAt100 - b.ownedUsdPerYearAt0) * b.utilisation;
  assert.ok(Math.abs(owned - b.cloudUsdPerYearAt100 * b.utilisation) < 1e-6 * owned);
  const purchase = b.prices.find((p: { name: string }) => /purchase price per node/.test(p.name));
  const cloud = b.prices.find((p: { name: string }) => /cloud price per device-hour/.test(p.name));
  for (const p of [purchase, cloud]) assert.ok(p && /^\d{4}/.test(p.date) && p.source.length > 20, JSON.stringify(p));
  const md = readFileSync(join(out, 'summary.md'), 'utf8');
  assert.match(md, /^Owned vs cloud break-even at \d+\.\d% utilisation/m);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /data-chart="break-even"/);
  assert.match(html, /Data table: Owned versus cloud/);
  const assumptions = html.slice(html.indexOf('id="assumptions"'));
  assert.match(assumptions, /purchase price per node[\s\S]*\(2026\)/);
  assert.match(assumptions, /cloud price per device-hour[\s\S]*\(2026\)/);
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
