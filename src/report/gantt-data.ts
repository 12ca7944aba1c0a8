/**
 * The bars of the pipeline Gantt chart (./gantt.ts) from a StepTimeline, held under a cap so report.html
 * stays small (each bar costs about 0.2 kB: a data row in the live spec and a path in the static SVG).
 * trace.json always has every span; the chart says in its caption what it left out or merged.
 *
 * Under the cap every span is a bar. Over it, three steps, each only if the previous was not enough:
 *   1. merge touching spans of one kind on one lane (a run of forward passes in the warm-up is one bar;
 *      nothing visible is lost, the tooltip gives the first and last span and the count);
 *   2. show fewer stages, evenly spaced, always the first and the last (the pipeline's two ends);
 *   3. keep the first k and the last k bars of each lane (warm-up and cool-down, where the bubbles are)
 *      and draw the bars between them, the steady state, as one bar; k is the largest that fits.
 */
import type { RankTimeline, StepTimeline, TimelineSpan, TimelineStream } from '../metrics/timeline-types.ts';
import { TRACE_STREAMS } from './trace.ts';

/** What colours a bar: the pass of a compute span, else its stream; 'mixed' for the steady state of step 3. */
export type BarKind = 'F' | 'B' | 'W' | 'compute' | 'pp-send' | 'dp' | 'optimizer' | 'mixed';

export const BAR_KINDS: readonly BarKind[] = ['F', 'B', 'W', 'compute', 'pp-send', 'dp', 'optimizer', 'mixed'];

export interface GanttBar {
  stage: number;
  rank: number;
  lane: TimelineStream;
  kind: BarKind;
  /** the span's name, or "first … last" for merged spans */
  name: string;
  /** spans in this bar */
  count: number;
  micro: number | null;
  chunk: number | null;
  start: number;
  end: number;
}

export interface GanttData {
  bars: GanttBar[];
  /** stages shown, ascending, and how many the job has */
  stages: number[];
  totalStages: number;
  /** spans in the timeline */
  spans: number;
  /** the last reduction step applied: 0 none, 1 same-kind merge, 2 fewer stages, 3 middles merged */
  reduction: 0 | 1 | 2 | 3;
  /** after step 3: bars kept at each end of a lane */
  keptEnds?: number;
}

function kindOf(span: TimelineSpan): BarKind {
  return span.stream === 'compute' ? (span.pass ?? 'compute') : span.stream;
}

function barsOf(rank: RankTimeline): GanttBar[] {
  const out: GanttBar[] = [];
  for (const lane of TRACE_STREAMS) {
    const spans = rank.spans.filter((s) => s.stream === lane).sort((a, b) => a.start - b.start || a.end - b.end);
    for (const s of spans) {
      out.push({ stage: rank.stage, rank: rank.rank, lane, kind: kindOf(s), name: s.name, count: 1, micro: s.micro ?? null, chunk: s.chunk ?? null, start: s.start, end: s.end });
    }
  }
  return out;
}

/** Merges neighbours on one lane when `joins` says so; bars arrive grouped by lane, in time order. */
function merge(bars: GanttBar[], joins: (a: GanttBar, b: GanttBar) => boolean): GanttBar[] {
  const out: GanttBar[] = [];
  let first = '';
  for (const b of bars) {
    const last = out.at(-1);
    if (last !== undefined && last.lane === b.lane && last.stage === b.stage && joins(last, b)) {
      out[out.length - 1] = {
        ...last,
        kind: last.kind === b.kind ? last.kind : 'mixed',
        name: `${first} … ${b.name}`,
        count: last.count + b.count,
        micro: last.micro === b.micro ? last.micro : null,
        chunk: last.chunk === b.chunk ? last.chunk : null,
        end: Math.max(last.end, b.end),
      };
    } else {
      first = b.name.split(' … ')[0]!;
      out.push(b);
    }
  }
  return out;
}

/** `count` stages of `all`, evenly spaced, the first and the last among them. */
function spread(all: number[], count: number): number[] {
  if (count >= all.length) return all;
  if (count <= 1) return all.slice(0, 1);
  return [...new Set(Array.from({ length: count }, (_, i) => all[Math.round((i * (all.length - 1)) / (count - 1))]!))];
}

export function ganttData(t: StepTimeline, maxBars: number): GanttData {
  const ranks = [...t.ranks].sort((a, b) => a.stage - b.stage || a.rank - b.rank);
  const all = [...new Set(ranks.map((r) => r.stage))];
  const raw = ranks.flatMap(barsOf);
  const base = { totalStages: all.length, spans: raw.length };
  if (raw.length <= maxBars) return { ...base, bars: raw, stages: all, reduction: 0 };

  // Spans closer than a nanosecond touch: the replay's times are sums that may differ in the last bit.
  const touching = Math.max(1e-9, t.stepSeconds * 1e-9);
  const merged = merge(raw, (a, b) => a.kind === b.kind && b.start - a.end <= touching);
  if (merged.length <= maxBars) return { ...base, bars: merged, stages: all, reduction: 1 };

  const perStage = new Map<number, number>();
  for (const b of merged) perStage.set(b.stage, (perStage.get(b.stage) ?? 0) + 1);
  const fits = (stages: number[]) => stages.reduce((n, s) => n + (perStage.get(s) ?? 0), 0) <= maxBars;
  let count = all.length - 1;
  while (count > 2 && !fits(spread(all, count))) count--;
  const stages = all.length > 2 ? spread(all, count) : all;
  const shown = new Set(stages);
  const kept = merged.filter((b) => shown.has(b.stage));
  if (kept.length <= maxBars) return { ...base, bars: kept, stages, reduction: 2 };

  const lanes = new Map<string, GanttBar[]>();
  for (const b of kept) {
    const key = `${b.stage} ${b.lane}`;
    const lane = lanes.get(key);
    if (lane === undefined) lanes.set(key, [b]);
    else lane.push(b);
  }
  const drawn = (k: number) => [...lanes.values()].reduce((n, l) => n + Math.min(l.length, 2 * k + 1), 0);
  // The largest k that fits; at k = 0 each lane is at most one bar.
  let lo = 0;
  let hi = Math.max(...[...lanes.values()].map((l) => l.length));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (drawn(mid) <= maxBars) lo = mid;
    else hi = mid - 1;
  }
  const bars = [...lanes.values()].flatMap((l) => (l.length <= 2 * lo + 1 ? l : [...l.slice(0, lo), ...merge(l.slice(lo, l.length - lo), () => true).map((b) => ({ ...b, kind: 'mixed' as const })), ...l.slice(l.length - lo)]));
  return { ...base, bars, stages, reduction: 3, keptEnds: lo };
}
