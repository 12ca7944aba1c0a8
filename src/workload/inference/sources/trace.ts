/**
 * A RequestSource replaying an Azure LLM inference trace file, streamed in batches.
 *
 * Time mapping, with t the row's time in seconds since the file's first good row ("trace time"):
 *   window  keeps rows with start <= t < end (start defaults to 0, end to +inf); reading stops at the
 *           first row at or past `end`, since good rows are in time order;
 *   pass p  (p = 0 .. loop-1) adds p * P, where the period P is end - start when the file reaches `end`,
 *           else (t_last - start) + (t_last - t_first) / (n - 1) over the n rows in the window: the span
 *           plus one mean gap, so the loop keeps the trace's mean rate and no two passes share an instant;
 *   arrival = (t - start + p * P) / speedup   (speedup 2 replays twice as fast; the window starts at 0).
 * Each pass re-reads the file (nothing but the period is kept between passes). Ids count from 0 across
 * passes; session is -1 (the Azure 2023 traces carry no conversation id).
 * Bad rows throw a ConfigError (see trace-rows.ts) unless skipBadRows, when skipped() counts them by
 * reason; counts are of the file's rows (the first pass), not multiplied by `loop`.
 */
import type { InferenceRequest, RequestSource } from '../types.ts';
import { readTraceRows, type SkipReason } from './trace-rows.ts';

export interface TraceOptions {
  /** requests per nextBatch(); default 1024 */
  batchSize?: number;
  /** time scale: 2 replays twice as fast; default 1 */
  speedup?: number;
  /** in trace seconds since the first row, before speedup */
  window?: { startSeconds?: number; endSeconds?: number };
  /** replay the (windowed) trace this many times back to back; default 1 */
  loop?: number;
  /** default 'default' */
  tenant?: string;
  /** drop bad rows and count them instead of failing; default false */
  skipBadRows?: boolean;
}

/** A trace replay: a RequestSource that also reports the rows it dropped. */
export interface TraceSource extends RequestSource {
  /** rows dropped under skipBadRows, by reason, keys sorted; {} when none */
  skipped(): Record<string, number>;
}

export function openAzureTrace(file: string, opts: TraceOptions = {}): TraceSource {
  const batchSize = opts.batchSize ?? 1024;
  const speedup = opts.speedup ?? 1;
  const loop = opts.loop ?? 1;
  const start = opts.window?.startSeconds ?? 0;
  const end = opts.window?.endSeconds ?? Infinity;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (!(speedup > 0) || !Number.isFinite(speedup)) throw new RangeError(`speedup must be > 0, got ${speedup}`);
  if (!Number.isInteger(loop) || loop < 1) throw new RangeError(`loop must be a positive integer, got ${loop}`);
  if (!(start >= 0) || !(end > start)) throw new RangeError(`window needs 0 <= startSeconds < endSeconds, got ${start}..${end}`);

  const counts = new Map<SkipReason, number>();
  const requests = replay(file, { speedup, loop, start, end, tenant: opts.tenant ?? 'default', skipBadRows: opts.skipBadRows ?? false }, counts);
  let done = false;
  const parts = [`trace ${file}`];
  if (speedup !== 1) parts.push(`speedup ${speedup}`);
  if (opts.window) parts.push(`window ${start}..${end} s`);
  if (loop !== 1) parts.push(`loop ${loop}`);

  return {
    description: parts.join(', '),
    async nextBatch() {
      if (done) return null;
      const batch: InferenceRequest[] = [];
      while (batch.length < batchSize) {
        const r = await requests.next();
        if (r.done) {
          done = true;
          break;
        }
        batch.push(r.value);
      }
      return batch.length > 0 ? batch : null;
    },
    skipped() {
      return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    },
  };
}

interface Replay {
  speedup: number;
  loop: number;
  start: number;
  end: number;
  tenant: string;
  skipBadRows: boolean;
}

async function* replay(file: string, o: Replay, counts: Map<SkipReason, number>): AsyncGenerator<InferenceRequest> {
  let id = 0;
  let period = 0;
  for (let pass = 0; pass < o.loop; pass++) {
    const onSkip = (reason: SkipReason) => {
      if (pass === 0) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    };
    let first = NaN;
    let last = NaN;
    let n = 0;
    let reachedEnd = false;
    const shift = pass * period;
    for await (const row of readTraceRows(file, o.skipBadRows, onSkip)) {
      const t = row.traceSeconds;
      if (t < o.start) continue;
      if (t >= o.end) {
        reachedEnd = true;
        break;
      }
      if (n === 0) first = t;
      last = t;
      n++;
      yield {
        id: id++,
        arrivalSeconds: (t - o.start + shift) / o.speedup,
        promptTokens: row.promptTokens,
        outputTokens: row.outputTokens,
        tenant: o.tenant,
        session: -1,
      };
    }
    if (n === 0) return; // an empty window: nothing to loop
    if (pass === 0) period = reachedEnd ? o.end - o.start : last - o.start + (n > 1 ? (last - first) / (n - 1) : 0);
  }
}
