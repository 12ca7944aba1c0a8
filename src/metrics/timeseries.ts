/**
 * Power, utilisation and throughput over simulated time (phase 6): the rows of timeseries.csv, and the power
 * profile that weights an hourly grid-intensity series (carbon.ts).
 *
 * Each job is a list of spans of simulated time with a busy fraction b (of its devices) and a throughput:
 *   training     one span per step (grouped into at most MAX_SPANS_PER_JOB spans), b = 1, tokens/s of the job
 *   collective   one span per message size (one call each), b = 1, no token throughput
 *   inference    the job's over-time bins (at most 200), b = the replicas' busy fraction, output tokens/s
 * Rows are cut at every span boundary of every job (and at 0 and the run's end); within a row every job is
 * constant. Power of a row, with the same model as energy.ts (power.ts), for each job on its pool of devices:
 *   P_dev = n × (b × P(L_eff) + (1 − b) × P(0)),  P_overhead likewise with the node overhead per device
 * plus the idle devices no job holds, the constant network and storage power, and (PUE − 1) × IT power.
 * So the rows integrate to energy.ts's totals exactly where b is 0 or 1 (training, collectives), and to the
 * bins' busy time for inference (energy.ts uses the job's mean busy seconds; the two differ by the rounding
 * of the bins). Deterministic: only the job results and the scenario enter.
 */
import type { ClusterSpec, EnergySpec } from '../config/scenario-types.ts';
import type { AcceleratorProfile, NodeProfile } from '../hardware/profile-types.ts';
import { intensityAt, type PowerSpan } from './carbon.ts';
import type { InfrastructurePower } from './fabric-power.ts';
import { devicePowerWatts, effectiveLoad, facilityOverheadWatts, nodeOverheadWatts } from './power.ts';
import { capWattsFor } from '../hardware/power-cap.ts';
import type { JobResult } from './result-types.ts';
import { JOULES_PER_KWH } from './si.ts';

/** More steps than this are grouped, so a long run gives a bounded file. */
export const MAX_SPANS_PER_JOB = 200;

export interface TimeseriesJob {
  result: JobResult;
  /** the devices it holds and where (as energy.ts takes them) */
  devices: number;
  accelerator: AcceleratorProfile;
  node: NodeProfile;
}

export interface TimeseriesInput {
  cluster: ClusterSpec;
  energy: EnergySpec;
  jobs: readonly TimeseriesJob[];
  simulatedSeconds: number;
  infrastructure?: InfrastructurePower;
}

export interface TimeseriesRow {
  tSeconds: number;
  seconds: number;
  watts: { accelerators: number; nodeOverhead: number; network: number; storage: number; facilityOverhead: number; total: number };
  gridGPerKWh: number;
  /** busy devices over all devices of the cluster */
  busyFraction: number;
  /** per job, in `jobs` order: busy fraction of its devices, and tokens/s (null for collectives) */
  jobs: { busy: number; tokensPerSecond: number | null }[];
}

export interface Timeseries {
  jobs: string[];
  rows: TimeseriesRow[];
}

interface Span {
  t0: number;
  t1: number;
  busy: number;
  tokensPerSecond: number | null;
}

/** The spans in which a job is active, in time order and disjoint. */
export function jobSpans(r: JobResult): Span[] {
  if (r.kind === 'inference') {
    return r.overTime.filter((b) => b.seconds > 0).map((b) => ({ t0: b.t, t1: b.t + b.seconds, busy: Math.min(1, Math.max(0, b.busy)), tokensPerSecond: b.outputTokensPerSecond }));
  }
  if (r.kind === 'collective') {
    const out: Span[] = [];
    let t = 0;
    for (const p of r.points) {
      if (p.seconds > 0) out.push({ t0: t, t1: t + p.seconds, busy: 1, tokensPerSecond: null });
      t += p.seconds;
    }
    return out;
  }
  if (!(r.steps > 0 && r.stepSeconds > 0)) return [];
  const per = Math.ceil(r.steps / MAX_SPANS_PER_JOB);
  const out: Span[] = [];
  for (let k = 0; k < r.steps; k += per) {
    out.push({ t0: k * r.stepSeconds, t1: Math.min(r.steps, k + per) * r.stepSeconds, busy: 1, tokensPerSecond: r.tokensPerSecond });
  }
  return out;
}

export function buildTimeseries(input: TimeseriesInput): Timeseries {
  const { cluster, energy, jobs, simulatedSeconds: T } = input;
  const spans = jobs.map((j) => jobSpans(j.result));
  const cuts = new Set<number>([0, T]);
  for (const list of spans) {
    for (const s of list) {
      if (s.t0 < T) cuts.add(s.t0);
      cuts.add(Math.min(s.t1, T));
    }
  }
  const times = [...cuts].filter((t) => t >= 0 && t <= T).sort((a, b) => a - b);

  // Idle power of every device of the cluster; a job's devices then add their busy part on top.
  let idleDevice = 0;
  let idleOverhead = 0;
  let devicesTotal = 0;
  for (const g of cluster.nodes) {
    const n = g.count * g.profile.devicesPerNode;
    devicesTotal += n;
    idleDevice += n * devicePowerWatts(g.accelerator, 0);
    idleOverhead += g.count * nodeOverheadWatts(g.profile, g.accelerator, 0);
  }
  // Extra power of one fully busy device over idle, per job (its pool's cap and the job's utilisation).
  const extra = jobs.map((j) => {
    const u = j.result.computeUtilisation;
    const load = effectiveLoad(j.accelerator, Math.min(1, Math.max(0, u)), capWattsFor(j.accelerator, energy.powerCap));
    return {
      device: devicePowerWatts(j.accelerator, load) - devicePowerWatts(j.accelerator, 0),
      overhead: (nodeOverheadWatts(j.node, j.accelerator, load) - nodeOverheadWatts(j.node, j.accelerator, 0)) / j.node.devicesPerNode,
    };
  });
  const network = input.infrastructure?.networkWatts ?? 0;
  const storage = input.infrastructure?.storageWatts ?? 0;
  const cursor = spans.map(() => 0);
  const rows: TimeseriesRow[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const t0 = times[i]!;
    const t1 = times[i + 1]!;
    if (!(t1 > t0)) continue;
    const mid = (t0 + t1) / 2;
    let accelerators = idleDevice;
    let nodeOverhead = idleOverhead;
    let busyDevices = 0;
    const perJob = jobs.map((j, k) => {
      const list = spans[k]!;
      while (cursor[k]! < list.length && list[cursor[k]!]!.t1 <= mid) cursor[k]!++;
      const s = list[cursor[k]!];
      const inSpan = s !== undefined && s.t0 <= mid;
      const busy = inSpan ? s.busy : 0;
      accelerators += j.devices * busy * extra[k]!.device;
      nodeOverhead += j.devices * busy * extra[k]!.overhead;
      busyDevices += j.devices * busy;
      const tps = j.result.kind === 'collective' ? null : inSpan ? s.tokensPerSecond : 0;
      return { busy, tokensPerSecond: tps };
    });
    const it = accelerators + nodeOverhead + network + storage;
    const facilityOverhead = facilityOverheadWatts(it, energy.pue);
    rows.push({
      tSeconds: t0,
      seconds: t1 - t0,
      watts: { accelerators, nodeOverhead, network, storage, facilityOverhead, total: it + facilityOverhead },
      gridGPerKWh: intensityAt(energy, t0) * 1000 * JOULES_PER_KWH,
      busyFraction: devicesTotal > 0 ? busyDevices / devicesTotal : 0,
      jobs: perJob,
    });
  }
  return { jobs: jobs.map((j) => j.result.name), rows };
}

/** The facility power of each row, for the carbon weighting of a grid-intensity series. */
export function powerSpans(ts: Timeseries): PowerSpan[] {
  return ts.rows.map((r) => ({ t0: r.tSeconds, t1: r.tSeconds + r.seconds, watts: r.watts.total }));
}

/** ∫ total power dt over the rows, kWh (tests compare it with energy.ts). */
export function timeseriesKWh(ts: Timeseries): number {
  return ts.rows.reduce((s, r) => s + r.watts.total * r.seconds, 0) / JOULES_PER_KWH;
}
