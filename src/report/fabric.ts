/**
 * What the reports show of a collective job's use of the fabric: its placement, the slowdown from sharing
 * the fabric with the scenario's other collective jobs, per-tier link utilisation and the hottest links
 * (metrics: workload/collective/utilisation.ts), the per-tier utilisation chart, and the per-tier
 * utilisation over time (flow backend runs; fabric/backend/recorder.ts), a step line per tier (colour) and
 * run (dash). Plain text here; each renderer escapes for its own format.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CollectiveJobResult, LinkUtilisationResult, Report, TierUtilisationOverTime } from '../metrics/result-types.ts';
import { collectiveJobs, formatSize } from './collective.ts';
import type { Figure } from './figures.ts';
import { formatNumber, formatPercent, formatSeconds, formatSig } from './format.ts';

export const TIER_COLUMNS = ['Tier', 'Links used', 'Mean utilisation', 'Max utilisation', 'Bytes'];
export const HOT_LINK_COLUMNS = ['Link', 'Tier', 'Utilisation', 'Bytes'];

function bytes(n: number): string {
  return formatSize(n);
}

export function tierRows(links: LinkUtilisationResult): string[][] {
  return links.tiers.map((t) => [t.tier, `${formatNumber(t.linksUsed)} of ${formatNumber(t.links)}`, formatPercent(t.meanUtilisation), formatPercent(t.maxUtilisation), bytes(t.bytes)]);
}

export function hotLinkRows(links: LinkUtilisationResult): string[][] {
  return links.hottest.map((l) => [l.link, l.tier, formatPercent(l.utilisation), bytes(l.bytes)]);
}

/** One line saying what run a utilisation table measures. */
export function utilisationCaption(links: LinkUtilisationResult, what: string): string {
  return `${what}: ${formatSize(links.bytes)} messages, ${formatSeconds(links.seconds)} simulated, ${links.backend} backend; utilisation = bytes / line rate / simulated time, mean over every link of the tier`;
}

function nodesText(nodes: readonly number[]): string {
  const shown = nodes.slice(0, 16).join(', ');
  return nodes.length > 16 ? `${shown}, … (${nodes.length} nodes)` : shown;
}

/** Placement and sharing figures, appended to the job's collective figures. */
export function fabricFigures(job: CollectiveJobResult): Figure[] {
  const out: Figure[] = [];
  if (job.placement !== undefined) out.push({ label: 'Placement', value: `${job.placement.policy}: nodes ${nodesText(job.placement.nodes)}` });
  const s = job.sharing;
  if (s !== undefined) {
    out.push(
      { label: `Slowdown sharing the fabric (${formatSize(s.bytes)})`, value: `${formatSig(s.slowdown, 4)}× with ${s.with.join(', ')}` },
      { label: 'Time alone / shared', value: `${formatSeconds(s.aloneSeconds)} / ${formatSeconds(s.sharedSeconds)}` },
      { label: 'busbw achieved shared', value: `${formatSig(s.sharedBusbwGBps, 4)} GB/s (algbw ${formatSig(s.sharedAlgbwGBps, 4)} GB/s)` },
    );
  }
  return out;
}

/** The shared run's utilisation is the same for every job in it: shown once, with the first such job. */
export function sharedRun(report: Report): { jobs: string[]; links: LinkUtilisationResult } | null {
  const shared = collectiveJobs(report).filter((j) => j.sharing !== undefined);
  if (shared.length === 0) return null;
  return { jobs: shared.map((j) => j.name), links: shared[0]!.sharing!.links };
}

export interface TierChart {
  spec: Omit<TopLevelSpec, '$schema' | 'title' | 'description' | 'width' | 'config'>;
  columns: string[];
  rows: string[][];
}

/** Grouped bars: mean utilisation per tier for each job alone and for the shared run; null without data. */
export function tierChartBody(report: Report): TierChart | null {
  const runs: { run: string; links: LinkUtilisationResult }[] = collectiveJobs(report).flatMap((j) => (j.links === undefined ? [] : [{ run: `${j.name} alone`, links: j.links }]));
  const shared = sharedRun(report);
  if (shared !== null) runs.push({ run: 'all jobs, shared', links: shared.links });
  if (runs.length === 0) return null;
  const values = runs.flatMap((r) => r.links.tiers.map((t) => ({ run: r.run, tier: t.tier, meanPercent: t.meanUtilisation * 100, maxPercent: t.maxUtilisation * 100 })));
  return {
    spec: {
      height: { step: 14 },
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'tier', type: 'nominal', title: null, sort: null },
        yOffset: { field: 'run', type: 'nominal', sort: null },
        x: { field: 'meanPercent', type: 'quantitative', title: 'mean link utilisation (%)', scale: { domain: [0, 100] } },
        color: { field: 'run', type: 'nominal', title: null, sort: null },
        tooltip: [
          { field: 'run', type: 'nominal' }, { field: 'tier', type: 'nominal' },
          { field: 'meanPercent', type: 'quantitative', title: 'mean %', format: '.1f' }, { field: 'maxPercent', type: 'quantitative', title: 'max %', format: '.1f' },
        ],
      },
    } as TierChart['spec'],
    columns: ['Run', 'Tier', 'Mean utilisation', 'Max utilisation'],
    rows: values.map((v) => [v.run, v.tier, formatPercent(v.meanPercent / 100), formatPercent(v.maxPercent / 100)]),
  };
}

/** Runs with a recorded time line: each job's largest size alone, then the shared run. */
function overTimeRuns(report: Report): { run: string; series: TierUtilisationOverTime[] }[] {
  const runs = collectiveJobs(report).flatMap((j) => (j.links?.overTime === undefined ? [] : [{ run: `${j.name} alone`, series: j.links.overTime }]));
  const shared = sharedRun(report);
  if (shared?.links.overTime !== undefined) runs.push({ run: 'all jobs, shared', series: shared.links.overTime });
  return runs.filter((r) => r.series.some((s) => s.points.length > 0));
}

/** The largest time shown, in a unit that keeps its figures readable. */
/** A unit for a time axis whose largest value is maxSeconds: days, h, s, ms or µs. */
export function timeUnit(maxSeconds: number): { unit: string; scale: number } {
  if (maxSeconds >= 2 * 86400) return { unit: 'days', scale: 1 / 86400 };
  if (maxSeconds >= 2 * 3600) return { unit: 'h', scale: 1 / 3600 };
  if (maxSeconds >= 1) return { unit: 's', scale: 1 };
  if (maxSeconds >= 1e-3) return { unit: 'ms', scale: 1e3 };
  return { unit: 'µs', scale: 1e6 };
}

/**
 * Step lines: utilisation of each tier (colour) over simulated time for each run (dash pattern), every run
 * from its own t = 0; null without a recorded run. One view, not a panel per run, so the live chart can
 * take its container's width. The table has a row per run and time, a column per tier.
 */
export function overTimeChartBody(report: Report): TierChart | null {
  const runs = overTimeRuns(report);
  if (runs.length === 0) return null;
  const maxT = Math.max(...runs.flatMap((r) => r.series.flatMap((s) => s.points.map((p) => p.t))));
  const { unit, scale } = timeUnit(maxT);
  const values = runs.flatMap((r) => r.series.flatMap((s) => s.points.map((p) => ({ run: r.run, tier: s.tier, time: p.t * scale, percent: p.utilisation * 100 }))));
  const tiers = [...new Set(runs.flatMap((r) => r.series.map((s) => s.tier)))];
  const rows = runs.flatMap((r) => {
    const byTier = new Map(r.series.map((s) => [s.tier, s.points]));
    const times = r.series.reduce((a, s) => (s.points.length > a.length ? s.points : a), r.series[0]!.points);
    return times.map((p, i) => [r.run, formatSig(p.t * scale, 6), ...tiers.map((t) => {
      const q = byTier.get(t)?.[i];
      return q === undefined ? '' : formatPercent(q.utilisation);
    })]);
  });
  return {
    spec: {
      height: 260,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', tooltip: true },
      encoding: {
        x: { field: 'time', type: 'quantitative', title: `simulated time (${unit})` },
        y: { field: 'percent', type: 'quantitative', title: 'link utilisation (%)', scale: { domain: [0, 100] } },
        color: { field: 'tier', type: 'nominal', title: null, sort: null },
        strokeDash: { field: 'run', type: 'nominal', title: null, sort: null },
        tooltip: [
          { field: 'run', type: 'nominal' }, { field: 'tier', type: 'nominal' },
          { field: 'time', type: 'quantitative', title: `from (${unit})`, format: '.4~g' }, { field: 'percent', type: 'quantitative', title: 'utilisation %', format: '.1f' },
        ],
      },
    } as TierChart['spec'],
    columns: ['Run', `From (${unit})`, ...tiers],
    rows,
  };
}
