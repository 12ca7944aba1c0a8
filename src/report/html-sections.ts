/**
 * The sections of report.html as HTML strings. Every value that can hold scenario text goes through
 * escapeHtml here; the numbers are formatted by ./format.ts.
 */
import type { LinkUtilisationResult, Report } from '../metrics/result-types.ts';
import { fabricFigures, HOT_LINK_COLUMNS, hotLinkRows, sharedRun, TIER_COLUMNS, tierRows, utilisationCaption } from './fabric.ts';
import type { ChartDef } from './charts.ts';
import { BREAK_EVEN_ITEM_COLUMNS, BREAK_EVEN_PRICE_COLUMNS, breakEvenItemRows, breakEvenPriceRows } from './break-even.ts';
import { costNotes, UNIT_COST_COLUMNS, unitCostRows } from './cost-tables.ts';
import { breakEvenText } from './break-even.ts';
import { collectiveFigures, collectiveJobs, POINT_COLUMNS, pointRows } from './collective.ts';
import { escapeHtml as h } from './escape.ts';
import { classTables, COMPARISON_COLUMNS, comparisonRows, inferenceFigures, inferenceJobs, LATENCY_COLUMNS, latencyRows } from './inference.ts';
import { footprintFigures, jobFigures, jobList, STAGE_MEMORY_COLUMNS, stageMemoryRows, type Figure } from './figures.ts';
import {
  formatKgCO2e, formatKWh, formatNumber, formatPercent, formatScientific, formatSeconds, formatSig, formatUsd, formatValue,
} from './format.ts';

function table(columns: string[], rows: string[][], caption?: string): string {
  const cap = caption === undefined ? '' : `<caption class="muted">${h(caption)}</caption>`;
  const head = `<thead><tr>${columns.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table>${cap}${head}<tbody>${body}</tbody></table></div>`;
}

function kvTable(figures: Figure[]): string {
  const rows = figures.map((f) => `<tr><th scope="row">${h(f.label)}</th><td>${h(f.value)}</td></tr>`).join('\n');
  return `<div class="table-wrap"><table class="kv"><tbody>${rows}</tbody></table></div>`;
}

function badge(pass: boolean): string {
  return pass ? '<span class="badge ok">pass</span>' : '<span class="badge bad">fail</span>';
}

export function headerSection(report: Report): string {
  const s = report.scenario;
  const c = report.cluster;
  const accel = Object.entries(c.byAccelerator).map(([k, n]) => `${formatNumber(n)} × ${k}`).join(', ');
  const meta: [string, string][] = [
    ['File', s.file], ['Fidelity', report.fidelity], ['Seed', String(report.seed)],
    ['Cluster', `${formatNumber(c.nodes)} nodes, ${accel || `${formatNumber(c.devices)} devices`}`],
    ['Simulated', formatSeconds(report.simulatedSeconds)], ['sha256', s.sha256.slice(0, 12)],
  ];
  if (report.wallSeconds !== null) meta.push(['Wall time', formatSeconds(report.wallSeconds)]);
  const items = meta.map(([k, v]) => `<div><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`).join('');
  return `<header class="page-head">
<p class="eyebrow">clustersim report</p>
<h1>${h(s.name)}</h1>
${s.description ? `<p class="lead">${h(s.description)}</p>` : ''}
<dl class="meta">${items}</dl>
</header>`;
}

export function statusBanner(report: Report): string {
  const failed = report.expectations.filter((e) => !e.pass).length;
  const refFailed = report.reference !== null && !report.reference.pass;
  const total = report.expectations.length;
  if (total === 0 && report.reference === null) return '';
  const parts: string[] = [];
  if (total > 0) parts.push(failed === 0 ? `all ${total} expectations pass` : `${failed} of ${total} expectations fail`);
  if (report.reference !== null) parts.push(refFailed ? 'reference comparison fails' : 'reference comparison passes');
  const ok = failed === 0 && !refFailed;
  return `<p class="status ${ok ? 'ok' : 'bad'}" role="status">${ok ? '✓' : '✗'} ${h(parts.join('; '))}</p>`;
}

export function summaryCards(report: Report): string {
  const cards: { label: string; value: string; sub: string }[] = [];
  for (const j of jobList(report)) {
    cards.push({ label: 'Step time', value: formatSeconds(j.stepSeconds), sub: j.name });
    cards.push({ label: 'Tokens/s', value: formatNumber(j.tokensPerSecond), sub: j.name });
    cards.push({ label: 'MFU', value: formatPercent(j.mfu), sub: `${formatSig(j.tflopsPerGpu)} TFLOP/s per GPU` });
  }
  for (const j of collectiveJobs(report)) {
    cards.push({ label: 'busbw, largest size', value: `${formatSig(j.busbwGBps)} GB/s`, sub: `${j.op}, ${j.name}` });
    cards.push({ label: 'algbw, largest size', value: `${formatSig(j.algbwGBps)} GB/s`, sub: `${formatNumber(j.ranks)} ranks` });
    if (j.sharing !== undefined) cards.push({ label: 'Slowdown, shared fabric', value: `${formatSig(j.sharing.slowdown, 3)}×`, sub: `${j.name} with ${j.sharing.with.join(', ')}` });
  }
  for (const j of inferenceJobs(report)) {
    cards.push({ label: 'TTFT p50 / p99', value: `${j.ttft.p50 === null ? 'n/a' : formatSeconds(j.ttft.p50)} / ${j.ttft.p99 === null ? 'n/a' : formatSeconds(j.ttft.p99)}`, sub: j.name });
    cards.push({ label: 'TPOT p50', value: j.tpot.p50 === null ? 'n/a' : formatSeconds(j.tpot.p50), sub: `${formatNumber(j.throughput.outputTokensPerSecond)} output tok/s` });
  }
  cards.push({ label: 'Energy', value: formatKWh(report.energy.totalKWh), sub: `mean ${formatSig(report.energy.meanPowerWatts / 1000)} kW` });
  cards.push({ label: 'Carbon', value: formatKgCO2e(report.carbon.kgCO2e), sub: `${formatSig(report.carbon.gridIntensityGPerKWh)} g/kWh grid` });
  cards.push({ label: 'Cost', value: formatUsd(report.cost.totalUsd), sub: `${report.cost.basis}, ${formatUsd(report.cost.usdPerDeviceHour)}/device-h` });
  const items = cards.map((c) => `<li class="card"><div class="label">${h(c.label)}</div><div class="value">${h(c.value)}</div><div class="sub">${h(c.sub)}</div></li>`);
  return `<ul class="cards" aria-label="Key figures">\n${items.join('\n')}\n</ul>`;
}

export function jobSections(report: Report): string {
  const training = jobList(report).map((j, i) => `<section aria-labelledby="job-${i}">
<h2 id="job-${i}">Job: ${h(j.name)}</h2>
${kvTable(jobFigures(j))}
${j.memoryByStage === undefined ? '' : table(STAGE_MEMORY_COLUMNS, stageMemoryRows(j), `memory per pipeline stage at its peak (GiB); ${j.pipeline?.schedule ?? ''} schedule, ${j.pipeline?.virtualStages ?? 1} chunk(s) per stage, ${j.pipeline?.microbatches ?? 0} micro-batches per step`)}
</section>`);
  const collective = collectiveJobs(report).map((j, i) => `<section aria-labelledby="collective-${i}">
<h2 id="collective-${i}">Collective: ${h(j.name)}</h2>
${kvTable([...collectiveFigures(j), ...fabricFigures(j)])}
${table(POINT_COLUMNS, pointRows(j), 'one call per size, nccl-tests definitions (GB/s = 1e9 bytes/s)')}
${j.links === undefined ? '' : utilisationTables(j.links, 'Largest size alone')}
</section>`);
  const inference = inferenceJobs(report).map((j, i) => `<section aria-labelledby="inference-${i}">
<h2 id="inference-${i}">Inference: ${h(j.name)}</h2>
${kvTable(inferenceFigures(j))}
${table(LATENCY_COLUMNS, latencyRows(j), 'latency percentiles over the completed requests')}${classTables(j).map((c) => `\n<h3>${h(c.title)}</h3>\n${table(LATENCY_COLUMNS, c.rows, c.summary)}`).join('')}
</section>`);
  const compare = comparisonRows(report);
  if (compare.length > 0) {
    inference.push(`<section aria-labelledby="inference-comparison">
<h2 id="inference-comparison">Inference comparison</h2>
${table(COMPARISON_COLUMNS, compare, 'each job against the first inference job: its percentile, and in brackets the difference')}
</section>`);
  }
  const run = sharedRun(report);
  const shared = run === null ? [] : [`<section aria-labelledby="shared-fabric">
<h2 id="shared-fabric">Shared fabric: ${h(run.jobs.join(', '))}</h2>
${utilisationTables(run.links, 'All collective jobs together')}
</section>`];
  return [...training, ...collective, ...inference, ...shared].join('\n');
}

function utilisationTables(links: LinkUtilisationResult, what: string): string {
  const caption = utilisationCaption(links, what);
  const hot = links.hottest.length === 0 ? '' : table(HOT_LINK_COLUMNS, hotLinkRows(links), `hottest links, ${what.toLowerCase()}`);
  return `<h3>Link utilisation by tier</h3>\n${table(TIER_COLUMNS, tierRows(links), caption)}\n${hot}`;
}

/** One chart: the static SVG in a role="img" container, its spec for the runtime, its data table. */
export function chartFigure(chart: ChartDef, svg: string, specJson: string): string {
  const label = `${chart.title}. ${chart.description}`;
  return `<figure id="chart-${chart.id}">
<div class="chart-view" data-chart="${chart.id}" data-rendered="static" role="img" aria-label="${h(label)}">${svg}</div>
<figcaption>${h(chart.description)}</figcaption>
<details><summary>Data table: ${h(chart.title)}</summary>${table(chart.table.columns, chart.table.rows)}</details>
<script type="application/json" id="vega-spec-${chart.id}">${specJson}</script>
</figure>`;
}

export function footprintSection(report: Report): string {
  const b = report.cost.breakEven;
  const note = report.cost.breakEvenNote;
  const breakEven = b !== undefined
    ? `<h3>${h(breakEvenText(b))}</h3>
<p class="muted">Per year over ${h(formatSig(b.years))} years: owned ${h(formatUsd(b.ownedUsdPerYearAt0))} idle to ${h(formatUsd(b.ownedUsdPerYearAt100))} at full use; cloud ${h(formatUsd(b.cloudUsdPerYearAt100))} at full use. See the chart "Owned versus cloud".</p>
${table(BREAK_EVEN_PRICE_COLUMNS, breakEvenPriceRows(b), 'prices the comparison used, with their sources and dates')}
${breakEvenItemRows(b).length > 0 ? table(BREAK_EVEN_ITEM_COLUMNS, breakEvenItemRows(b), 'cost per year by item: owned at 0% utilisation, cloud at 100%') : ''}`
    : note === undefined ? '' : `<p class="muted">${h(note)}.</p>`;
  const notes = costNotes(report).map((n) => `<p class="muted">${h(n)}.</p>`).join('\n');
  const units = unitCostRows(report).length > 0 ? table(UNIT_COST_COLUMNS, unitCostRows(report), 'cost per unit of work') : '';
  return `${kvTable(footprintFigures(report))}\n${units}\n${notes}\n${breakEven}`;
}

export function expectationsSection(report: Report): string {
  if (report.expectations.length === 0) return '';
  const rows = report.expectations.map((e) => `<tr><td>${badge(e.pass)}</td><td><code>${h(e.expression)}</code></td><td>${h(formatValue(e.value))}</td><td>${h(e.error ?? '')}</td></tr>`);
  return `<section aria-labelledby="expectations"><h2 id="expectations">Expectations</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Result</th><th scope="col">Expression</th><th scope="col">Value</th><th scope="col">Error</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div></section>`;
}

export function referenceSection(report: Report): string {
  const r = report.reference;
  if (r === null) return '';
  const figures: Figure[] = [
    { label: 'Source', value: r.source }, { label: 'Metric', value: r.metric },
    { label: 'Measured', value: `${formatSig(r.measured, 4)} ${r.unit}` },
    { label: 'Predicted', value: r.predicted === null ? 'n/a' : `${formatSig(r.predicted, 4)} ${r.unit}` },
    { label: 'Error', value: r.errorPercent === null ? 'n/a' : `${r.errorPercent.toFixed(1)}% (tolerance ±${formatSig(r.tolerancePercent)}%)` },
  ];
  return `<section aria-labelledby="reference"><h2 id="reference">Reference comparison ${badge(r.pass)}</h2>
${kvTable(figures)}</section>`;
}

export function assumptionsSection(report: Report): string {
  if (report.assumptions.length === 0) return '';
  const rows = report.assumptions.map((a) => [a.name, formatScientific(a.value), a.unit, a.source]);
  return `<section aria-labelledby="assumptions"><h2 id="assumptions">Assumptions</h2>
<p class="muted">Every figure the run took from a profile, a scenario or a publication, with its source.</p>
${table(['Name', 'Value', 'Unit', 'Source'], rows)}</section>`;
}

export function scenarioSection(scenarioText: string): string {
  if (scenarioText === '') return '';
  return `<section aria-labelledby="scenario"><h2 id="scenario">The scenario as it was read</h2>
<pre class="scenario">${h(scenarioText)}</pre></section>`;
}

