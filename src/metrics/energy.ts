/**
 * Energy and carbon of a run: phase 6 (measure), from the jobs' busy time and compute utilisation.
 *
 * For every device of the cluster, over the simulated time T (seconds):
 *   a device held by a job:  E = P(L) × t_busy + P(0) × (T − t_busy),   L = busyLoad(u)   (see power.ts)
 *   a device no job holds:   E = P(0) × T            (a planner pays for hardware that sits idle)
 * where P is the device power (accelerators) or its 1/n share of the node overhead (nodeOverhead).
 * where P is the device power (accelerators) or its 1/n share of the node overhead (nodeOverhead), and
 * L = effectiveLoad(u, cap) when energy.powerCap bounds the device power (power.ts).
 *   network, storage = their constant power × T (fabric-power.ts: switch ports in use, storage systems)
 *   facilityOverhead = (PUE − 1) × (accelerators + nodeOverhead + network + storage)
 *   total            = accelerators + nodeOverhead + network + storage + facilityOverhead   (kWh; 1 kWh = 3.6e6 J)
 *   meanPowerWatts   = total / T
 *   carbon           = total × I_eff   (location-based grid intensity; with an hourly series, weighted by the
 *                      run's power over time: carbon.ts)
 *   embodied         = carbon.ts embodiedCarbon over T, reported apart
 *
 * Assumptions: jobs hold disjoint devices for the whole run (concurrent jobs, no time sharing), so the devices
 * jobs ask for on one kind of node may not exceed what the cluster has of it; a job's devices are idle, not
 * powered off, outside its busy time. A power cap changes power here; the slower step it causes comes from the
 * workload models (hardware/power-cap.ts capSlowdown), through the jobs' busy time and compute utilisation.
 */
import type { ClusterSpec, EnergySpec } from '../config/scenario-types.ts';
import type { AcceleratorProfile, NodeProfile } from '../hardware/profile-types.ts';
import { DEFAULT_EMBODIED_LIFE_SECONDS, DEFAULT_EMBODIED_LIFE_SOURCE, effectiveIntensityKgPerJoule, embodiedCarbon, type PowerSpan } from './carbon.ts';
import type { InfrastructurePower } from './fabric-power.ts';
import type { Assumption, EmbodiedCarbonResult, EnergyResult } from './result-types.ts';
import { COMMUNICATION_POWER_FRACTION, COMMUNICATION_POWER_FRACTION_SOURCE, devicePowerWatts, effectiveLoad, facilityOverheadWatts, nodeOverheadWatts } from './power.ts';
import { capSlowdown, capWattsFor } from '../hardware/power-cap.ts';
import { JOULES_PER_KWH, SECONDS_PER_YEAR, tidy } from './si.ts';

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
  /** network and storage power (fabric-power.ts infrastructurePower); absent = not counted */
  infrastructure?: InfrastructurePower;
  /** facility power over the run (timeseries.ts), weighting a grid-intensity series; absent = uniform in time */
  powerSpans?: readonly PowerSpan[];
  /** simulated second of the grid series at which this run starts (e.g. a later phase of a time to train) */
  offsetSeconds?: number;
}

export interface EnergyOutput {
  energy: EnergyResult;
  carbon: { kgCO2e: number; gridIntensityGPerKWh: number; gridIntensitySeries?: string; embodied: EmbodiedCarbonResult };
  assumptions: Assumption[];
}

interface Pool {
  node: NodeProfile;
  accelerator: AcceleratorProfile;
  devices: number;
  held: number;
  /** the power cap of its accelerator, W; null = none */
  capWatts: number | null;
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
    const pool = pools.get(key) ?? { node: g.profile, accelerator: g.accelerator, devices: 0, held: 0, capWatts: capWattsFor(g.accelerator, energy.powerCap) };
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
    const active = itJoules(pool, job.devices, effectiveLoad(pool.accelerator, job.computeUtilisation, pool.capWatts), busy);
    const waiting = itJoules(pool, job.devices, 0, T - busy);
    deviceJ += active.device + waiting.device;
    overheadJ += active.overhead + waiting.overhead;
  }
  for (const pool of pools.values()) {
    const unused = itJoules(pool, pool.devices - pool.held, 0, T);
    deviceJ += unused.device;
    overheadJ += unused.overhead;
  }

  const infra = input.infrastructure;
  const networkJ = (infra?.networkWatts ?? 0) * T;
  const storageJ = (infra?.storageWatts ?? 0) * T;
  const itJ = deviceJ + overheadJ + networkJ + storageJ;
  const facilityJ = facilityOverheadWatts(itJ, energy.pue); // linear in power, so it applies to energy alike
  const totalJ = itJ + facilityJ;
  const intensity = effectiveIntensityKgPerJoule(energy, input.powerSpans ?? [], input.offsetSeconds ?? 0, T);
  const gridIntensityGPerKWh = tidy(intensity * G_PER_KWH_PER_KG_PER_JOULE);
  const lifeSeconds = energy.embodiedLifeSeconds ?? DEFAULT_EMBODIED_LIFE_SECONDS;
  const poolList = [...pools.values()];

  return {
    energy: {
      totalKWh: totalJ / JOULES_PER_KWH,
      byComponentKWh: {
        accelerators: deviceJ / JOULES_PER_KWH,
        nodeOverhead: overheadJ / JOULES_PER_KWH,
        facilityOverhead: facilityJ / JOULES_PER_KWH,
        // Only when counted, so reports of clusters without them read as before.
        ...(networkJ > 0 ? { network: networkJ / JOULES_PER_KWH } : {}),
        ...(storageJ > 0 ? { storage: storageJ / JOULES_PER_KWH } : {}),
      },
      meanPowerWatts: T > 0 ? totalJ / T : 0,
      ...powerCapResult(poolList),
      ...(infra?.network ? { network: { fabric: infra.network.fabric, switches: infra.network.inventory.switches, portsInUse: infra.network.inventory.portsInUse, perPortWatts: infra.network.perPortWatts, watts: infra.networkWatts } } : {}),
      ...(infra !== undefined && infra.notCounted.length > 0 ? { notCounted: [...infra.notCounted] } : {}),
    },
    carbon: {
      kgCO2e: totalJ * intensity,
      gridIntensityGPerKWh,
      ...(energy.gridIntensitySeries ? { gridIntensitySeries: energy.gridIntensitySeries.file } : {}),
      embodied: embodiedCarbon(input.cluster, T, lifeSeconds),
    },
    assumptions: [
      ...energyAssumptions(poolList, energy.pue, gridIntensityGPerKWh, energy.gridIntensitySeries
        ? `scenario: power-weighted mean over the run of the series in ${energy.gridIntensitySeries.file} (column ${energy.gridIntensitySeries.column}; wraps past its end)`
        : 'scenario'),
      ...extraAssumptions(poolList, energy, infra, lifeSeconds),
    ],
  };
}

function powerCapResult(pools: Pool[]): Pick<EnergyResult, 'powerCap'> {
  const capped = pools.filter((p) => p.capWatts !== null);
  if (capped.length === 0) return {};
  const byAccelerator: NonNullable<EnergyResult['powerCap']>['byAccelerator'] = {};
  for (const p of capped) byAccelerator[p.accelerator.id] = { capWatts: p.capWatts!, computeSlowdown: capSlowdown(p.accelerator, p.capWatts!) };
  return { powerCap: { byAccelerator } };
}

/** The figures this module adds beyond the first-cut model: cap, network, storage, grid series, embodied. */
function extraAssumptions(pools: Pool[], energy: EnergySpec, infra: InfrastructurePower | undefined, lifeSeconds: number): Assumption[] {
  const out: Assumption[] = [];
  for (const p of pools) {
    if (p.capWatts === null) continue;
    out.push({ name: `${p.accelerator.name} power cap`, value: p.capWatts, unit: 'W', source: 'scenario (energy.powerCap)' });
    out.push({ name: `${p.accelerator.name} compute slowdown under the cap`, value: tidy(capSlowdown(p.accelerator, p.capWatts)), unit: 'ratio',
      source: 'cube law of DVFS on the power above idle, ((TDP − idle) / (cap − idle))^(1/3) (src/metrics/power.ts)' });
  }
  if (infra?.network) {
    out.push({ name: `${infra.network.fabric} power per switch port in use`, value: infra.network.perPortWatts, unit: 'W', source: infra.network.source });
  }
  for (const p of pools.map((x) => x.accelerator).filter((a, i, all) => all.findIndex((b) => b.id === a.id) === i)) {
    if (p.embodied) out.push({ name: `${p.name} embodied carbon`, value: p.embodied.kgCO2e, unit: 'kg CO2e', source: p.embodied.source });
  }
  for (const n of pools.map((x) => x.node).filter((a, i, all) => all.findIndex((b) => b.id === a.id) === i)) {
    if (n.embodied) out.push({ name: `${n.name} embodied carbon without devices`, value: n.embodied.kgCO2e, unit: 'kg CO2e', source: n.embodied.source });
  }
  // The write-off period matters only where some profile gives an embodied figure.
  if (pools.some((p) => p.accelerator.embodied !== undefined || p.node.embodied !== undefined)) {
    out.push({ name: 'embodied carbon write-off period', value: tidy(lifeSeconds / SECONDS_PER_YEAR), unit: 'years',
      source: energy.embodiedLifeSeconds === undefined ? DEFAULT_EMBODIED_LIFE_SOURCE : 'scenario (energy.embodiedLife)' });
  }
  return out;
}

function energyAssumptions(pools: Pool[], pue: number, gridIntensityGPerKWh: number, intensitySource: string): Assumption[] {
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
  out.push({ name: 'grid carbon intensity (location-based)', value: gridIntensityGPerKWh, unit: 'g/kWh', source: intensitySource });
  return out;
}
