// The collective workload end to end through the CLI function: a scenario runs and writes its reports and
// CSV; `clustersim collective` prints the nccl-tests-like table; bad input exits 2 with a positioned
// message; `accuracy` reads collective validation cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, tempFile } from './helpers.ts';

const SCENARIO = `name: sweep-test
cluster:
  nodes:
    - { profile: dgx-h100, count: 2 }
  scaleOut: { profile: ib-ndr-400, topology: rail-optimized }
workloads:
  - name: ar
    kind: collective
    op: all_reduce
    sizes: { min: 1 KiB, max: 2 GiB, factor: 8 }
    algorithm: ring
fidelity: flow
cost: { devicePrice: 2.99 USD/h }
expect:
  - jobs.ar.busbwGBps > 300
`;

test('a collective scenario runs end to end: report.json, summary.md, report.html and collective-<job>.csv', async () => {
  const out = tempDir();
  const r = await runCli(['run', tempFile('sweep.yaml', SCENARIO), '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['collective-ar.csv', 'report.html', 'report.json', 'summary.md', 'timeseries.csv']);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  const job = report.jobs.ar;
  assert.equal(job.kind, 'collective');
  assert.equal(job.ranks, 16);
  assert.deepEqual(job.points.map((p: { bytes: number }) => p.bytes), [1, 8, 64, 512, 4096, 32768, 262144, 2097152].map((k) => k * 1024));
  assert.ok(job.busbwGBps > 300 && job.busbwGBps < 380, String(job.busbwGBps));
  assert.ok(report.energy.totalKWh > 0, 'the communicating devices draw power');
  assert.equal(report.expectations[0].pass, true);
  const csv = readFileSync(join(out, 'collective-ar.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'op,ranks,size_bytes,time_us,algbw_GBps,busbw_GBps,algorithm');
  assert.equal(csv.length, 1 + job.points.length);
  assert.deepEqual(csv.at(-1)!.split(',').slice(0, 3), ['all_reduce', '16', String(2 ** 31)]);
  assert.match(readFileSync(join(out, 'summary.md'), 'utf8'), /## Collective: ar[\s\S]*\| 2 GiB \|/);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /Bus bandwidth by message size/);
  assert.match(r.stdout, /ar\s+all_reduce\s+16 x h100-sxm\s+2 GiB/);
});

test('clustersim collective prints an nccl-tests-like table and writes --csv', async () => {
  const csv = join(tempDir(), 'ar.csv');
  const r = await runCli(['collective', '--op', 'all_reduce', '--nodes', 'dgx-h100', '-b', '1M', '-e', '1G', '-f', '4', '--algorithm', 'ring', '--csv', csv]);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.split('\n').filter((l) => /^\s*\d+\s/.test(l));
  assert.deepEqual(rows.map((l) => Number(l.trim().split(/\s+/)[0])), [1, 4, 16, 64, 256, 1024].map((m) => m * 2 ** 20));
  assert.ok(rows.every((l) => l.trim().endsWith('ring')));
  assert.match(r.stdout, /size \(B\)\s+time \(us\)\s+algbw \(GB\/s\)\s+busbw \(GB\/s\)\s+algorithm/);
  assert.match(r.stdout, /8 ranks on 1 x dgx-h100/);
  assert.match(r.stdout, /# Avg bus bandwidth\s+: \d+\.\d\d GB\/s/);
  assert.equal(readFileSync(csv, 'utf8').trim().split('\n').length, 7);
});

test('bad input exits 2 with a positioned message: unknown op, ranks beyond the devices', async () => {
  const op = await runCli(['run', tempFile('op.yaml', SCENARIO.replace('op: all_reduce', 'op: allreduce')), '--out', tempDir()]);
  assert.equal(op.code, 2);
  assert.match(op.stderr, /op\.yaml:9:9: error\[bad-value\] workloads\[0\]\.op: .*"allreduce"/);
  assert.match(op.stderr, /did you mean "all_reduce"/);
  const ranks = await runCli(['run', tempFile('ranks.yaml', SCENARIO.replace('op: all_reduce', 'op: all_reduce\n    ranks: 24')), '--out', tempDir()]);
  assert.equal(ranks.code, 2);
  assert.match(ranks.stderr, /ranks\.yaml:10:12: error\[does-not-fit\] workloads\[0\]\.ranks: 24 ranks need 3 nodes/);
  assert.match(ranks.stderr, /hint: set ranks: 16, or use 3 dgx-h100 nodes/);
  const cliOp = await runCli(['collective', '--op', 'allreduce', '--nodes', 'dgx-h100']);
  assert.equal(cliOp.code, 2);
  assert.match(cliOp.stderr, /allreduce/);
  const cliRanks = await runCli(['collective', '--op', 'all_reduce', '--nodes', 'dgx-h100', '--ranks', '16']);
  assert.equal(cliRanks.code, 2);
  assert.match(cliRanks.stderr, /clustersim collective: error\[does-not-fit\] --ranks: 16 ranks need 2 nodes/);
});

test('accuracy reads collective validation cases, as a table and as JSON', async () => {
  const dir = tempDir();
  for (const f of ['row53-nvls-8xh100.yaml', 'row57-a100-8gib.yaml']) copyFileSync(join('scenarios/validation/collectives', f), join(dir, f));
  const table = await runCli(['accuracy', dir]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /nccl-row53-nvls-8xh100\s+jobs\.allreduce\.busbwGBps\s+480 GB\/s/);
  const json = await runCli(['accuracy', dir, '--json']);
  const cases = JSON.parse(json.stdout).cases;
  assert.deepEqual(cases.map((c: { name: string }) => c.name), ['nccl-row53-nvls-8xh100', 'nccl-row57-a100-8gib']);
  for (const c of cases) assert.deepEqual(Object.keys(c).sort(), ['errorPercent', 'file', 'measured', 'metric', 'name', 'pass', 'predicted', 'tolerancePercent', 'unit']);
});

test('workloads run side by side: two sweeps that together want more devices than the cluster exit 2 at the second', async () => {
  const two = SCENARIO.replace('fidelity: flow', `  - { name: ag, kind: collective, op: all_gather, size: 1 GiB, ranks: 8 }\nfidelity: flow`);
  const r = await runCli(['run', tempFile('two.yaml', two), '--out', tempDir()]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /two\.yaml:12:5: error\[does-not-fit\] workloads\[1\]: workloads\[0\.\.1\] together need 24 devices but the cluster has 16/);
  const out = tempDir();
  const fits = await runCli(['run', tempFile('fits.yaml', two.replace('    algorithm: ring', '    algorithm: ring\n    ranks: 8')), '--out', out, '--quiet']);
  assert.equal(fits.code, 0, fits.stderr);
  assert.deepEqual(readdirSync(out).filter((f) => f.startsWith('collective-')).sort(), ['collective-ag.csv', 'collective-ar.csv']);
});

test('--proto and --buffsize set NCCL_PROTO and NCCL_BUFFSIZE: the 8 MiB buffer slows a mid-size tree; LL128 alone exits 2', async () => {
  const base = ['collective', '--op', 'all_reduce', '--nodes', 'dgx-h100', '-n', '2', '--scale-out', 'ib-ndr-400', '--algorithm', 'tree', '-b', '128M', '-e', '128M'];
  const busbw = (out: string): number => Number(/busbw at 134217728 B : ([\d.]+) GB\/s/.exec(out)![1]);
  const plain = await runCli(base);
  const gcp = await runCli([...base, '--proto', 'Simple', '--buffsize', '8M']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(gcp.code, 0, gcp.stderr);
  // the tree's per-hop chunk fill doubles (protocol.ts): 2·(7·21.8 + 2·21.8) µs more, about 0.39 ms
  assert.ok(busbw(gcp.stdout) < 0.85 * busbw(plain.stdout), `${busbw(gcp.stdout)} vs ${busbw(plain.stdout)}`);
  const bad = await runCli([...base, '--proto', 'LL128']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /error\[bad-value\] --proto: LL128 alone/);
});
