/**
 * Pipeline schedules: the order in which each pipeline rank runs its forward (F), backward (B) and, for
 * zero-bubble, weight-gradient (W) passes. p ranks, m micro-batches, v model chunks per rank (virtual
 * stages; virtual stage of chunk c on rank r is c·p + r, so a micro-batch visits ranks 0…p−1 v times).
 *
 *  gpipe        all m forwards, then all m backwards (Huang et al. 2019). Holds m micro-batches.
 *  1f1b         PipeDream-Flush (Narayanan et al. 2021): rank r runs w = min(p − r − 1, m) warm-up
 *               forwards, then alternates one forward and one backward, then drains the backwards.
 *               Holds at most p − r micro-batches.
 *  interleaved  Megatron-LM's interleaved 1F1B (Narayanan et al. SC21 §2.2; the order of
 *               forward_backward_pipelining_with_interleaving): the k-th forward of a rank is chunk
 *               ⌊(k mod pv)/p⌋ of micro-batch ⌊k/pv⌋·p + (k mod p); backwards walk the chunks in reverse.
 *               Warm-up w = min((p − r − 1)·2 + (v − 1)·p, mv), or all mv when m = p. Needs m divisible by p.
 *  zero-bubble  ZB-H1 (Qi et al. 2023, "Zero Bubble Pipeline Parallelism"): 1F1B in which each backward is
 *               split into B (input gradients, on the critical path to the previous rank) and W (weight
 *               gradients, no successor); W runs when the rank would otherwise wait. Its order depends on
 *               timing, so it is not listed here: the replay picks the ready pass (replay-pipeline.ts)
 *               with the same in-flight limit as 1F1B.
 *
 * The peak number of micro-batch chunks whose activations a rank holds follows from the order: a
 * forward adds one, a backward releases one (inFlightPeak).
 */
import type { PipelineSchedule } from '../../config/scenario-types.ts';

export interface PipeOp {
  pass: 'F' | 'B' | 'W';
  micro: number;
  chunk: number;
}

function oneFOneB(p: number, m: number, r: number): PipeOp[] {
  const warm = Math.min(p - r - 1, m);
  const ops: PipeOp[] = [];
  for (let i = 0; i < warm; i++) ops.push({ pass: 'F', micro: i, chunk: 0 });
  for (let i = 0; i < m - warm; i++) {
    ops.push({ pass: 'F', micro: warm + i, chunk: 0 });
    ops.push({ pass: 'B', micro: i, chunk: 0 });
  }
  for (let i = m - warm; i < m; i++) ops.push({ pass: 'B', micro: i, chunk: 0 });
  return ops;
}

function interleaved(p: number, m: number, v: number, r: number): PipeOp[] {
  const total = m * v;
  const warm = m === p ? total : Math.min((p - r - 1) * 2 + (v - 1) * p, total);
  const op = (pass: 'F' | 'B', k: number): PipeOp => {
    const inGroup = k % (p * v);
    const chunk = Math.floor(inGroup / p);
    return { pass, micro: Math.floor(k / (p * v)) * p + (k % p), chunk: pass === 'F' ? chunk : v - 1 - chunk };
  };
  const ops: PipeOp[] = [];
  for (let k = 0; k < warm; k++) ops.push(op('F', k));
  for (let i = 0; i < total - warm; i++) {
    ops.push(op('F', warm + i));
    ops.push(op('B', i));
  }
  for (let k = total - warm; k < total; k++) ops.push(op('B', k));
  return ops;
}

/** The pass order of rank r, for the static schedules (every schedule but zero-bubble). */
export function scheduleOrder(schedule: Exclude<PipelineSchedule, 'zero-bubble'>, p: number, m: number, v: number, r: number): PipeOp[] {
  if (schedule === 'interleaved' && v > 1) return interleaved(p, m, v, r);
  if (schedule === 'gpipe') {
    const ops: PipeOp[] = [];
    for (let i = 0; i < m; i++) ops.push({ pass: 'F', micro: i, chunk: 0 });
    for (let i = 0; i < m; i++) ops.push({ pass: 'B', micro: i, chunk: 0 });
    return ops;
  }
  return oneFOneB(p, m, r);
}

/** Micro-batches (of any chunk) a rank may hold at once under zero-bubble ZB-H1: the 1F1B limit. */
export function zeroBubbleLimit(p: number, m: number, r: number): number {
  return Math.min(p - r, m);
}

/** Peak count of live (forwarded, not yet backwarded) micro-batch chunks in an order, per chunk index. */
export function inFlightPeak(ops: readonly PipeOp[], chunks: number): { total: number; perChunkAtPeak: number[] } {
  const live = new Array<number>(chunks).fill(0);
  let total = 0;
  let best = { total: 0, perChunkAtPeak: [...live] };
  for (const o of ops) {
    if (o.pass === 'F') {
      live[o.chunk]!++;
      total++;
      if (total > best.total) best = { total, perChunkAtPeak: [...live] };
    } else if (o.pass === 'B') {
      live[o.chunk]!--;
      total--;
    }
  }
  return best;
}
