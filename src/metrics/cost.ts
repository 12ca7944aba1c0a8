/**
 * Cost of a run: phase 6 (measure). Every device of the cluster is paid for over the simulated time T, whether or
 * not a job uses it (a planner rents or buys whole nodes).
 *
 * cloud:  compute = Σ_groups devices × T × price per device-second
 *         price: the scenario's cost.devicePrice if given (one rate for every device), else the accelerator
 *         profile's price.cloudUsdPerHour, else the node profile's instance price ÷ devices per node (hardware.md
 *         A3: "per device-hour = instance price ÷ accelerators"); none of them is an error. The instance price
 *         includes power and the facility, so electricity is not charged again.
 * owned:  hardwareAmortisation = Σ_groups nodes × purchase price per node × T / amortisation period
 *         (straight-line depreciation, no residual value, no cost of capital)
 *         purchase price per node: the node profile's price.purchaseUsd, else devices per node × the accelerator
 *         profile's price.purchaseUsd (the devices alone: it leaves out CPUs, memory, NICs and chassis, so it is a
 *         lower estimate; the assumptions table says which was used)
 *         electricity = facility energy (PUE included) × electricity price
 * usdPerDeviceHour = total / (devices × T / 3600).
 *
 * Not counted yet: scale-out switches and cables, storage, staff, floor space, networking egress.
 */
import type { ClusterSpec, CostSpec, NodeGroup } from '../config/scenario-types.ts';
import type { Assumption, CostResult } from './result-types.ts';
import { JOULES_PER_KWH, SECONDS_PER_HOUR, SECONDS_PER_YEAR, tidy } from './si.ts';


export interface CostInput {
  cluster: ClusterSpec;
  cost: CostSpec;
  simulatedSeconds: number;
  /** facility energy of the run (EnergyResult.totalKWh) */
  energyKWh: number;
}

export interface CostOutput {
  cost: CostResult;
  assumptions: Assumption[];
}

const devicesOf = (g: NodeGroup): number => g.count * g.profile.devicesPerNode;
const cited = (p: { source: string; date: string }): string => `${p.source} (${p.date})`;

export function computeCost(input: CostInput): CostOutput {
  const { cluster, cost, simulatedSeconds: T, energyKWh } = input;
  if (!(T >= 0 && Number.isFinite(T))) throw new Error(`simulatedSeconds must be a finite number ≥ 0, got ${T}`);
  const devices = cluster.nodes.reduce((sum, g) => sum + devicesOf(g), 0);
  const { byItemUsd, usdPerDeviceSecond, assumptions } = cost.basis === 'cloud'
    ? cloudCost(cluster, cost, T)
    : ownedCost(cluster, cost, T, energyKWh);
  const totalUsd = Object.values(byItemUsd).reduce((a, b) => a + b, 0);
  const deviceHours = (devices * T) / SECONDS_PER_HOUR;
  return {
    cost: {
      basis: cost.basis,
      totalUsd,
      byItemUsd,
      // With no simulated time only the time-proportional rate is defined.
      usdPerDeviceHour: deviceHours > 0 ? totalUsd / deviceHours : usdPerDeviceSecond * SECONDS_PER_HOUR,
    },
    assumptions,
  };
}

interface Priced {
  byItemUsd: Record<string, number>;
  /** the time-proportional part of the cost per device-second, averaged over the cluster's devices */
  usdPerDeviceSecond: number;
  assumptions: Assumption[];
}

function cloudCost(cluster: ClusterSpec, cost: CostSpec, T: number): Priced {
  const assumptions: Assumption[] = [];
  const seen = new Set<string>();
  let usdPerSecond = 0;
  let devices = 0;
  if (cost.devicePriceUsdPerSecond !== null) {
    assumptions.push({ name: 'cloud price per device-hour', value: tidy(cost.devicePriceUsdPerSecond * SECONDS_PER_HOUR), unit: 'USD/h', source: 'scenario' });
  }
  for (const g of cluster.nodes) {
    const a = g.accelerator;
    const node = g.profile;
    let perDeviceSecond: number;
    let assumption: Assumption | null = null;
    if (cost.devicePriceUsdPerSecond !== null) {
      perDeviceSecond = cost.devicePriceUsdPerSecond;
    } else if (a.price?.cloudUsdPerHour !== undefined) {
      perDeviceSecond = a.price.cloudUsdPerHour / SECONDS_PER_HOUR;
      assumption = { name: `${a.name} cloud price per device-hour`, value: a.price.cloudUsdPerHour, unit: 'USD/h', source: cited(a.price) };
    } else if (node.price?.cloudUsdPerHour !== undefined) {
      perDeviceSecond = node.price.cloudUsdPerHour / node.devicesPerNode / SECONDS_PER_HOUR;
      assumption = {
        name: `${node.name} cloud price per node-hour (÷ ${node.devicesPerNode} devices)`,
        value: node.price.cloudUsdPerHour, unit: 'USD/h', source: cited(node.price),
      };
    } else {
      throw new Error(`accelerator profile "${a.id}" has no cloud price (price.cloudUsdPerHour), nor has node profile "${node.id}"; `
        + 'set cost.devicePrice in the scenario, e.g. "devicePrice: 2.99 USD/h"');
    }
    if (assumption !== null && !seen.has(assumption.name)) {
      seen.add(assumption.name);
      assumptions.push(assumption);
    }
    usdPerSecond += devicesOf(g) * perDeviceSecond;
    devices += devicesOf(g);
  }
  return { byItemUsd: { compute: usdPerSecond * T }, usdPerDeviceSecond: devices > 0 ? usdPerSecond / devices : 0, assumptions };
}

function ownedCost(cluster: ClusterSpec, cost: CostSpec, T: number, energyKWh: number): Priced {
  const A = cost.amortisationSeconds;
  if (!(A > 0)) throw new Error(`cost.amortisationSeconds must be positive, got ${A}`);
  if (!(energyKWh >= 0)) throw new Error(`energyKWh must be ≥ 0, got ${energyKWh}`);
  const assumptions: Assumption[] = [];
  const seen = new Set<string>();
  let purchaseUsd = 0;
  let devices = 0;
  for (const g of cluster.nodes) {
    const a = g.accelerator;
    const node = g.profile;
    let perNode: number;
    let assumption: Assumption;
    if (node.price?.purchaseUsd !== undefined) {
      perNode = node.price.purchaseUsd;
      assumption = { name: `${node.name} purchase price per node`, value: perNode, unit: 'USD', source: cited(node.price) };
    } else if (a.price?.purchaseUsd !== undefined) {
      perNode = node.devicesPerNode * a.price.purchaseUsd;
      assumption = {
        name: `${node.name} purchase price per node, taken as ${node.devicesPerNode} × the ${a.name} price (devices only; `
          + 'the node profile has none)',
        value: perNode, unit: 'USD', source: cited(a.price),
      };
    } else {
      throw new Error(`node profile "${node.id}" has no purchase price (price.purchaseUsd), nor has accelerator profile "${a.id}"; `
        + 'add one to a profile, or use cost basis cloud with a devicePrice');
    }
    if (!seen.has(assumption.name)) {
      seen.add(assumption.name);
      assumptions.push(assumption);
    }
    purchaseUsd += g.count * perNode;
    devices += devicesOf(g);
  }
  assumptions.push({ name: 'amortisation period', value: tidy(A / SECONDS_PER_YEAR), unit: 'years', source: 'scenario' });
  assumptions.push({ name: 'electricity price', value: tidy(cost.electricityUsdPerJoule * JOULES_PER_KWH), unit: 'USD/kWh', source: 'scenario' });
  return {
    byItemUsd: {
      hardwareAmortisation: (purchaseUsd * T) / A,
      electricity: energyKWh * JOULES_PER_KWH * cost.electricityUsdPerJoule,
    },
    usdPerDeviceSecond: devices > 0 ? purchaseUsd / A / devices : 0,
    assumptions,
  };
}
