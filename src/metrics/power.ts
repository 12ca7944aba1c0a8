/**
 * Power of a device, its share of the node, and the facility around it: a first-cut linear model.
 *
 * Equations (all powers in watts; u, L and the fractions lie in [0, 1]):
 *
 *   load while busy   L = u + C × (1 − u)
 *                     u: compute utilisation, the fraction of busy time the device spends in compute kernels;
 *                     C: COMMUNICATION_POWER_FRACTION, the share of the dynamic range drawn during the rest
 *                     (communication, optimizer, waiting on peers). An idle device has L = 0.
 *   device            P_dev(L)  = idle + (tdp − idle) × L
 *   node overhead     O_max = nodeMax − n × tdp              (CPUs, DRAM, NICs, NVSwitch, fans, PSU loss at full load)
 *                     O_idle = nodeIdle − n × idle           (the same parts with the devices idle)
 *                     O(L)  = O_idle + (O_max − O_idle) × L   for the whole node of n devices
 *   facility          P_fac = (PUE − 1) × P_IT,  P_IT = Σ P_dev + Σ O
 *
 * Assumptions and why:
 * - Linear in utilisation. Measured GPUs idle at about 10–15% of TDP (H200 ~80 W of 700 W; TPU v4 draws 90 W min,
 *   170 W mean, 192 W max, hardware.md D2, sources ALICE and GCP-v4), and inference rarely reaches TDP (H100 draws
 *   267–680 W by batch, ALICE). A straight line from idle to TDP through the compute fraction is the simplest law
 *   that meets both ends; it overstates memory-bound phases (decode) that keep kernels busy below TDP, so for
 *   inference it is an upper estimate until a per-kernel power model exists.
 * - Node overhead follows the same load as its devices: the host CPUs feed the devices, NICs carry their
 *   traffic, and fans and PSU losses scale with the heat and power they handle. Its full-load figure is derived
 *   from the node's published maximum (DGX H100: 10.2 kW − 8 × 700 W = 4.6 kW, hardware.md D1, source FG), so a
 *   node at full load draws exactly its published maximum.
 * - PUE is applied to the IT power as a constant ratio (hardware.md D3: Uptime survey 1.56–1.58; new large
 *   facilities ~1.3; Google fleet 1.10). Real cooling overhead varies with weather and load; a run-average
 *   ratio is what operators publish.
 * - A node's overhead is shared equally among its devices, so a job that holds part of a node pays that part.
 *
 * Power cap (energy.powerCap): the compute slowdown and its law live with the device model
 * (hardware/power-cap.ts capSlowdown); here the cap bounds the power a busy device draws:
 *   busy device power P_busy = u × min(tdp, P_cap) + (1 − u) × min(P_dev(C), P_cap)
 *   effective load    L_eff = (P_busy − idle) / (tdp − idle)   (drives P_dev and the node overhead O as above)
 */
import type { ClusterSpec, EnergySpec } from '../config/scenario-types.ts';
import type { AcceleratorProfile, NodeProfile } from '../hardware/profile-types.ts';
import { capWattsFor, checkCap } from '../hardware/power-cap.ts';

/**
 * C: the fraction of a device's dynamic power range (tdp − idle) it draws while busy but not in compute
 * kernels. An engineering estimate, not a fit (no per-phase measurement is in hardware.md). Reasoning:
 * - during a collective NCCL runs copy/reduce kernels on a few of the SMs (tens of channels out of 132 SMs on
 *   H100) and the tensor cores, which dominate GEMM power, are idle;
 * - the HBM traffic of a collective runs at link rate (450 GB/s NVLink 4 per direction, 50 GB/s per 400 Gb/s
 *   NIC), a small part of the 3.35 TB/s an H100 can stream, so memory power is also well below its peak;
 * - Llama 3 (Dubey et al. 2024, "The Llama 3 Herd of Models", §3.3.4) reports data-centre power swinging by tens
 *   of megawatts when all GPUs wait on collectives or checkpoints: communication phases draw far less than compute.
 * Hence well below one half; 0.3 rather than 0 because clocks stay up, some SMs work and the links and HBM
 * are active. Plausible range 0.1–0.5; at u = 0.5 that range moves an H100's (70 W idle) power by about ±13%.
 */
export const COMMUNICATION_POWER_FRACTION = 0.3;

/** Why C has its value, short enough for the report's assumptions table. */
export const COMMUNICATION_POWER_FRACTION_SOURCE =
  'estimate, not fitted: collectives keep tensor cores idle and HBM at link rate; Llama 3 paper (Dubey et al. 2024, §3.3.4) '
  + 'reports tens-of-MW swings when GPUs wait on collectives';

function checkFraction(name: string, x: number): void {
  if (!(x >= 0 && x <= 1)) throw new Error(`${name} must lie in [0, 1], got ${x}`);
}

/** L: the load of a busy device whose compute utilisation is `computeUtilisation`. */
export function busyLoad(computeUtilisation: number, communicationFraction: number = COMMUNICATION_POWER_FRACTION): number {
  checkFraction('computeUtilisation', computeUtilisation);
  checkFraction('communicationFraction', communicationFraction);
  return computeUtilisation + communicationFraction * (1 - computeUtilisation);
}

/** P_dev(L): one device at load L (0 = idle, 1 = TDP). */
export function devicePowerWatts(accelerator: AcceleratorProfile, load: number): number {
  checkFraction('load', load);
  const { tdpWatts, idleWatts } = accelerator.power;
  if (!(idleWatts >= 0 && idleWatts <= tdpWatts)) {
    throw new Error(`accelerator profile "${accelerator.id}": idle power ${idleWatts} W must lie between 0 and its TDP ${tdpWatts} W`);
  }
  return idleWatts + (tdpWatts - idleWatts) * load;
}

/** O_idle and O_max of a whole node: its power beyond its devices, with the devices idle and at TDP. */
export function nodeOverheadRangeWatts(node: NodeProfile, accelerator: AcceleratorProfile): { idleWatts: number; maxWatts: number } {
  const n = node.devicesPerNode;
  const maxWatts = node.power.maxWatts - n * accelerator.power.tdpWatts;
  const idleWatts = node.power.idleWatts - n * accelerator.power.idleWatts;
  // A profile whose node figures do not cover its devices would give negative overhead: say so rather than clamp.
  if (maxWatts < 0) {
    throw new Error(`node profile "${node.id}": max power ${node.power.maxWatts} W is below ${n} × the TDP of "${accelerator.id}" `
      + `(${accelerator.power.tdpWatts} W)`);
  }
  if (idleWatts < 0 || idleWatts > maxWatts) {
    throw new Error(`node profile "${node.id}": idle power ${node.power.idleWatts} W minus ${n} × the idle power of "${accelerator.id}" `
      + `(${accelerator.power.idleWatts} W) must lie between 0 and the full-load overhead ${maxWatts} W`);
  }
  return { idleWatts, maxWatts };
}

/** O(L): a whole node's overhead at load L. */
export function nodeOverheadWatts(node: NodeProfile, accelerator: AcceleratorProfile, load: number): number {
  checkFraction('load', load);
  const { idleWatts, maxWatts } = nodeOverheadRangeWatts(node, accelerator);
  return idleWatts + (maxWatts - idleWatts) * load;
}

/** (PUE − 1) × IT power: cooling, power distribution and the rest of the building. */
export function facilityOverheadWatts(itWatts: number, pue: number): number {
  if (!(pue >= 1)) throw new Error(`PUE must be at least 1, got ${pue}`);
  return (pue - 1) * itWatts;
}

/**
 * L_eff: the load (0 idle .. 1 TDP) of a device busy at compute utilisation u, with its power bounded by the
 * cap (null = none). Without a cap it is busyLoad(u).
 */
export function effectiveLoad(accelerator: AcceleratorProfile, computeUtilisation: number, capWatts: number | null,
  communicationFraction: number = COMMUNICATION_POWER_FRACTION): number {
  const uncapped = busyLoad(computeUtilisation, communicationFraction);
  if (capWatts === null || capWatts >= accelerator.power.tdpWatts) return uncapped;
  checkCap(accelerator, capWatts);
  const { tdpWatts, idleWatts } = accelerator.power;
  const comm = Math.min(devicePowerWatts(accelerator, communicationFraction), capWatts);
  const busy = computeUtilisation * Math.min(tdpWatts, capWatts) + (1 - computeUtilisation) * comm;
  return tdpWatts > idleWatts ? (busy - idleWatts) / (tdpWatts - idleWatts) : 0;
}

/** Why the scenario's power cap cannot apply to its cluster (a cap at or below a device's idle power), or null. */
export function powerCapProblem(cluster: ClusterSpec, energy: EnergySpec): string | null {
  for (const g of cluster.nodes) {
    const w = capWattsFor(g.accelerator, energy.powerCap);
    if (w !== null && !(w > g.accelerator.power.idleWatts)) {
      return `a power cap of ${Number(w.toPrecision(6))} W is not above the idle power of ${g.accelerator.id} (${g.accelerator.power.idleWatts} W), so the device could not run`;
    }
  }
  return null;
}
