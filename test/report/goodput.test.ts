// The goodput section of summary.md and report.html and its three charts (src/report/goodput.ts,
// goodput-charts.ts): present only for a job with a goodput, every piece of file-borne text escaped, the
// charts compiling without vega-lite warnings and each with a data table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCharts, responsiveSpec } from '../../src/report/charts.ts';
import { goodputSection } from '../../src/report/goodput.ts';
import { compileChart, renderSvg } from '../../src/report/render-svg.ts';
import { renderSummaryMd } from '../../src/report/summary-md.ts';
import { makeJob, makeReport } from '../fixtures/report-fixture.ts';
import { HOSTILE_CAUSE, smallGoodput } from '../goodput/fixtures.ts';

const goodput = smallGoodput();
const report = makeReport({ jobs: { pretrain: makeJob({ goodput }) } });

test('no goodput: no section and no goodput charts', () => {
  const plain = makeReport();
  assert.doesNotMatch(renderSummaryMd(plain), /## Goodput/);
  assert.equal(goodputSection(plain), '');
  assert.ok(buildCharts(plain).every((c) => !c.id.startsWith('goodput')));
});

test('summary.md: the figures, time lost, interruptions by category and the causes with their sources, escaped', () => {
  const md = renderSummaryMd(report);
  for (const heading of ['## Goodput: pretrain', '### Time lost by cause', '### Unexpected interruptions by category', '### Failure causes and their sources']) assert.ok(md.includes(heading), heading);
  assert.match(md, /\| Effective training time ratio \| \d+\.\d% \(95% CI/);
  assert.doesNotMatch(md, /<script>|<b>|<i>/);
  assert.ok(md.includes('&lt;script&gt;alert(3)&lt;/script&gt; \\| \\*PDU\\*'));
  assert.ok(!md.includes('[x](https://evil.example)'));
  // Every row of a table has as many cells as its header.
  const section = md.slice(md.indexOf('## Goodput'), md.indexOf('## Energy'));
  for (const block of section.split('\n\n').filter((b) => b.startsWith('| '))) {
    const rows = block.split('\n').filter((r) => r !== '').map((r) => r.replace(/\\\|/g, '').split('|').length);
    assert.ok(rows.every((n) => n === rows[0]), block.slice(0, 80));
  }
});

test('report.html section: escaped, with its four tables', () => {
  const html = goodputSection(report);
  assert.match(html, /<h2 id="goodput-0">Goodput: pretrain<\/h2>/);
  assert.equal((html.match(/<table/g) ?? []).length, 4);
  assert.doesNotMatch(html, /<script>|<b>|<i>/);
  assert.ok(html.includes('&lt;script&gt;alert(3)&lt;/script&gt;'));
});

test('three charts per job: time lost, interruptions over time, interval sweep; they compile cleanly', () => {
  const charts = buildCharts(report).filter((c) => c.id.startsWith('goodput'));
  assert.deepEqual(charts.map((c) => c.id), ['goodput-lost-0', 'goodput-over-time-0', 'goodput-sweep-0']);
  for (const c of charts) {
    const warnings: string[] = [];
    compileChart(c.spec, warnings);
    compileChart(responsiveSpec(c.spec), warnings);
    assert.deepEqual(warnings, [], c.id);
    assert.ok(c.table.rows.length > 0 && c.table.rows.every((r) => r.length === c.table.columns.length), c.id);
  }
  const sweep = charts[2]!.table.rows;
  assert.equal(sweep.length, goodput.sweep.points.length);
});

test('the over-time chart renders to SVG with the categories of the causes', async () => {
  const chart = buildCharts(report).find((c) => c.id === 'goodput-over-time-0')!;
  const svg = await renderSvg(compileChart(chart.spec));
  assert.match(svg, /^<svg /);
  assert.ok(chart.table.columns.includes('GPU') && chart.table.columns.includes('host'));
  assert.ok(!HOSTILE_CAUSE.includes('GPU'));
});
