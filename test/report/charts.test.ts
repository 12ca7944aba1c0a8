import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCharts, responsiveSpec } from '../../src/report/charts.ts';
import { compileChart, renderSvg } from '../../src/report/render-svg.ts';
import { makeJob, makeReport } from '../fixtures/report-fixture.ts';

test('the fixture gives four charts, each with a title, a description and a data table', () => {
  const charts = buildCharts(makeReport());
  assert.deepEqual(charts.map((c) => c.id), ['step-breakdown', 'memory', 'energy', 'cost']);
  for (const c of charts) {
    assert.ok(c.title.length > 0 && c.description.length > 20, c.id);
    const spec = c.spec as { title: { text: string }; description: string };
    assert.equal(spec.title.text, c.title);
    assert.equal(spec.description, c.description);
    assert.ok(c.table.rows.every((r) => r.length === c.table.columns.length), c.id);
  }
});

test('the step chart stacks the five parts of the breakdown, which add up to the step time', () => {
  const chart = buildCharts(makeReport())[0]!;
  const values = (chart.spec as { data: { values: { part: string; seconds: number }[] } }).data.values;
  assert.deepEqual(values.map((v) => v.part), ['compute', 'TP comm', 'DP comm exposed', 'optimizer', 'other']);
  assert.ok(Math.abs(values.reduce((a, v) => a + v.seconds, 0) - 4.8) < 1e-12);
});

test('static and responsive specs compile without vega-lite warnings', () => {
  for (const c of buildCharts(makeReport())) {
    const warnings: string[] = [];
    compileChart(c.spec, warnings);
    compileChart(responsiveSpec(c.spec), warnings);
    assert.deepEqual(warnings, [], c.id);
  }
});

test('SVG rendering is deterministic and shows the chart title', async () => {
  const chart = buildCharts(makeReport())[1]!;
  const a = await renderSvg(compileChart(chart.spec));
  const b = await renderSvg(compileChart(chart.spec));
  assert.equal(a, b);
  assert.match(a, /^<svg /);
  assert.ok(a.includes(`>${chart.title}</text>`));
});

test('scenario text in chart data is escaped in the SVG', async () => {
  const job = makeJob({ name: '<script>alert(1)</script>' });
  const chart = buildCharts(makeReport({ jobs: { [job.name]: job } }))[0]!;
  const svg = await renderSvg(compileChart(chart.spec));
  assert.doesNotMatch(svg, /<script/);
  assert.match(svg, /&lt;script&gt;/);
});

test('no cost items and no jobs: the charts without data are left out', () => {
  const r = makeReport({ jobs: {} });
  r.cost = { ...r.cost, byItemUsd: {} };
  assert.deepEqual(buildCharts(r).map((c) => c.id), ['energy']);
});

test('the break-even chart: two lines over u = 0..1, a rule at u*, compiles without warnings, table of every point', () => {
  const curve = Array.from({ length: 21 }, (_, i) => ({ utilisation: i / 20, ownedUsdPerYear: 100 + 10 * (i / 20), cloudUsdPerYear: 300 * (i / 20) }));
  const base = makeReport();
  const report = {
    ...base,
    cost: {
      ...base.cost,
      breakEven: {
        utilisation: 100 / 290, verdict: 'break-even' as const, years: 3, ownedUsdPerYearAt0: 100, ownedUsdPerYearAt100: 110, cloudUsdPerYearAt100: 300, curve,
        prices: [{ name: 'p', value: 1, unit: 'USD', source: 's', date: '2026' }],
      },
    },
  };
  const chart = buildCharts(report).at(-1)!;
  assert.equal(chart.id, 'break-even');
  const layers = (chart.spec as { layer: { mark: { type: string }; data: { values: { utilisation: number }[] } }[] }).layer;
  assert.deepEqual(layers.map((l) => l.mark.type), ['line', 'rule']);
  assert.equal(layers[0]!.data.values.length, 42);
  assert.equal(layers[1]!.data.values[0]!.utilisation, 100 / 290);
  assert.equal(chart.table.rows.length, 21);
  assert.match(chart.description, /34\.5%/);
  const warnings: string[] = [];
  compileChart(chart.spec, warnings);
  compileChart(responsiveSpec(chart.spec), warnings);
  assert.deepEqual(warnings, []);
  // Owning never cheaper: no rule.
  const never = { ...report, cost: { ...report.cost, breakEven: { ...report.cost.breakEven, utilisation: null, verdict: 'owned-never-cheaper' as const } } };
  assert.deepEqual((buildCharts(never).at(-1)!.spec as { layer: { mark: { type: string } }[] }).layer.map((l) => l.mark.type), ['line']);
});
