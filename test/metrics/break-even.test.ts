// Hand-computed owned-versus-cloud break-even (src/metrics/break-even.ts) on one DGX H100.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSpec, CostSpec, EnergySpec } from '../../src/config/scenario-types.ts';
import type { AcceleratorProfile, NodeProfile } from '../../src/hardware/profile-types.ts';
import { computeBreakEven } from '../../src/metrics/break-even.ts';
import { breakEvenText } from '../../src/report/break-even.ts';
import type { BreakEvenResult } from '../../src/metrics/result-types.ts';
import { dgxH100, h100 as baseH100 } from './fixtures.ts';

// Round test prices, not quotes: 30,000 USD per GPU, 3 USD per GPU-hour.
const h100: AcceleratorProfile = { ...baseH100, price: { purchaseUsd: 30_000, cloudUsdPerHour: 3, date: '2026-01', source: 'test fixture' } };
const THREE_YEARS = 3 * 31_557_600;
const cluster = (accelerator: AcceleratorProfile = h100, node: NodeProfile = dgxH100): ClusterSpec => ({
  nodes: [{ profile: node, accelerator, scaleUp: null, count: 1 }], scaleOut: null, storage: [],
});
const cost = (extra: Partial<CostSpec> = {}): CostSpec => ({
  basis: 'owned', devicePriceUsdPerSecond: null, amortisationSeconds: THREE_YEARS, electricityUsdPerJoule: 0.1 / 3.6e6, ...extra,
});
const energy: EnergySpec = { pue: 1, gridIntensityKgPerJoule: 0 };

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

function result(o: ReturnType<typeof computeBreakEven>): BreakEvenResult {
  assert.ok('result' in o, 'note' in o ? o.note : 'no result');
  return o.result;
}

test('one DGX H100 at full load: u* = a / (c − b) from the hand-worked figures', () => {
  // a = 240,000 / 3 + 0.1 × 8,766 × 2.56 kW idle = 80,000 + 2,244.096
  // b = 0.1 × 8,766 × (10.2 − 2.56) kW = 6,697.224;  c = 8 × 3 × 8,766 = 210,384
  const r = result(computeBreakEven({ cluster: cluster(), cost: cost(), energy, busyLoad: 1 }));
  assert.equal(r.verdict, 'break-even');
  near(r.ownedUsdPerYearAt0, 82_244.096, 'owned at 0');
  near(r.ownedUsdPerYearAt100, 82_244.096 + 6_697.224, 'owned at 1');
  near(r.cloudUsdPerYearAt100, 210_384, 'cloud at 1');
  near(r.utilisation!, 82_244.096 / (210_384 - 6_697.224), 'u*');
  assert.equal(r.years, 3);
  assert.equal(r.curve.length, 21);
  assert.deepEqual(r.curve.map((p) => p.utilisation).filter((_, i) => i % 10 === 0), [0, 0.5, 1]);
  near(r.curve[10]!.cloudUsdPerYear, 105_192, 'cloud at 0.5');
  assert.equal(breakEvenText(r), 'Owned vs cloud break-even at 40.4% utilisation');
  // Both prices carry their source and date.
  const dated = r.prices.filter((p) => p.date === '2026-01').map((p) => p.value);
  assert.deepEqual(dated, [240_000, 3]);
});

test('a facility cost per kW-month is charged on the node maximum, used or not; PUE scales electricity', () => {
  const r = result(computeBreakEven({ cluster: cluster(), cost: cost({ facilityUsdPerKWMonth: 100 }), energy: { ...energy, pue: 1.5 }, busyLoad: 1 }));
  // a = 80,000 + 1.5 × 2,244.096 + 100 × 12 × 10.2
  near(r.ownedUsdPerYearAt0, 80_000 + 3_366.144 + 12_240, 'owned at 0');
  near(r.ownedUsdPerYearAt100 - r.ownedUsdPerYearAt0, 1.5 * 6_697.224, 'b');
  assert.ok(r.prices.some((p) => p.name === 'facility cost per kW-month' && p.value === 100));
});

test('the scenario device price wins over the profile, and a cheap cloud means owning is never cheaper', () => {
  // c = 8 × 0.1 × 8,766 = 7,012.8 < a: u* would exceed 1
  const r = result(computeBreakEven({ cluster: cluster(), cost: cost({ devicePriceUsdPerSecond: 0.1 / 3600 }), energy, busyLoad: 1 }));
  assert.equal(r.verdict, 'owned-never-cheaper');
  assert.equal(r.utilisation, null);
  near(r.cloudUsdPerYearAt100, 7_012.8, 'cloud at 1');
  assert.match(breakEvenText(r), /owned never cheaper/);
  assert.ok(r.prices.some((p) => p.source === 'scenario cost.devicePrice' && p.date === 'scenario'));
});

test('a lighter load lowers the owned slope only', () => {
  const full = result(computeBreakEven({ cluster: cluster(), cost: cost(), energy, busyLoad: 1 }));
  const half = result(computeBreakEven({ cluster: cluster(), cost: cost(), energy, busyLoad: 0.5 }));
  near(half.ownedUsdPerYearAt0, full.ownedUsdPerYearAt0, 'fixed part');
  near(half.ownedUsdPerYearAt100 - half.ownedUsdPerYearAt0, 6_697.224 / 2, 'b at L = 0.5');
  assert.ok(half.utilisation! < full.utilisation!);
});

test('without a purchase or a cloud price there is a note, not a result', () => {
  const noPrice: AcceleratorProfile = { ...baseH100, price: null };
  const o = computeBreakEven({ cluster: cluster(noPrice), cost: cost(), energy, busyLoad: 1 });
  assert.ok('note' in o && /no purchase price/.test(o.note));
  const noCloud: AcceleratorProfile = { ...baseH100, price: { purchaseUsd: 30_000, date: '2026', source: 'x' } };
  const o2 = computeBreakEven({ cluster: cluster(noCloud), cost: cost(), energy, busyLoad: 1 });
  assert.ok('note' in o2 && /no cloud price/.test(o2.note));
});

test('cost of capital and maintenance raise the fixed part: a = P·CRF + m·P + idle electricity', () => {
  // P = 240,000 over 3 years at 8%: CRF = 0.388033514, P·CRF = 93,128.0434; maintenance 5%: 12,000
  const r = result(computeBreakEven({ cluster: cluster(), cost: cost({ costOfCapital: 0.08, maintenanceFractionPerYear: 0.05 }), energy, busyLoad: 1 }));
  const a = 240_000 * (0.08 / (1 - 1.08 ** -3)) + 12_000 + 2_244.096;
  assert.ok(Math.abs(a - 107_372.1394) < 1e-3, `${a}`);
  near(r.ownedUsdPerYearAt0, a, 'owned at 0');
  near(r.utilisation!, a / (210_384 - 6_697.224), 'u*'); // ≈ 52.7%
  near(r.ownedByItemUsdPerYear!.financing!, 240_000 * (0.08 / (1 - 1.08 ** -3)) - 80_000, 'financing a year');
  assert.equal(r.ownedByItemUsdPerYear!.maintenance, 12_000);
  assert.equal(breakEvenText(r), 'Owned vs cloud break-even at 52.7% utilisation');
  assert.ok(r.prices.some((p) => p.name === 'cost of capital' && p.value === 8));
});

// The same device with reserved and spot prices per GPU-hour (round test figures).
const termed: AcceleratorProfile = {
  ...h100,
  price: {
    ...h100.price!,
    cloudTerms: {
      'reserved-1y': { usdPerHour: 1.2, date: '2026-02', source: 'test 1y' },
      'reserved-3y': { usdPerHour: 1, date: '2026-03', source: 'test 3y' },
      spot: { usdPerHour: 1.5, date: '2026-04', source: 'test spot' },
    },
  },
};
const term = (pricing: 'reserved-1y' | 'reserved-3y' | 'spot', extra: Partial<CostSpec> = {}) => cost({ cloud: { pricing, storage: null, egress: null }, ...extra });

test('reserved: the cloud line is flat (every hour paid); owning can be cheaper below u* instead of above', () => {
  // reserved-1y at 1.2: c = 8 × 1.2 × 8,766 = 84,153.6 flat. d(0) = 82,244.096 − 84,153.6 = −1,909.504,
  // d(1) = 88,941.32 − 84,153.6 = 4,787.72: owned cheaper below u* = 1,909.504 / 6,697.224 = 0.28512
  const r = result(computeBreakEven({ cluster: cluster(termed), cost: term('reserved-1y'), energy, busyLoad: 1 }));
  assert.equal(r.cloudPricing, 'reserved-1y');
  assert.equal(r.cloudCommitted, true);
  near(r.curve[0]!.cloudUsdPerYear, 84_153.6, 'cloud at 0');
  near(r.cloudUsdPerYearAt100, 84_153.6, 'cloud at 1');
  assert.equal(r.verdict, 'break-even');
  near(r.utilisation!, 1_909.504 / 6_697.224, 'u*');
  assert.equal(breakEvenText(r), 'Owned vs reserved-1y cloud break-even at 28.5% utilisation (owned cheaper below it)');
  // reserved-3y at 1: c = 70,128 below owned everywhere
  const r3 = result(computeBreakEven({ cluster: cluster(termed), cost: term('reserved-3y'), energy, busyLoad: 1 }));
  assert.equal(r3.verdict, 'owned-never-cheaper');
  assert.match(breakEvenText(r3), /^Owned vs reserved-3y cloud: owned never cheaper/);
});

test('spot is paid per hour used, at its own price and date', () => {
  // c = 8 × 1.5 × 8,766 = 105,192; u* = 82,244.096 / (105,192 − 6,697.224)
  const r = result(computeBreakEven({ cluster: cluster(termed), cost: term('spot'), energy, busyLoad: 1 }));
  assert.equal(r.cloudCommitted, false);
  near(r.utilisation!, 82_244.096 / (105_192 - 6_697.224), 'u*');
  assert.ok(r.prices.some((p) => p.value === 1.5 && p.date === '2026-04' && /spot cloud price per device-hour/.test(p.name)));
});

test('cloud storage and egress add a fixed yearly part to the cloud line', () => {
  // 100 TB at 0.02 USD/GB-month = 24,000 a year; 10 TB a month out at 0.05 USD/GB = 6,000 a year: s = 30,000
  const c = cost({ cloud: { pricing: 'on-demand', storage: { bytes: 100e12, usdPerGBMonth: 0.02 }, egress: { bytesPerMonth: 10e12, usdPerGB: 0.05 } } });
  const r = result(computeBreakEven({ cluster: cluster(), cost: c, energy, busyLoad: 1 }));
  near(r.curve[0]!.cloudUsdPerYear, 30_000, 'cloud at 0');
  near(r.utilisation!, (82_244.096 - 30_000) / (210_384 - 6_697.224), 'u*');
  assert.deepEqual(Object.keys(r.cloudByItemUsdPerYear!), ['compute', 'storage', 'egress']);
});
