/**
 * What the reports show of a training job's goodput (src/goodput/): its key figures, the time lost by cause,
 * the interruptions by category, the failure causes with their sources, and the sections of summary.md and
 * report.html. Figures and rows are plain text here; each renderer escapes for its own format (cause labels
 * and sources come from failure-rate files and the scenario).
 */
import type { Estimate, GoodputResult } from '../metrics/result-types.ts';
import type { Report, TrainingJobResult } from '../metrics/result-types.ts';
import { escapeHtml as h, escapeMd as md } from './escape.ts';
import type { Figure } from './figures.ts';
import { formatNumber, formatPercent, formatSeconds, formatSig } from './format.ts';

export interface GoodputJob {
  job: TrainingJobResult;
  g: GoodputResult;
}

/** The training jobs with a goodput section, in report order. */
export function goodputJobs(report: Report): GoodputJob[] {
  return Object.values(report.jobs).flatMap((j) => (j.kind === 'training' && j.goodput !== undefined ? [{ job: j, g: j.goodput }] : []));
}

export const CATEGORY_LABELS: Record<string, string> = {
  gpu: 'GPU', hbm: 'HBM', network: 'network switch/cable', nic: 'NIC', host: 'host', software: 'software', unknown: 'unknown', all: 'all causes',
};

export const LOST_LABELS: Record<keyof GoodputResult['lost'], string> = {
  lostWork: 'lost work (redone after failures)',
  detection: 'failure detection',
  restart: 'restarts',
  restore: 'checkpoint restores',
  repairWait: 'waiting for repairs (no spare)',
  checkpoint: 'checkpoint writes',
  maintenance: 'planned maintenance',
  stragglers: 'slow GPUs (stragglers)',
  dataStalls: 'data stalls',
};

const ci = (e: Estimate, f: (x: number) => string) => `${f(e.ci95[0])} to ${f(e.ci95[1])}`;
const runs = (e: Estimate, f: (x: number) => string) => `${f(e.p025)} to ${f(e.p975)}`;
const count = (x: number) => formatSig(x, 4);
const hours = (s: number) => formatSig(s / 3600, 3);

function spares(g: GoodputResult): string {
  return g.recovery.spareNodes === null ? 'hot spares (one always free)' : g.recovery.spareNodes === 0 ? 'none: the job waits for each failed node\'s repair' : `${formatNumber(g.recovery.spareNodes)} spare nodes`;
}

/** The best simulated interval of each mode, and the asynchronous gain over synchronous. */
export function sweepText(g: GoodputResult): string {
  const best = g.sweep.optimum.map((o) => `${o.mode} ${formatSeconds(o.intervalSeconds)} (ETTR ${formatPercent(o.ettr)})`).join(', ');
  const young = g.sweep.youngSeconds === null ? '' : `; Young sqrt(2 C M) ${formatSeconds(g.sweep.youngSeconds)}, Daly ${formatSeconds(g.sweep.dalySeconds!)}`;
  const sync = g.sweep.optimum.find((o) => o.mode === 'sync');
  const async = g.sweep.optimum.find((o) => o.mode === 'async');
  const gain = sync && async ? `; asynchronous gains ${formatSig((async.ettr - sync.ettr) * 100, 2)} points of ETTR` : '';
  return `${best}${young}${gain}`;
}

export function goodputFigures({ g }: GoodputJob): Figure[] {
  const ck = g.checkpoint;
  const out: Figure[] = [
    { label: 'Window', value: `${formatSeconds(g.durationSeconds)} of wall-clock time, ${formatNumber(g.trials)} seeded trials` },
    { label: 'Effective training time ratio', value: `${formatPercent(g.ettr.mean)} (95% CI ${ci(g.ettr, formatPercent)}; runs ${runs(g.ettr, formatPercent)})` },
    { label: 'Unexpected interruptions', value: `${count(g.interruptions.unexpected.mean)} (95% CI ${ci(g.interruptions.unexpected, count)}; runs ${runs(g.interruptions.unexpected, count)}), ${formatSig(g.interruptions.perDay.mean)} per day` },
    { label: g.stragglers?.detectSeconds != null ? 'Planned interruptions (maintenance, slow-GPU removals)' : 'Planned interruptions', value: `${count(g.interruptions.planned.mean)} (95% CI ${ci(g.interruptions.planned, count)})` },
    { label: 'Failure rates', value: `set ${g.failures.set}${g.failures.scale === 1 ? '' : `, rates × ${formatSig(g.failures.scale)}`}: ${g.failures.setName}. Source: ${g.failures.setSource}` },
    { label: 'Job MTBF from the rates', value: g.failures.mtbfSeconds === null ? 'no failures' : formatSeconds(g.failures.mtbfSeconds) },
    { label: 'Components', value: `${formatNumber(g.components.gpus)} GPUs, ${formatNumber(g.components.nodes)} nodes, ${formatNumber(g.components.nics)} NICs, ${formatNumber(g.components.links)} links, ${formatNumber(g.components.switches)} leaf switches` },
    {
      label: 'Checkpoint',
      value: `${ck.mode}, every ${formatSeconds(ck.intervalSeconds)} of training (${formatSig(ck.intervalSteps)} steps; ${ck.intervalFrom === 'young' ? 'Young\'s optimum' : 'as configured'}); write ${formatSeconds(ck.writeSeconds)}, stall ${formatSeconds(ck.stallSeconds)}, restore ${formatSeconds(g.recovery.restoreSeconds)}${ck.from ? ` (${ck.from})` : ''}`,
    },
    { label: 'Recovery', value: `detection ${formatSeconds(g.recovery.detectionSeconds)}, restart ${formatSeconds(g.recovery.restartSeconds)}; ${spares(g)}` },
    { label: 'Checkpoint interval, simulated optimum', value: sweepText(g) },
  ];
  if (g.maintenance) out.push({ label: 'Planned maintenance', value: `every ${formatSeconds(g.maintenance.everySeconds)}, downtime ${formatSeconds(g.maintenance.downtimeSeconds)} (${g.maintenance.source})` });
  if (g.stragglers) {
    const s = g.stragglers;
    out.push({ label: 'Slow GPUs', value: `${formatSig(s.ratePerGpuHour * 1e6)} per million GPU-hours, ${formatSig(s.gpuSlowdown)}× compute (step × ${formatSig(s.stepSlowdown, 4)}), ${s.detectSeconds === null ? 'kept until the next restart' : `removed after ${formatSeconds(s.detectSeconds)}`} (${s.source})` });
  }
  if (g.dataStallSecondsPerStep > 0) out.push({ label: 'Data stall', value: `${formatSeconds(g.dataStallSecondsPerStep)} per ${formatSeconds(g.stepSeconds)} step` });
  if (g.timeToTrain) out.push({ label: 'Time to train with interruptions', value: `${formatSig(g.timeToTrain.days)} days (fault-free ${formatSig(g.timeToTrain.faultFreeDays)} days ÷ ETTR)` });
  return out;
}

export const LOST_COLUMNS = ['Cause', 'Hours per run', '95% CI (hours)', 'Share of the window'];

/** Where the time went, largest first, productive time last. */
export function lostRows({ g }: GoodputJob): string[][] {
  const rows = (Object.keys(LOST_LABELS) as (keyof GoodputResult['lost'])[])
    .map((k) => ({ label: LOST_LABELS[k], e: g.lost[k] }))
    .filter((r) => r.e.mean > 0)
    .sort((a, b) => b.e.mean - a.e.mean)
    .map((r) => [r.label, hours(r.e.mean), ci(r.e, hours), formatPercent(r.e.mean / g.durationSeconds)]);
  return [...rows, ['productive training', hours(g.productiveSeconds.mean), ci(g.productiveSeconds, hours), formatPercent(g.ettr.mean)]];
}

export const CATEGORY_COLUMNS = ['Category', 'Expected interruptions', '95% CI', 'Runs (2.5% to 97.5%)', 'Per day'];

export function categoryRows({ g }: GoodputJob): string[][] {
  const day = 86_400 / g.durationSeconds;
  return [
    ...g.interruptions.byCategory.map((c) => [CATEGORY_LABELS[c.category] ?? c.category, count(c.count.mean), ci(c.count, count), runs(c.count, count), formatSig(c.count.mean * day)]),
    ['all unexpected', count(g.interruptions.unexpected.mean), ci(g.interruptions.unexpected, count), runs(g.interruptions.unexpected, count), formatSig(g.interruptions.perDay.mean)],
  ];
}

export const CAUSE_COLUMNS = ['Cause', 'Category', 'Per', 'Components', 'MTBF per component', 'Job rate per day', 'Interruptions (mean)', 'Source'];

/** A cause's source without the set's, which the figures above the table give once. */
function causeSource(source: string, setSource: string): string {
  if (!source.startsWith(setSource)) return source;
  const rest = source.slice(setSource.length).trim().replace(/^\((.*)\)$/, '$1').trim();
  return rest === '' ? 'the set\'s source' : `the set's source: ${rest}`;
}

export function causeRows({ g }: GoodputJob): string[][] {
  return g.failures.causes.map((c) => [
    c.label, CATEGORY_LABELS[c.category] ?? c.category, c.component, formatNumber(c.components),
    c.ratePerComponentHour > 0 ? `${formatSig(1 / c.ratePerComponentHour)} h` : 'never', formatSig(c.jobRatePerHour * 24), count(c.interruptions.mean), causeSource(c.source, g.failures.setSource),
  ]);
}

/** The words under the tables: what the model assumes. */
export const GOODPUT_NOTE =
  'Each trial is an event-driven run over the window: fail-stop failures arrive as Poisson processes per component (exponential, independent), ' +
  'each stops the whole job and costs the work since the last committed checkpoint, detection, any wait for a repair, the restart and the restore; ' +
  'the step time is the training model\'s. Confidence intervals are of the mean over the trials (Student t); runs gives where 95% of single runs fall.';

/** summary.md: one section per job with a goodput. */
export function goodputMd(report: Report, table: (columns: string[], rows: string[][], align?: ('l' | 'r')[]) => string): string[] {
  return goodputJobs(report).flatMap((x) => [
    `## Goodput: ${md(x.job.name)}`, '',
    table(['', 'Value'], goodputFigures(x).map((f) => [f.label, md(f.value)])), '',
    '### Time lost by cause', '',
    table(LOST_COLUMNS, lostRows(x).map((r) => r.map(md)), ['l', 'r', 'r', 'r']), '',
    '### Unexpected interruptions by category', '',
    table(CATEGORY_COLUMNS, categoryRows(x).map((r) => r.map(md)), ['l', 'r', 'r', 'r', 'r']), '',
    '### Failure causes and their sources', '',
    table(CAUSE_COLUMNS, causeRows(x).map((r) => r.map(md)), ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'l']), '',
    md(GOODPUT_NOTE), '',
  ]);
}

function htmlTable(columns: string[], rows: string[][], caption: string): string {
  const head = columns.map((c) => `<th scope="col">${h(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table><caption class="muted">${h(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** report.html: one section per job with a goodput; '' when none has one. Its charts are in the Charts section. */
export function goodputSection(report: Report): string {
  return goodputJobs(report).map((x, i) => {
    const figures = goodputFigures(x).map((f) => `<tr><th scope="row">${h(f.label)}</th><td>${h(f.value)}</td></tr>`).join('\n');
    return `<section aria-labelledby="goodput-${i}">
<h2 id="goodput-${i}">Goodput: ${h(x.job.name)}</h2>
<div class="table-wrap"><table class="kv"><tbody>${figures}</tbody></table></div>
${htmlTable(LOST_COLUMNS, lostRows(x), 'time lost by cause, per run')}
${htmlTable(CATEGORY_COLUMNS, categoryRows(x), 'unexpected interruptions by category')}
${htmlTable(CAUSE_COLUMNS, causeRows(x), 'failure causes, their rates and sources')}
<p class="muted">${h(GOODPUT_NOTE)}</p>
</section>`;
  }).join('\n');
}
