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
 */
import type { ClusterSpec, CostSpec, EnergySpec } from '../config/scenario-types.ts';
import { computeCost } from './cost.ts';
import { computeEnergy } from './energy.ts';
import type { JobResult, TimeToTrainResult, TrainingJobResult } from './result-types.ts';

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
  let kgCO2e = 0;
  for (const p of ttt.phases) {
    if (p.seconds <= 0) continue;
    const e = computeEnergy({
      cluster,
      energy: input.energy,
      jobs: [{ devices: job.devices, accelerator: group.accelerator, node: group.profile, busySeconds: p.seconds, computeUtilisation: p.computeUtilisation }],
      simulatedSeconds: p.seconds,
    });
    energyKWh += e.energy.totalKWh;
    kgCO2e += e.carbon.kgCO2e;
  }
  const { cost } = computeCost({ cluster, cost: input.cost, simulatedSeconds: ttt.wallSeconds, energyKWh });
  return { ...ttt, energyKWh, kgCO2e, costUsd: cost.totalUsd };
}

/** Every training job that has a time to train, with its footprint filled in; the others unchanged. */
export function withTimeToTrainFootprint(jobs: Readonly<Record<string, JobResult>>, input: TimeToTrainFootprintInput): Record<string, JobResult> {
  const out: Record<string, JobResult> = {};
  for (const [name, j] of Object.entries(jobs)) {
    out[name] = j.kind === 'training' && j.timeToTrain !== undefined ? { ...j, timeToTrain: timeToTrainFootprint(j, j.timeToTrain, input) } : j;
  }
  return out;
}
