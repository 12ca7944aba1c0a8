/**
 * Energy, carbon and cost of a time to train (phase 6): the energy and cost models (energy.ts, cost.ts)
 * applied to the training job's own nodes over the time to train, not to the whole cluster over the few
 * simulated steps.
 *
 *   nodes      = ⌈devices / devices per node⌉ of the cluster's first node group (where training jobs run);
 *                a node the job only partly fills is paid for whole, its other devices idle
 *   energy     = Σ_phases E(nodes; the job's devices busy at the phase's compute utilisation for t_i)
 *                (energy is linear in time, so the phases add; each has its own utilisation)
 *   carbon     = Σ_phases carbon of E_i at the scenario's grid intensity
 *   cost       = cost model of those nodes over wall = Σ t_i, with the energy above (owned: electricity)
 *
 * With the goodput model's losses (the job has `tokens` and `goodput`; goodput/result-types.ts), over its
 * window W of wall time with mean productive time P and mean data stall S:
 *   ettr       = (P + S) / W          the fault-free time already holds the data stalls (they are in the step)
 *   wall'      = wall / ettr,  device-hours' = devices · wall' / 3600,  extra = wall' − wall
 *   extra      = busy + idle, split as the window's mean losses split: busy = work redone after a failure and
 *                straggler slowdown (the devices compute); idle = detection, restart, restore, repair wait,
 *                checkpoint stalls and planned stops (the job holds its devices, which wait: drawn at idle power,
 *                load 0 — an SM spinning in a blocked collective draws more, so this is a lower bound)
 *   energy'    = energy + busy · energy / wall + E(the job's nodes idle for `idle`)    (carbon alike)
 *   GPU only   = the accelerators' share of each term (the power model's GPU energy, no node overhead, no PUE)
 *   at TDP     = device-hours' × TDP: Luccioni et al. 2022's definition of BLOOM's 433 MWh, for a like-for-like
 *                comparison with figures computed that way (it tests time, not the power model)
 *   cost'      = cost model of the job's nodes over wall', with energy'
 */
import type { ClusterSpec, CostSpec, EnergySpec } from '../config/scenario-types.ts';
import { computeCost } from './cost.ts';
import { computeEnergy } from './energy.ts';
import type { JobResult, TimeToTrainResult, TimeToTrainWithGoodput, TrainingJobResult } from './result-types.ts';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from './si.ts';

export interface TimeToTrainFootprintInput {
  cluster: ClusterSpec;
  energy: EnergySpec;
  cost: CostSpec;
}

/** The job's nodes alone, as a cluster the energy and cost models can take. */
function jobCluster(cluster: ClusterSpec, devices: number): ClusterSpec {
  const group = cluster.nodes[0];
  if (group === undefined) throw new Error('time to train: the cluster has no nodes');
  return { nodes: [{ ...group, count: Math.ceil(devices / group.profile.devicesPerNode) }], scaleOut: cluster.scaleOut, storage: [] };
}

/** energyKWh, kgCO2e and costUsd of one job's time to train. */
export function timeToTrainFootprint(job: TrainingJobResult, ttt: TimeToTrainResult, input: TimeToTrainFootprintInput): TimeToTrainResult {
  const cluster = jobCluster(input.cluster, job.devices);
  const group = cluster.nodes[0]!;
  let energyKWh = 0;
  let acceleratorEnergyKWh = 0;
  let kgCO2e = 0;
  const energyOver = (seconds: number, computeUtilisation: number, busy: boolean) => computeEnergy({
    cluster,
    energy: input.energy,
    jobs: [{ devices: job.devices, accelerator: group.accelerator, node: group.profile, busySeconds: busy ? seconds : 0, computeUtilisation }],
    simulatedSeconds: seconds,
  });
  for (const p of ttt.phases) {
    if (p.seconds <= 0) continue;
    const e = energyOver(p.seconds, p.computeUtilisation, true);
    energyKWh += e.energy.totalKWh;
    acceleratorEnergyKWh += e.energy.byComponentKWh.accelerators;
    kgCO2e += e.carbon.kgCO2e;
  }
  const { cost } = computeCost({ cluster, cost: input.cost, simulatedSeconds: ttt.wallSeconds, energyKWh });
  const out: TimeToTrainResult = { ...ttt, energyKWh, kgCO2e, costUsd: cost.totalUsd, acceleratorEnergyKWh };
  const g = job.goodput;
  if (g === undefined || !(ttt.wallSeconds > 0)) return out;
  const ettr = (g.productiveSeconds.mean + g.lost.dataStalls.mean) / g.durationSeconds;
  if (!(ettr > 0 && ettr <= 1)) throw new Error(`time to train of ${job.name}: goodput ETTR ${ettr} is outside (0, 1]`);
  const wallSeconds = ttt.wallSeconds / ettr;
  const extra = wallSeconds - ttt.wallSeconds;
  const l = g.lost;
  const busyLost = l.lostWork.mean + l.stragglers.mean;
  const idleLost = l.detection.mean + l.restart.mean + l.restore.mean + l.repairWait.mean + l.checkpoint.mean + l.maintenance.mean;
  const lostBusySeconds = busyLost + idleLost > 0 ? (extra * busyLost) / (busyLost + idleLost) : 0;
  const lostIdleSeconds = extra - lostBusySeconds;
  const busyScale = 1 + lostBusySeconds / ttt.wallSeconds;
  const idle = lostIdleSeconds > 0 ? energyOver(lostIdleSeconds, 0, false) : null;
  const gEnergy = energyKWh * busyScale + (idle?.energy.totalKWh ?? 0);
  const gpuHours = (job.devices * wallSeconds) / SECONDS_PER_HOUR;
  const withGoodput: TimeToTrainWithGoodput = {
    ettr,
    wallSeconds,
    days: wallSeconds / SECONDS_PER_DAY,
    gpuHours,
    lostBusySeconds,
    lostIdleSeconds,
    energyKWh: gEnergy,
    acceleratorEnergyKWh: acceleratorEnergyKWh * busyScale + (idle?.energy.byComponentKWh.accelerators ?? 0),
    gpuEnergyAtTdpKWh: (gpuHours * group.accelerator.power.tdpWatts) / 1000,
    kgCO2e: kgCO2e * busyScale + (idle?.carbon.kgCO2e ?? 0),
    costUsd: computeCost({ cluster, cost: input.cost, simulatedSeconds: wallSeconds, energyKWh: gEnergy }).cost.totalUsd,
  };
  return { ...out, withGoodput };
}

/** Every training job that has a time to train, with its footprint filled in; the others unchanged. */
export function withTimeToTrainFootprint(jobs: Readonly<Record<string, JobResult>>, input: TimeToTrainFootprintInput): Record<string, JobResult> {
  const out: Record<string, JobResult> = {};
  for (const [name, j] of Object.entries(jobs)) {
    out[name] = j.kind === 'training' && j.timeToTrain !== undefined ? { ...j, timeToTrain: timeToTrainFootprint(j, j.timeToTrain, input) } : j;
  }
  return out;
}
