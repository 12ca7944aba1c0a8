/**
 * Phase 7's last step: write the report files. Everything is rendered in memory first, so a failure while
 * rendering (a chart, the page) leaves no file behind; then each file is written under a temporary name in
 * the output folder and renamed into place (a rename within one folder is atomic on POSIX), so a reader
 * never sees half a file. If a write fails, the temporary files are removed.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../metrics/result-types.ts';
import type { Timeseries } from '../metrics/timeseries.ts';
import type { StepTimeline } from '../metrics/timeline-types.ts';
import { collectiveCsvFiles } from './collective.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import type { SvgRenderer } from './render-svg.ts';
import { renderSummaryMd } from './summary-md.ts';
import { TIMESERIES_FILE, renderTimeseriesCsv } from './timeseries-csv.ts';
import { renderTrace } from './trace.ts';

export type ReportFormat = 'json' | 'md' | 'html';

export interface WriteOptions {
  outDir: string;
  /** formats to write; report.json is always written */
  formats: readonly ReportFormat[];
  /** the scenario file's text, shown in report.html */
  scenarioText: string;
  /** chart renderer for report.html; tests inject one that fails */
  renderSvg?: SvgRenderer;
  /** training step timelines (flow fidelity), one per job that has one: trace.json and the Gantt charts */
  timelines?: readonly StepTimeline[];
  /** pipeline stages trace.json keeps (0-based); absent: every stage */
  traceStages?: readonly number[];
  /** power, utilisation and throughput over simulated time: timeseries.csv when given */
  timeseries?: Timeseries;
}

export const REPORT_FILES: Record<ReportFormat, string> = { json: 'report.json', md: 'summary.md', html: 'report.html' };
export const TRACE_FILE = 'trace.json';

/**
 * Renders the requested formats, plus one CSV per collective job, timeseries.csv when the run passes its
 * power timeline, and, when any job has a step timeline, trace.json (kept out of report.json: it can be large);
 * returns [file name, content] pairs in a fixed order.
 */
export async function renderReports(report: Report, options: Omit<WriteOptions, 'outDir'>): Promise<[string, string][]> {
  const want = new Set<ReportFormat>(['json', ...options.formats]);
  const out: [string, string][] = [[REPORT_FILES.json, renderJson(report)]];
  if (want.has('md')) out.push([REPORT_FILES.md, renderSummaryMd(report)]);
  if (want.has('html')) {
    const html = await renderHtml(report, {
      scenarioText: options.scenarioText,
      ...(options.renderSvg ? { renderSvg: options.renderSvg } : {}),
      ...(options.timelines ? { timelines: options.timelines } : {}),
      ...(options.timeseries !== undefined ? { timeseries: options.timeseries } : {}),
    });
    out.push([REPORT_FILES.html, html]);
  }
  // Collective jobs always get their sweep as CSV (collective-<job>.csv), like report.json.
  out.push(...collectiveCsvFiles(report));
  if (options.timeseries !== undefined) out.push([TIMESERIES_FILE, renderTimeseriesCsv(options.timeseries)]);
  const timelines = options.timelines ?? [];
  if (timelines.length > 0) out.push([TRACE_FILE, renderTrace(timelines, options.traceStages ? { stages: options.traceStages } : {})]);
  return out;
}

/** Writes the reports into outDir (created if missing) and returns the paths written. */
export async function writeReports(report: Report, options: WriteOptions): Promise<string[]> {
  const files = await renderReports(report, options);
  await mkdir(options.outDir, { recursive: true });
  // The process id keeps two runs writing into one folder from sharing a temporary name.
  const staged = files.map(([name, content]) => ({ path: join(options.outDir, name), tmp: join(options.outDir, `.${name}.${process.pid}.tmp`), content }));
  try {
    for (const f of staged) await writeFile(f.tmp, f.content, 'utf8');
    for (const f of staged) await rename(f.tmp, f.path);
  } catch (err) {
    await Promise.all(staged.map((f) => rm(f.tmp, { force: true })));
    throw err;
  }
  return staged.map((f) => f.path);
}
