/**
 * trace.json: the simulated training step of each job in the Chrome Trace Event Format, the JSON that
 * Perfetto (ui.perfetto.dev) and chrome://tracing open.
 *
 *   one process per training job    pid = 1 + the job's index; metadata "process_name" = the job's name
 *   one thread per rank × stream    tid = 1 + 4 · (the rank's index in stage order) + the stream's index,
 *                                   so a thread keeps its id whichever stages --trace-stages keeps;
 *                                   metadata "thread_name" and "thread_sort_index" (= tid) order the rows
 *                                   stage 0 compute, stage 0 pp-send, ..., stage 1 compute, ...
 *   one complete event per span     ph "X", ts and dur in microseconds from the start of the step,
 *                                   cat = the stream, args = pass, micro, chunk, stage, rank where known
 *
 * Times are rounded to the nanosecond (ts and dur with at most three decimals), and dur is taken between
 * the rounded ends, so spans that touch in the timeline touch in the trace. The output is a function of its
 * input only: metadata first (by pid, tid), then the spans by (ts, pid, tid, longest first), ties in input
 * order. Job and rank labels go in as JSON strings; the viewers show them as text.
 */
import type { RankTimeline, StepTimeline, TimelineSpan, TimelineStream } from '../metrics/timeline-types.ts';

/** The streams in the order their rows appear under each rank. */
export const TRACE_STREAMS: readonly TimelineStream[] = ['compute', 'pp-send', 'dp', 'optimizer'];

export interface TraceOptions {
  /** pipeline stages to keep (0-based); absent: every stage. Stages a job does not have are ignored. */
  stages?: readonly number[];
}

type Args = Record<string, string | number>;

export interface TraceEvent {
  name: string;
  ph: 'X' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args: Args;
}

export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

const micros = (seconds: number): number => Math.round(seconds * 1e9) / 1e3;

/** The job's ranks in stage order (then rank), as the rows appear. */
function stageOrder(t: StepTimeline): RankTimeline[] {
  return [...t.ranks].sort((a, b) => a.stage - b.stage || a.rank - b.rank);
}

function spanArgs(span: TimelineSpan, rank: RankTimeline): Args {
  const args: Args = {};
  if (span.pass !== undefined) args.pass = span.pass;
  if (span.micro !== undefined) args.micro = span.micro;
  if (span.chunk !== undefined) args.chunk = span.chunk;
  args.stage = rank.stage;
  args.rank = rank.rank;
  return args;
}

export function buildTrace(timelines: readonly StepTimeline[], options: TraceOptions = {}): TraceFile {
  const keep = options.stages === undefined ? null : new Set(options.stages);
  const meta: TraceEvent[] = [];
  const spans: TraceEvent[] = [];
  for (const [j, timeline] of timelines.entries()) {
    const pid = j + 1;
    meta.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: timeline.job } });
    meta.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: j } });
    for (const [r, rank] of stageOrder(timeline).entries()) {
      if (keep !== null && !keep.has(rank.stage)) continue;
      for (const [s, stream] of TRACE_STREAMS.entries()) {
        const own = rank.spans.filter((x) => x.stream === stream);
        if (own.length === 0) continue;
        const tid = 1 + TRACE_STREAMS.length * r + s;
        meta.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: `${rank.label} · ${stream}` } });
        meta.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
        for (const span of own) {
          const ts = micros(span.start);
          const dur = Math.max(0, Math.round((micros(span.end) - ts) * 1e3) / 1e3);
          spans.push({ name: span.name, ph: 'X', pid, tid, ts, dur, cat: stream, args: spanArgs(span, rank) });
        }
      }
    }
  }
  // Array.prototype.sort is stable, so equal keys keep the order of the input.
  spans.sort((a, b) => a.ts! - b.ts! || a.pid - b.pid || a.tid - b.tid || b.dur! - a.dur!);
  return {
    traceEvents: [...meta, ...spans],
    displayTimeUnit: 'ms',
    otherData: {
      generator: 'clustersim',
      contents: 'one simulated training step per job (process); one rank per pipeline stage, one thread per stream; ts and dur in microseconds from the start of the step',
      stages: options.stages === undefined ? 'all' : [...new Set(options.stages)].sort((a, b) => a - b).join(','),
    },
  };
}

/** trace.json's text: one event per line, so a diff or a grep reads it. */
export function renderTrace(timelines: readonly StepTimeline[], options: TraceOptions = {}): string {
  const t = buildTrace(timelines, options);
  const events = t.traceEvents.map((e) => JSON.stringify(e)).join(',\n');
  return `{"traceEvents":[\n${events}\n],\n"displayTimeUnit":${JSON.stringify(t.displayTimeUnit)},\n"otherData":${JSON.stringify(t.otherData)}}\n`;
}

/**
 * A stage list as the CLI takes it: comma-separated stages and ranges, e.g. "0,15" or "0-3,15".
 * Returns the stages in ascending order without repeats; throws an Error naming the bad item.
 */
export function parseStageList(text: string): number[] {
  const out = new Set<number>();
  for (const raw of text.split(',')) {
    const item = raw.trim();
    const m = /^(\d{1,6})(?:\s*-\s*(\d{1,6}))?$/.exec(item);
    if (m === null) throw new Error(`"${item}" is not a stage number or a range like 0-3`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw new Error(`the range "${item}" runs backwards`);
    for (let s = lo; s <= hi; s++) out.add(s);
  }
  return [...out].sort((a, b) => a - b);
}
