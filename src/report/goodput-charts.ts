/**
 * The goodput charts of report.html (vega-lite bodies; charts.ts adds the title, size and style): time lost by
 * cause with its 95% confidence interval, unexpected interruptions over the window stacked by category, and the
 * checkpoint-interval sweep (ETTR against the interval on a log scale, one line per mode with its confidence
 * band, rules at Young's and Daly's optima and at the interval the run used). Job names enter only the titles
 * and descriptions (escaped by the page) and the data as values; ids use the job's index.
 */
import type { ChartBody } from './inference.ts';
import type { Report } from '../metrics/result-types.ts';
import { formatPercent, formatSeconds, formatSig } from './format.ts';
import { CATEGORY_LABELS, goodputJobs, LOST_LABELS, type GoodputJob } from './goodput.ts';
import type { GoodputResult } from '../metrics/result-types.ts';

const CATEGORY_COLORS: Record<string, string> = {
  gpu: '#2563eb', hbm: '#0ea5e9', network: '#8b5cf6', nic: '#a855f7', host: '#f59e0b', software: '#10b981', unknown: '#94a3b8', all: '#64748b',
};
const MODE_COLORS = { sync: '#dc2626', async: '#2563eb' };

function lostChart({ job, g }: GoodputJob, i: number): ChartBody {
  const values = (Object.keys(LOST_LABELS) as (keyof GoodputResult['lost'])[])
    .filter((k) => g.lost[k].mean > 0)
    .sort((a, b) => g.lost[b].mean - g.lost[a].mean)
    .map((k) => ({ cause: LOST_LABELS[k], hours: g.lost[k].mean / 3600, lo: g.lost[k].ci95[0] / 3600, hi: g.lost[k].ci95[1] / 3600 }));
  const y = { field: 'cause', type: 'nominal' as const, title: null, sort: null };
  return {
    id: `goodput-lost-${i}`,
    title: `Time lost by cause: ${job.name}`,
    description: `Horizontal bars: hours lost per run of ${formatSeconds(g.durationSeconds)} by cause (mean of ${g.trials} trials), each with its 95% confidence interval as a black rule; the effective training time ratio is ${formatPercent(g.ettr.mean)}.`,
    spec: {
      height: { step: 28 },
      layer: [
        { data: { values }, mark: { type: 'bar', color: '#f59e0b', tooltip: true }, encoding: { y, x: { field: 'hours', type: 'quantitative', title: 'hours per run' }, tooltip: [{ field: 'cause', type: 'nominal' }, { field: 'hours', type: 'quantitative', format: '.3~g' }, { field: 'lo', type: 'quantitative', title: 'CI low', format: '.3~g' }, { field: 'hi', type: 'quantitative', title: 'CI high', format: '.3~g' }] } },
        { data: { values }, mark: { type: 'rule', color: '#0f172a' }, encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
      ],
    } as ChartBody['spec'],
    columns: ['Cause', 'Hours per run', '95% CI low', '95% CI high'],
    rows: values.map((v) => [v.cause, formatSig(v.hours), formatSig(v.lo), formatSig(v.hi)]),
  };
}

function overTimeChart({ job, g }: GoodputJob, i: number): ChartBody {
  const day = g.overTime.binSeconds >= 86_400;
  const unit = day ? 86_400 : g.overTime.binSeconds >= 3_600 ? 3_600 : 60;
  const unitName = day ? 'day' : unit === 3_600 ? 'hour' : 'minute';
  const cats = Object.keys(g.overTime.bins[0]?.byCategory ?? {});
  const values = g.overTime.bins.flatMap((b) => cats.map((c, order) => ({ start: b.t / unit, end: (b.t + g.overTime.binSeconds) / unit, category: CATEGORY_LABELS[c] ?? c, interruptions: b.byCategory[c]!, order })));
  const labels = cats.map((c) => CATEGORY_LABELS[c] ?? c);
  return {
    id: `goodput-over-time-${i}`,
    title: `Unexpected interruptions over time: ${job.name}`,
    description: `Stacked bars: unexpected interruptions per ${formatSeconds(g.overTime.binSeconds)} bin over the window, by category, averaged over ${g.trials} trials (about ${formatSig(g.interruptions.perDay.mean)} per day in all).`,
    spec: {
      height: 240,
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        // Pre-binned: each bar spans its bin, and the categories stack within it.
        x: { field: 'start', type: 'quantitative', bin: 'binned', title: `${unitName}s since the start`, scale: { domain: [0, g.durationSeconds / unit], nice: false } },
        x2: { field: 'end' },
        y: { field: 'interruptions', type: 'quantitative', title: 'interruptions per bin (mean)', stack: 'zero' },
        color: { field: 'category', type: 'nominal', title: null, scale: { domain: labels, range: cats.map((c) => CATEGORY_COLORS[c] ?? '#64748b') }, sort: null },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [{ field: 'start', type: 'quantitative', title: `${unitName} from`, format: '.4~g' }, { field: 'category', type: 'nominal' }, { field: 'interruptions', type: 'quantitative', format: '.3~g' }],
      },
    } as ChartBody['spec'],
    columns: [`Bin start (${unitName})`, ...labels],
    rows: g.overTime.bins.map((b) => [formatSig(b.t / unit), ...cats.map((c) => formatSig(b.byCategory[c]!))]),
  };
}

function sweepChart({ job, g }: GoodputJob, i: number): ChartBody {
  const values = g.sweep.points.map((p) => ({ mode: p.mode, interval: p.intervalSeconds, ettr: p.ettr.mean, lo: p.ettr.ci95[0], hi: p.ettr.ci95[1] }));
  const modes = [...new Set(values.map((v) => v.mode))];
  const rules = [
    ...(g.sweep.youngSeconds === null ? [] : [{ interval: g.sweep.youngSeconds, label: 'Young sqrt(2CM)' }, { interval: g.sweep.dalySeconds!, label: 'Daly' }]),
    { interval: g.checkpoint.intervalSeconds, label: 'interval of the run' },
  ];
  const xs = values.map((v) => v.interval);
  const x = { field: 'interval', type: 'quantitative' as const, title: 'training seconds between checkpoints (log scale)', scale: { type: 'log' as const, domain: [Math.min(...xs), Math.max(...xs)], nice: false } };
  const color = { field: 'mode', type: 'nominal' as const, title: null, scale: { domain: modes, range: modes.map((m) => MODE_COLORS[m]) } };
  return {
    id: `goodput-sweep-${i}`,
    title: `Checkpoint interval sweep: ${job.name}`,
    description: `Lines per checkpoint mode: effective training time ratio against the interval between checkpoints, each point ${g.sweep.trials} trials with the same failures, the band its 95% confidence interval; dashed rules at Young's and Daly's first-order optima for synchronous checkpoints and at the interval the run used. Simulated optimum: ${g.sweep.optimum.map((o) => `${o.mode} ${formatSeconds(o.intervalSeconds)}`).join(', ')}.`,
    spec: {
      height: 280,
      layer: [
        { data: { values }, mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: 'effective training time ratio', scale: { zero: false }, axis: { format: '.0%' } }, y2: { field: 'hi' }, color } },
        { data: { values }, mark: { type: 'line', point: true, tooltip: true }, encoding: { x, y: { field: 'ettr', type: 'quantitative' }, color, tooltip: [{ field: 'mode', type: 'nominal' }, { field: 'interval', type: 'quantitative', title: 'interval s', format: '.4~g' }, { field: 'ettr', type: 'quantitative', title: 'ETTR', format: '.4f' }] } },
        { data: { values: rules }, mark: { type: 'rule', color: '#475569', strokeDash: [4, 3], tooltip: true }, encoding: { x: { field: 'interval', type: 'quantitative' }, tooltip: [{ field: 'label', type: 'nominal', title: 'rule' }, { field: 'interval', type: 'quantitative', title: 'seconds', format: '.4~g' }] } },
      ],
    } as ChartBody['spec'],
    columns: ['Mode', 'Interval', 'ETTR', '95% CI'],
    rows: g.sweep.points.map((p) => [p.mode, formatSeconds(p.intervalSeconds), formatPercent(p.ettr.mean), `${formatPercent(p.ettr.ci95[0])} to ${formatPercent(p.ettr.ci95[1])}`]),
  };
}

/** Three charts per job with a goodput section, in report order. */
export function goodputChartBodies(report: Report): ChartBody[] {
  return goodputJobs(report).flatMap((x, i) => [lostChart(x, i), overTimeChart(x, i), sweepChart(x, i)]);
}
