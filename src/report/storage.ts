/**
 * What the reports show of a training job's storage (src/storage/): one checkpoint's size, write time and
 * bottleneck, the stall with synchronous and with asynchronous writes and how much the latter hides, the
 * restore and the retained capacity; the data pipeline's read per step, its bottleneck and the stall it adds
 * to the step. Figures and rows are plain text: summary.md escapes them with escapeMd, report.html with
 * escapeHtml (storage ids and tier names come from profiles and scenarios).
 */
import type { Report, TrainingJobResult } from '../metrics/result-types.ts';
import type { CheckpointCost, DataPipelineCost, TierTime } from '../metrics/result-types.ts';
import { escapeHtml as h, escapeMd as md } from './escape.ts';
import type { Figure } from './figures.ts';
import { formatNumber, formatPercent, formatSeconds, formatSig } from './format.ts';

/** The training jobs with a checkpoint or a data section, in report order. */
export function storageJobs(report: Report): TrainingJobResult[] {
  return Object.values(report.jobs).flatMap((j) => (j.kind === 'training' && (j.checkpoint !== undefined || j.data !== undefined) ? [j] : []));
}

const DECIMAL: [number, string][] = [[1e15, 'PB'], [1e12, 'TB'], [1e9, 'GB'], [1e6, 'MB'], [1e3, 'kB']];

/** Bytes in the decimal units storage is sold in: 988 GB, 2.96 TB. */
export function formatBytes(n: number): string {
  for (const [scale, unit] of DECIMAL) if (Math.abs(n) >= scale) return `${formatSig(n / scale)} ${unit}`;
  return `${formatSig(n)} B`;
}

const NETWORK: Record<string, string> = { compute: 'over the compute fabric', frontend: 'over the front-end network', local: 'on the node' };

function where(c: { storage?: string; tier?: string; network?: string }, gpuDirect?: boolean): string {
  const parts = [c.tier, c.network === undefined ? undefined : NETWORK[c.network], gpuDirect === undefined ? undefined : gpuDirect ? 'GPUDirect Storage' : 'staged through host memory'].filter(Boolean);
  return `${c.storage ?? 'storage'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/** A share that may be tiny (an asynchronous stall of a 30-minute interval): three significant figures. */
function formatShare(fraction: number): string {
  return fraction !== 0 && Math.abs(fraction) < 0.01 ? `${formatSig(fraction * 100)}%` : formatPercent(fraction);
}

const ofInterval = (stall: number, fraction: number | undefined) => `${formatSeconds(stall)} per checkpoint${fraction === undefined ? '' : ` (${formatShare(fraction)} of the interval)`}`;

export function checkpointFigures(c: CheckpointCost): Figure[] {
  const hidden = c.syncStallSeconds - c.asyncStallSeconds;
  const out: Figure[] = [
    { label: 'Storage', value: where(c, c.gpuDirect) },
    { label: 'Checkpoint size', value: `${formatBytes(c.bytes)}${c.writers === undefined ? '' : ` from ${formatNumber(c.writers)} writing ranks`}${c.maxRankBytes === undefined ? '' : `, ${formatBytes(c.maxRankBytes)} from the busiest rank`}${c.maxNodeBytes === undefined ? '' : `, ${formatBytes(c.maxNodeBytes)} from the busiest node`}` },
  ];
  if (c.intervalSeconds !== undefined) out.push({ label: 'Interval', value: `${formatSeconds(c.intervalSeconds)}${c.intervalSteps === undefined ? '' : ` (${formatNumber(c.intervalSteps)} steps)`}` });
  out.push(
    { label: 'Write time', value: `${formatSeconds(c.writeSeconds)}, bottleneck: ${c.bottleneck}` },
    { label: 'Stall, synchronous write', value: ofInterval(c.syncStallSeconds, c.syncOverheadFraction) },
    { label: 'Stall, asynchronous write', value: `${ofInterval(c.asyncStallSeconds, c.asyncOverheadFraction)}${c.copySeconds === undefined ? '' : `; the copy to host memory takes ${formatSeconds(c.copySeconds)}`}` },
    { label: 'Hidden by asynchronous writes', value: c.syncStallSeconds > 0 ? `${formatSeconds(hidden)} of ${formatSeconds(c.syncStallSeconds)} (${formatPercent(hidden / c.syncStallSeconds)})` : 'nothing to hide' },
  );
  if (c.drainCollectiveSlowdown !== undefined) {
    out.push({ label: 'Drain vs gradient reductions', value: `they take ${formatShare(c.drainCollectiveSlowdown - 1)} longer while the drain shares the compute fabric (flow); ${formatSeconds(c.drainInterferenceSeconds ?? 0)} of exposed reduction added per checkpoint (in the asynchronous stall)` });
  }
  if (c.mode !== undefined) out.push({ label: 'This run writes', value: `${c.mode === 'sync' ? 'synchronously' : 'asynchronously'}: ${formatSeconds(c.stallSeconds)} stall per checkpoint` });
  // More read than written: the data-parallel replicas each read the state they share.
  const replicas = c.restoreBytes !== undefined && c.restoreBytes > c.bytes * 1.001 ? '; every data-parallel replica reads the state the replicas share (parallelLoad: true reads it once)' : '';
  out.push({ label: 'Restore on restart', value: `${formatSeconds(c.restoreSeconds)}${c.restoreBytes === undefined ? '' : ` to read ${formatBytes(c.restoreBytes)}`}${c.restoreBottleneck === undefined ? '' : `, bottleneck: ${c.restoreBottleneck}`}${replicas}` });
  const cap = c.capacityBytes === undefined || c.capacityBytes === null ? 'capacity not given' : `of ${formatBytes(c.capacityBytes)} capacity${c.fits === false ? ': does not fit' : ''}`;
  out.push({ label: 'Retained checkpoints', value: `${formatBytes(c.retainedBytes)}, ${cap}` });
  if (c.hostStagingBytesPerNode !== undefined) {
    const mem = c.hostMemoryBytes === undefined || c.hostMemoryBytes === null ? 'host memory unknown' : `of ${formatBytes(c.hostMemoryBytes)} host memory${c.hostStagingBytesPerNode > c.hostMemoryBytes ? ': does not fit' : ''}`;
    out.push({ label: 'Host staging per node (async)', value: `${formatBytes(c.hostStagingBytesPerNode)}, ${mem}` });
  }
  return out;
}

export function dataFigures(d: DataPipelineCost): Figure[] {
  const out: Figure[] = [
    { label: 'Storage', value: where(d) },
    { label: 'Bytes per step', value: `${formatBytes(d.bytesPerStep)}${d.bytesPerNodePerStep === undefined ? '' : ` (${formatBytes(d.bytesPerNodePerStep)} per node)`}` },
    { label: 'Read time per step', value: `${formatSeconds(d.readSeconds)}, bottleneck: ${d.bottleneck}` },
  ];
  if (d.prefetch !== undefined) out.push({ label: 'Prefetch and readers', value: `${formatNumber(d.prefetch)} step(s) ahead${d.readers === undefined ? '' : `, ${formatNumber(d.readers)} readers per node`}` });
  const base = d.stepSecondsWithoutData;
  out.push({ label: 'Data stall', value: `${formatSeconds(d.stallSeconds)} per step${base === undefined || base <= 0 ? '' : ` (+${formatPercent(d.stallSeconds / base)} on the ${formatSeconds(base)} step)`}${d.stallSeconds > 0 ? `, bottleneck: ${d.bottleneck}` : ', hidden by prefetch'}` });
  if (d.stepSecondsWithData !== undefined) out.push({ label: 'Step with data', value: formatSeconds(d.stepSecondsWithData) });
  return out;
}

/**
 * Rows of tier, write seconds, restore seconds (checkpoint) or tier, read seconds (data); the bottleneck the
 * model named marked (`marks`: the write's and the restore's, or the read's).
 */
export function tierRows(marks: readonly (string | undefined)[], tiers: readonly TierTime[], other?: readonly TierTime[]): string[][] {
  const names = [...new Set([...tiers.map((t) => t.tier), ...(other ?? []).map((t) => t.tier)])];
  const cell = (ts: readonly TierTime[], name: string, mark: string | undefined) => {
    const t = ts.find((x) => x.tier === name);
    return t === undefined ? '—' : `${formatSeconds(t.seconds)}${name === mark ? ' (bottleneck)' : ''}`;
  };
  return names.map((n) => (other === undefined ? [n, cell(tiers, n, marks[0])] : [n, cell(tiers, n, marks[0]), cell(other, n, marks[1])]));
}

export const CHECKPOINT_TIER_COLUMNS = ['Limit', 'Write', 'Restore'];
export const DATA_TIER_COLUMNS = ['Limit', 'Read per step'];

export const STORAGE_NOTE = 'Each limit is the time it alone would need; they run at once, so the largest sets the pace.';
export const CHECKPOINT_NOTE = 'The stalls are per checkpoint; the time checkpoints, failures and restarts cost over a whole run is the goodput model\'s.';

/** A Markdown table, the first column left-aligned and the others right (numbers) or left (`textColumns`). */
function mdTable(columns: string[], rows: string[][], textColumns = false): string {
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(columns.map(md)), line(columns.map((_, i) => (i === 0 || textColumns ? '---' : '---:'))), ...rows.map((r) => line(r.map(md)))].join('\n');
}

/** summary.md: one section per job with storage figures. */
export function storageMd(report: Report): string[] {
  return storageJobs(report).flatMap((j) => [
    `## Storage: ${md(j.name)}`, '',
    ...(j.checkpoint === undefined ? [] : [
      '### Checkpoint', '', mdTable(['', 'Value'], checkpointFigures(j.checkpoint).map((f) => [f.label, f.value]), true), '',
      mdTable(CHECKPOINT_TIER_COLUMNS, tierRows([j.checkpoint.bottleneck, j.checkpoint.restoreBottleneck], j.checkpoint.writeTiers ?? [], j.checkpoint.restoreTiers ?? [])), '',
    ]),
    ...(j.data === undefined ? [] : [
      '### Data pipeline', '', mdTable(['', 'Value'], dataFigures(j.data).map((f) => [f.label, f.value]), true), '',
      mdTable(DATA_TIER_COLUMNS, tierRows([j.data.bottleneck], j.data.readTiers ?? [])), '',
    ]),
    md(j.checkpoint === undefined ? STORAGE_NOTE : `${STORAGE_NOTE} ${CHECKPOINT_NOTE}`), '',
  ]);
}

function htmlTable(columns: string[], rows: string[][], caption: string): string {
  const head = columns.map((c) => `<th scope="col">${h(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table><caption class="muted">${h(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function kv(figures: Figure[]): string {
  const rows = figures.map((f) => `<tr><th scope="row">${h(f.label)}</th><td>${h(f.value)}</td></tr>`).join('\n');
  return `<div class="table-wrap"><table class="kv"><tbody>${rows}</tbody></table></div>`;
}

/** report.html: one section per job with storage figures; '' when none has them. */
export function storageSection(report: Report): string {
  return storageJobs(report).map((j, i) => {
    const c = j.checkpoint;
    const d = j.data;
    return `<section aria-labelledby="storage-${i}">
<h2 id="storage-${i}">Storage: ${h(j.name)}</h2>
${c === undefined ? '' : `<h3>Checkpoint</h3>\n${kv(checkpointFigures(c))}\n${htmlTable(CHECKPOINT_TIER_COLUMNS, tierRows([c.bottleneck, c.restoreBottleneck], c.writeTiers ?? [], c.restoreTiers ?? []), 'one checkpoint: each limit\'s time for the write and the restore')}`}
${d === undefined ? '' : `<h3>Data pipeline</h3>\n${kv(dataFigures(d))}\n${htmlTable(DATA_TIER_COLUMNS, tierRows([d.bottleneck], d.readTiers ?? []), 'one step\'s data: each limit\'s time')}`}
<p class="muted">${h(c === undefined ? STORAGE_NOTE : `${STORAGE_NOTE} ${CHECKPOINT_NOTE}`)}</p>
</section>`;
  }).join('\n');
}
