// A scenario with `goodput:` run through the pipeline: the checkpoint costs come from the storage model when the
// workload has a checkpoint key, the scenario's figures override them, report.json carries the section and
// expectations can read it; without any checkpoint figures the run stops with a positioned error.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/errors.ts';
import { runScenarioFile } from '../../src/pipeline.ts';
import type { TrainingJobResult } from '../../src/metrics/result-types.ts';
import { trainingScenario } from '../config/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'clustersim-goodput-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const scenario = (workloadExtra: string, goodput: string) =>
  trainingScenario({
    name: 'goodput-small',
    storage: '[{ profile: pfs-generic, writeBandwidth: 20 GB/s }]',
    workload: `    steps: 2
${workloadExtra}    goodput:
      duration: 7 days
      trials: 10
      failures: { scale: 50 }
`,
    after: `${goodput}expect:
  - jobs.pretrain.goodput.ettr.mean > 0.5
report: { formats: [json] }
`,
  });
const run = async (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return (await runScenarioFile(file)).report;
};

test('the storage model supplies the checkpoint: its write is the synchronous stall, its copy the asynchronous one', async () => {
  const report = await run('a.yaml', scenario('    checkpoint: { every: 200, mode: async, storage: pfs-generic }\n', ''));
  const job = report.jobs.pretrain as TrainingJobResult;
  const g = job.goodput!;
  assert.equal(g.checkpoint.mode, 'async');
  assert.equal(g.checkpoint.writeSeconds, job.checkpoint!.syncStallSeconds);
  assert.equal(g.checkpoint.stallSeconds, job.checkpoint!.copySeconds ?? job.checkpoint!.asyncStallSeconds);
  assert.equal(g.recovery.restoreSeconds, job.checkpoint!.restoreSeconds);
  assert.equal(g.checkpoint.intervalFrom, 'scenario');
  assert.ok(Math.abs(g.checkpoint.intervalSteps - 200) < 1e-9);
  assert.match(g.checkpoint.from, /storage model/);
  assert.equal(g.trials, 10);
  assert.ok(g.interruptions.unexpected.mean > 0);
  assert.equal(report.expectations[0]!.pass, true);
});

test('figures in goodput.checkpoint override the storage model', async () => {
  const report = await run('b.yaml', scenario('', '      checkpoint: { write: 45 s, stall: 3 s, restore: 70 s, intervalSteps: 100 }\n'));
  const g = (report.jobs.pretrain as TrainingJobResult).goodput!;
  assert.deepEqual([g.checkpoint.mode, g.checkpoint.writeSeconds, g.checkpoint.stallSeconds, g.recovery.restoreSeconds], ['sync', 45, 45, 70]);
  assert.equal(g.checkpoint.from, 'write, stall, restore set in the scenario');
  assert.deepEqual([...new Set(g.sweep.points.map((p) => p.mode))], ['sync', 'async']);
});

test('no checkpoint figures anywhere: a positioned error', async () => {
  await assert.rejects(run('c.yaml', scenario('', '')), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    const i = e.issues[0]!;
    assert.equal(i.path, 'workloads[0].goodput.checkpoint');
    assert.ok(i.line > 0);
    return true;
  });
});
