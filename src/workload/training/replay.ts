/**
 * Step replay on the DES kernel (fidelity `flow`): every pipeline rank of one model replica is a process.
 *
 *  compute stream  runs the rank's passes in schedule order (schedule.ts; zero-bubble picks the ready pass
 *                  at run time: a backward whose gradient has arrived, else a forward within the 1F1B
 *                  in-flight limit whose activation has arrived, else a deferred weight-gradient pass).
 *                  A forward of virtual stage k waits for micro-batch m's activation from stage k − 1, a
 *                  backward for its gradient from stage k + 1; each pass holds for its plan time (compute
 *                  and the tp/cp/ep communication on the compute stream).
 *  sends           after a pass, the activation or gradient leaves on the rank's send link: transfers from
 *                  one rank go one after another, each taking the plan's point-to-point time.
 *  dp stream       reduces the rank's gradient buckets, each once ready (during the chunk's last
 *                  gradient-producing pass) and the previous one is done; without overlapGradReduce all of
 *                  them after the rank's last backward. Under ZeRO-3 it also all-gathers each pass's
 *                  weights one pass ahead (the pass waits for it) and reduce-scatters each backward's
 *                  gradients.
 *  then            the optimizer step of the slowest rank (the gradient-norm all-reduce across the pipeline
 *                  makes it a barrier) and, under ZeRO-1/2, the weight all-gather.
 *
 * Bubbles, exposed communication and the overlap of gradient reduction come out of the event order, not
 * from a formula. The tp ranks of a stage do the same work at the same time and every data-parallel
 * replica the same as this one (no stragglers yet), so one rank per stage stands for all; the dp
 * collectives' cost comes from the plan (the fabric tier of the group).
 */
import { Simulation, type Event } from '../../sim/index.ts';
import { scheduleOrder, zeroBubbleLimit, type PipeOp } from './schedule.ts';
import { sumPass, type ChunkPlan, type StepPlan } from './plan.ts';
import { breakdownOf, type StepTimes } from './step.ts';
import type { RankTimeline, StepTimeline, TimelineSpan } from '../../metrics/timeline-types.ts';

export interface ReplayResult extends StepTimes {
  /** events the kernel processed, for diagnostics */
  events: number;
  timeline: StepTimeline;
}

export interface ReplayOptions {
  seed?: number;
  job?: string;
  /** global rank of each pipeline stage's simulated device, for the timeline labels */
  rankOfStage?: (stage: number) => number;
}

function passSeconds(c: ChunkPlan, pass: PipeOp['pass'], split: boolean): number {
  if (pass === 'F') return sumPass(c.forward);
  if (pass === 'W') return c.weightGrad;
  return sumPass(c.backward) - (split ? c.weightGrad : 0);
}

export function replayStep(plan: StepPlan, opts: ReplayOptions = {}): ReplayResult {
  const sim = new Simulation({ seed: opts.seed ?? 1 });
  const p = plan.pp;
  const v = plan.virtualStages;
  const n = p * v;
  const m = plan.microbatches;
  const split = plan.schedule === 'zero-bubble';
  const arrivals = new Map<number, Event<undefined>>();
  const arrival = (dir: 0 | 1, k: number, micro: number) => {
    const key = (dir * n + k) * m + micro;
    let e = arrivals.get(key);
    if (e === undefined) arrivals.set(key, (e = sim.event<undefined>()));
    return e;
  };
  const timelines: RankTimeline[] = plan.ranks.map((r) => ({ stage: r.rank, rank: opts.rankOfStage?.(r.rank) ?? r.rank, label: `pipeline stage ${r.rank}`, spans: [] }));
  const span = (r: number, s: TimelineSpan) => timelines[r]!.spans.push(s);
  const sendFree = new Array<number>(p).fill(0);
  const send = (r: number, dir: 0 | 1, k: number, micro: number) => {
    const start = Math.max(sim.now, sendFree[r]!);
    const end = start + plan.p2pSeconds;
    sendFree[r] = end;
    span(r, { stream: 'pp-send', name: `${dir === 0 ? 'act' : 'grad'} ${micro}`, start, end, micro });
    sim.timeout(end - sim.now).addCallback(() => arrival(dir, k, micro).succeed(undefined));
  };

  const computeDone: Event<undefined>[] = [];
  const dpDone: Event<unknown>[] = [];
  let pipelineEnd = 0;
  plan.ranks.forEach((rank, r) => {
    const done = sim.event<undefined>();
    computeDone.push(done);
    // ready events of the dp stream's buckets, in the order the chunks finish their gradients
    const ready: { e: Event<undefined>; seconds: number; name: string }[] = [];
    const readyOf = new Map<number, { e: Event<undefined>; at: number }[]>();
    // ZeRO-3: one weight all-gather per pass, prefetched while the previous pass runs (static orders only)
    const zero3 = rank.chunks[0]!.zero3Gather > 0;
    const started: Event<undefined>[] = [];
    const gathered: Event<undefined>[] = [];
    const backwardEnd: { e: Event<undefined>; seconds: number }[] = [];
    const gradPass = split ? 'W' : 'B';
    const lastGradOp = new Map<number, number>(); // chunk -> micro of its last gradient-producing pass
    const order: PipeOp[] | undefined = split ? undefined : scheduleOrder(plan.schedule === 'zero-bubble' ? '1f1b' : plan.schedule, p, m, v, r);
    if (order !== undefined) for (const o of order) if (o.pass === gradPass) lastGradOp.set(o.chunk, o.micro);
    else for (let c = 0; c < v; c++) lastGradOp.set(c, m - 1);
    const finishOrder = [...lastGradOp.keys()].sort((a, b) => (order === undefined ? a - b : order.findLastIndex((o) => o.chunk === a && o.pass === gradPass) - order.findLastIndex((o) => o.chunk === b && o.pass === gradPass)));
    for (const c of finishOrder) {
      const list = rank.chunks[c]!.buckets.map((b, i) => {
        const e = sim.event<undefined>();
        ready.push({ e, seconds: b.seconds, name: `grad bucket ${c}.${i}` });
        return { e, at: b.at };
      });
      readyOf.set(c, list);
    }

    if (zero3 && order !== undefined) {
      order.forEach((o) => {
        started.push(sim.event<undefined>());
        gathered.push(sim.event<undefined>());
        if (o.pass === 'B') backwardEnd.push({ e: sim.event<undefined>(), seconds: rank.chunks[o.chunk]!.zero3Reduce });
      });
      sim.process(function* weightGather() {
        for (let i = 0; i < order.length; i++) {
          if (i > 0) yield started[i - 1]!;
          const start = sim.now;
          yield rank.chunks[order[i]!.chunk]!.zero3Gather;
          span(r, { stream: 'dp', name: `weight all-gather ${order[i]!.pass}${order[i]!.micro}`, start, end: sim.now });
          gathered[i]!.succeed(undefined);
        }
      }, `zero3-gather-${r}`);
    }
    let opIndex = 0;
    let backwardIndex = 0;

    const run = function* (o: PipeOp): Generator<Event<unknown> | number, void, unknown> {
      const c = rank.chunks[o.chunk]!;
      const k = o.chunk * p + r;
      const i = opIndex++;
      if (o.pass === 'F' && k > 0) yield arrival(0, k, o.micro);
      if (o.pass === 'B' && k < n - 1) yield arrival(1, k, o.micro);
      if (gathered[i] !== undefined) {
        yield gathered[i]!;
        started[i]!.succeed(undefined);
      }
      const dur = passSeconds(c, o.pass, split);
      if (o.pass === gradPass && lastGradOp.get(o.chunk) === o.micro) {
        for (const b of readyOf.get(o.chunk) ?? []) sim.timeout(b.at * dur).addCallback(() => b.e.succeed(undefined));
      }
      const start = sim.now;
      yield dur;
      span(r, { stream: 'compute', name: `${o.pass}${o.micro}${v > 1 ? `.${o.chunk}` : ''}`, start, end: sim.now, pass: o.pass, micro: o.micro, chunk: o.chunk });
      if (o.pass === 'B' && backwardEnd.length > 0) backwardEnd[backwardIndex++]!.e.succeed(undefined);
      if (o.pass === 'F' && k < n - 1) send(r, 0, k + 1, o.micro);
      if (o.pass === 'B' && k > 0) send(r, 1, k - 1, o.micro);
    };

    sim.process(function* computeStream() {
      if (order !== undefined) {
        for (const o of order) yield* run(o);
      } else {
        yield* zeroBubble(r);
      }
      pipelineEnd = Math.max(pipelineEnd, sim.now);
      done.succeed(undefined);
    }, `compute-${r}`);

    function* zeroBubble(rr: number): Generator<Event<unknown> | number, void, unknown> {
      const limit = zeroBubbleLimit(p, m, rr);
      const k = rr;
      let nextF = 0;
      let nextB = 0;
      let nextW = 0;
      while (nextW < m) {
        const bReady = nextB < nextF && (k === n - 1 || arrival(1, k, nextB).triggered);
        const fReady = nextF < m && nextF - nextB < limit && (k === 0 || arrival(0, k, nextF).triggered);
        if (bReady) yield* run({ pass: 'B', micro: nextB++, chunk: 0 });
        else if (fReady) yield* run({ pass: 'F', micro: nextF++, chunk: 0 });
        else if (nextW < nextB) yield* run({ pass: 'W', micro: nextW++, chunk: 0 });
        else {
          const waits: Event<undefined>[] = [];
          if (nextB < nextF) waits.push(arrival(1, k, nextB));
          if (nextF < m && nextF - nextB < limit) waits.push(arrival(0, k, nextF));
          yield sim.anyOf(waits);
        }
      }
    }

    dpDone.push(
      sim.process(function* dpStream() {
        if (!plan.overlapGradReduce) yield done;
        for (const b of ready) {
          yield b.e;
          const start = sim.now;
          yield b.seconds;
          span(r, { stream: 'dp', name: b.name, start, end: sim.now });
        }
        for (const b of backwardEnd) {
          yield b.e;
          const start = sim.now;
          yield b.seconds;
          span(r, { stream: 'dp', name: 'gradient reduce-scatter', start, end: sim.now });
        }
      }, `dp-${r}`),
    );
  });

  const step = sim.process(function* stepEnd() {
    yield sim.allOf([...computeDone, ...dpDone]);
    const dpEnd = sim.now;
    const opt = Math.max(...plan.ranks.map((r) => r.optimizerSeconds + r.paramGatherSeconds));
    yield opt;
    plan.ranks.forEach((rk, r) => span(r, { stream: 'optimizer', name: rk.paramGatherSeconds > 0 ? 'optimizer + weight all-gather' : 'optimizer', start: dpEnd, end: sim.now }));
  }, 'step');

  sim.run(step);
  const times = breakdownOf(plan, pipelineEnd, Math.max(0, sim.now - pipelineEnd - Math.max(...plan.ranks.map((r) => r.optimizerSeconds + r.paramGatherSeconds))));
  return { ...times, stepSeconds: sim.now, events: sim.processedEvents, timeline: { job: opts.job ?? 'job', stepSeconds: sim.now, ranks: timelines } };
}
