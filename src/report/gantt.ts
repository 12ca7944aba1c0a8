/**
 * The pipeline Gantt chart of report.html: one simulated training step of a job at flow fidelity, one row
 * per pipeline stage, lanes within the row for its streams (compute, pipeline sends, data-parallel
 * communication, optimizer), x in milliseconds from the start of the step. Compute bars are coloured by
 * pass (forward, backward, weight gradients), the other streams by stream. The bars come from
 * ./gantt-data.ts, capped so the page stays small; the caption says what was merged or left out.
 *
 * The job name enters the spec only as title and description text and the rank data as values (never a
 * field name or an expression); the section's HTML escapes it.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { StepTimeline, TimelineStream } from '../metrics/timeline-types.ts';
import { header as chartHeader, type ChartDef } from './charts.ts';
import { escapeHtml as h } from './escape.ts';
import { formatNumber, formatPercent, formatSeconds } from './format.ts';
import { BAR_KINDS, ganttData, type BarKind, type GanttData } from './gantt-data.ts';

/**
 * Bars at most in all the Gantt charts of a page, shared evenly between the jobs: a bar costs about 0.27 kB
 * (0.16 kB of data in the live spec, 0.11 kB of SVG path), so 2,400 bars are about 0.65 MB of a page that
 * must stay under 2 MB (vega and the other charts take about 0.65 MB).
 */
export const MAX_GANTT_BARS = 2400;

const KIND_LABEL: Record<BarKind, string> = {
  F: 'forward', B: 'backward', W: 'weight gradients', compute: 'other compute',
  'pp-send': 'pipeline send', dp: 'data-parallel comm', optimizer: 'optimizer', mixed: 'steady state, summarised',
};
const KIND_COLOR: Record<BarKind, string> = {
  F: '#2563eb', B: '#f59e0b', W: '#10b981', compute: '#64748b', 'pp-send': '#8b5cf6', dp: '#db2777', optimizer: '#0f172a', mixed: '#94a3b8',
};
const LANE_LABEL: Record<TimelineStream, string> = { compute: 'compute', 'pp-send': 'pipeline send', dp: 'data-parallel', optimizer: 'optimizer' };
const LANE_PX = 11;

/** Milliseconds to 0.1 µs: enough for any span, short in the page. */
const ms = (seconds: number): number => Math.round(seconds * 1e7) / 1e4;

function reductionNote(d: GanttData): string {
  const all = `${formatNumber(d.spans)} spans`;
  const stages = d.stages.length < d.totalStages ? `; stages ${d.stages.join(', ')} of ${formatNumber(d.totalStages)} shown` : '';
  switch (d.reduction) {
    case 0: return '';
    case 1: return ` To keep the page small, touching spans of one kind are drawn as one bar (${all}, ${formatNumber(d.bars.length)} bars); trace.json has each span.`;
    case 2: return ` To keep the page small, touching spans of one kind are drawn as one bar${stages} (${all} in the step, ${formatNumber(d.bars.length)} bars drawn); trace.json has every stage.`;
    case 3: return ` To keep the page small, touching spans of one kind are drawn as one bar${stages}, and of each lane only the first and the last ${formatNumber(d.keptEnds ?? 0)} bars, the steady state between them as one grey bar (its idle gaps not shown) (${all} in the step, ${formatNumber(d.bars.length)} bars drawn); trace.json has each span.`;
  }
}

/** Busy seconds by kind and compute idle time per stage, from every span (not the capped bars). */
function stageTable(t: StepTimeline): { columns: string[]; rows: string[][] } {
  const ranks = [...t.ranks].sort((a, b) => a.stage - b.stage || a.rank - b.rank);
  const kinds = BAR_KINDS.filter((k) => k !== 'mixed' && ranks.some((r) => r.spans.some((s) => (s.stream === 'compute' ? (s.pass ?? 'compute') : s.stream) === k)));
  const rows = ranks.map((r) => {
    const busy = (k: BarKind) => r.spans.filter((s) => (s.stream === 'compute' ? (s.pass ?? 'compute') : s.stream) === k).reduce((a, s) => a + (s.end - s.start), 0);
    const compute = r.spans.filter((s) => s.stream === 'compute').reduce((a, s) => a + (s.end - s.start), 0);
    const idle = Math.max(0, t.stepSeconds - compute);
    return [String(r.stage), String(r.rank), ...kinds.map((k) => formatSeconds(busy(k))), `${formatSeconds(idle)} (${formatPercent(t.stepSeconds > 0 ? idle / t.stepSeconds : 0)})`];
  });
  return { columns: ['Stage', 'Rank', ...kinds.map((k) => KIND_LABEL[k]), 'compute idle (bubble)'], rows };
}

/** One Gantt chart per timeline that has spans; `index` makes the element ids (job names never do). */
export function ganttCharts(timelines: readonly StepTimeline[], maxBars = MAX_GANTT_BARS): ChartDef[] {
  const drawn = timelines.filter((t) => t.ranks.some((r) => r.spans.length > 0));
  const perChart = Math.max(1, Math.floor(maxBars / Math.max(1, drawn.length)));
  return drawn.map((t, index) => {
    const d = ganttData(t, perChart);
    const lanes = [...new Set(d.bars.map((b) => b.lane))];
    const laneOrder = (Object.keys(LANE_LABEL) as TimelineStream[]).filter((l) => lanes.includes(l));
    const kinds = BAR_KINDS.filter((k) => d.bars.some((b) => b.kind === k));
    const stageLabels = d.stages.map((s) => `stage ${s}`);
    const values = d.bars.map((b) => ({
      stage: `stage ${b.stage}`, rank: b.rank, lane: LANE_LABEL[b.lane], kind: KIND_LABEL[b.kind], name: b.name, spans: b.count,
      micro: b.micro === null ? '–' : String(b.micro), chunk: b.chunk === null ? '–' : String(b.chunk),
      start: ms(b.start), end: ms(b.end), ms: ms(b.end - b.start),
    }));
    const title = `Pipeline timeline: ${t.job}`;
    const description = `Gantt chart of one simulated training step of ${t.job} (${formatSeconds(t.stepSeconds)}): a row per pipeline stage, `
      + `in each row a lane per stream (top to bottom: ${laneOrder.map((l) => LANE_LABEL[l]).join(', ')}); `
      + 'compute bars coloured by pass (forward, backward, weight gradients), the other lanes by stream; x in milliseconds from the start of the step.'
      + reductionNote(d);
    const spec = {
      ...chartHeader(title, description, `lanes per stage, top to bottom: ${laneOrder.map((l) => LANE_LABEL[l]).join(', ')}`),
      height: { step: LANE_PX, for: 'offset' },
      data: { values },
      // No per-bar aria label: thousands of them would double the SVG; the figure is labelled and has a table.
      mark: { type: 'bar', aria: false, tooltip: true },
      encoding: {
        y: { field: 'stage', type: 'nominal', title: null, sort: stageLabels, scale: { domain: stageLabels, paddingInner: 0.2 } },
        yOffset: { field: 'lane', type: 'nominal', sort: laneOrder.map((l) => LANE_LABEL[l]), scale: { domain: laneOrder.map((l) => LANE_LABEL[l]), paddingInner: 0.1 } },
        x: { field: 'start', type: 'quantitative', title: 'ms from the start of the step', scale: { domain: [0, ms(t.stepSeconds)], nice: false } },
        x2: { field: 'end' },
        color: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds.map((k) => KIND_LABEL[k]), range: kinds.map((k) => KIND_COLOR[k]) }, sort: null },
        tooltip: [
          { field: 'stage', type: 'nominal' }, { field: 'rank', type: 'quantitative' }, { field: 'lane', type: 'nominal' },
          { field: 'name', type: 'nominal' }, { field: 'kind', type: 'nominal', title: 'pass or stream' },
          { field: 'micro', type: 'nominal', title: 'micro-batch' }, { field: 'chunk', type: 'nominal' }, { field: 'spans', type: 'quantitative' },
          { field: 'start', type: 'quantitative', title: 'start ms', format: '.4~f' }, { field: 'ms', type: 'quantitative', title: 'duration ms', format: '.4~f' },
        ],
      },
    } as TopLevelSpec;
    return { id: `pipeline-${index}`, title, description, spec, table: stageTable(t) };
  });
}

/** The page section holding the Gantt figures (rendered by html.ts like the other charts); '' when none. */
export function pipelineSection(figures: readonly string[]): string {
  if (figures.length === 0) return '';
  return `<section aria-labelledby="pipeline-timeline"><h2 id="pipeline-timeline">Pipeline timeline</h2>
<p class="muted">${h('One training step as the flow replay simulated it, one rank per pipeline stage. trace.json next to this page holds the same spans (the stages chosen with --trace-stages, all by default) for Perfetto (ui.perfetto.dev) or chrome://tracing.')}</p>
<div class="charts">
${figures.join('\n')}
</div></section>`;
}
