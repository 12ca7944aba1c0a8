import { test } from 'node:test';
import assert from 'node:assert/strict';
import { responsiveSpec } from '../../src/report/charts.ts';
import { ganttCharts, MAX_GANTT_BARS } from '../../src/report/gantt.ts';
import { ganttData } from '../../src/report/gantt-data.ts';
import { renderHtml } from '../../src/report/html.ts';
import { compileChart, renderSvg } from '../../src/report/render-svg.ts';
import type { StepTimeline } from '../../src/metrics/timeline-types.ts';
import { makeReport } from '../fixtures/report-fixture.ts';
import { makeTimeline } from '../fixtures/timeline-fixture.ts';

type Row = { stage: string; lane: string; kind: string; name: string; spans: number; micro: string; start: number; end: number };
const rows = (spec: unknown) => (spec as { data: { values: Row[] } }).data.values;
const spanCount = (t: StepTimeline, stages?: number[]) => t.ranks.filter((r) => !stages || stages.includes(r.stage)).reduce((n, r) => n + r.spans.length, 0);

test('under the cap every span is a bar: stage rows, stream lanes, pass colours, times in ms', () => {
  const t = makeTimeline({ stages: 4, micro: 8, zeroBubble: true });
  const [chart] = ganttCharts([t]);
  assert.equal(chart!.id, 'pipeline-0');
  const values = rows(chart!.spec);
  assert.equal(values.length, spanCount(t));
  const enc = (chart!.spec as { encoding: Record<string, { scale?: { domain?: unknown } }> }).encoding;
  assert.deepEqual(enc.y!.scale!.domain, ['stage 0', 'stage 1', 'stage 2', 'stage 3']);
  assert.deepEqual(enc.yOffset!.scale!.domain, ['compute', 'pipeline send', 'data-parallel', 'optimizer']);
  assert.deepEqual(enc.color!.scale!.domain, ['forward', 'backward', 'weight gradients', 'pipeline send', 'data-parallel comm', 'optimizer']);
  const f0 = values.find((v) => v.stage === 'stage 1' && v.name === 'F0.0')!;
  assert.deepEqual([f0.kind, f0.micro, f0.start, f0.end], ['forward', '0', 1.25, 2.25]);
  assert.equal(chart!.table.rows.length, 4);
  assert.deepEqual(chart!.table.columns, ['Stage', 'Rank', 'forward', 'backward', 'weight gradients', 'pipeline send', 'data-parallel comm', 'optimizer', 'compute idle (bubble)']);
  assert.equal(chart!.table.rows[0]![2], '8 ms');
  assert.doesNotMatch(chart!.description, /To keep the page small/);
});

test('the Gantt spec compiles without warnings and renders to SVG in Node, the same twice', async () => {
  const t = makeTimeline({ stages: 3, micro: 4 });
  const [chart] = ganttCharts([t]);
  const warnings: string[] = [];
  const compiled = compileChart(chart!.spec, warnings);
  compileChart(responsiveSpec(chart!.spec), warnings);
  assert.deepEqual(warnings, []);
  const a = await renderSvg(compiled);
  assert.equal(await renderSvg(compileChart(chart!.spec)), a);
  assert.match(a, /^<svg /);
  assert.ok(a.includes('>Pipeline timeline: pretrain</text>'));
  // a bar per span (and the legend's squares), no per-bar aria label (it would double the SVG of a long timeline)
  const rects = (a.match(/<path d="M[^"]*h[^"]*v[^"]*Z"/g) ?? []).length;
  assert.ok(rects >= spanCount(t) && rects <= spanCount(t) + 10, `${rects} rectangles for ${spanCount(t)} spans`);
  assert.doesNotMatch(a, /aria-roledescription="bar"/);
});

for (const [maxBars, reduction] of [[270, 1], [120, 2], [40, 3]] as const) {
  test(`over the cap (${maxBars} bars): reduction step ${reduction}, bars within the cap, every span of the shown stages in one bar`, () => {
    const t = makeTimeline({ stages: 6, micro: 12 });
    const d = ganttData(t, maxBars);
    assert.equal(d.reduction, reduction);
    assert.ok(d.bars.length <= maxBars, `${d.bars.length} bars`);
    assert.equal(d.bars.reduce((n, b) => n + b.count, 0), spanCount(t, d.stages));
    assert.equal(d.stages[0], 0);
    assert.equal(d.stages.at(-1), 5);
    // bars on a lane stay in time order and never overlap
    for (let i = 1; i < d.bars.length; i++) {
      const [a, b] = [d.bars[i - 1]!, d.bars[i]!];
      if (a.stage === b.stage && a.lane === b.lane) assert.ok(b.start >= a.end - 1e-12, `${a.name} / ${b.name}`);
    }
    const [chart] = ganttCharts([t], maxBars);
    assert.match(chart!.description, /To keep the page small/);
    assert.match(chart!.description, reduction >= 2 ? /stages 0, .*5 of 6 shown/ : /touching spans of one kind are drawn as one bar \(/);
    assert.equal(chart!.table.rows.length, 6, 'the table keeps every stage');
  });
}

test('the cap is shared between the jobs of a page', () => {
  const big = makeTimeline({ stages: 8, micro: 64 });
  const charts = ganttCharts([big, { ...big, job: 'second' }]);
  assert.equal(charts.length, 2);
  assert.deepEqual(charts.map((c) => c.id), ['pipeline-0', 'pipeline-1']);
  assert.ok(charts.reduce((n, c) => n + rows(c.spec).length, 0) <= MAX_GANTT_BARS);
  assert.deepEqual(ganttCharts([{ job: 'empty', stepSeconds: 1, ranks: [{ stage: 0, rank: 0, label: 's', spans: [] }] }]), []);
});

test('report.html: a Pipeline timeline section with the chart, its spec and table; the job name escaped', async () => {
  const hostile = '<img src=x onerror="alert(4)">';
  const quickSvg = async () => '<svg xmlns="http://www.w3.org/2000/svg"></svg>';
  const html = await renderHtml(makeReport(), { scenarioText: '', renderSvg: quickSvg, timelines: [makeTimeline({ job: hostile, stages: 2, micro: 2 })] });
  assert.ok(!html.includes(hostile));
  assert.match(html, /<h2 id="pipeline-timeline">Pipeline timeline<\/h2>/);
  assert.match(html, /data-chart="pipeline-0"/);
  assert.ok(html.includes('Pipeline timeline: &lt;img src=x onerror=&quot;alert(4)&quot;&gt;'));
  const spec = /<script type="application\/json" id="vega-spec-pipeline-0">([^<]*)<\/script>/.exec(html);
  assert.ok(spec !== null);
  assert.equal(typeof JSON.parse(spec[1]!).marks, 'object');
  const none = await renderHtml(makeReport(), { scenarioText: '', renderSvg: quickSvg });
  assert.doesNotMatch(none, /pipeline-timeline|data-chart="pipeline-/);
});
