/**
 * Owned versus cloud: the cost per year of the whole cluster as its utilisation u varies, and the break-even
 * utilisation u* where owning and renting cost the same. Pure; phase 6 (measure) calls it.
 *
 * u is the fraction of the year's hours the devices run the scenario's workload; the rest of the time owned
 * devices sit idle (powered, not off) and rented devices are not paid for (on-demand, per device-hour).
 *
 *   owned(u) = a + b × u                                                              USD per year
 *     a = P / Y  +  e × H × PUE × W_idle  +  f × 12 × K
 *     b = e × H × PUE × (W_busy − W_idle)
 *     P  purchase of every node: the node profile's price.purchaseUsd, else devices per node × the
 *        accelerator profile's price.purchaseUsd (devices only, a lower estimate), as in cost.ts
 *     Y  the amortisation period in years (scenario cost.amortisation; straight line, no residual value,
 *        no cost of capital)
 *     e  electricity price, USD/kWh (scenario cost.electricity); H = 8,766 hours per year (365.25 days)
 *     W_idle, W_busy  IT power of the cluster in kW with every device idle, and with every device at the load
 *        L the simulated jobs ran at (power.ts: devicePowerWatts + nodeOverheadWatts at L = busyLoad of the
 *        jobs' device-weighted compute utilisation; L = 1 when no job ran)
 *     PUE facility overhead ratio (scenario energy.pue)
 *     f  facility cost, USD per kW per month (scenario cost.facilityPerKWMonth, 0 when not given), charged on
 *        K = the provisioned IT power, Σ nodes × node max power in kW, as colocation contracts bill
 *        reserved power, used or not
 *   cloud(u) = c × u,   c = D × H × p
 *     D devices, p price per device-hour: the scenario's cost.devicePrice, else the accelerator profile's
 *     price.cloudUsdPerHour, else the node profile's instance price ÷ devices per node (cost.ts's order)
 *
 *   owned(u*) = cloud(u*)  =>  u* = a / (c − b)
 *     c ≤ b, or u* > 1: owning is never cheaper at any utilisation the year allows
 *     a = 0 (u* = 0): owning is always cheaper
 *
 * Not counted: switches, optics, storage, staff, maintenance contracts, cloud storage and egress, reserved or
 * spot prices; the cloud price already includes power and the building.
 */
import type { ClusterSpec, CostSpec, EnergySpec, NodeGroup } from '../config/scenario-types.ts';
import type { BreakEvenPrice, BreakEvenResult } from './result-types.ts';
import { devicePowerWatts, nodeOverheadWatts } from './power.ts';
import { HOURS_PER_YEAR, JOULES_PER_KWH, SECONDS_PER_HOUR, SECONDS_PER_YEAR, tidy } from './si.ts';

const CURVE_STEPS = 20;

export interface BreakEvenInput {
  cluster: ClusterSpec;
  cost: CostSpec;
  energy: EnergySpec;
  /** L: the load of a working device (0..1), see power.ts busyLoad */
  busyLoad: number;
}

export type BreakEvenOutcome = { result: BreakEvenResult } | { note: string };

interface GroupPrices {
  purchasePerNode: BreakEvenPrice;
  cloudPerDeviceHour: number;
  cloud: BreakEvenPrice;
}

function groupPrices(g: NodeGroup, cost: CostSpec): GroupPrices | string {
  const a = g.accelerator;
  const node = g.profile;
  let purchasePerNode: BreakEvenPrice;
  if (node.price?.purchaseUsd !== undefined) {
    purchasePerNode = { name: `${node.name} purchase price per node`, value: node.price.purchaseUsd, unit: 'USD', source: node.price.source, date: node.price.date };
  } else if (a.price?.purchaseUsd !== undefined) {
    purchasePerNode = {
      // Named as cost.ts names it, so the assumptions table lists it once.
      name: `${node.name} purchase price per node, taken as ${node.devicesPerNode} × the ${a.name} price (devices only; the node profile has none)`,
      value: node.devicesPerNode * a.price.purchaseUsd, unit: 'USD', source: a.price.source, date: a.price.date,
    };
  } else {
    return `no purchase price for node profile "${node.id}" nor accelerator profile "${a.id}"`;
  }
  if (cost.devicePriceUsdPerSecond !== null) {
    const v = tidy(cost.devicePriceUsdPerSecond * SECONDS_PER_HOUR);
    return { purchasePerNode, cloudPerDeviceHour: v, cloud: { name: 'cloud price per device-hour', value: v, unit: 'USD/h', source: 'scenario cost.devicePrice', date: 'scenario' } };
  }
  if (a.price?.cloudUsdPerHour !== undefined) {
    const v = a.price.cloudUsdPerHour;
    return { purchasePerNode, cloudPerDeviceHour: v, cloud: { name: `${a.name} cloud price per device-hour`, value: v, unit: 'USD/h', source: a.price.source, date: a.price.date } };
  }
  if (node.price?.cloudUsdPerHour !== undefined) {
    const v = node.price.cloudUsdPerHour;
    return {
      purchasePerNode, cloudPerDeviceHour: v / node.devicesPerNode,
      cloud: { name: `${node.name} cloud price per node-hour (÷ ${node.devicesPerNode} devices)`, value: v, unit: 'USD/h', source: node.price.source, date: node.price.date },
    };
  }
  return `no cloud price for accelerator profile "${a.id}" nor node profile "${node.id}", and no cost.devicePrice in the scenario`;
}

export function computeBreakEven(input: BreakEvenInput): BreakEvenOutcome {
  const { cluster, cost, energy, busyLoad } = input;
  const years = cost.amortisationSeconds / SECONDS_PER_YEAR;
  if (!(years > 0)) throw new Error(`cost.amortisationSeconds must be positive, got ${cost.amortisationSeconds}`);
  if (!(busyLoad >= 0 && busyLoad <= 1)) throw new Error(`busyLoad must lie in [0, 1], got ${busyLoad}`);
  const usdPerKWh = cost.electricityUsdPerJoule * JOULES_PER_KWH;
  const facility = cost.facilityUsdPerKWMonth ?? 0;

  let purchase = 0;
  let idleKW = 0;
  let busyKW = 0;
  let provisionedKW = 0;
  let cloudPerHour = 0;
  const prices = new Map<string, BreakEvenPrice>();
  for (const g of cluster.nodes) {
    const p = groupPrices(g, cost);
    if (typeof p === 'string') return { note: `owned-versus-cloud break-even not computed: ${p}` };
    const n = g.profile.devicesPerNode;
    const nodeKW = (load: number): number => (n * devicePowerWatts(g.accelerator, load) + nodeOverheadWatts(g.profile, g.accelerator, load)) / 1000;
    purchase += g.count * p.purchasePerNode.value;
    idleKW += g.count * nodeKW(0);
    busyKW += g.count * nodeKW(busyLoad);
    provisionedKW += (g.count * g.profile.power.maxWatts) / 1000;
    cloudPerHour += g.count * n * p.cloudPerDeviceHour;
    prices.set(p.purchasePerNode.name, p.purchasePerNode);
    prices.set(p.cloud.name, p.cloud);
  }
  const scenario = (name: string, value: number, unit: string): BreakEvenPrice => ({ name, value: tidy(value), unit, source: 'scenario', date: 'scenario' });
  prices.set('electricity price', scenario('electricity price', usdPerKWh, 'USD/kWh'));
  if (facility > 0) prices.set('facility cost per kW-month', scenario('facility cost per kW-month', facility, 'USD/kW/month'));

  const energyPerKW = usdPerKWh * HOURS_PER_YEAR * energy.pue;
  const a = purchase / years + energyPerKW * idleKW + facility * 12 * provisionedKW;
  const b = energyPerKW * (busyKW - idleKW);
  const c = cloudPerHour * HOURS_PER_YEAR;
  const owned = (u: number): number => a + b * u;
  const cloud = (u: number): number => c * u;

  let utilisation: number | null;
  let verdict: BreakEvenResult['verdict'];
  if (a === 0) {
    utilisation = 0;
    verdict = 'owned-always-cheaper';
  } else if (c > b && a / (c - b) <= 1) {
    utilisation = a / (c - b);
    verdict = 'break-even';
  } else {
    utilisation = null;
    verdict = 'owned-never-cheaper';
  }
  const curve = Array.from({ length: CURVE_STEPS + 1 }, (_, i) => {
    const u = i / CURVE_STEPS;
    return { utilisation: u, ownedUsdPerYear: owned(u), cloudUsdPerYear: cloud(u) };
  });
  return {
    result: {
      utilisation, verdict, years: tidy(years),
      ownedUsdPerYearAt0: owned(0), ownedUsdPerYearAt100: owned(1), cloudUsdPerYearAt100: cloud(1),
      curve, prices: [...prices.values()],
    },
  };
}
