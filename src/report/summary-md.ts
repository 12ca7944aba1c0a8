/**
 * summary.md: what a CI log or a pull-request comment shows. GitHub-flavoured Markdown tables, no HTML.
 * Every string that came from the scenario passes through escapeMd (see ./escape.ts); labels are ours.
 */
import type { LinkUtilisationResult, Report } from '../metrics/result-types.ts';
import { fabricFigures, HOT_LINK_COLUMNS, hotLinkRows, sharedRun, TIER_COLUMNS, tierRows, utilisationCaption } from './fabric.ts';
import { collectiveFigures, collectiveJobs, POINT_COLUMNS, pointRows } from './collective.ts';
import { escapeMd as md } from './escape.ts';
import { classTables, COMPARISON_COLUMNS, comparisonRows, inferenceFigures, inferenceJobs, LATENCY_COLUMNS, latencyRows } from './inference.ts';
import { costParts, energyParts, footprintFigures, jobList, memoryText, parallelismText, STAGE_MEMORY_COLUMNS, stageMemoryRows, stepParts } from './figures.ts';
import { BREAK_EVEN_ITEM_COLUMNS, breakEvenItemRows, breakEvenText } from './break-even.ts';
import { costNotes, UNIT_COST_COLUMNS, unitCostRows } from './cost-tables.ts';
import { PHASE_COLUMNS, phaseRows, TIME_TO_TRAIN_NOTE, timeToTrainFigures, timeToTrainJobs } from './time-to-train.ts';
import { goodputMd } from './goodput.ts';
import { storageMd } from './storage.ts';
import { formatKWh, formatNumber, formatPercent, formatSeconds, formatSig, formatUsd, formatValue } from './format.ts';

/** A Markdown table; cells are already-escaped Markdown. */
function table(columns: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const sep = columns.map((_, i) => ((align?.[i] ?? 'l') === 'r' ? '---:' : '---'));
  return [columns, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function header(report: Report): string[] {
  const s = report.scenario;
  const lines = [`# clustersim report: ${md(s.name)}`, ''];
  if (s.description) lines.push(md(s.description), '');
  const accel = Object.entries(report.cluster.byAccelerator).map(([k, n]) => `${formatNumber(n)} × ${md(k)}`).join(', ');
  lines.push(
    `Scenario file ${md(s.file)} (sha256 ${md(s.sha256.slice(0, 12))}) · ${md(report.fidelity)} fidelity · seed ${report.seed} · ` +
      `${formatNumber(report.cluster.nodes)} nodes, ${accel || `${formatNumber(report.cluster.devices)} devices`} · ` +
      `${formatSeconds(report.simulatedSeconds)} simulated` +
      `${report.wallSeconds === null ? '' : ` in ${formatSeconds(report.wallSeconds)} wall time`} · ${md(report.tool.name)} ${md(report.tool.version)}`,
    '',
  );
  return lines;
}

function jobsSection(report: Report): string[] {
  const jobs = jobList(report);
  if (jobs.length === 0) return collectiveJobs(report).length + inferenceJobs(report).length > 0 ? [] : ['## Jobs', '', 'No jobs ran.', ''];
  const rows = jobs.map((j) => [
    md(j.name), md(j.model), `${formatNumber(j.devices)} × ${md(j.accelerator)}`, md(parallelismText(j.parallelism)),
    formatSeconds(j.stepSeconds), formatNumber(j.tokensPerSecond), formatSig(j.tflopsPerGpu), formatPercent(j.mfu), md(memoryText(j.memory)),
  ]);
  const cols = ['Job', 'Model', 'Devices', 'Parallelism', 'Step time', 'Tokens/s', 'TFLOP/s per GPU', 'MFU', 'Memory per GPU'];
  const labels = stepParts(jobs[0]!.breakdown, jobs).map((p) => p.label);
  const steps = jobs.map((j) => [
    md(j.name), ...stepParts(j.breakdown, jobs).map((p) => `${formatSeconds(p.value)} (${formatPercent(p.value / j.stepSeconds)})`), formatSeconds(j.stepSeconds),
  ]);
  const stages = jobs.filter((j) => (j.memoryByStage?.length ?? 0) > 0).flatMap((j) => [
    `### Memory per pipeline stage: ${md(j.name)}`, '',
    `${md(j.pipeline?.schedule ?? '')} schedule, ${j.pipeline?.virtualStages ?? 1} model chunk(s) per stage, ${j.pipeline?.microbatches ?? 0} micro-batches per step, bubble ${formatPercent(j.pipeline?.bubbleFraction ?? 0)} of the step.`, '',
    table(STAGE_MEMORY_COLUMNS, stageMemoryRows(j), ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']), '',
  ]);
  return [
    '## Jobs', '', table(cols, rows, ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r']), '',
    '### Step breakdown', '', table(['Job', ...labels, 'Step'], steps, ['l', ...labels.map(() => 'r' as const), 'r']), '',
    ...stages,
  ];
}

/** One section per training job with a token target: its figures, then its batch-size phases. */
function timeToTrainMd(report: Report): string[] {
  return timeToTrainJobs(report).flatMap((t) => [
    `## Time to train: ${md(t.job.name)}`, '',
    table(['', 'Value'], timeToTrainFigures(t).map((f) => [f.label, md(f.value)])), '',
    table(PHASE_COLUMNS, phaseRows(t).map((r) => r.map(md)), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']), '',
    md(TIME_TO_TRAIN_NOTE), '',
  ]);
}

/** One section per collective job: its figures, then the nccl-tests-like table of every size. */
function collectiveSection(report: Report): string[] {
  const shared = sharedRun(report);
  return [
    ...collectiveJobs(report).flatMap((j) => [
      `## Collective: ${md(j.name)}`, '',
      table(['', 'Value'], [...collectiveFigures(j), ...fabricFigures(j)].map((f) => [f.label, md(f.value)])), '',
      table(POINT_COLUMNS, pointRows(j).map((r) => r.map(md)), ['r', 'r', 'r', 'r', 'l']), '',
      ...(j.links === undefined ? [] : utilisationTables(j.links, 'Largest size alone', '###')),
    ]),
    ...(shared === null ? [] : [`## Shared fabric: ${shared.jobs.map(md).join(', ')}`, '', ...utilisationTables(shared.links, 'All collective jobs together', '###')]),
  ];
}

/** One section per inference job: its figures, then the latency percentiles. */
function inferenceSection(report: Report): string[] {
  const compare = comparisonRows(report);
  return [
    ...inferenceJobs(report).flatMap((j) => [
      `## Inference: ${md(j.name)}`, '',
      table(['', 'Value'], inferenceFigures(j).map((f) => [f.label, md(f.value)])), '',
      table(LATENCY_COLUMNS, latencyRows(j).map((r) => r.map(md)), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']), '',
      ...classTables(j).flatMap((c) => [`### ${md(c.title)}`, '', md(c.summary), '', table(LATENCY_COLUMNS, c.rows.map((r) => r.map(md)), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']), '']),
    ]),
    ...(compare.length === 0 ? [] : ['## Inference comparison', '', 'Each job against the first inference job: its percentile, and in brackets the difference.', '', table(COMPARISON_COLUMNS, compare.map((r) => r.map(md)), ['l', 'l', 'r', 'r', 'r', 'r']), '']),
  ];
}

function utilisationTables(links: LinkUtilisationResult, what: string, level: string): string[] {
  return [
    `${level} Link utilisation by tier (${md(what.toLowerCase())})`, '', md(utilisationCaption(links, what)), '',
    table(TIER_COLUMNS, tierRows(links).map((r) => r.map(md)), ['l', 'r', 'r', 'r', 'r']), '',
    ...(links.hottest.length === 0 ? [] : [`${level} Hottest links (${md(what.toLowerCase())})`, '', table(HOT_LINK_COLUMNS, hotLinkRows(links).map((r) => r.map(md)), ['l', 'l', 'r', 'r']), '']),
  ];
}

function footprintSection(report: Report): string[] {
  const rows = footprintFigures(report).map((f) => [f.label, md(f.value)]);
  const energy = energyParts(report).map((p) => `${p.label} ${formatKWh(p.value)}`).join(', ');
  const cost = costParts(report).map((p) => `${md(p.label)} ${formatUsd(p.value)}`).join(', ');
  return [
    '## Energy, carbon and cost', '', table(['', 'Value'], rows), '',
    `Energy by component: ${energy}.`, '',
    ...(cost ? [`Cost by item: ${cost}.`, ''] : []),
    ...costNotes(report).flatMap((n) => [`${md(n)}.`, '']),
    ...(unitCostRows(report).length > 0 ? [table(UNIT_COST_COLUMNS, unitCostRows(report).map((r) => r.map(md)), ['l', 'r', 'l']), ''] : []),
    ...breakEvenLines(report),
  ];
}

function breakEvenLines(report: Report): string[] {
  const b = report.cost.breakEven;
  const note = report.cost.breakEvenNote;
  if (b === undefined) return note === undefined ? [] : [`${md(note)}.`, ''];
  const prices = b.prices.map((p) => [md(p.name), `${formatSig(p.value, 6)} ${md(p.unit)}`, md(p.date), md(p.source)]);
  return [
    `${breakEvenText(b)} (owned: ${formatUsd(b.ownedUsdPerYearAt0)} to ${formatUsd(b.ownedUsdPerYearAt100)} per year over ${formatSig(b.years)} years; cloud at 100%: ${formatUsd(b.cloudUsdPerYearAt100)} per year).`, '',
    table(['Price', 'Value', 'Date', 'Source'], prices, ['l', 'r', 'l', 'l']), '',
    ...(breakEvenItemRows(b).length > 0 ? [table(BREAK_EVEN_ITEM_COLUMNS, breakEvenItemRows(b).map((r) => r.map(md)), ['l', 'r', 'r']), ''] : []),
  ];
}

function expectationsSection(report: Report): string[] {
  const ex = report.expectations;
  if (ex.length === 0) return [];
  const failed = ex.filter((e) => !e.pass).length;
  const rows = ex.map((e) => [e.pass ? '✅ pass' : '❌ fail', md(e.expression), md(formatValue(e.value)), md(e.error ?? '')]);
  return [
    '## Expectations', '', failed === 0 ? `All ${ex.length} pass.` : `**${failed} of ${ex.length} failed.**`, '',
    table(['Result', 'Expression', 'Value', 'Error'], rows), '',
  ];
}

function referenceSection(report: Report): string[] {
  const r = report.reference;
  if (r === null) return [];
  const unit = md(r.unit);
  const rows = [[
    md(r.metric), `${formatSig(r.measured, 4)} ${unit}`, r.predicted === null ? 'n/a' : `${formatSig(r.predicted, 4)} ${unit}`,
    r.errorPercent === null ? 'n/a' : `${r.errorPercent.toFixed(1)}%`, `±${formatSig(r.tolerancePercent)}%`, r.pass ? '✅ pass' : '❌ fail',
  ]];
  return [
    '## Reference comparison', '', `Source: ${md(r.source)}`, '',
    table(['Metric', 'Measured', 'Predicted', 'Error', 'Tolerance', 'Result'], rows, ['l', 'r', 'r', 'r', 'r', 'l']), '',
  ];
}

export function renderSummaryMd(report: Report): string {
  const lines = [...header(report), ...jobsSection(report), ...timeToTrainMd(report), ...storageMd(report), ...goodputMd(report, table), ...collectiveSection(report), ...inferenceSection(report), ...footprintSection(report), ...expectationsSection(report), ...referenceSection(report)];
  while (lines.at(-1) === '') lines.pop();
  return `${lines.join('\n')}\n`;
}
