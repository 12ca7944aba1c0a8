/**
 * Cost of a run: phase 6 (measure). Every device of the cluster is paid for over the simulated time T, whether or
 * not a job uses it (a planner rents or buys whole nodes). Items are USD over T; y = T / (365.25 days).
 *
 * cloud:  compute  = Σ_groups devices × T × price per device-hour under the pricing term (cloud-price.ts:
 *                    the scenario's cost.devicePrice, else the accelerator profile, else the node's instance
 *                    price ÷ devices). The price includes power and the building: no electricity is charged.
 *         storage  = GB kept × USD per GB-month × months;   egress = GB a month × USD per GB × months
 * owned:  with P the purchase (owned-capex.ts: nodes, and switches and optics where the fabric is priced),
 *         n the life in years (cost.amortisation), r the cost of capital, m the maintenance share a year:
 *         nodes, network  = P_item / n × y                       (depreciation, straight line)
 *         financing       = (P · CRF(r, n) − P / n) × y           (the interest of an annuity: finance.ts)
 *         maintenance     = m · P × y
 *         electricity     = facility energy (PUE included) × the mean price over the run (tariff.ts: flat,
 *                           or peak and off-peak hours on the simulated clock)
 *         facility        = USD per kW-month × provisioned kW (Σ nodes × node max power) × 12 × y
 * usdPerDeviceHour = total / (devices × T / 3600); with T = 0, the time-proportional rate alone.
 *
 * Not counted: staff, floor space beyond the facility charge, owned storage systems (no purchase price in the
 * storage profiles), software licences. `notes` in the result says which priced parts were left out.
 */
import type { ClusterSpec, CostSpec } from '../config/scenario-types.ts';
import { cloudDataRates, cloudRate, scenarioPrice } from './cloud-price.ts';
import { annualOwning } from './finance.ts';
import { ownedCapex } from './owned-capex.ts';
import type { Assumption, BreakEvenPrice, CostResult } from './result-types.ts';
import { JOULES_PER_KWH, SECONDS_PER_HOUR, SECONDS_PER_YEAR, tidy } from './si.ts';
import { runElectricityPrice } from './tariff.ts';

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

interface Priced {
  byItemUsd: Record<string, number>;
  /** the time-proportional part of the cost per device-second, averaged over the cluster's devices */
  usdPerDeviceSecond: number;
  assumptions: Assumption[];
  notes: string[];
}

const devicesIn = (cluster: ClusterSpec): number => cluster.nodes.reduce((sum, g) => sum + g.count * g.profile.devicesPerNode, 0);

/** K: the provisioned IT power a facility charge is billed on, kW (every node at its maximum). */
export const provisionedKW = (cluster: ClusterSpec): number => cluster.nodes.reduce((s, g) => s + g.count * g.profile.power.maxWatts, 0) / 1000;

/** A dated price as a row of the assumptions table. */
export const priceAssumption = (p: BreakEvenPrice): Assumption => ({ name: p.name, value: p.value, unit: p.unit, source: p.date === 'scenario' ? p.source : `${p.source} (${p.date})` });

export function computeCost(input: CostInput): CostOutput {
  const { cluster, cost, simulatedSeconds: T, energyKWh } = input;
  if (!(T >= 0 && Number.isFinite(T))) throw new Error(`simulatedSeconds must be a finite number ≥ 0, got ${T}`);
  const devices = devicesIn(cluster);
  const { byItemUsd, usdPerDeviceSecond, assumptions, notes } = cost.basis === 'cloud' ? cloudCost(cluster, cost, T) : ownedCost(cluster, cost, T, energyKWh);
  const totalUsd = Object.values(byItemUsd).reduce((a, b) => a + b, 0);
  const deviceHours = (devices * T) / SECONDS_PER_HOUR;
  return {
    cost: {
      basis: cost.basis,
      totalUsd,
      byItemUsd,
      // With no simulated time only the time-proportional rate is defined.
      usdPerDeviceHour: deviceHours > 0 ? totalUsd / deviceHours : usdPerDeviceSecond * SECONDS_PER_HOUR,
      ...(cost.basis === 'cloud' && cost.cloud !== undefined ? { cloudPricing: cost.cloud.pricing } : {}),
      ...(notes.length > 0 ? { notes } : {}),
    },
    assumptions,
  };
}

function cloudCost(cluster: ClusterSpec, cost: CostSpec, T: number): Priced {
  const rate = cloudRate(cluster, cost);
  if (typeof rate === 'string') throw new Error(rate);
  const data = cloudDataRates(cost);
  const byItemUsd: Record<string, number> = { compute: (rate.clusterUsdPerHour * T) / SECONDS_PER_HOUR };
  if (cost.cloud?.storage) byItemUsd.storage = data.storageUsdPerSecond * T;
  if (cost.cloud?.egress) byItemUsd.egress = data.egressUsdPerSecond * T;
  const perSecond = rate.clusterUsdPerHour / SECONDS_PER_HOUR + data.storageUsdPerSecond + data.egressUsdPerSecond;
  return {
    byItemUsd,
    usdPerDeviceSecond: rate.devices > 0 ? perSecond / rate.devices : 0,
    assumptions: [...rate.prices, ...data.prices].map(priceAssumption),
    notes: rate.pricing === 'spot' ? ['spot price: interruptions and restarts are not modelled'] : [],
  };
}

function ownedCost(cluster: ClusterSpec, cost: CostSpec, T: number, energyKWh: number): Priced {
  const A = cost.amortisationSeconds;
  if (!(A > 0)) throw new Error(`cost.amortisationSeconds must be positive, got ${A}`);
  if (!(energyKWh >= 0)) throw new Error(`energyKWh must be ≥ 0, got ${energyKWh}`);
  const capex = ownedCapex(cluster);
  if (typeof capex === 'string') throw new Error(`${capex}; add one to a profile, or use cost basis cloud with a devicePrice`);
  const years = A / SECONDS_PER_YEAR;
  const y = T / SECONDS_PER_YEAR;
  const r = cost.costOfCapital ?? 0;
  const m = cost.maintenanceFractionPerYear ?? 0;
  const nodes = annualOwning(capex.nodesUsd, years, r, m);
  const network = annualOwning(capex.networkUsd, years, r, m);
  const facilityPerYear = (cost.facilityUsdPerKWMonth ?? 0) * 12 * provisionedKW(cluster);

  const byItemUsd: Record<string, number> = { nodes: nodes.depreciation * y };
  if (capex.network !== null && capex.networkUsd > 0) byItemUsd.network = network.depreciation * y;
  if (cost.costOfCapital !== undefined) byItemUsd.financing = (nodes.financing + network.financing) * y;
  if (cost.maintenanceFractionPerYear !== undefined) byItemUsd.maintenance = (nodes.maintenance + network.maintenance) * y;
  byItemUsd.electricity = energyKWh * JOULES_PER_KWH * runElectricityPrice(cost, T);
  if (cost.facilityUsdPerKWMonth != null) byItemUsd.facility = facilityPerYear * y;

  const fixedPerYear = nodes.depreciation + nodes.financing + nodes.maintenance + network.depreciation + network.financing + network.maintenance + facilityPerYear;
  const devices = devicesIn(cluster);
  return {
    byItemUsd,
    usdPerDeviceSecond: devices > 0 ? fixedPerYear / SECONDS_PER_YEAR / devices : 0,
    assumptions: [
      ...capex.prices.map(priceAssumption),
      { name: 'amortisation period', value: tidy(A / SECONDS_PER_YEAR), unit: 'years', source: 'scenario' },
      ...ownedTermPrices(cost).map(priceAssumption),
    ],
    notes: capex.notes,
  };
}

/** The owner's own rates and prices (cost of capital, maintenance, electricity, facility), cited. */
export function ownedTermPrices(cost: CostSpec): BreakEvenPrice[] {
  const out: BreakEvenPrice[] = [];
  if (cost.costOfCapital !== undefined) out.push(scenarioPrice(cost, 'costOfCapital', 'cost of capital', cost.costOfCapital * 100, '% per year'));
  if (cost.maintenanceFractionPerYear !== undefined) out.push(scenarioPrice(cost, 'maintenance', 'maintenance', cost.maintenanceFractionPerYear * 100, '% of purchase per year'));
  const t = cost.electricityTariff;
  const kWh = (usdPerJoule: number): number => usdPerJoule * JOULES_PER_KWH;
  if (t === undefined) {
    out.push(scenarioPrice(cost, 'electricity', 'electricity price', kWh(cost.electricityUsdPerJoule), 'USD/kWh'));
  } else {
    out.push(scenarioPrice(cost, 'electricity', `electricity price, peak (${t.peakStartHour}:00 to ${t.peakEndHour}:00)`, kWh(t.peakUsdPerJoule), 'USD/kWh'));
    out.push(scenarioPrice(cost, 'electricity', 'electricity price, off-peak', kWh(t.offPeakUsdPerJoule), 'USD/kWh'));
    out.push(scenarioPrice(cost, 'electricity', `electricity price, 24-hour average (simulated time 0 at ${t.startHour}:00)`, kWh(cost.electricityUsdPerJoule), 'USD/kWh'));
  }
  if (cost.facilityUsdPerKWMonth != null) out.push(scenarioPrice(cost, 'facilityPerKWMonth', 'facility cost per kW-month', cost.facilityUsdPerKWMonth, 'USD/kW/month'));
  return out;
}
