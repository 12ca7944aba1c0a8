/**
 * The `cost:` section of a scenario (phase 2, validate) and its normalised form (phase 3): how the run is paid
 * for. Owned: purchase amortised over a life with a cost of capital, maintenance, electricity (flat or by time
 * of day) and a facility charge. Cloud: a pricing term (on-demand, reserved, spot), storage and egress. The
 * model that uses these is src/metrics/cost.ts; the owned-versus-cloud comparison src/metrics/break-even.ts.
 *
 * Keys added after the first cut (costOfCapital, maintenance, a tariff under electricity, cloud) have no
 * schema default and reach the normalised scenario only when written, so older scenarios hash as before.
 */
import { z } from 'zod';
import { parseQuantity } from './units.ts';
import { qty } from './zod-quantity.ts';
import type { CloudCostSpec, CloudPricing, CostSourceKey, CostSpec, ElectricityTariff } from './scenario-types.ts';

export const CLOUD_PRICINGS = ['on-demand', 'reserved-1y', 'reserved-3y', 'spot'] as const satisfies readonly CloudPricing[];

const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;

/** A rate written as "8%" or as a fraction 0.08; 0 to 100%. A bare number above 1 is refused (8 meaning 8%?). */
function percent(description: string) {
  return z
    .union([z.string(), z.number()])
    .meta({ description: `${description} (a percentage such as "8%", or a fraction such as 0.08)`, examples: ['8%'] })
    .transform((v, ctx) => {
      const m = typeof v === 'string' ? PERCENT.exec(v) : null;
      const value = typeof v === 'number' ? v : m ? Number(m[1]) / 100 : NaN;
      if (Number.isNaN(value)) {
        ctx.addIssue({ code: 'custom', message: `"${String(v)}" is not a percentage`, params: { clustersim: 'bad-value', hint: 'write a percentage such as "8%", or a fraction such as 0.08' } });
        return z.NEVER;
      }
      if (!(value >= 0 && value <= 1)) {
        const hint = typeof v === 'number' && v > 1 && v <= 100 ? `write "${v}%" for ${v} percent, or ${v / 100} as a fraction` : 'give a rate between 0% and 100%';
        ctx.addIssue({ code: 'custom', message: `${String(v)} is not a rate between 0 and 1 (0% to 100%)`, params: { clustersim: 'bad-value', hint } });
        return z.NEVER;
      }
      return value;
    });
}

const hour = z.number().min(0).max(24);

const tariffSchema = z
  .strictObject({
    peak: qty('energyPrice', { min: 0, description: 'price of electricity in the peak hours', example: '0.12 USD/kWh' }),
    offPeak: qty('energyPrice', { min: 0, description: 'price of electricity outside the peak hours', example: '0.06 USD/kWh' }),
    peakHours: z
      .tuple([hour, hour])
      .refine(([a, b]) => a !== b, { message: 'the peak must start and end at different hours', params: { clustersim: 'bad-value', hint: 'e.g. peakHours: [8, 20]; for one price all day write electricity: 0.08 USD/kWh' } })
      .describe('[start, end) hour of day of the peak, 0–24; a start after the end wraps past midnight, e.g. [22, 6]'),
    startHour: hour.default(0).describe('hour of day at simulated time 0 (default 0, midnight)'),
  })
  .describe('a time-of-day tariff: peak and off-peak prices, aligned with the simulated clock');

/**
 * One price ("0.08 USD/kWh") or a tariff. The plain string and number are union members of their own, so an
 * object that fails is reported by the tariff's own issues (an unknown key, a missing price), not as "no match".
 */
const electricitySchema = z
  .union([z.string(), z.number(), tariffSchema])
  .meta({ description: 'owned: one price of electricity (energyPrice with a unit, e.g. 0.08 USD/kWh), or a time-of-day tariff { peak, offPeak, peakHours, startHour }', examples: ['0.08 USD/kWh'] })
  .transform((v, ctx) => {
    if (typeof v === 'object') return v;
    const r = parseQuantity(v, 'energyPrice');
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message, params: { clustersim: 'bad-unit', hint: `${r.hint}, or a tariff { peak, offPeak, peakHours }` } });
      return z.NEVER;
    }
    if (r.value < 0) {
      ctx.addIssue({ code: 'custom', message: `${String(v)} must be at least 0`, params: { clustersim: 'bad-value', hint: 'give a price of at least 0' } });
      return z.NEVER;
    }
    return r.value;
  });

const cloudSchema = z
  .strictObject({
    pricing: z
      .enum(CLOUD_PRICINGS)
      .default('on-demand')
      .describe('which profile price to use: on-demand (pay per hour used), reserved-1y or reserved-3y (every hour of the term is paid, used or not), spot (per hour used; interruptions are not modelled)'),
    storage: z
      .strictObject({
        capacity: qty('bytes', { positive: true, description: 'data kept in cloud storage', example: '2 PB' }),
        pricePerGBMonth: z.number().min(0).describe('USD per GB (10^9 bytes) per month, a plain number, e.g. 0.023'),
      })
      .optional()
      .describe('cloud storage billed per GB-month for as long as the run (or the year) lasts'),
    egress: z
      .strictObject({
        perMonth: qty('bytes', { min: 0, description: 'data moved out of the cloud per month', example: '100 TB' }),
        pricePerGB: z.number().min(0).describe('USD per GB (10^9 bytes) moved out, a plain number, e.g. 0.09'),
      })
      .optional()
      .describe('data moved out of the cloud, billed per GB'),
  })
  .describe('cloud: the pricing term, storage and egress');

/** When a price was quoted, as the hardware profiles write it. */
const date = z.string().regex(/^(\d{4}(-\d{2}(-\d{2})?)?|undated)$/, 'write the date as YYYY, YYYY-MM or YYYY-MM-DD (or "undated")');

export const COST_SOURCE_KEYS = ['devicePrice', 'electricity', 'facilityPerKWMonth', 'maintenance', 'costOfCapital', 'storage', 'egress'] as const satisfies readonly CostSourceKey[];

const citation = z.strictObject({
  source: z.string().trim().min(12, 'name the document and where to find it, e.g. "EIA Electric Power Annual 2023, https://..."'),
  date,
});

const sourcesSchema = z
  .strictObject(Object.fromEntries(COST_SOURCE_KEYS.map((k) => [k, citation.optional()])) as Record<CostSourceKey, z.ZodOptional<typeof citation>>)
  .describe('where the scenario\'s own prices come from: { electricity: { source: "EIA ...", date: "2023" } }, shown in the report\'s price tables in place of "scenario"');

export const costSchema = z.strictObject({
  basis: z.enum(['cloud', 'owned']).default('cloud').describe('cloud: device-hours at a price; owned: amortised purchase plus electricity'),
  devicePrice: qty('moneyRate', { min: 0, description: 'cloud price per device-hour under the chosen pricing term; defaults to the profile price' }).optional(),
  amortisation: qty('time', { positive: true, description: 'owned: the life over which the purchase is paid off', example: '4 years' }).prefault('4 years'),
  costOfCapital: percent('owned: annual cost of capital (interest or discount rate) for the purchase, paid off as an annuity over the amortisation period; default 0 (straight line)').optional(),
  maintenance: percent('owned: maintenance and support per year, as a share of the purchase price; default 0').optional(),
  electricity: electricitySchema.prefault('0.08 USD/kWh'),
  facilityPerKWMonth: z.number().min(0).optional()
    .describe('owned: facility (colocation) cost in USD per kW of provisioned IT power (node maximum) per month, a plain number, e.g. 150'),
  cloud: cloudSchema.optional(),
  sources: sourcesSchema.optional(),
});

export type ParsedCost = z.output<typeof costSchema>;

const HOURS_PER_DAY = 24;

/** Hours of the peak window in one day. */
export function peakHoursPerDay(t: Pick<ElectricityTariff, 'peakStartHour' | 'peakEndHour'>): number {
  const d = t.peakEndHour - t.peakStartHour;
  return d > 0 ? d : d + HOURS_PER_DAY;
}

function sourcesOf(given: NonNullable<ParsedCost['sources']>): NonNullable<CostSpec['sources']> {
  const out: NonNullable<CostSpec['sources']> = {};
  for (const k of COST_SOURCE_KEYS) {
    const c = given[k];
    if (c !== undefined) out[k] = { source: c.source, date: c.date };
  }
  return out;
}

/** Phase 3: the cost section with SI numbers; optional parts only when written. */
export function normalizeCost(c: ParsedCost): CostSpec {
  let electricityUsdPerJoule: number;
  let tariff: ElectricityTariff | undefined;
  if (typeof c.electricity === 'number') {
    electricityUsdPerJoule = c.electricity;
  } else {
    const e = c.electricity;
    tariff = { peakUsdPerJoule: e.peak, offPeakUsdPerJoule: e.offPeak, peakStartHour: e.peakHours[0], peakEndHour: e.peakHours[1], startHour: e.startHour };
    const h = peakHoursPerDay(tariff);
    // The 24-hour average: what a flat price would have to be to cost the same over whole days.
    electricityUsdPerJoule = (h * e.peak + (HOURS_PER_DAY - h) * e.offPeak) / HOURS_PER_DAY;
  }
  const cloud: CloudCostSpec | undefined = c.cloud === undefined ? undefined : {
    pricing: c.cloud.pricing,
    storage: c.cloud.storage === undefined ? null : { bytes: c.cloud.storage.capacity, usdPerGBMonth: c.cloud.storage.pricePerGBMonth },
    egress: c.cloud.egress === undefined ? null : { bytesPerMonth: c.cloud.egress.perMonth, usdPerGB: c.cloud.egress.pricePerGB },
  };
  return {
    basis: c.basis,
    devicePriceUsdPerSecond: c.devicePrice ?? null,
    amortisationSeconds: c.amortisation,
    electricityUsdPerJoule,
    // Only when given, so scenarios without them normalise (and hash) as before.
    ...(c.facilityPerKWMonth !== undefined ? { facilityUsdPerKWMonth: c.facilityPerKWMonth } : {}),
    ...(c.costOfCapital !== undefined ? { costOfCapital: c.costOfCapital } : {}),
    ...(c.maintenance !== undefined ? { maintenanceFractionPerYear: c.maintenance } : {}),
    ...(tariff !== undefined ? { electricityTariff: tariff } : {}),
    ...(cloud !== undefined ? { cloud } : {}),
    ...(c.sources !== undefined ? { sources: sourcesOf(c.sources) } : {}),
  };
}
