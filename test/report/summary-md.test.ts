import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSummaryMd } from '../../src/report/summary-md.ts';
import { makeJob, makeReport } from '../fixtures/report-fixture.ts';

test('summary.md shows the key figures of the fixture run', () => {
  const text = renderSummaryMd(makeReport());
  assert.match(text, /^# clustersim report: /);
  assert.match(text, /\| pretrain \| llama3-8b \| 32 × h100-sxm \| DP 4 · TP 8 \| 4\.8 s \| 218,453 \| 417 \| 42\.1% \| 47\.9 GiB of 80 GiB \(59\.9%\) \|/);
  assert.match(text, /\| pretrain \| 4\.1 s \(85\.4%\) \| 450 ms \(9\.4%\) \| 120 ms \(2\.5%\) \| 80 ms \(1\.7%\) \| 50 ms \(1\.0%\) \| 4\.8 s \|/);
  assert.match(text, /\| Energy \| 0\.55 kWh/);
  assert.match(text, /\| Carbon \| 0\.202 kg CO2e at 367 g\/kWh/);
  assert.match(text, /\| Cost \| 1\.28 USD \(cloud, 2\.99 USD per device-hour\)/);
  assert.match(text, /\*\*1 of 2 failed\.\*\*/);
  assert.match(text, /\| ✅ pass \| jobs\.pretrain\.mfu &gt; 0\.3 \| true \|/);
  assert.match(text, /\| jobs\.pretrain\.tflopsPerGpu \| 400 TFLOP\/s \| 416\.7 TFLOP\/s \| 4\.2% \| ±10% \| ✅ pass \|/);
  assert.ok(text.endsWith('|\n'));
});

test('summary.md escapes every scenario string: no raw HTML, no unescaped Markdown', () => {
  const text = renderSummaryMd(makeReport());
  assert.doesNotMatch(text, /<script|<img|<b>|<sup>/);
  assert.ok(text.includes('quickstart &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\*'));
  assert.ok(text.includes('\\_fast\\_ \\`code\\` \\[link\\](https://evil.example/x.js) &lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; more'));
  assert.ok(text.includes('jobs.pretrain.stepSeconds &lt; 2 \\| \\*bold\\* &lt;b&gt;'));
});

test('every table row has as many cells as its header, even with a hostile job name', () => {
  const job = makeJob({ name: 'a|b\n| c | d', model: 'm|x', accelerator: '`acc`' });
  const text = renderSummaryMd(makeReport({ jobs: { [job.name]: job } }));
  const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('| ---') && !lines[i]!.startsWith('| :')) continue;
    const header = cells(lines[i - 1]!);
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith('|'); j++) assert.equal(cells(lines[j]!), header, lines[j]);
  }
});

test('a report without expectations, reference or cost items leaves those parts out', () => {
  const r = makeReport({ expectations: [], reference: null });
  r.cost = { ...r.cost, byItemUsd: {} };
  const text = renderSummaryMd(r);
  assert.doesNotMatch(text, /## Expectations|## Reference|Cost by item/);
});

test('a pipeline job adds the bubble and send/recv columns and a memory table per stage', () => {
  const base = makeJob();
  const job = makeJob({
    breakdown: { ...base.breakdown, bubbleSeconds: 0.3, ppCommSeconds: 0.01 },
    pipeline: { schedule: 'interleaved', virtualStages: 2, microbatches: 16, bubbleFraction: 0.0625 },
    memoryByStage: [0, 1].map((stage) => ({ stage, layers: 16, microbatchesInFlight: 4 - stage, memory: base.memory })),
  });
  const text = renderSummaryMd(makeReport({ jobs: { [job.name]: job } }));
  assert.match(text, /\| Job \| compute \| TP comm \| PP send\/recv \| pipeline bubble \| DP comm exposed \| optimizer \| other \| Step \|/);
  assert.match(text, /### Memory per pipeline stage: pretrain/);
  assert.match(text, /interleaved schedule, 2 model chunk\(s\) per stage, 16 micro-batches per step, bubble 6\.3% of the step\./);
  assert.match(text, /\| 1 \| 16 \| 3 \| /);
  // a job without a pipeline keeps the five columns
  assert.doesNotMatch(renderSummaryMd(makeReport()), /pipeline bubble/);
});
