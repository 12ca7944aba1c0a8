/**
 * Energy and carbon of a run: phase 6 (measure), from the jobs' busy time and compute utilisation.
 *
 * For every device of the cluster, over the simulated time T (seconds):
 *   a device held by a job:  E = P(L) × t_busy + P(0) × (T − t_busy),   L = busyLoad(u)   (see power.ts)
 *   a device no job holds:   E = P(0) × T            (a planner pays for hardware that sits idle)
 * where P is the device power (accelerators) or its 1/n share of the node overhead (nodeOverhead).
 *   facilityOverhead = (PUE − 1) × (accelerators + nodeOverhead)
 *   total            = accelerators + nodeOverhead + facilityOverhead           (kWh; 1 kWh = 3.6e6 J)
 *   meanPowerWatts   = total / T
 *   carbon           = total × grid intensity   (location-based: the grid's average, not a market contract)
 *
 * Assumptions: jobs hold disjoint devices for the whole run (concurrent jobs, no time sharing), so the devices
 * jobs ask for on one kind of node may not exceed what the cluster has of it; a job's devices are idle, not
 * powered off, outside its busy time. Scale-out switches and storage servers are not counted yet.
 */
import type { ClusterSpec, EnergySpec } from '../config/scenario-types.ts';
import type { AcceleratorProfile, NodeProfile } from '../hardware/profile-types.ts';
import type { Assumption, EnergyResult } from './result-types.ts';
import {
  busyLoad, COMMUNICATION_POWER_FRACTION, COMMUNICATION_POWER_FRACTION_SOURCE,
  devicePowerWatts, facilityOverheadWatts, nodeOverheadWatts,
} from './power.ts';
import { JOULES_PER_KWH, tidy } from './si.ts';

/** kg/J -> g/kWh: 1000 g per kg × 3.6e6 J per kWh */
const G_PER_KWH_PER_KG_PER_JOULE = 1000 * JOULES_PER_KWH;

export interface EnergyJobInput {
  devices: number;
  accelerator: AcceleratorProfile;
  node: NodeProfile;
  busySeconds: number;
  computeUtilisation: number;
}

export interface EnergyInput {
  cluster: ClusterSpec;
  energy: EnergySpec;
  jobs: EnergyJobInput[];
  simulatedSeconds: number;
}

export interface EnergyOutput {
  energy: EnergyResult;
  carbon: { kgCO2e: number; gridIntensityGPerKWh: number };
  assumptions: Assumption[];
}

interface Pool {
  node: NodeProfile;
  accelerator: AcceleratorProfile;
  devices: number;
  held: number;
}

const poolKey = (node: NodeProfile, accelerator: AcceleratorProfile): string => `${node.id}\u0000${accelerator.id}`;

/** Device and node-overhead energy (joules) of `devices` devices at `load` for `seconds`. */
function itJoules(pool: Pool, devices: number, load: number, seconds: number): { device: number; overhead: number } {
  const perDeviceOverhead = nodeOverheadWatts(pool.node, pool.accelerator, load) / pool.node.devicesPerNode;
  return {
    device: devices * devicePowerWatts(pool.accelerator, load) * seconds,
    overhead: devices * perDeviceOverhead * seconds,
  };
}

export function computeEnergy(input: EnergyInput): EnergyOutput {
  const { cluster, energy, jobs, simulatedSeconds: T } = input;
  if (!(T >= 0 && Number.isFinite(T))) throw new Error(`simulatedSeconds must be a finite number ≥ 0, got ${T}`);

  const pools = new Map<string, Pool>();
  for (const g of cluster.nodes) {
    const key = poolKey(g.profile, g.accelerator);
    const pool = pools.get(key) ?? { node: g.profile, accelerator: g.accelerator, devices: 0, held: 0 };
    pool.devices += g.count * g.profile.devicesPerNode;
    pools.set(key, pool);
  }

  let deviceJ = 0;
  let overheadJ = 0;
  for (const [i, job] of jobs.entries()) {
    const pool = pools.get(poolKey(job.node, job.accelerator));
    if (pool === undefined) {
      throw new Error(`job ${i} runs on node "${job.node.id}" with accelerator "${job.accelerator.id}", which the cluster does not have`);
    }
    if (!(Number.isInteger(job.devices) && job.devices >= 0)) throw new Error(`job ${i}: devices must be a whole number ≥ 0, got ${job.devices}`);
    // A small relative slack absorbs rounding where the caller sums step times into both figures.
    if (!(job.busySeconds >= 0 && job.busySeconds <= T * (1 + 1e-9))) {
      throw new Error(`job ${i}: busySeconds ${job.busySeconds} must lie between 0 and the simulated time ${T}`);
    }
    pool.held += job.devices;
    if (pool.held > pool.devices) {
      throw new Error(`jobs hold ${pool.held} devices on "${pool.node.id}" nodes but the cluster has ${pool.devices}; `
        + 'energy accounting assumes jobs run side by side on disjoint devices');
    }
    const busy = Math.min(job.busySeconds, T);
    const active = itJoules(pool, job.devices, busyLoad(job.computeUtilisation), busy);
    const waiting = itJoules(pool, job.devices, 0, T - busy);
    deviceJ += active.device + waiting.device;
    overheadJ += active.overhead + waiting.overhead;
  }
  for (const pool of pools.values()) {
    const unused = itJoules(pool, pool.devices - pool.held, 0, T);
    deviceJ += unused.device;
    overheadJ += unused.overhead;
  }

  const itJ = deviceJ + overheadJ;
  const facilityJ = facilityOverheadWatts(itJ, energy.pue); // linear in power, so it applies to energy alike
  const totalJ = itJ + facilityJ;
  const gridIntensityGPerKWh = tidy(energy.gridIntensityKgPerJoule * G_PER_KWH_PER_KG_PER_JOULE);

  return {
    energy: {
      totalKWh: totalJ / JOULES_PER_KWH,
      byComponentKWh: {
        accelerators: deviceJ / JOULES_PER_KWH,
        nodeOverhead: overheadJ / JOULES_PER_KWH,
        facilityOverhead: facilityJ / JOULES_PER_KWH,
      },
      meanPowerWatts: T > 0 ? totalJ / T : 0,
    },
    carbon: { kgCO2e: totalJ * energy.gridIntensityKgPerJoule, gridIntensityGPerKWh },
    assumptions: energyAssumptions([...pools.values()], energy.pue, gridIntensityGPerKWh),
  };
}

function energyAssumptions(pools: Pool[], pue: number, gridIntensityGPerKWh: number): Assumption[] {
  const out: Assumption[] = [];
  const seen = new Set<string>();
  for (const { node, accelerator: a } of pools) {
    if (!seen.has(`a:${a.id}`)) {
      seen.add(`a:${a.id}`);
      out.push({ name: `${a.name} TDP`, value: a.power.tdpWatts, unit: 'W', source: a.power.source });
      out.push({ name: `${a.name} idle power`, value: a.power.idleWatts, unit: 'W', source: a.power.source });
    }
    if (!seen.has(`n:${node.id}`)) {
      seen.add(`n:${node.id}`);
      out.push({ name: `${node.name} max power`, value: node.power.maxWatts, unit: 'W', source: node.power.source });
      out.push({ name: `${node.name} idle power`, value: node.power.idleWatts, unit: 'W', source: node.power.source });
    }
  }
  out.push({
    name: 'power drawn while communicating, fraction of (TDP − idle)',
    value: COMMUNICATION_POWER_FRACTION, unit: 'fraction', source: COMMUNICATION_POWER_FRACTION_SOURCE,
  });
  out.push({ name: 'PUE', value: pue, unit: 'ratio', source: 'scenario' });
  out.push({ name: 'grid carbon intensity (location-based)', value: gridIntensityGPerKWh, unit: 'g/kWh', source: 'scenario' });
  return out;
}
