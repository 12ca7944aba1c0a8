// Time to train through the pipeline: a 32-GPU Llama 3 8B job (pp 1) with a token target and one ramp-up
// phase; report.json, summary.md, report.html's section and the CLI table show it; two runs are identical.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summaryTable } from '../../src/cli/summary-table.ts';
import type { TrainingWorkload } from '../../src/config/scenario-types.ts';
import type { TrainingJobResult } from '../../src/metrics/result-types.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { runScenarioFile, writeRunReports } from '../../src/pipeline.ts';
import { timeToTrainSection } from '../../src/report/time-to-train.ts';
import { simulateWorkload } from '../../src/workload/registry.ts';
import { trainingScenario } from '../config/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'clustersim-ttt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// 128 × 8192 = 1,048,576 tokens per main step; the ramp-up's 64 sequences give 524,288.
const SCENARIO = trainingScenario({
  name: 'ttt',
  workload: `    steps: 2
    tokens: 10M
    rampUp:
      - { untilTokens: 2M, globalBatch: 64 }
`,
  after: `energy: { pue: 1.2, gridIntensity: 367 g/kWh }
cost: { basis: cloud, devicePrice: 2.99 USD/h }
report: { formats: [json, md] }
`,
});
const file = join(dir, 'ttt.yaml');
writeFileSync(file, SCENARIO);
const catalog = loadCatalog();
const run = () => runScenarioFile(file, { catalog });
// One run serves the first two tests; the third runs again for determinism.
const first = run();
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.abs(b), `${what}: ${a} != ${b}`);

test('report.json has the phases with hand-computed steps, the totals and the footprint of the job for that time', async () => {
  const { report, scenario } = await first;
  const job = report.jobs.pretrain as TrainingJobResult;
  const t = job.timeToTrain!;
  // ramp-up: ⌈2,000,000 / 524,288⌉ = 4 steps (2,097,152 tokens); main: ⌈(10,000,000 − 2,097,152) / 1,048,576⌉ = ⌈7.54⌉ = 8
  assert.deepEqual(t.phases.map((p) => [p.globalSequences, p.untilTokens, p.steps, p.tokens]), [[64, 2_000_000, 4, 2_097_152], [128, 10_000_000, 8, 8_388_608]]);
  assert.deepEqual([t.targetTokens, t.tokens, t.steps], [10_000_000, 10_485_760, 12]);
  // The main batch's step is the job's; the ramp-up's is one more simulation of the job at 64 sequences.
  const w = scenario.workloads[0] as TrainingWorkload;
  const small = (await simulateWorkload({ ...w, batch: { ...w.batch, globalSequences: 64 } }, scenario.cluster, { fidelity: 'analytical', seed: 1 })).result as TrainingJobResult;
  assert.equal(t.phases[1]!.stepSeconds, job.stepSeconds);
  assert.equal(t.phases[0]!.stepSeconds, small.stepSeconds);
  assert.ok(small.stepSeconds < job.stepSeconds);
  close(t.wallSeconds, 4 * small.stepSeconds + 8 * job.stepSeconds, 'wall');
  close(t.days, t.wallSeconds / 86_400, 'days');
  close(t.gpuHours, (32 * t.wallSeconds) / 3600, 'GPU-hours');
  // Cloud: 32 GPUs at 2.99 USD/h for the time to train; carbon at 367 g/kWh.
  close(t.costUsd!, (32 * 2.99 * t.wallSeconds) / 3600, 'cost');
  close(t.kgCO2e!, t.energyKWh! * 0.367, 'carbon');
  // Facility energy of 4 DGX H100 (1.215 kW idle, 10.2 kW max each, PUE 1.2) over the wall time lies between the two.
  const hours = t.wallSeconds / 3600;
  assert.ok(t.energyKWh! > 4 * 1.215 * 1.2 * hours && t.energyKWh! < 4 * 10.2 * 1.2 * hours, String(t.energyKWh));
  // The simulated steps and the run's own energy and cost stay those of the simulated steps.
  close(report.simulatedSeconds, 2 * job.stepSeconds, 'simulated');
  assert.ok(report.cost.totalUsd < t.costUsd! / 5);
});

test('summary.md, report.html and the CLI table show the time to train; a job name is escaped', async () => {
  const outcome = await first;
  const out = join(dir, 'out-md');
  await writeRunReports(outcome, out);
  const md = readFileSync(join(out, 'summary.md'), 'utf8');
  assert.match(md, /## Time to train: pretrain/);
  assert.match(md, /\| Token target \| 10M tokens \(10\.5M in 12 whole steps\) \|/);
  assert.match(md, /\| ramp-up 1 \| 64 \| 524K \| 2M tokens \| 4 \|/);
  assert.match(md, /\| main \| 128 \| 1\.05M \| 10M tokens \| 8 \|/);
  assert.match(md, /\| Cost \| \d+\.\d\d USD \|/);
  assert.match(summaryTable(outcome.report), /^pretrain: 10M tokens in \d+\.?\d* s \(12 steps\), .* GPU-hours, .* MWh, .* USD/m);
  const job = outcome.report.jobs.pretrain as TrainingJobResult;
  const html = timeToTrainSection({ ...outcome.report, jobs: { x: { ...job, name: 'a<b>&c' } } });
  assert.match(html, /<h2 id="time-to-train-0">Time to train: a&lt;b&gt;&amp;c<\/h2>/);
  assert.match(html, /<td>ramp-up 1<\/td><td>64<\/td>/);
  assert.equal(timeToTrainSection({ ...outcome.report, jobs: { x: { ...job, timeToTrain: undefined } } }), '');
});

test('two runs write byte-identical report.json and summary.md', async () => {
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  await writeRunReports(await first, a);
  await writeRunReports(await run(), b);
  for (const f of ['report.json', 'summary.md']) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f);
});
