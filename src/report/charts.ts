/**
 * Vega-Lite specs for the report's charts, built from a Report. Each chart carries its own title and
 * description (vega writes the description to the SVG's aria-label) and a plain table of the same numbers
 * for the page's accessible fallback.
 *
 * Scenario text (job names, cost items) only ever enters a spec as data values, never as a field name,
 * format string or expression, so it cannot change what the spec does.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../metrics/result-types.ts';
import { bytesToGiB, formatGiB, formatKWh, formatSeconds, formatUsd } from './format.ts';
import { breakEvenText } from './break-even.ts';
import { breakEvenChartBody, breakEvenChartDescription } from './break-even.ts';
import { busbwChartBody } from './collective.ts';
import { inferenceChartBodies } from './inference.ts';
import { goodputChartBodies } from './goodput-charts.ts';
import { overTimeChartBody, tierChartBody } from './fabric.ts';
import { costParts, energyParts, jobList, memoryParts, stepParts } from './figures.ts';
import { powerChartBody } from './power-chart.ts';
import type { Timeseries } from '../metrics/timeseries.ts';

export interface ChartTable {
  columns: string[];
  rows: string[][];
}

export interface ChartDef {
  /** stable id, also used in element ids of the page */
  id: string;
  title: string;
  description: string;
  spec: TopLevelSpec;
  table: ChartTable;
}

const WIDTH = 640;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const STEP_COLORS = ['#2563eb', '#f59e0b', '#10b981', '#8b5cf6', '#94a3b8'];
const MEMORY_COLORS = ['#2563eb', '#0ea5e9', '#8b5cf6', '#f59e0b', '#94a3b8'];
const CAPACITY_COLOR = '#dc2626';

const CONFIG = {
  font: FONT,
  background: '#ffffff',
  view: { stroke: null },
  axis: { labelColor: '#334155', titleColor: '#334155', gridColor: '#e2e8f0', domainColor: '#94a3b8', tickColor: '#94a3b8', labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' as const },
  // Tick and legend layout follow the width, so the live chart still reads when it reflows to a phone.
  axisY: { labelLimit: 220 },
  axisX: { tickCount: { expr: 'max(2, min(10, floor(width / 90)))' }, labelOverlap: true, labelSeparation: 6 },
  legend: { labelColor: '#334155', labelFontSize: 11, orient: 'bottom' as const, title: null, symbolType: 'square', columns: { expr: 'max(1, min(5, floor(width / 120)))' } },
  title: { anchor: 'start' as const, fontSize: 14, fontWeight: 600 as const, color: '#0f172a', subtitleColor: '#475569', subtitleFontSize: 11 },
  bar: { cornerRadiusEnd: 0 },
};

/** The top of every chart spec: schema, title, description (the SVG's aria-label), width and style. */
export function header(title: string, description: string, subtitle?: string) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: subtitle === undefined ? { text: title } : { text: title, subtitle },
    description,
    width: WIDTH,
    config: CONFIG,
  };
}

function stepChart(report: Report): ChartDef | null {
  const jobs = jobList(report);
  if (jobs.length === 0) return null;
  const values = jobs.flatMap((j) => stepParts(j.breakdown, jobs).map((p, order) => ({ job: j.name, part: p.label, seconds: p.value, order })));
  const labels = stepParts(jobs[0]!.breakdown, jobs).map((p) => p.label);
  const title = 'Where the step time goes';
  const description = 'Stacked bar per job: seconds per training step spent in compute, exposed tensor-parallel communication, exposed data-parallel communication, the optimizer and everything else.';
  return {
    id: 'step-breakdown', title, description,
    spec: {
      ...header(title, description),
      height: { step: 34 },
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'job', type: 'nominal', title: null, sort: null },
        x: { field: 'seconds', type: 'quantitative', title: 'seconds per step', stack: 'zero' },
        color: { field: 'part', type: 'nominal', title: null, scale: { domain: labels, range: STEP_COLORS }, sort: null },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [{ field: 'job', type: 'nominal' }, { field: 'part', type: 'nominal' }, { field: 'seconds', type: 'quantitative', format: '.4~g' }],
      },
    },
    table: {
      columns: ['Job', ...labels, 'Step'],
      rows: jobs.map((j) => [j.name, ...stepParts(j.breakdown, jobs).map((p) => formatSeconds(p.value)), formatSeconds(j.stepSeconds)]),
    },
  };
}

function memoryChart(report: Report): ChartDef | null {
  const jobs = jobList(report);
  if (jobs.length === 0) return null;
  const values = jobs.flatMap((j) => memoryParts(j.memory).map((p, order) => ({ job: j.name, part: p.label, GiB: bytesToGiB(p.value), order })));
  const capacity = jobs.map((j) => ({ job: j.name, capacityGiB: bytesToGiB(j.memory.capacityBytes) }));
  const labels = memoryParts(jobs[0]!.memory).map((p) => p.label);
  const title = 'Memory per GPU';
  const description = 'Stacked bar per job: GiB of device memory per GPU for weights, gradients, optimizer state, activations and other buffers; the red tick marks the device capacity.';
  const y = { field: 'job', type: 'nominal' as const, title: null, sort: null };
  return {
    id: 'memory', title, description,
    spec: {
      ...header(title, description, 'red tick: device memory capacity'),
      height: { step: 34 },
      layer: [
        {
          data: { values },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            y,
            x: { field: 'GiB', type: 'quantitative', title: 'GiB per GPU', stack: 'zero' },
            color: { field: 'part', type: 'nominal', title: null, scale: { domain: labels, range: MEMORY_COLORS }, sort: null },
            order: { field: 'order', type: 'quantitative' },
            tooltip: [{ field: 'job', type: 'nominal' }, { field: 'part', type: 'nominal' }, { field: 'GiB', type: 'quantitative', format: '.1f' }],
          },
        },
        {
          data: { values: capacity },
          mark: { type: 'tick', color: CAPACITY_COLOR, thickness: 4, tooltip: true },
          encoding: {
            y,
            x: { field: 'capacityGiB', type: 'quantitative' },
            tooltip: [{ field: 'job', type: 'nominal' }, { field: 'capacityGiB', type: 'quantitative', title: 'capacity GiB', format: '.1f' }],
          },
        },
      ],
    },
    table: {
      columns: ['Job', ...labels, 'Total', 'Capacity'],
      rows: jobs.map((j) => [j.name, ...memoryParts(j.memory).map((p) => formatGiB(p.value)), formatGiB(j.memory.totalBytes), formatGiB(j.memory.capacityBytes)]),
    },
  };
}

/** A single-series horizontal bar chart: one bar per labelled amount. */
function barChart(id: string, title: string, description: string, unit: string, color: string, rows: { label: string; value: number }[], format: (n: number) => string): ChartDef {
  return {
    id, title, description,
    spec: {
      ...header(title, description),
      height: { step: 28 },
      data: { values: rows.map((r) => ({ item: r.label, amount: r.value })) },
      mark: { type: 'bar', color, tooltip: true },
      encoding: {
        y: { field: 'item', type: 'nominal', title: null, sort: null },
        x: { field: 'amount', type: 'quantitative', title: unit },
        tooltip: [{ field: 'item', type: 'nominal' }, { field: 'amount', type: 'quantitative', title: unit, format: '.4~g' }],
      },
    },
    table: { columns: ['Item', unit], rows: rows.map((r) => [r.label, format(r.value)]) },
  };
}

/**
 * The same chart sized to its container, for the interactive view in the browser: it reflows to the
 * width of a phone or a wide screen, where the static SVG (fixed width) can only scale.
 */
export function responsiveSpec(spec: TopLevelSpec): TopLevelSpec {
  return { ...spec, width: 'container', autosize: { type: 'fit-x', contains: 'padding' } } as TopLevelSpec;
}

function busbwChart(report: Report): ChartDef | null {
  const body = busbwChartBody(report);
  if (body === null) return null;
  const title = 'Bus bandwidth by message size';
  const description = 'Line per collective job: nccl-tests bus bandwidth (GB/s) at each message size of the sweep, sizes on a log scale; it rises with size while latency dominates and levels off where the links saturate.';
  return { id: 'collective-busbw', title, description, spec: { ...header(title, description), ...body.spec } as TopLevelSpec, table: { columns: body.columns, rows: body.rows } };
}

function tierChart(report: Report): ChartDef | null {
  const body = tierChartBody(report);
  if (body === null) return null;
  const title = 'Link utilisation by fabric tier';
  const description = 'Grouped horizontal bars: mean utilisation (busy time over simulated time, averaged over every link of the tier) of each fabric tier during each collective job\'s largest-size call alone, and during the run of all collective jobs together on one fabric.';
  return { id: 'link-utilisation', title, description, spec: { ...header(title, description), ...body.spec } as TopLevelSpec, table: { columns: body.columns, rows: body.rows } };
}

function overTimeChart(report: Report): ChartDef | null {
  const body = overTimeChartBody(report);
  if (body === null) return null;
  const title = 'Link utilisation over time by tier';
  const description = 'Step lines, colour by tier and dash pattern by run: utilisation of each fabric tier (total flow rate over total line rate of the tier\'s links) against simulated time, during each collective job\'s largest-size call alone and the run of all collective jobs together; flow backend only, long runs averaged into at most 200 time buckets.';
  return { id: 'link-utilisation-over-time', title, description, spec: { ...header(title, description), ...body.spec } as TopLevelSpec, table: { columns: body.columns, rows: body.rows } };
}

function breakEvenChart(report: Report): ChartDef | null {
  const body = breakEvenChartBody(report);
  if (body === null) return null;
  const b = report.cost.breakEven!;
  const title = 'Owned versus cloud: cost per year by utilisation';
  const description = breakEvenChartDescription(b);
  return { id: 'break-even', title, description, spec: { ...header(title, description, breakEvenText(b)), ...body.spec } as TopLevelSpec, table: { columns: body.columns, rows: body.rows } };
}

export function buildCharts(report: Report, timeseries?: Timeseries): ChartDef[] {
  const charts = [stepChart(report), memoryChart(report), busbwChart(report), tierChart(report), overTimeChart(report)];
  const power = powerChartBody(timeseries);
  for (const b of [...inferenceChartBodies(report), ...goodputChartBodies(report), ...(power === null ? [] : [power])]) {
    charts.push({ id: b.id, title: b.title, description: b.description, spec: { ...header(b.title, b.description), ...b.spec } as TopLevelSpec, table: { columns: b.columns, rows: b.rows } });
  }
  charts.push(barChart('energy', 'Energy by component', 'Horizontal bars: facility energy of the run in kWh, split into accelerators, the rest of each node, the scale-out network and storage where counted, and facility overhead from the PUE.', 'kWh', '#0d9488', energyParts(report), formatKWh));
  const cost = costParts(report);
  if (cost.length > 0) {
    charts.push(barChart('cost', 'Cost by item', `Horizontal bars: cost of the run in USD by item (${report.cost.basis} basis).`, 'USD', '#7c3aed', cost, formatUsd));
  }
  const breakEven = breakEvenChart(report);
  if (breakEven !== null) charts.push(breakEven);
  return charts.filter((c): c is ChartDef => c !== null);
}
