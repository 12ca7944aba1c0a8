/**
 * Step time in closed form (fidelity `analytical`), from the plan (plan.ts). The flow replay (replay.ts)
 * runs the same plan on the DES kernel; test/workload/conformance.test.ts keeps the two within 5%.
 *
 * Per rank r, one micro-batch through all its chunks takes T_r = Σ_c (F_rc + B_rc) (compute + the comm on
 * the compute stream). With p ranks, m micro-batches, v chunks per rank and c the point-to-point time:
 *
 *   pp = 1           P = m·T_0
 *   gpipe            P = (m − 1)·max_r T_r + Σ_r T_r + 2(p − 1)·c
 *   1f1b             P = (m − 1)·max_r T_r + Σ_r T_r + 2c·((p − 1)·m/p + p − 2)
 *                    (the first micro-batch's forward down the pipeline and the last one's backward back
 *                    up, around m − 1 slots of the slowest rank; Narayanan et al. 2021: bubble (p−1)/m.
 *                    The transfers: in steady state every round of p micro-batches waits once for the
 *                    round trip of 2(p − 1) transfers, so they add 2(p−1)/p·c per micro-batch, plus
 *                    2(p − 2)·c of fill and drain — derived from the replay's dependency order (sends do
 *                    not block the sender) and exact on uniform pipelines where c < f + b.)
 *   interleaved      P = m·max_r T_r + (Σ_r T_r − max_r T_r)/v + 2(p·v − 1)·c
 *                    (bubble shrinks by v: Narayanan et al. SC21 §2.2, (p−1)/(v·m); the warm-up's extra
 *                    forwards give each transfer slack, so only fill and drain cross all pv − 1 boundaries)
 *   zero-bubble      the order depends on timing (schedule.ts), so there is no closed form: the analytical
 *                    fidelity runs the replay's pipeline for this schedule (a few thousand passes at most).
 *
 * Rank r's last backward ends at E_r = P − Σ_{s<r} (B_s0 + c) (the last micro-batch's backward travels
 * from rank r down to rank 0 through chunk 0). Its gradient buckets become ready during the final backward
 * of each chunk, taken as back to back at the end: chunk c's pass ends Σ_{c'<c} B_rc' before E_r.
 * The dp stream reduces them in order, each once ready and the previous one is done (without overlap,
 * all after E_r): D_r is when the last finishes. ZeRO-3 adds, per pass, the part of the weight all-gather
 * (and the gradient reduce-scatter after a backward) that the previous pass does not hide.
 *
 *   step = max_r D_r + max_r (optimizer_r + weight all-gather_r)
 *
 * The breakdown is that of the rank with the largest T_r: its compute and communication × m, the pipeline
 * transfers on the critical path 2(p−1)c, the bubble (the rest of P), the exposed dp time max_r D_r − P.
 */
import type { StepBreakdown } from '../../metrics/result-types.ts';
import { sumPass, type ChunkPlan, type RankPlan, type StepPlan } from './plan.ts';
import { replayStep } from './replay.ts';

export interface StepTimes {
  stepSeconds: number;
  breakdown: StepBreakdown;
}

export function rankMicroSeconds(r: RankPlan): number {
  return r.chunks.reduce((a, c) => a + sumPass(c.forward) + sumPass(c.backward), 0);
}

export function pipelineSeconds(plan: StepPlan): number {
  const T = plan.ranks.map(rankMicroSeconds);
  const m = plan.microbatches;
  const max = Math.max(...T);
  const sum = T.reduce((a, b) => a + b, 0);
  const p = plan.pp;
  if (p === 1) return m * T[0]!;
  const comm = ppCommSeconds(plan);
  if (plan.schedule === 'interleaved' && plan.virtualStages > 1) return m * max + (sum - max) / plan.virtualStages + comm;
  return (m - 1) * max + sum + comm;
}

/** Point-to-point transfer time on the critical path (see the header). */
export function ppCommSeconds(plan: StepPlan): number {
  const p = plan.pp;
  const c = plan.p2pSeconds;
  if (p === 1) return 0;
  if (plan.schedule === 'interleaved' && plan.virtualStages > 1) return 2 * (p * plan.virtualStages - 1) * c;
  if (plan.schedule === 'gpipe') return 2 * (p - 1) * c;
  return 2 * c * (((p - 1) * plan.microbatches) / p + p - 2);
}

/** When rank r's dp stream has reduced its last bucket, given when its last backward ends. */
export function dpFinish(rank: RankPlan, end: number, overlap: boolean): number {
  let t = end;
  let passEnd = end;
  const ready: { at: number; seconds: number }[] = [];
  for (const c of rank.chunks) {
    const b = sumPass(c.backward);
    for (const k of c.buckets) ready.push({ at: overlap ? passEnd - b + k.at * b : end, seconds: k.seconds });
    passEnd -= b;
  }
  // chunks were walked 0…v−1, i.e. from the last-finishing pass backwards in time: reduce in ready order
  ready.sort((a, b) => a.at - b.at);
  let free = -Infinity;
  for (const k of ready) free = Math.max(free, k.at) + k.seconds;
  t = Math.max(t, free);
  return t;
}

/** ZeRO-3: the weight all-gathers the previous pass does not hide (each pass's gather runs during the
 * one before; a chunk's forward follows a backward and vice versa in steady state), the first gather, and
 * the last gradient reduce-scatter. */
function zero3Exposed(plan: StepPlan, rank: RankPlan): number {
  let exposed = 0;
  for (const c of rank.chunks) {
    if (c.zero3Gather === 0) continue;
    exposed += plan.microbatches * (Math.max(0, c.zero3Gather - sumPass(c.backward)) + Math.max(0, c.zero3Gather - sumPass(c.forward)));
  }
  const first = rank.chunks[0];
  return first === undefined || first.zero3Gather === 0 ? 0 : exposed + first.zero3Gather + first.zero3Reduce;
}

export function breakdownOf(plan: StepPlan, pipeline: number, dpExposed: number): StepTimes {
  const T = plan.ranks.map(rankMicroSeconds);
  const busy = plan.ranks[T.indexOf(Math.max(...T))]!;
  const m = plan.microbatches;
  const sum = (f: (c: ChunkPlan) => number) => m * busy.chunks.reduce((a, c) => a + f(c), 0);
  const ppComm = ppCommSeconds(plan);
  const computeSeconds = sum((c) => c.forward.compute + c.backward.compute);
  const tpCommSeconds = sum((c) => c.forward.tp + c.backward.tp);
  const cpCommSeconds = sum((c) => c.forward.cp + c.backward.cp);
  const epCommSeconds = sum((c) => c.forward.ep + c.backward.ep);
  // without a pipeline there is no bubble (the difference would be rounding noise)
  const bubbleSeconds = plan.pp === 1 ? 0 : Math.max(0, pipeline - computeSeconds - tpCommSeconds - cpCommSeconds - epCommSeconds - ppComm);
  const optimizerSeconds = Math.max(...plan.ranks.map((r) => r.optimizerSeconds + r.paramGatherSeconds));
  const gather = Math.max(...plan.ranks.map((r) => r.paramGatherSeconds));
  const breakdown: StepBreakdown = {
    computeSeconds,
    tpCommSeconds,
    dpCommExposedSeconds: dpExposed + gather,
    optimizerSeconds: optimizerSeconds - gather,
    otherSeconds: 0,
    bubbleSeconds,
    ppCommSeconds: ppComm,
    epCommSeconds,
    cpCommSeconds,
  };
  return { stepSeconds: pipeline + dpExposed + optimizerSeconds, breakdown };
}

export function analyticalStep(plan: StepPlan): StepTimes {
  if (plan.schedule === 'zero-bubble' && plan.pp > 1) return replayStep(plan);
  const P = pipelineSeconds(plan);
  let downstream = 0;
  let finish = P;
  plan.ranks.forEach((r, i) => {
    if (i > 0) downstream += sumPass(plan.ranks[i - 1]!.chunks[0]!.backward) + plan.p2pSeconds;
    // rank i's last backward ends when the last micro-batch's gradient has not yet reached ranks < i
    const end = P - downstream;
    finish = Math.max(finish, dpFinish(r, end, plan.overlapGradReduce) + zero3Exposed(plan, r));
  });
  return breakdownOf(plan, P, finish - P);
}
