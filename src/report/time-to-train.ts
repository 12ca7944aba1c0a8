/**
 * What the reports show of a training job's time to train (workload/training/time-to-train.ts, energy and
 * cost from metrics/time-to-train.ts): its figures, the table of batch-size phases, and the report.html
 * section. Figures and rows are plain text, so summary.md and the page each escape for their own format.
 */
import type { Report, TimeToTrainResult, TrainingJobResult } from '../metrics/result-types.ts';
import { escapeHtml as h } from './escape.ts';
import type { Figure } from './figures.ts';
import { formatKgCO2e, formatNumber, formatPercent, formatSeconds, formatSig, formatUsd } from './format.ts';

export interface TimeToTrainJob {
  job: TrainingJobResult;
  ttt: TimeToTrainResult;
}

/** The training jobs that have a time to train, in report order. */
export function timeToTrainJobs(report: Report): TimeToTrainJob[] {
  return Object.values(report.jobs).flatMap((j) => (j.kind === 'training' && j.timeToTrain !== undefined ? [{ job: j, ttt: j.timeToTrain }] : []));
}

const TOKEN_SUFFIXES: [number, string][] = [[1e15, 'P'], [1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];

/** A token count the way it is quoted: 15.6T, 252M, 4.19M; below a thousand as is. */
export function formatTokens(n: number): string {
  for (const [scale, suffix] of TOKEN_SUFFIXES) if (Math.abs(n) >= scale) return `${formatSig(n / scale)}${suffix}`;
  return formatNumber(n);
}

/** A time to train: in days (one decimal) from a day up, as formatSeconds below that. */
export function formatTrainingTime(seconds: number): string {
  return seconds >= 86_400 ? `${formatNumber(seconds / 86_400, 1)} days` : formatSeconds(seconds);
}

const nullable = (v: number | null, f: (x: number) => string): string => (v === null ? 'n/a' : f(v));

export function timeToTrainFigures({ job, ttt }: TimeToTrainJob): Figure[] {
  return [
    { label: 'Token target', value: `${formatTokens(ttt.targetTokens)} tokens (${formatTokens(ttt.tokens)} in ${formatNumber(ttt.steps)} whole steps)` },
    { label: 'Wall-clock time', value: `${formatTrainingTime(ttt.wallSeconds)} (${formatSig(ttt.wallSeconds / 3600)} hours)` },
    { label: 'GPU-hours', value: `${formatSig(ttt.gpuHours)} (${formatNumber(job.devices)} × ${job.accelerator})` },
    { label: 'Energy', value: nullable(ttt.energyKWh, (kwh) => `${formatSig(kwh / 1000)} MWh`) },
    { label: 'Carbon', value: nullable(ttt.kgCO2e, formatKgCO2e) },
    { label: 'Cost', value: nullable(ttt.costUsd, formatUsd) },
    ...goodputFigures(ttt),
  ];
}

/** The same figures with the goodput model's losses, when the job has `goodput:`. */
function goodputFigures(ttt: TimeToTrainResult): Figure[] {
  const g = ttt.withGoodput;
  if (g === undefined) return [];
  return [
    { label: 'With failures and restarts', value: `${formatTrainingTime(g.wallSeconds)} at ETTR ${formatPercent(g.ettr)} (${formatTrainingTime(g.lostBusySeconds)} redone or slowed, ${formatTrainingTime(g.lostIdleSeconds)} stopped)` },
    { label: 'GPU-hours with failures', value: formatSig(g.gpuHours) },
    { label: 'Energy with failures', value: `${formatSig(g.energyKWh / 1000)} MWh (GPUs alone ${formatSig(g.acceleratorEnergyKWh / 1000)} MWh; GPU-hours × TDP ${formatSig(g.gpuEnergyAtTdpKWh / 1000)} MWh)` },
    { label: 'Carbon and cost with failures', value: `${formatKgCO2e(g.kgCO2e)}, ${formatUsd(g.costUsd)}` },
  ];
}

export const PHASE_COLUMNS = ['Phase', 'Batch (sequences)', 'Tokens per step', 'Until', 'Steps', 'Step time', 'Compute', 'Time'];

export function phaseRows({ ttt }: TimeToTrainJob): string[][] {
  return ttt.phases.map((p, i) => [
    i === ttt.phases.length - 1 ? 'main' : `ramp-up ${i + 1}`,
    formatNumber(p.globalSequences),
    formatTokens(p.tokensPerStep),
    `${formatTokens(p.untilTokens)} tokens`,
    formatNumber(p.steps),
    formatSeconds(p.stepSeconds),
    formatPercent(p.computeUtilisation),
    formatSeconds(p.seconds),
  ]);
}

/** The words under the table: what the estimate leaves out. */
export const TIME_TO_TRAIN_NOTE =
  'Every step of a phase takes its simulated step time; warm-up, data stalls, checkpoints, failures and restarts are not counted, ' +
  'so the real calendar time is longer (the "with failures" lines, present when the job has goodput:, add the goodput model\'s expected losses, ' +
  'the stopped time at idle power). Energy and cost are those of the job\'s nodes over the wall-clock time.';

/** report.html: one section per training job with a token target; '' when none has one. */
export function timeToTrainSection(report: Report): string {
  return timeToTrainJobs(report).map((t, i) => {
    const figures = timeToTrainFigures(t).map((f) => `<tr><th scope="row">${h(f.label)}</th><td>${h(f.value)}</td></tr>`).join('\n');
    const head = PHASE_COLUMNS.map((c) => `<th scope="col">${h(c)}</th>`).join('');
    const rows = phaseRows(t).map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('\n');
    return `<section aria-labelledby="time-to-train-${i}">
<h2 id="time-to-train-${i}">Time to train: ${h(t.job.name)}</h2>
<div class="table-wrap"><table class="kv"><tbody>${figures}</tbody></table></div>
<div class="table-wrap"><table><caption class="muted">batch-size phases, in order</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>
<p class="muted">${h(TIME_TO_TRAIN_NOTE)}</p>
</section>`;
  }).join('\n');
}
