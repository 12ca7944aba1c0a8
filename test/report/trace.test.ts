import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrace, parseStageList, renderTrace, type TraceEvent } from '../../src/report/trace.ts';
import type { StepTimeline } from '../../src/metrics/timeline-types.ts';
import { makeTimeline } from '../fixtures/timeline-fixture.ts';

/** Two stages, the second listed first, with times that are not whole microseconds. */
const SMALL: StepTimeline = {
  job: 'job "a" </script>',
  stepSeconds: 0.004,
  ranks: [
    { stage: 1, rank: 8, label: 'stage 1', spans: [
      { stream: 'compute', name: 'F0.0', pass: 'F', micro: 0, chunk: 0, start: 0.0012345678, end: 0.0025 },
      { stream: 'dp', name: 'grad bucket 0', start: 0.003, end: 0.004 },
    ] },
    { stage: 0, rank: 0, label: 'stage 0', spans: [
      { stream: 'compute', name: 'F0.0', pass: 'F', micro: 0, chunk: 0, start: 0, end: 0.001 },
      { stream: 'pp-send', name: 'send F0', micro: 0, start: 0.001, end: 0.0012345678 },
      { stream: 'optimizer', name: 'optimizer', start: 0.0035, end: 0.004 },
    ] },
  ],
};

const complete = (events: TraceEvent[]) => events.filter((e) => e.ph === 'X');
const meta = (events: TraceEvent[], name: string) => events.filter((e) => e.ph === 'M' && e.name === name);

test('one complete event per span, times in microseconds rounded to the nanosecond, touching spans still touch', () => {
  const events = buildTrace([SMALL]).traceEvents;
  const x = complete(events);
  assert.equal(x.length, 5);
  const f1 = x.find((e) => e.args.stage === 1 && e.cat === 'compute')!;
  assert.deepEqual({ ts: f1.ts, dur: f1.dur, name: f1.name, args: f1.args }, { ts: 1234.568, dur: 1265.432, name: 'F0.0', args: { pass: 'F', micro: 0, chunk: 0, stage: 1, rank: 8 } });
  const send = x.find((e) => e.cat === 'pp-send')!;
  assert.equal(send.ts! + send.dur!, f1.ts);
  // Spans without a pass, micro-batch or chunk carry only where they ran.
  assert.deepEqual(x.find((e) => e.cat === 'optimizer')!.args, { stage: 0, rank: 0 });
});

test('a process per job and a thread per rank and stream, named and sorted stage by stage', () => {
  const events = buildTrace([SMALL, makeTimeline({ job: 'second', stages: 2, micro: 2 })]).traceEvents;
  assert.deepEqual(meta(events, 'process_name').map((e) => [e.pid, e.args.name]), [[1, SMALL.job], [2, 'second']]);
  const threads = meta(events, 'thread_name').filter((e) => e.pid === 1).map((e) => [e.tid, e.args.name]);
  // Stage 0 is listed second in the input but sorts first; a stream with no span gets no thread.
  assert.deepEqual(threads, [[1, 'stage 0 · compute'], [2, 'stage 0 · pp-send'], [4, 'stage 0 · optimizer'], [5, 'stage 1 · compute'], [7, 'stage 1 · dp']]);
  for (const e of meta(events, 'thread_sort_index')) assert.equal(e.args.sort_index, e.tid);
  // Metadata first, then every span in time order.
  const firstSpan = events.findIndex((e) => e.ph === 'X');
  assert.ok(events.slice(firstSpan).every((e) => e.ph === 'X'));
  const ts = complete(events).map((e) => e.ts!);
  assert.deepEqual(ts, [...ts].sort((a, b) => a - b));
});

test('the 1F1B fixture: every span becomes an event, none has a negative duration', () => {
  const t = makeTimeline({ stages: 4, micro: 8 });
  const spans = t.ranks.reduce((n, r) => n + r.spans.length, 0);
  const events = buildTrace([t]).traceEvents;
  assert.equal(complete(events).length, spans);
  assert.equal(meta(events, 'thread_name').length, 16);
  assert.equal(events.length, spans + 2 + 2 * 16);
  assert.ok(complete(events).every((e) => e.dur! >= 0 && e.ts! >= 0));
});

test('the output is deterministic: same input, same bytes; rank order in the input does not matter', () => {
  const t = makeTimeline({ stages: 4, micro: 8 });
  const text = renderTrace([t]);
  assert.equal(renderTrace([makeTimeline({ stages: 4, micro: 8 })]), text);
  assert.equal(renderTrace([{ ...t, ranks: [...t.ranks].reverse() }]), text);
  const parsed = JSON.parse(text);
  assert.deepEqual(parsed, JSON.parse(JSON.stringify(buildTrace([t]))));
  assert.equal(parsed.displayTimeUnit, 'ms');
});

test('names from the scenario stay data: the job name round-trips through JSON unchanged', () => {
  const parsed = JSON.parse(renderTrace([SMALL]));
  assert.equal(parsed.traceEvents[0].args.name, 'job "a" </script>');
});

test('a stage filter keeps those stages only, with the same thread ids as the full trace', () => {
  const t = makeTimeline({ stages: 4, micro: 8 });
  const full = buildTrace([t]).traceEvents;
  const some = buildTrace([t], { stages: [3, 0, 9] });
  assert.deepEqual([...new Set(complete(some.traceEvents).map((e) => e.args.stage))].sort(), [0, 3]);
  const expected = complete(full).filter((e) => e.args.stage === 0 || e.args.stage === 3);
  assert.deepEqual(complete(some.traceEvents), expected);
  assert.deepEqual(meta(some.traceEvents, 'process_name').length, 1);
  assert.equal(some.otherData.stages, '0,3,9');
  assert.equal(buildTrace([t]).otherData.stages, 'all');
  assert.equal(complete(buildTrace([t], { stages: [] }).traceEvents).length, 0);
});

test('stage lists: numbers and ranges, sorted without repeats; anything else is an error naming the item', () => {
  assert.deepEqual(parseStageList('0,15'), [0, 15]);
  assert.deepEqual(parseStageList(' 15, 0-3 ,2'), [0, 1, 2, 3, 15]);
  assert.throws(() => parseStageList('0,x'), /"x" is not a stage number/);
  assert.throws(() => parseStageList('3-1'), /runs backwards/);
  assert.throws(() => parseStageList(''), /"" is not a stage number/);
  assert.throws(() => parseStageList('-1'), /"-1"/);
});
