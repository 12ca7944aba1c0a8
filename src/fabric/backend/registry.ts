/**
 * Network backends by name, and the per-tier protocol efficiencies both take from the fabric profiles.
 *
 * Efficiency per link tier (why these tiers): a profile's `efficiency` is the fraction of line rate an
 * nccl-tests ring attains on that fabric (hardware-profiles/fabrics/*.yaml cite the measurements, e.g.
 * NVLink4 0.82 = 370/450 GB/s, NDR 0.94 = 47/50 GB/s per NIC; validation-dev.md rows 54, 56). The
 * scale-up profile's applies to GPU <-> crossbar, mesh and torus links; the scale-out profile's to every
 * link of the scale-out fabric (NIC <-> leaf and switch <-> switch). The GPU <-> NIC PCIe ('host') link
 * is left at 1: topology/figures.ts sizes it above the NIC rate, so the NIC link stays the bottleneck
 * and its efficiency is counted once.
 */
import type { FabricProfile } from '../../hardware/profile-types.ts';
import type { LinkTier } from '../topology/types.ts';
import { AnalyticalBackend } from './analytical.ts';
import { FlowBackend } from './flow.ts';
import type { BackendSetup } from './paths.ts';
import type { NetworkBackend } from './types.ts';

export type BackendName = NetworkBackend['name'];

export const BACKENDS: Readonly<Record<BackendName, (setup: BackendSetup) => NetworkBackend>> = {
  analytical: (setup) => new AnalyticalBackend(setup),
  flow: (setup) => new FlowBackend(setup),
};

export const backendNames: readonly BackendName[] = ['analytical', 'flow'];

export function createBackend(name: BackendName, setup: BackendSetup): NetworkBackend {
  const make = BACKENDS[name];
  if (make === undefined) throw new RangeError(`unknown network backend "${String(name)}" (known: ${backendNames.join(', ')})`);
  return make(setup);
}

const SCALE_UP_TIERS: readonly LinkTier[] = ['scale-up', 'torus'];
const SCALE_OUT_TIERS: readonly LinkTier[] = ['nic', 'leaf-spine', 'spine-core', 'dragonfly-local', 'dragonfly-global'];

/** BackendOptions.efficiency from the scale-up and scale-out fabric profiles in use (either may be absent). */
export function tierEfficiency(scaleUp: FabricProfile | null, scaleOut: FabricProfile | null): Partial<Record<LinkTier, number>> {
  const e: Partial<Record<LinkTier, number>> = {};
  if (scaleUp !== null) for (const t of SCALE_UP_TIERS) e[t] = scaleUp.efficiency;
  if (scaleOut !== null) for (const t of SCALE_OUT_TIERS) e[t] = scaleOut.efficiency;
  return e;
}
