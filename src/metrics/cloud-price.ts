/**
 * What renting the cluster costs: the price per device-hour under the scenario's pricing term, and the cloud
 * storage and egress around it, with the source and date of every price.
 *
 *   price per device-hour (per node group), first found of:
 *     1. the scenario's cost.devicePrice (one rate for every device, under whichever term it was quoted)
 *     2. the accelerator profile: price.cloudUsdPerHour (on-demand) or price.cloudTerms[term]
 *     3. the node profile's instance price for that term ÷ devices per node (hardware.md A3: "per device-hour =
 *        instance price ÷ accelerators")
 *   storage   capacity in GB (1e9 bytes) × USD per GB-month × months
 *   egress    GB moved out per month × USD per GB × months;   a month is 1/12 of a 365.25-day year
 *
 * On-demand and spot are paid per hour used; reserved-1y and reserved-3y are paid for every hour of the term
 * (`committed`), which the owned-versus-cloud comparison needs. Spot interruptions are not modelled: the spot
 * price is an optimistic bound for a job that must checkpoint and restart.
 */
import type { ClusterSpec, CloudPricing, CostSourceKey, CostSpec, NodeGroup } from '../config/scenario-types.ts';
import type { BreakEvenPrice } from './result-types.ts';
import { SECONDS_PER_HOUR, SECONDS_PER_YEAR, tidy } from './si.ts';

const SECONDS_PER_MONTH = SECONDS_PER_YEAR / 12;
const BYTES_PER_GB = 1e9;

export interface CloudRate {
  pricing: CloudPricing;
  /** reserved terms: every hour of the term is paid, used or not */
  committed: boolean;
  /** the whole cluster per hour */
  clusterUsdPerHour: number;
  devices: number;
  /** each price used, with its source and date */
  prices: BreakEvenPrice[];
}

export const pricingOf = (cost: CostSpec): CloudPricing => cost.cloud?.pricing ?? 'on-demand';

/** A figure the scenario gives, cited from its `cost.sources` entry, else as "scenario cost.<key>". */
export function scenarioPrice(cost: CostSpec, key: CostSourceKey, name: string, value: number, unit: string): BreakEvenPrice {
  const c = cost.sources?.[key];
  return { name, value: tidy(value), unit, source: c?.source ?? `scenario cost.${key}`, date: c?.date ?? 'scenario' };
}

/** The per-device-hour price of one node group; a string says what is missing and what to set. */
function groupPrice(g: NodeGroup, cost: CostSpec, pricing: CloudPricing): { perDeviceHour: number; price: BreakEvenPrice } | string {
  const a = g.accelerator;
  const node = g.profile;
  if (cost.devicePriceUsdPerSecond !== null) {
    const v = tidy(cost.devicePriceUsdPerSecond * SECONDS_PER_HOUR);
    return { perDeviceHour: v, price: scenarioPrice(cost, 'devicePrice', 'cloud price per device-hour', v, 'USD/h') };
  }
  const term = pricing === 'on-demand' ? '' : `${pricing} `;
  const fromAccelerator = pricing === 'on-demand'
    ? (a.price?.cloudUsdPerHour !== undefined ? { usdPerHour: a.price.cloudUsdPerHour, date: a.price.date, source: a.price.source } : undefined)
    : a.price?.cloudTerms?.[pricing];
  if (fromAccelerator !== undefined) {
    return { perDeviceHour: fromAccelerator.usdPerHour, price: { name: `${a.name} ${term}cloud price per device-hour`, value: fromAccelerator.usdPerHour, unit: 'USD/h', source: fromAccelerator.source, date: fromAccelerator.date } };
  }
  const fromNode = pricing === 'on-demand'
    ? (node.price?.cloudUsdPerHour !== undefined ? { usdPerHour: node.price.cloudUsdPerHour, date: node.price.date, source: node.price.source } : undefined)
    : node.price?.cloudTerms?.[pricing];
  if (fromNode !== undefined) {
    return {
      perDeviceHour: fromNode.usdPerHour / node.devicesPerNode,
      price: { name: `${node.name} ${term}cloud price per node-hour (÷ ${node.devicesPerNode} devices)`, value: fromNode.usdPerHour, unit: 'USD/h', source: fromNode.source, date: fromNode.date },
    };
  }
  if (pricing === 'on-demand') {
    return `accelerator profile "${a.id}" has no cloud price (price.cloudUsdPerHour), nor has node profile "${node.id}"; `
      + 'set cost.devicePrice in the scenario, e.g. "devicePrice: 2.99 USD/h"';
  }
  return `accelerator profile "${a.id}" has no ${pricing} cloud price (price.cloudTerms.${pricing}), nor has node profile "${node.id}"; `
    + `set cost.devicePrice in the scenario to the ${pricing} price per device-hour, or choose another cost.cloud.pricing`;
}

/** The cluster's rent per hour under the scenario's pricing term; a string says which price is missing. */
export function cloudRate(cluster: ClusterSpec, cost: CostSpec): CloudRate | string {
  const pricing = pricingOf(cost);
  const prices = new Map<string, BreakEvenPrice>();
  let clusterUsdPerHour = 0;
  let devices = 0;
  for (const g of cluster.nodes) {
    const p = groupPrice(g, cost, pricing);
    if (typeof p === 'string') return p;
    const n = g.count * g.profile.devicesPerNode;
    clusterUsdPerHour += n * p.perDeviceHour;
    devices += n;
    prices.set(p.price.name, p.price);
  }
  return { pricing, committed: pricing === 'reserved-1y' || pricing === 'reserved-3y', clusterUsdPerHour, devices, prices: [...prices.values()] };
}

/** Cloud storage and egress, USD per second of the run, with their prices; zero where the scenario has none. */
export function cloudDataRates(cost: CostSpec): { storageUsdPerSecond: number; egressUsdPerSecond: number; prices: BreakEvenPrice[] } {
  const c = cost.cloud;
  const prices: BreakEvenPrice[] = [];
  let storageUsdPerSecond = 0;
  let egressUsdPerSecond = 0;
  if (c?.storage) {
    storageUsdPerSecond = (c.storage.bytes / BYTES_PER_GB) * c.storage.usdPerGBMonth / SECONDS_PER_MONTH;
    prices.push(scenarioPrice(cost, 'storage', `cloud storage per GB-month (${tidy(c.storage.bytes / 1e12)} TB kept)`, c.storage.usdPerGBMonth, 'USD/GB/month'));
  }
  if (c?.egress) {
    egressUsdPerSecond = (c.egress.bytesPerMonth / BYTES_PER_GB) * c.egress.usdPerGB / SECONDS_PER_MONTH;
    prices.push(scenarioPrice(cost, 'egress', `cloud egress per GB (${tidy(c.egress.bytesPerMonth / 1e12)} TB a month)`, c.egress.usdPerGB, 'USD/GB'));
  }
  return { storageUsdPerSecond, egressUsdPerSecond, prices };
}
