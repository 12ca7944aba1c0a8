// The storage sections of summary.md and report.html: figures, tier tables, and escaping of every string
// that came from a scenario or a profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSummaryMd } from '../../src/report/summary-md.ts';
import { checkpointFigures, dataFigures, formatBytes, storageSection, tierRows } from '../../src/report/storage.ts';
import type { CheckpointCost, DataPipelineCost } from '../../src/storage/types.ts';
import { makeJob, makeReport } from '../fixtures/report-fixture.ts';

const HOSTILE = 'fs|<script>x</script>*';

const checkpoint: CheckpointCost = {
  bytes: 988e9, writeSeconds: 4.94, stallSeconds: 0.0153, syncStallSeconds: 4.94, asyncStallSeconds: 0.0153, restoreSeconds: 68.3,
  bottleneck: `parallel-fs aggregate write (${HOSTILE})`, retainedBytes: 2.96e12, storage: HOSTILE, tier: 'parallel-fs', network: 'compute', mode: 'async',
  intervalSeconds: 1800, intervalSteps: 251, copySeconds: 0.0153, gpuDirect: true,
  writeTiers: [{ tier: `parallel-fs aggregate write (${HOSTILE})`, seconds: 4.94 }, { tier: 'host link (PCIe, per device)', seconds: 0.0153 }],
  restoreTiers: [{ tier: 'parallel-fs aggregate read', seconds: 68.3 }],
  capacityBytes: 1e12, fits: false,
};

const data: DataPipelineCost = {
  bytesPerStep: 8.19e9, readSeconds: 5.46, stallSeconds: 3.39, bottleneck: 'parallel-fs aggregate read', storage: 'pfs-generic', prefetch: 1, readers: 16,
  stepSecondsWithoutData: 2.07, stepSecondsWithData: 5.46, readTiers: [{ tier: 'parallel-fs aggregate read', seconds: 5.46 }, { tier: 'per-node NIC (compute fabric)', seconds: 0.00256 }],
};

test('bytes read in decimal units', () => {
  assert.equal(formatBytes(987_751_890_944), '988 GB');
  assert.equal(formatBytes(2.96e12), '2.96 TB');
  assert.equal(formatBytes(512), '512 B');
});

test('checkpoint figures: write, both stalls, what async hides, retained capacity that does not fit', () => {
  const f = Object.fromEntries(checkpointFigures(checkpoint).map((x) => [x.label, x.value]));
  assert.equal(f['Write time'], `4.94 s, bottleneck: parallel-fs aggregate write (${HOSTILE})`);
  assert.equal(f['Stall, synchronous write'], '4.94 s per checkpoint');
  assert.equal(f['Hidden by asynchronous writes'], '4.92 s of 4.94 s (99.7%)');
  assert.equal(f['Retained checkpoints'], '2.96 TB, of 1 TB capacity: does not fit');
  assert.equal(f['Interval'], '30 min (251 steps)');
});

test('data figures: the stall as a share of the step, and its bottleneck', () => {
  const f = Object.fromEntries(dataFigures(data).map((x) => [x.label, x.value]));
  assert.equal(f['Data stall'], '3.39 s per step (+163.8% on the 2.07 s step), bottleneck: parallel-fs aggregate read');
  assert.deepEqual(tierRows([data.bottleneck], data.readTiers!), [['parallel-fs aggregate read', '5.46 s (bottleneck)'], ['per-node NIC (compute fabric)', '2.56 ms']]);
  // the model's named bottleneck is marked, not merely the largest figure (a near-tie names the first listed)
  assert.deepEqual(tierRows(['per-node NIC (compute fabric)'], data.readTiers!)[1], ['per-node NIC (compute fabric)', '2.56 ms (bottleneck)']);
});

test('summary.md and report.html escape the storage strings and keep table rows whole', () => {
  const job = makeJob({ name: 'job|<b>x</b>', checkpoint, data });
  const report = makeReport({ jobs: { [job.name]: job } });
  const md = renderSummaryMd(report);
  assert.ok(!md.includes('<script>') && !md.includes('<b>'));
  assert.match(md, /## Storage: job\\\|&lt;b&gt;x&lt;\/b&gt;/);
  const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('| ---')) continue;
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith('|'); j++) assert.equal(cells(lines[j]!), cells(lines[i - 1]!), lines[j]);
  }
  const html = storageSection(report);
  assert.ok(!html.includes('<script>') && !html.includes('<b>x'));
  assert.match(html, /fs\|&lt;script&gt;x&lt;\/script&gt;\*/);
  assert.match(html, /<h3>Checkpoint<\/h3>[\s\S]*<h3>Data pipeline<\/h3>/);
});

test('a report without storage keys has no storage section', () => {
  assert.equal(storageSection(makeReport()), '');
  assert.doesNotMatch(renderSummaryMd(makeReport()), /## Storage/);
});
