/**
 * A power cap and what it does to a device's compute, and the cap applied to the cluster the workloads run
 * on. computeRates (compute.ts) divides the matmul efficiency and the vector rate by the slowdown, so the
 * peak — and with it MFU's denominator — stays the nominal one; metrics/power.ts bounds the power drawn.
 *
 * Power cap (energy.powerCap, e.g. `nvidia-smi -pl 500`), for a cap P_cap with idle < P_cap < tdp:
 *   clock fraction    φ = ((P_cap − idle) / (tdp − idle))^(1/3)
 *   compute slowdown  s = 1 / φ        (capSlowdown: time of compute-bound kernels × s)
 * Why: CMOS dynamic power is ½·C·V²·f (Hennessy and Patterson, Computer Architecture, 6th ed., §1.5) and,
 * within the DVFS range, the supply voltage V is raised about in proportion to the clock f, so dynamic power
 * ∝ f³ (the cube law of DVFS; an assumption about the V/f curve, not a measurement of it). Idle power (leakage, HBM refresh, fans of the board) is taken not to scale
 * with the SM clock, so the cap acts on the dynamic range above idle. A GPU enforces its limit by lowering
 * the SM clock until the draw meets the cap, so compute-bound kernels run at the cap and φ of their speed;
 * memory-bound kernels (HBM clock unchanged) and communication are not slowed. Limits and cross-check:
 * - deep caps reach the voltage floor, below which power falls only linearly with clock, so the cube law
 *   understates the slowdown there; the law is applied only to P_cap > idle (below it no clock is possible);
 * - McDonald et al., "Great Power, Great Responsibility" (NAACL Findings 2022, arXiv 2205.09646), capped V100s
 *   at 150 of 250 W while training language models and measured +6.8% training time and −13.7% energy. The
 *   law gives s ≈ 1.24 on compute kernels (V100 idle taken as ~40 W), i.e. +6.8% for a step that spends
 *   about 28% of its time in compute-bound kernels: plausible for their multi-GPU BERT runs, not a fit.
 */
import type { ClusterSpec, PowerCapSpec } from '../config/scenario-types.ts';
import type { AcceleratorProfile } from './profile-types.ts';

/** The cap in watts that applies to `accelerator`, or null where none is set or it is at or above the TDP. */
export function capWattsFor(accelerator: AcceleratorProfile, cap: PowerCapSpec | undefined): number | null {
  if (cap === undefined) return null;
  const w = 'watts' in cap ? cap.watts : cap.fractionOfTdp * accelerator.power.tdpWatts;
  return w >= accelerator.power.tdpWatts ? null : w;
}

export function checkCap(accelerator: AcceleratorProfile, capWatts: number): void {
  if (!(capWatts > accelerator.power.idleWatts)) {
    throw new Error(`a power cap of ${capWatts} W is not above the idle power of "${accelerator.id}" (${accelerator.power.idleWatts} W); the device could not run`);
  }
}

/**
 * s: how many times longer a compute-bound kernel runs on `accelerator` under a per-device power cap of
 * `capWatts` (1 at or above the TDP); memory-bound and communication time are left alone.
 */
export function capSlowdown(accelerator: AcceleratorProfile, capWatts: number): number {
  const { tdpWatts, idleWatts } = accelerator.power;
  if (capWatts >= tdpWatts) return 1;
  checkCap(accelerator, capWatts);
  return ((tdpWatts - idleWatts) / (capWatts - idleWatts)) ** (1 / 3);
}

/** The cluster with every capped accelerator marked with its cap and slowdown (unchanged without a cap). */
export function withPowerCap(cluster: ClusterSpec, cap: PowerCapSpec | undefined): ClusterSpec {
  if (cap === undefined) return cluster;
  return {
    ...cluster,
    nodes: cluster.nodes.map((g) => {
      const watts = capWattsFor(g.accelerator, cap);
      if (watts === null) return g;
      return { ...g, accelerator: { ...g.accelerator, powerCap: { watts, slowdown: capSlowdown(g.accelerator, watts) } } };
    }),
  };
}
