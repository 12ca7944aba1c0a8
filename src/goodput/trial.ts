/**
 * One Monte Carlo trial of a long training run: a direct event loop over failures, checkpoints, planned
 * maintenance and slow GPUs, stepping from one event to the next (never step by step). Work is counted in
 * productive seconds: the fault-free, stall-free step time S per step.
 *
 * Running, the job does one second of work per w wall seconds, w = 1 + D/S + x, with D the data stall per
 * step and x = c·(f − 1)/S while a slow GPU is in the job (c the step's compute seconds, f the GPU's
 * slowdown: every collective waits for the slow rank, so the step grows by its compute). After tau seconds
 * of work it checkpoints: training stops for the stall C_s (the whole write when synchronous, the copy to
 * host memory when asynchronous); the checkpoint commits at the end of the write, C_s + drain after its
 * start. A new checkpoint waits for the previous one to commit.
 *
 * Fail-stop failures of cause i arrive as a Poisson process of rate lambda_i (failures per second of the
 * job's exposure: running, checkpointing, restarting, restoring; not while it waits for detection, a repair
 * or maintenance). A failure loses the work since the last committed checkpoint, then costs detection,
 * any wait for a repaired node (hardware causes with no spare free: a spare pool of n nodes, each failed node
 * back after its cause's repair time), the restart, and the restore. A failure during the restart or the
 * restore starts the recovery again.
 *
 * Planned maintenance every T_m: the job writes a checkpoint (the whole write), stops for the downtime,
 * restarts and restores, losing no work. A slow GPU found `detect` seconds after it starts is removed the
 * same way; without detection it stays until the next restart.
 *
 * Failure arrival times are drawn in exposure time from the trial's own stream, in a fixed order (gap,
 * cause, gap, ...), so a trial run at another checkpoint interval sees the same failures (common random
 * numbers: the interval sweep compares like with like). At the end of the window the work since the last
 * checkpoint counts as done (the run goes on). Invariant: productive + every lost bucket = the window.
 */
import { RandomStream } from '../sim/random.ts';

/** The lost-time buckets, in the order of TrialResult.lost. */
export const LOST_BUCKETS = ['lostWork', 'detection', 'restart', 'restore', 'repairWait', 'checkpoint', 'maintenance', 'stragglers', 'dataStalls'] as const;
export type LostBucket = (typeof LOST_BUCKETS)[number];
const B = Object.fromEntries(LOST_BUCKETS.map((k, i) => [k, i])) as Record<LostBucket, number>;

export interface TrialModel {
  durationSeconds: number;
  /** per cause: failures per second of exposure of the whole job, whether a node must be replaced, repair time, category index */
  causes: { rate: number; hardware: boolean; repairSeconds: number; category: number }[];
  categories: number;
  detectionSeconds: number;
  restartSeconds: number;
  restoreSeconds: number;
  /** spare nodes; Infinity: one is always free */
  spareNodes: number;
  /** work seconds between checkpoints; training stalled per checkpoint; extra wall time until it commits */
  tauSeconds: number;
  stallSeconds: number;
  drainSeconds: number;
  /** the whole write (a planned stop waits for it) */
  writeSeconds: number;
  /** D / S */
  dataRatio: number;
  stragglers: { rate: number; extraRatio: number; detectSeconds: number } | null;
  maintenance: { everySeconds: number; downtimeSeconds: number } | null;
  binSeconds: number;
  bins: number;
}

export interface TrialResult {
  productive: number;
  /** wall seconds by LOST_BUCKETS */
  lost: Float64Array;
  unexpected: number;
  planned: number;
  byCause: Float64Array;
  byCategory: Float64Array;
  /** unexpected interruptions per bin and category: [bin * categories + category] */
  overTime: Float64Array;
}

type Down = { bucket: number; left: number; exposed: boolean };

/** Runs one trial. `stream` and `stragglerStream` are the trial's own random streams. */
export function runTrial(m: TrialModel, stream: RandomStream, stragglerStream: RandomStream, detail = true): TrialResult {
  const nCause = m.causes.length;
  const totalRate = m.causes.reduce((s, c) => s + c.rate, 0);
  const lost = new Float64Array(LOST_BUCKETS.length);
  const byCause = new Float64Array(nCause);
  const byCategory = new Float64Array(m.categories);
  const overTime = new Float64Array(detail ? m.bins * m.categories : 0);
  const gap = (rate: number, s: RandomStream) => (rate > 0 ? s.exponential(1 / rate) : Infinity);
  const D = m.durationSeconds;

  let t = 0;
  let productive = 0;
  let unexpected = 0;
  let planned = 0;
  let toFailure = gap(totalRate, stream);
  const sm = m.stragglers;
  let toStraggler = sm ? gap(sm.rate, stragglerStream) : Infinity;
  let stragglerUntil = -1; // wall time the present slow GPU is removed (Infinity: at the next restart); -1: none
  let nextMaint = m.maintenance ? m.maintenance.everySeconds : Infinity;
  const returns: number[] = [];
  let freeSpares = m.spareNodes;

  // Running state.
  let workToCkpt = m.tauSeconds;
  // Since the last committed checkpoint: [work, running wall, data-stall wall, straggler wall].
  const since = [0, 0, 0, 0];
  const pending = [0, 0, 0, 0];
  let commitAt = Infinity; // wall time the checkpoint being drained commits
  let ckptDue = false;
  let stallLeft = 0; // > 0: training stopped for a checkpoint
  let stop: { bucket: number; downtime: number } | null = null; // a planned stop after the stall
  let down: Down[] = [];

  const restart = (first: Down[]) => {
    down = [...first, { bucket: B.restart, left: m.restartSeconds, exposed: true }, { bucket: B.restore, left: m.restoreSeconds, exposed: true }];
    since.fill(0); pending.fill(0);
    commitAt = Infinity; ckptDue = false; stallLeft = 0; stop = null;
    workToCkpt = m.tauSeconds;
    if (stragglerUntil >= 0) { stragglerUntil = -1; toStraggler = sm ? gap(sm.rate, stragglerStream) : Infinity; }
  };
  const commit = (snapshot: number[]) => {
    for (let i = 0; i < 4; i++) since[i]! -= snapshot[i]!;
    snapshot.fill(0);
  };

  while (t < D) {
    const running = down.length === 0;
    const training = running && stallLeft <= 0;
    const exposed = running || down[0]!.exposed;
    const w = 1 + m.dataRatio + (stragglerUntil >= 0 ? sm!.extraRatio : 0);
    // The next event: 0 end, 1 failure, 2 straggler onset, 3 straggler removal, 4 checkpoint due, 5 stall end,
    // 6 commit, 7 maintenance, 8 end of a down phase. Inline comparisons: this loop is the hot path.
    let dt = D - t;
    let ev = 0;
    if (exposed && toFailure < dt) { dt = toFailure; ev = 1; }
    if (running) {
      if (stragglerUntil < 0) { if (toStraggler < dt) { dt = toStraggler; ev = 2; } }
      else if (stop === null && stragglerUntil - t < dt) { dt = stragglerUntil - t; ev = 3; }
      if (training && !ckptDue && workToCkpt * w < dt) { dt = workToCkpt * w; ev = 4; }
      if (stallLeft > 0 && stallLeft < dt) { dt = stallLeft; ev = 5; }
      if (commitAt - t < dt) { dt = commitAt - t; ev = 6; }
      if (stop === null && nextMaint - t < dt) { dt = nextMaint - t; ev = 7; }
    } else if (down[0]!.left < dt) { dt = down[0]!.left; ev = 8; }
    dt = Math.max(0, dt);

    // Advance the clock and the books by dt.
    if (exposed) toFailure -= dt;
    if (running) {
      if (stragglerUntil < 0) toStraggler -= dt;
      if (training) {
        const work = dt / w;
        const data = work * m.dataRatio;
        const slow = dt - work - data;
        productive += work; lost[B.dataStalls]! += data; lost[B.stragglers]! += slow;
        since[0]! += work; since[1]! += dt; since[2]! += data; since[3]! += slow;
        if (!ckptDue) workToCkpt -= work;
      } else {
        stallLeft -= dt;
        lost[stop ? stop.bucket : B.checkpoint]! += dt;
      }
    } else {
      down[0]!.left -= dt;
      lost[down[0]!.bucket]! += dt;
    }
    t += dt;
    if (t >= D) break;

    switch (ev) {
      case 1: { // a fail-stop failure
        const u = stream.next() * totalRate;
        let i = 0;
        for (let acc = m.causes[0]!.rate; acc <= u && i < nCause - 1; acc += m.causes[++i]!.rate);
        const cause = m.causes[i]!;
        unexpected++; byCause[i]!++; byCategory[cause.category]!++;
        if (detail) overTime[Math.min(m.bins - 1, Math.floor(t / m.binSeconds)) * m.categories + cause.category]!++;
        toFailure = gap(totalRate, stream);
        // The work since the last commit is redone: its wall time moves from where it was booked to lost work.
        productive -= since[0]!; lost[B.dataStalls]! -= since[2]!; lost[B.stragglers]! -= since[3]!; lost[B.lostWork]! += since[1]!;
        const first: Down[] = [{ bucket: B.detection, left: m.detectionSeconds, exposed: false }];
        if (cause.hardware && m.spareNodes !== Infinity) {
          const own = t + cause.repairSeconds;
          returns.sort((a, b) => a - b);
          while (returns.length > 0 && returns[0]! <= t) { returns.shift(); freeSpares++; }
          if (freeSpares > 0) { freeSpares--; returns.push(own); }
          else {
            // No spare free: after detection the job waits for the first node back from repair; when that is
            // the failed node itself it rejoins the job, otherwise it joins the repair queue.
            let back = own;
            if (returns.length > 0 && returns[0]! < own) { back = returns.shift()!; returns.push(own); }
            first.push({ bucket: B.repairWait, left: Math.max(0, back - t - m.detectionSeconds), exposed: false });
          }
        }
        restart(first);
        break;
      }
      case 2: stragglerUntil = sm!.detectSeconds === Infinity ? Infinity : t + sm!.detectSeconds; break;
      case 3: // the slow GPU is found: checkpoint and restart without it
        stop = { bucket: B.stragglers, downtime: 0 }; planned++;
        stallLeft = Math.max(stallLeft, m.writeSeconds);
        break;
      case 4: ckptDue = true; workToCkpt = 0; if (commitAt === Infinity) startCheckpoint(); break;
      case 5:
        stallLeft = 0;
        // A planned stop's write saved everything: the restart starts from here, nothing is lost.
        if (stop) { const s = stop; restart([{ bucket: s.bucket, left: s.downtime, exposed: false }]); relabel(s.bucket); }
        else if (m.drainSeconds <= 0) { commit(pending); }
        else commitAt = t + m.drainSeconds;
        break;
      case 6:
        commitAt = Infinity; commit(pending);
        if (ckptDue && stop === null) startCheckpoint();
        break;
      case 7: // planned maintenance: write a checkpoint, stop, restart
        nextMaint += m.maintenance!.everySeconds;
        stop = { bucket: B.maintenance, downtime: m.maintenance!.downtimeSeconds }; planned++;
        // The stop writes the whole state; a checkpoint still draining finishes within the write.
        stallLeft = Math.max(stallLeft, m.writeSeconds);
        break;
      case 8:
        down.shift();
        // Maintenance that fell while the job was down was done then.
        if (down.length === 0 && m.maintenance) while (nextMaint <= t) nextMaint += m.maintenance.everySeconds;
        break;
    }
  }
  // Work since the last checkpoint at the end of the window counts as done: the run continues.
  return { productive, lost, unexpected, planned, byCause, byCategory, overTime };

  function startCheckpoint(): void {
    ckptDue = false;
    // Whole checkpoint periods that end before the next event of another kind repeat exactly: skip over all
    // but the last of them at once. A period is the stall plus the training until the next checkpoint (at
    // least the drain: a checkpoint waits for the one before to commit). Afterwards the work of the last
    // period is the uncommitted work, as it would be step by step.
    if (commitAt === Infinity && stop === null) {
      const w = 1 + m.dataRatio + (stragglerUntil >= 0 ? sm!.extraRatio : 0);
      const train = Math.max(m.tauSeconds * w, m.drainSeconds);
      const period = m.stallSeconds + train;
      let horizon = Math.min(toFailure, D - t, nextMaint - t);
      if (stragglerUntil < 0) horizon = Math.min(horizon, toStraggler);
      else if (stragglerUntil < Infinity) horizon = Math.min(horizon, stragglerUntil - t);
      const k = period > 0 ? Math.floor(horizon / period) - 1 : 0;
      if (k >= 1) {
        const work = train / w;
        const data = work * m.dataRatio;
        const slow = train - work - data;
        productive += k * work; lost[B.dataStalls]! += k * data; lost[B.stragglers]! += k * slow; lost[B.checkpoint]! += k * m.stallSeconds;
        toFailure -= k * period;
        if (stragglerUntil < 0) toStraggler -= k * period;
        t += k * period;
        since[0] = work; since[1] = train; since[2] = data; since[3] = slow;
      }
    }
    workToCkpt = m.tauSeconds;
    for (let i = 0; i < 4; i++) pending[i] = since[i]!;
    stallLeft = m.stallSeconds;
    if (stallLeft <= 0) { if (m.drainSeconds <= 0) commit(pending); else commitAt = t + m.drainSeconds; }
  }
  /** The restart and restore of a planned stop are booked to its bucket, not to restarts after failures. */
  function relabel(bucket: number): void {
    for (const d of down) if (d.bucket === B.restart || d.bucket === B.restore) d.bucket = bucket;
  }
}
