/**
 * What the reports show of a collective job (the nccl-tests equivalent): the per-size table, the CSV file
 * `collective-<job>.csv`, and the bus-bandwidth-versus-size chart (log x axis). Values are plain text here;
 * each renderer escapes for its own format.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CollectiveJobResult, Report } from '../metrics/result-types.ts';
import type { Figure } from './figures.ts';
import { formatNumber, formatSeconds, formatSig } from './format.ts';

export function collectiveJobs(report: Report): CollectiveJobResult[] {
  return Object.values(report.jobs).filter((j): j is CollectiveJobResult => j.kind === 'collective');
}

/** A size in binary units, as nccl-tests' -b/-e suffixes read: 8 B, 64 KiB, 128 MiB, 8 GiB. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${formatSig(v, 4)} ${units[u]}`;
}

export const POINT_COLUMNS = ['Size', 'Time (µs)', 'algbw (GB/s)', 'busbw (GB/s)', 'Algorithm'];

/** Two decimals as nccl-tests prints, but small bandwidths keep two significant figures rather than show 0. */
function gbps(v: number): string {
  return v > 0 && v < 0.01 ? formatSig(v, 2) : formatNumber(v, 2);
}

export function pointRows(job: CollectiveJobResult): string[][] {
  return job.points.map((p) => [formatSize(p.bytes), formatNumber(p.seconds * 1e6, 2), gbps(p.algbwGBps), gbps(p.busbwGBps), p.algorithm]);
}

export function collectiveFigures(job: CollectiveJobResult): Figure[] {
  const first = job.points[0]!;
  const last = job.points.at(-1)!;
  const algorithms = [...new Set(job.points.map((p) => p.algorithm))].join(', ');
  return [
    { label: 'Operation', value: job.op },
    { label: 'Ranks', value: `${formatNumber(job.ranks)} × ${job.accelerator} on ${formatNumber(job.nodes)} node${job.nodes === 1 ? '' : 's'}` },
    { label: 'Algorithm', value: job.algorithm === 'auto' ? `auto (ran: ${algorithms})` : job.algorithm },
    { label: 'Sizes', value: job.points.length === 1 ? formatSize(first.bytes) : `${formatSize(first.bytes)} to ${formatSize(last.bytes)}, ${job.points.length} sizes` },
    { label: 'busbw at the largest size', value: `${formatSig(job.busbwGBps, 4)} GB/s` },
    { label: 'algbw at the largest size', value: `${formatSig(job.algbwGBps, 4)} GB/s` },
    ...(job.busbwPerNicGBps === null ? [] : [{ label: 'busbw per NIC', value: `${formatSig(job.busbwPerNicGBps, 4)} GB/s` }]),
    { label: 'Time, all sizes once', value: formatSeconds(job.simulatedSeconds) },
  ];
}

/** An RFC 4180 field: quoted when it holds a comma, a quote or a line break. */
function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The sweep as CSV, one row per size; full-precision numbers, GB/s = 1e9 bytes/s as nccl-tests prints. */
export function renderCollectiveCsv(job: CollectiveJobResult): string {
  const rows: (string | number)[][] = [['op', 'ranks', 'size_bytes', 'time_us', 'algbw_GBps', 'busbw_GBps', 'algorithm']];
  for (const p of job.points) rows.push([job.op, job.ranks, p.bytes, p.seconds * 1e6, p.algbwGBps, p.busbwGBps, p.algorithm]);
  return `${rows.map((r) => r.map(csvField).join(',')).join('\n')}\n`;
}

/** File names for the CSVs: `collective-<job>.csv`, the job name reduced to safe characters, unique. */
export function collectiveCsvFiles(report: Report): [string, string][] {
  const used = new Set<string>();
  return collectiveJobs(report).map((job) => {
    const stem = `collective-${job.name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
    let name = `${stem}.csv`;
    for (let k = 2; used.has(name); k++) name = `${stem}-${k}.csv`;
    used.add(name);
    return [name, renderCollectiveCsv(job)];
  });
}

const KIB = 1024;
/** Axis labels in binary units; vega expression, evaluated by vega (static SVG) and vega-interpreter (page). */
const SIZE_LABEL =
  `datum.value >= ${KIB ** 3} ? format(datum.value / ${KIB ** 3}, '~g') + ' GiB' : ` +
  `datum.value >= ${KIB ** 2} ? format(datum.value / ${KIB ** 2}, '~g') + ' MiB' : ` +
  `datum.value >= ${KIB} ? format(datum.value / ${KIB}, '~g') + ' KiB' : format(datum.value, '~g') + ' B'`;

/** Ticks at 2^(5k) bytes (1 B, 32 B, 1 KiB, 32 KiB, ...) inside the data's range. */
function sizeTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = 0; 2 ** e <= max; e += 5) if (2 ** e >= min) out.push(2 ** e);
  return out;
}

export interface BusbwChart {
  spec: Omit<TopLevelSpec, '$schema' | 'title' | 'description' | 'width' | 'config'>;
  columns: string[];
  rows: string[][];
}

/** The body of the busbw-vs-size chart (charts.ts adds the shared header); null without collective jobs. */
export function busbwChartBody(report: Report): BusbwChart | null {
  const jobs = collectiveJobs(report);
  if (jobs.length === 0) return null;
  const values = jobs.flatMap((j) => j.points.map((p) => ({ job: j.name, bytes: p.bytes, busbwGBps: p.busbwGBps, algbwGBps: p.algbwGBps, microseconds: p.seconds * 1e6, algorithm: p.algorithm })));
  const sizes = values.map((v) => v.bytes);
  const ticks = sizeTicks(Math.min(...sizes), Math.max(...sizes));
  return {
    spec: {
      height: 300,
      data: { values },
      mark: { type: 'line', point: true, tooltip: true },
      encoding: {
        x: { field: 'bytes', type: 'quantitative', title: 'message size (log scale)', scale: { type: 'log', base: 2 }, axis: { ...(ticks.length >= 2 ? { values: ticks } : {}), labelExpr: SIZE_LABEL } },
        y: { field: 'busbwGBps', type: 'quantitative', title: 'busbw (GB/s)' },
        color: { field: 'job', type: 'nominal', title: null },
        tooltip: [
          { field: 'job', type: 'nominal' }, { field: 'bytes', type: 'quantitative', title: 'bytes', format: ',d' },
          { field: 'microseconds', type: 'quantitative', title: 'time (µs)', format: '.4~g' }, { field: 'algbwGBps', type: 'quantitative', title: 'algbw (GB/s)', format: '.4~g' },
          { field: 'busbwGBps', type: 'quantitative', title: 'busbw (GB/s)', format: '.4~g' }, { field: 'algorithm', type: 'nominal' },
        ],
      },
    } as BusbwChart['spec'],
    columns: ['Job', ...POINT_COLUMNS],
    rows: jobs.flatMap((j) => pointRows(j).map((r) => [j.name, ...r])),
  };
}
