/**
 * Owned versus cloud: the cost per year of the whole cluster as its utilisation u varies, and the break-even
 * utilisation u* where owning and renting cost the same. Pure; phase 6 (measure) calls it.
 *
 * u is the fraction of the year's hours the devices run the scenario's workload; the rest of the time owned
 * devices sit idle (powered, not off).
 *
 *   owned(u) = a + b × u                                                              USD per year
 *     a = P · CRF(r, n) + m · P  +  e × H × PUE × W_idle  +  f × 12 × K
 *     b = e × H × PUE × (W_busy − W_idle)
 *     P  purchase (owned-capex.ts): nodes (node price, else devices × accelerator price), and switches and
 *        optics where the scale-out fabric profile has prices
 *     CRF(r, n) = r / (1 − (1 + r)^−n): the annuity that repays P over the amortisation period n years at the
 *        cost of capital r (finance.ts; 1/n, straight line, when r = 0); m the maintenance share a year
 *     e  electricity price, USD/kWh: the flat price, or the 24-hour average of a time-of-day tariff (work is
 *        spread over the day); H = 8,766 hours per year (365.25 days)
 *     W_idle, W_busy  IT power of the cluster in kW with every device idle, and with every device at the load
 *        L the simulated jobs ran at (power.ts: devicePowerWatts + nodeOverheadWatts at L = busyLoad of the
 *        jobs' device-weighted compute utilisation; L = 1 when no job ran)
 *     PUE facility overhead ratio (scenario energy.pue)
 *     f  facility cost, USD per kW per month (cost.facilityPerKWMonth, 0 when not given), charged on
 *        K = the provisioned IT power, Σ nodes × node max power in kW, as colocation contracts bill
 *        reserved power, used or not
 *   cloud(u) = s + c × u   (on-demand, spot: paid per hour used)
 *   cloud(u) = s + c       (reserved-1y, reserved-3y: every hour of the term is paid, used or not)
 *     c = D × H × p: D devices, p price per device-hour under the pricing term (cloud-price.ts)
 *     s = storage + egress per year (cloud-price.ts), kept and moved whatever the utilisation
 *
 *   d(u) = owned(u) − cloud(u) is linear; with d0 = d(0), d1 = d(1):
 *     d0 ≤ 0 and d1 ≤ 0   owned always cheaper (u* = 0)
 *     d0 > 0 and d1 ≥ 0   owned never cheaper at any utilisation the year allows (u* = null)
 *     otherwise           u* = d0 / (d0 − d1): owned cheaper above u* (pay-per-use cloud), or below it
 *                         (a reserved cloud, flat, against owned electricity that grows with u)
 *
 * Not counted: staff, owned storage systems, software; the cloud price already includes power and the building.
 */
import type { ClusterSpec, CostSpec, EnergySpec } from '../config/scenario-types.ts';
import { cloudDataRates, cloudRate } from './cloud-price.ts';
import { ownedTermPrices, provisionedKW } from './cost.ts';
import { annualOwning } from './finance.ts';
import { ownedCapex } from './owned-capex.ts';
import { devicePowerWatts, nodeOverheadWatts } from './power.ts';
import type { BreakEvenPrice, BreakEvenResult } from './result-types.ts';
import { HOURS_PER_YEAR, JOULES_PER_KWH, SECONDS_PER_YEAR, tidy } from './si.ts';

const CURVE_STEPS = 20;

export interface BreakEvenInput {
  cluster: ClusterSpec;
  cost: CostSpec;
  energy: EnergySpec;
  /** L: the load of a working device (0..1), see power.ts busyLoad */
  busyLoad: number;
}

export type BreakEvenOutcome = { result: BreakEvenResult } | { note: string };

/** u* and the verdict from the owned-minus-cloud difference at u = 0 and u = 1. */
export function crossing(d0: number, d1: number): { utilisation: number | null; verdict: BreakEvenResult['verdict'] } {
  if (d0 <= 0 && d1 <= 0) return { utilisation: 0, verdict: 'owned-always-cheaper' };
  if (d0 > 0 && d1 >= 0) return { utilisation: null, verdict: 'owned-never-cheaper' };
  return { utilisation: d0 / (d0 - d1), verdict: 'break-even' };
}

export function computeBreakEven(input: BreakEvenInput): BreakEvenOutcome {
  const { cluster, cost, energy, busyLoad } = input;
  const years = cost.amortisationSeconds / SECONDS_PER_YEAR;
  if (!(years > 0)) throw new Error(`cost.amortisationSeconds must be positive, got ${cost.amortisationSeconds}`);
  if (!(busyLoad >= 0 && busyLoad <= 1)) throw new Error(`busyLoad must lie in [0, 1], got ${busyLoad}`);

  const capex = ownedCapex(cluster);
  if (typeof capex === 'string') return { note: `owned-versus-cloud break-even not computed: ${capex}` };
  const rate = cloudRate(cluster, cost);
  if (typeof rate === 'string') return { note: `owned-versus-cloud break-even not computed: ${rate}` };
  const data = cloudDataRates(cost);

  let idleKW = 0;
  let busyKW = 0;
  for (const g of cluster.nodes) {
    const n = g.profile.devicesPerNode;
    const nodeKW = (load: number): number => (n * devicePowerWatts(g.accelerator, load) + nodeOverheadWatts(g.profile, g.accelerator, load)) / 1000;
    idleKW += g.count * nodeKW(0);
    busyKW += g.count * nodeKW(busyLoad);
  }
  const usdPerKWh = cost.electricityUsdPerJoule * JOULES_PER_KWH;
  const energyPerKW = usdPerKWh * HOURS_PER_YEAR * energy.pue;
  const owning = annualOwning(capex.totalUsd, years, cost.costOfCapital ?? 0, cost.maintenanceFractionPerYear ?? 0);
  const ownedByItem: Record<string, number> = {
    depreciation: owning.depreciation,
    ...(cost.costOfCapital !== undefined ? { financing: owning.financing } : {}),
    ...(cost.maintenanceFractionPerYear !== undefined ? { maintenance: owning.maintenance } : {}),
    idleElectricity: energyPerKW * idleKW,
    ...(cost.facilityUsdPerKWMonth != null ? { facility: cost.facilityUsdPerKWMonth * 12 * provisionedKW(cluster) } : {}),
  };
  const a = Object.values(ownedByItem).reduce((x, y) => x + y, 0);
  const b = energyPerKW * (busyKW - idleKW);
  const c = rate.clusterUsdPerHour * HOURS_PER_YEAR;
  const storage = data.storageUsdPerSecond * SECONDS_PER_YEAR;
  const egress = data.egressUsdPerSecond * SECONDS_PER_YEAR;
  const s = storage + egress;
  const owned = (u: number): number => a + b * u;
  const cloud = (u: number): number => s + c * (rate.committed ? 1 : u);
  const { utilisation, verdict } = crossing(owned(0) - cloud(0), owned(1) - cloud(1));

  const prices = new Map<string, BreakEvenPrice>();
  for (const p of [...capex.prices, ...rate.prices, ...data.prices]) prices.set(p.name, p);
  // The owner's terms come from the scenario; listed with the prices so the table shows every figure used.
  for (const t of ownedTermPrices(cost)) prices.set(t.name, t);

  const curve = Array.from({ length: CURVE_STEPS + 1 }, (_, i) => {
    const u = i / CURVE_STEPS;
    return { utilisation: u, ownedUsdPerYear: owned(u), cloudUsdPerYear: cloud(u) };
  });
  return {
    result: {
      utilisation, verdict, years: tidy(years),
      ownedUsdPerYearAt0: owned(0), ownedUsdPerYearAt100: owned(1), cloudUsdPerYearAt100: cloud(1),
      curve, prices: [...prices.values()],
      cloudPricing: rate.pricing,
      cloudCommitted: rate.committed,
      ownedByItemUsdPerYear: { ...ownedByItem, busyElectricity: b },
      cloudByItemUsdPerYear: { compute: c, ...(cost.cloud?.storage ? { storage } : {}), ...(cost.cloud?.egress ? { egress } : {}) },
    },
  };
}
