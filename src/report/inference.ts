/**
 * What the reports show of an inference job: its figures (requests, throughput, goodput, queue, KV cache,
 * utilisation, energy and cost per token), the latency percentile table, and the bodies of three charts
 * (latency CDFs, throughput and queue over time, KV-cache use over time). Plain text here; each renderer
 * escapes for its own format. The data arrive already downsampled (≤ 200 CDF points, ≤ 200 time bins).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { InferenceClassResult, InferenceJobResult, LatencySummary, Report } from '../metrics/result-types.ts';
import type { Figure } from './figures.ts';
import { formatGiB, formatNumber, formatPercent, formatSeconds, formatSig, formatUsd } from './format.ts';

export function inferenceJobs(report: Report): InferenceJobResult[] {
  return Object.values(report.jobs).filter((j): j is InferenceJobResult => j.kind === 'inference');
}

const epOfResult = (j: InferenceJobResult): number => j.parallelism.ep ?? 1;

const opt = (s: number | null): string => (s === null ? 'n/a' : formatSeconds(s));

export function inferenceFigures(j: InferenceJobResult): Figure[] {
  const r = j.requests;
  const skipped = Object.entries(r.skippedRows).map(([k, n]) => `${formatNumber(n)} ${k}`).join(', ');
  const figures: Figure[] = [
    { label: 'Model', value: `${j.model} (weights ${j.precision.weights}, KV ${j.precision.kv}, compute ${j.precision.compute})` },
    { label: 'Replicas', value: `${formatNumber(j.replicas)} × TP ${j.parallelism.tp}${j.parallelism.pp > 1 ? ` PP ${j.parallelism.pp}` : ''}${epOfResult(j) > 1 ? ` EP ${epOfResult(j)}` : ''} = ${formatNumber(j.devices)} × ${j.accelerator}` },
    { label: 'Scheduler / router', value: `${j.scheduler} / ${j.router}` },
    ...(j.disaggregation === undefined ? [] : [{
      label: 'Disaggregation',
      value: `${formatNumber(j.disaggregation.prefillReplicas)} prefill + ${formatNumber(j.disaggregation.decodeReplicas)} decode replicas; KV moved over ${j.disaggregation.link}: ${formatGiB(j.disaggregation.kvTransferBytes)} in all, transfer p50 ${opt(j.disaggregation.kvTransfer.p50)}, p99 ${opt(j.disaggregation.kvTransfer.p99)}`,
    }]),
    { label: 'Source', value: j.source },
    { label: 'Requests', value: `${formatNumber(r.arrived)} arrived, ${formatNumber(r.completed)} completed, ${formatNumber(r.rejected)} rejected (context larger than the KV cache)${skipped ? `; rows skipped: ${skipped}` : ''}` },
    { label: 'Makespan', value: formatSeconds(j.makespanSeconds) },
    { label: 'Throughput', value: `${formatSig(j.throughput.requestsPerSecond)} req/s, ${formatNumber(j.throughput.inputTokensPerSecond)} input tok/s, ${formatNumber(j.throughput.outputTokensPerSecond)} output tok/s` },
  ];
  if (j.goodput !== null) {
    const slo = sloText(j.goodput.slo);
    figures.push({ label: 'Goodput', value: `${formatSig(j.goodput.requestsPerSecond)} req/s (${formatPercent(j.goodput.fraction)} of requests meet ${slo || 'the objective'})` });
  }
  figures.push(
    { label: 'Inter-token latency', value: `mean ${opt(j.itl.mean)}, max ${opt(j.itl.max)}` },
    { label: 'Queue length', value: `max ${formatNumber(j.queue.max)} per replica, mean ${formatSig(j.queue.mean)} over all replicas` },
    { label: 'KV cache', value: `${formatNumber(j.kvCache.blocksPerReplica)} blocks of ${j.kvCache.blockTokens} tokens per replica; peak ${formatPercent(j.kvCache.peakUsage)}, mean ${formatPercent(j.kvCache.meanBusyUsage)} while busy` },
    { label: 'Weights per GPU', value: formatGiB(j.weightsBytesPerGpu) },
    { label: 'GPU utilisation', value: `${formatPercent(j.gpuUtilisation)} busy, ${formatNumber(j.iterations)} iterations, preemptions ${formatNumber(r.preemptions)}${r.priorityPreemptions === undefined ? '' : ` (${formatNumber(r.priorityPreemptions)} for priority)`}` },
    { label: 'Energy per 1,000 output tokens', value: j.energyPer1kTokensJoules === null ? 'n/a' : `${formatSig(j.energyPer1kTokensJoules / 1000)} kJ` },
    { label: 'Cost per million output tokens', value: j.usdPerMillionTokens === null ? 'n/a' : formatUsd(j.usdPerMillionTokens) },
  );
  return figures;
}

export const LATENCY_COLUMNS = ['Latency', 'Requests', 'Mean', 'p50', 'p90', 'p95', 'p99', 'Max'];

const latencyRow = (name: string, s: LatencySummary): string[] => [name, formatNumber(s.count), opt(s.mean), opt(s.p50), opt(s.p90), opt(s.p95), opt(s.p99), opt(s.max)];

function sloText(slo: { ttftSeconds: number | null; tpotSeconds: number | null }): string {
  return [slo.ttftSeconds !== null && `TTFT ≤ ${formatSeconds(slo.ttftSeconds)}`, slo.tpotSeconds !== null && `TPOT ≤ ${formatSeconds(slo.tpotSeconds)}`].filter(Boolean).join(', ');
}

/** One request class's table (plain text; the renderer escapes): a one-line summary and its latency rows. */
export interface ClassTable {
  title: string;
  summary: string;
  rows: string[][];
}

function classTable(c: InferenceClassResult): ClassTable {
  const r = c.requests;
  const t = c.throughput;
  const good = c.goodput === null ? 'no objective' : `goodput ${formatSig(c.goodput.requestsPerSecond)} req/s (${formatPercent(c.goodput.fraction)} meet ${sloText(c.goodput.slo) || 'the objective'})`;
  return {
    title: `Class ${c.name} (priority ${c.priority})`,
    summary: `${formatNumber(r.arrived)} arrived, ${formatNumber(r.completed)} completed, ${formatNumber(r.rejected)} rejected; ${formatSig(t.requestsPerSecond)} req/s, ${formatNumber(t.inputTokensPerSecond)} input tok/s, ${formatNumber(t.outputTokensPerSecond)} output tok/s; ${good}`,
    rows: [latencyRow('TTFT', c.ttft), latencyRow('TPOT', c.tpot), latencyRow('End-to-end', c.e2e)],
  };
}

/** A table per request class (LATENCY_COLUMNS), in the workload's order; empty for a single-source job. */
export function classTables(j: InferenceJobResult): ClassTable[] {
  return (j.byClass ?? []).map(classTable);
}

export function latencyRows(j: InferenceJobResult): string[][] {
  const row = latencyRow;
  const rows = [row('TTFT', j.ttft), row('TPOT', j.tpot), row('End-to-end', j.e2e)];
  if (j.disaggregation !== undefined) rows.push(row('KV transfer', j.disaggregation.kvTransfer));
  return rows;
}

export const COMPARISON_COLUMNS = ['Job', 'Against', 'TTFT p50', 'TTFT p99', 'TPOT p50', 'TPOT p99'];

/**
 * With two or more inference jobs: each job after the first against the first (the scenario's baseline),
 * as the job's percentile, then its difference (signed, job minus baseline). Empty for fewer than two.
 */
export function comparisonRows(report: Report): string[][] {
  const [base, ...rest] = inferenceJobs(report);
  if (base === undefined) return [];
  const cell = (a: number | null, b: number | null): string => {
    if (a === null || b === null) return 'n/a';
    const d = a - b;
    return `${formatSeconds(a)} (${d >= 0 ? '+' : '−'}${formatSeconds(Math.abs(d))})`;
  };
  return rest.map((j) => [
    j.name, base.name,
    cell(j.ttft.p50, base.ttft.p50), cell(j.ttft.p99, base.ttft.p99), cell(j.tpot.p50, base.tpot.p50), cell(j.tpot.p99, base.tpot.p99),
  ]);
}

export interface ChartBody {
  id: string;
  title: string;
  description: string;
  spec: Omit<TopLevelSpec, '$schema' | 'title' | 'description' | 'width' | 'config'>;
  columns: string[];
  rows: string[][];
}

function cdfChart(jobs: InferenceJobResult[]): ChartBody {
  const values = jobs.flatMap((j) => [
    ...j.cdf.ttft.map((p) => ({ series: `${j.name} TTFT`, seconds: p.seconds, fraction: p.fraction })),
    ...j.cdf.e2e.map((p) => ({ series: `${j.name} end-to-end`, seconds: p.seconds, fraction: p.fraction })),
  ]);
  return {
    id: 'inference-latency-cdf',
    title: 'Latency CDFs',
    description: 'Empirical cumulative distribution of time to first token and end-to-end latency over the completed requests (at most 200 points per line).',
    spec: {
      height: 280,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', tooltip: true },
      encoding: {
        x: { field: 'seconds', type: 'quantitative', title: 'latency (s)' },
        y: { field: 'fraction', type: 'quantitative', title: 'fraction of requests', scale: { domain: [0, 1] } },
        color: { field: 'series', type: 'nominal', title: null },
      },
    } as ChartBody['spec'],
    columns: ['Series', 'Latency (s)', 'Fraction'],
    rows: values.map((v) => [v.series, formatSig(v.seconds, 4), formatSig(v.fraction, 4)]),
  };
}

function overTimeChart(jobs: InferenceJobResult[], id: string, title: string, description: string, fields: [string, string][], yTitle: string): ChartBody {
  const values = jobs.flatMap((j) => j.overTime.flatMap((b) => fields.map(([key, label]) => ({ series: `${j.name} ${label}`, t: b.t, value: (b as unknown as Record<string, number>)[key]! }))));
  return {
    id, title, description,
    spec: {
      height: 240,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', tooltip: true },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'simulated time (s)' },
        y: { field: 'value', type: 'quantitative', title: yTitle },
        color: { field: 'series', type: 'nominal', title: null },
      },
    } as ChartBody['spec'],
    columns: ['Series', 'Time (s)', yTitle],
    rows: values.map((v) => [v.series, formatSig(v.t, 4), formatSig(v.value, 4)]),
  };
}

/** The inference charts' bodies (charts.ts adds the shared header); empty without inference jobs. */
export function inferenceChartBodies(report: Report): ChartBody[] {
  const jobs = inferenceJobs(report);
  if (jobs.length === 0) return [];
  return [
    cdfChart(jobs),
    overTimeChart(jobs, 'inference-throughput', 'Throughput over time', 'Step lines per job: output tokens per second from decode steps, in at most 200 time bins.', [['outputTokensPerSecond', 'output tok/s']], 'output tokens/s'),
    overTimeChart(jobs, 'inference-queue', 'Queue length over time', 'Step lines per job: requests waiting for admission, summed over replicas and averaged over each time bin; and requests finished per second.', [['meanQueued', 'queued'], ['requestsPerSecond', 'finished req/s']], 'requests'),
    overTimeChart(jobs, 'inference-kv', 'KV-cache use over time', 'Step lines per job: fraction of the paged KV blocks in use, and the busy fraction of the replicas, averaged over each time bin.', [['kvUsage', 'KV use'], ['busy', 'busy']], 'fraction'),
  ];
}
