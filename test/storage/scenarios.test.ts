// The two storage scenarios through the whole pipeline: report.json carries the checkpoint and data sections
// with the hand-worked figures of the scenario files' comments, and summary.md and report.html show them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenarioFile } from '../../src/pipeline.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderSummaryMd } from '../../src/report/summary-md.ts';
import type { TrainingJobResult } from '../../src/metrics/result-types.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const P_LLAMA3_70B = 70_553_706_496;
const noSvg = async () => '<svg></svg>';

test('Llama 3 70B on 1,024 H100 to 200 GB/s: the write time, the synchronous stall, and what asynchronous writes hide', async () => {
  const { report, scenarioText } = await runScenarioFile('scenarios/checkpoint-llama3-70b-1024-h100.yaml');
  const job = report.jobs.pretrain as TrainingJobResult;
  const c = job.checkpoint!;
  // 70.55 B × (2 + 12) bytes, written at 200 GB/s; each of the 1,024 ranks copies 1/1,024 over 63 GB/s PCIe
  assert.equal(c.bytes, 14 * P_LLAMA3_70B);
  assert.ok(rel(c.writeSeconds, (14 * P_LLAMA3_70B) / 200e9) < 1e-9, `${c.writeSeconds}`);
  assert.equal(c.bottleneck, 'parallel-fs aggregate write (pfs-generic)');
  assert.ok(rel(c.syncStallSeconds, c.writeSeconds) < 1e-9); // GPUDirect Storage: one pass
  assert.ok(rel(c.asyncStallSeconds, (14 * P_LLAMA3_70B) / 1024 / 63e9) < 1e-9);
  assert.equal(c.mode, 'async');
  assert.equal(c.stallSeconds, c.asyncStallSeconds);
  assert.equal(c.retainedBytes, 3 * c.bytes);
  assert.equal(c.fits, true);
  assert.equal(job.data!.stallSeconds, 0);
  assert.ok(report.expectations.every((e) => e.pass), JSON.stringify(report.expectations));

  const md = renderSummaryMd(report);
  assert.match(md, /## Storage: pretrain/);
  assert.match(md, /\| Write time \| 4\.94 s, bottleneck: parallel-fs aggregate write \(pfs-generic\) \|/);
  assert.match(md, /\| Stall, synchronous write \| 4\.94 s per checkpoint \(0\.274% of the interval\) \|/);
  assert.match(md, /\| Stall, asynchronous write \| 15\.3 ms per checkpoint/);
  assert.match(md, /\| Hidden by asynchronous writes \| 4\.92 s of 4\.94 s \(99\.7%\) \|/);
  const html = await renderHtml(report, { scenarioText, renderSvg: noSvg });
  assert.match(html, /<h2 id="storage-0">Storage: pretrain<\/h2>/);
  assert.match(html, /Hidden by asynchronous writes<\/th><td>4\.92 s of 4\.94 s \(99\.7%\)/);
  assert.ok(report.assumptions.some((a) => a.name === 'pfs-generic write bandwidth, aggregate' && a.value === 200e9));
});

test('a data pipeline starved by an undersized file system: the step inflates and the bottleneck tier is named', async () => {
  const { report, scenarioText } = await runScenarioFile('scenarios/data-starved.yaml');
  const job = report.jobs.pretrain as TrainingJobResult;
  const d = job.data!;
  // 256 samples × 32 MB at 1.5 GB/s
  assert.equal(d.bytesPerStep, 256 * 32e6);
  assert.ok(rel(d.readSeconds, (256 * 32e6) / 1.5e9) < 1e-9);
  assert.equal(d.bottleneck, 'parallel-fs aggregate read (pfs-generic)');
  assert.ok(rel(d.stallSeconds, d.readSeconds - d.stepSecondsWithoutData!) < 1e-9);
  assert.ok(rel(job.stepSeconds, d.readSeconds) < 1e-9);
  assert.ok(job.stepSeconds > 2 * d.stepSecondsWithoutData!);
  assert.equal(job.breakdown.dataStallSeconds, d.stallSeconds);

  const md = renderSummaryMd(report);
  assert.match(md, /\| Job \| compute \| TP comm \| DP comm exposed \| optimizer \| other \| data stall \| Step \|/);
  assert.match(md, /\| Data stall \| 3\.39 s per step \(\+164\.0% on the 2\.07 s step\), bottleneck: parallel-fs aggregate read \(pfs-generic\) \|/);
  const html = await renderHtml(report, { scenarioText, renderSvg: noSvg });
  assert.match(html, /Data stall<\/th><td>3\.39 s per step/);
});

test('at flow fidelity the checkpoint also crosses the fabric graph: one more limit, and the drain against the gradient reductions', async () => {
  const file = 'scenarios/checkpoint-llama3-70b-1024-h100.yaml';
  const flow = ((await runScenarioFile(file, { fidelity: 'flow' })).report.jobs.pretrain as TrainingJobResult).checkpoint!;
  const fabric = flow.writeTiers!.find((t) => t.tier.startsWith('compute fabric write'));
  assert.ok(fabric !== undefined, JSON.stringify(flow.writeTiers));
  // the storage's 200 GB/s binds; the fabric path adds only route latency, so the storage tier is still named
  assert.ok(rel(fabric.seconds, flow.writeSeconds) < 1e-3);
  assert.equal(flow.bottleneck, 'parallel-fs aggregate write (pfs-generic)');
  // 128 nodes draining 1/128 of 988 GB over 7.7 s use ~0.4% of each node's 400 GB/s of NICs
  assert.ok(flow.drainCollectiveSlowdown! > 1 && flow.drainCollectiveSlowdown! < 1.01, `${flow.drainCollectiveSlowdown}`);
  assert.ok(flow.drainInterferenceSeconds! > 0 && flow.asyncStallSeconds > flow.copySeconds!);
  // the same storage on the front-end network is not in the graph: no fabric limit, no interference
  const front = ((await runScenarioFile(file, { fidelity: 'flow', sets: ['cluster.storage[0].network=frontend'] })).report.jobs.pretrain as TrainingJobResult).checkpoint!;
  assert.equal(front.writeTiers!.some((t) => t.tier.startsWith('compute fabric')), false);
  assert.equal(front.drainCollectiveSlowdown, undefined);
  // analytical fidelity leaves the fabric out
  const analytical = ((await runScenarioFile(file)).report.jobs.pretrain as TrainingJobResult).checkpoint!;
  assert.equal(analytical.writeTiers!.some((t) => t.tier.startsWith('compute fabric')), false);
});
