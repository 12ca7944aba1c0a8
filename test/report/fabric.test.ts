// The fabric parts of the reports: placement and slowdown figures, per-tier utilisation and hottest-link
// tables in summary.md and report.html, and the per-tier utilisation chart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CollectiveJobResult, LinkUtilisationResult } from '../../src/metrics/result-types.ts';
import { buildCharts } from '../../src/report/charts.ts';
import { fabricFigures, hotLinkRows, tierRows } from '../../src/report/fabric.ts';
import { jobSections, summaryCards } from '../../src/report/html-sections.ts';
import { compileChart, renderSvg } from '../../src/report/render-svg.ts';
import { responsiveSpec } from '../../src/report/charts.ts';
import { renderSummaryMd } from '../../src/report/summary-md.ts';
import { makeReport } from '../fixtures/report-fixture.ts';

const links = (scale: number): LinkUtilisationResult => ({
  backend: 'flow', bytes: 2 ** 30, seconds: 0.01,
  tiers: [
    { tier: 'nic', links: 8, linksUsed: 4, meanUtilisation: 0.2 * scale, maxUtilisation: 0.4 * scale, bytes: 4e9 },
    { tier: 'leaf-spine', links: 4, linksUsed: 4, meanUtilisation: 0.45 * scale, maxUtilisation: 0.47 * scale, bytes: 6e9 },
  ],
  hottest: [{ link: 'leaf0 -> spine1', tier: 'leaf-spine', utilisation: 0.47 * scale, bytes: 1.5e9 }],
  overTime: [
    { tier: 'nic', points: [{ t: 0, utilisation: 0.4 * scale }, { t: 0.004, utilisation: 0.1 * scale }, { t: 0.01, utilisation: 0 }] },
    { tier: 'leaf-spine', points: [{ t: 0, utilisation: 0.47 * scale }, { t: 0.004, utilisation: 0.2 * scale }, { t: 0.01, utilisation: 0 }] },
  ],
});

function collective(name: string, other: string): CollectiveJobResult {
  return {
    kind: 'collective', name, op: 'all_reduce', ranks: 16, nodes: 2, devices: 16, accelerator: 'h100-sxm', algorithm: 'ring',
    points: [{ bytes: 2 ** 30, seconds: 0.01, algbwGBps: 107, busbwGBps: 201, algorithm: 'ring' }],
    busbwGBps: 201, algbwGBps: 107, busbwPerNicGBps: 25, simulatedSeconds: 0.01, computeUtilisation: 0,
    placement: { policy: 'scattered', nodes: [0, 6] },
    links: links(1),
    sharing: { with: [other], bytes: 2 ** 30, aloneSeconds: 0.01, sharedSeconds: 0.02, slowdown: 2, sharedAlgbwGBps: 53.5, sharedBusbwGBps: 100.5, links: links(2) },
  };
}

const report = makeReport({ jobs: { a: collective('a', 'b'), b: collective('b', 'a') } });

test('figures give the placement, the slowdown with its partner, and the bandwidth achieved shared', () => {
  const f = new Map(fabricFigures(report.jobs.a as CollectiveJobResult).map((x) => [x.label, x.value]));
  assert.equal(f.get('Placement'), 'scattered: nodes 0, 6');
  assert.equal(f.get('Slowdown sharing the fabric (1 GiB)'), '2× with b');
  assert.match(f.get('busbw achieved shared')!, /^100\.5 GB\/s/);
  assert.deepEqual(tierRows(links(1))[1], ['leaf-spine', '4 of 4', '45.0%', '47.0%', '5.588 GiB']);
  assert.deepEqual(hotLinkRows(links(1))[0], ['leaf0 -> spine1', 'leaf-spine', '47.0%', '1.397 GiB']);
});

test('summary.md and report.html show each job\'s tables and the shared run once', () => {
  const md = renderSummaryMd(report);
  assert.equal(md.match(/## Shared fabric: a, b/g)?.length, 1);
  assert.equal(md.match(/### Hottest links \(largest size alone\)/g)?.length, 2);
  assert.match(md, /\| leaf0 -&gt; spine1 \| leaf-spine \| 94.0% \|/);
  const html = jobSections(report);
  assert.equal(html.match(/<h2 id="shared-fabric">/g)?.length, 1);
  assert.match(html, /<td>leaf0 -&gt; spine1<\/td><td>leaf-spine<\/td><td>47.0%<\/td>/);
  assert.match(summaryCards(report), /Slowdown, shared fabric<\/div><div class="value">2×/);
});

test('the per-tier chart has a bar per run and tier and renders', async () => {
  const chart = buildCharts(report).find((c) => c.id === 'link-utilisation')!;
  assert.deepEqual(chart.table.rows.map((r) => r.slice(0, 2)), [
    ['a alone', 'nic'], ['a alone', 'leaf-spine'], ['b alone', 'nic'], ['b alone', 'leaf-spine'], ['all jobs, shared', 'nic'], ['all jobs, shared', 'leaf-spine'],
  ]);
  const svg = await renderSvg(compileChart(chart.spec));
  assert.ok(svg.includes(`>${chart.title}</text>`));
});

test('the over-time chart has a step line per tier and run, a table row per time, and renders', async () => {
  const chart = buildCharts(report).find((c) => c.id === 'link-utilisation-over-time')!;
  assert.equal(chart.title, 'Link utilisation over time by tier');
  assert.ok(chart.description.length > 40);
  assert.deepEqual(chart.table.columns, ['Run', 'From (ms)', 'nic', 'leaf-spine']);
  assert.equal(chart.table.rows.length, 9, 'three runs of three points');
  assert.deepEqual(chart.table.rows[1], ['a alone', '4', '10.0%', '20.0%']);
  assert.deepEqual(chart.table.rows[6], ['all jobs, shared', '0', '80.0%', '94.0%']);
  const warnings: string[] = [];
  const svg = await renderSvg(compileChart(chart.spec, warnings));
  compileChart(responsiveSpec(chart.spec), warnings);
  assert.deepEqual(warnings, []);
  assert.ok(svg.includes(`>${chart.title}</text>`));
  assert.ok(svg.includes('all jobs, shared'));
});

test('no over-time chart without a recorded run (analytical backend)', () => {
  const plain = (name: string, other: string): CollectiveJobResult => {
    const j = collective(name, other);
    const { overTime: _a, ...alone } = j.links!;
    const { overTime: _b, ...shared } = j.sharing!.links;
    return { ...j, links: alone, sharing: { ...j.sharing!, links: shared } };
  };
  const r = makeReport({ jobs: { a: plain('a', 'b'), b: plain('b', 'a') } });
  assert.equal(buildCharts(r).some((c) => c.id === 'link-utilisation-over-time'), false);
  assert.ok(buildCharts(r).some((c) => c.id === 'link-utilisation'));
});
