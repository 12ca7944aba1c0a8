// Hand-computed cloud and owned costs (src/metrics/cost.ts); prices from hardware.md A3 or round test figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSpec, CostSpec } from '../../src/config/scenario-types.ts';
import type { AcceleratorProfile, FabricProfile, NodeProfile } from '../../src/hardware/profile-types.ts';
import { computeCost } from '../../src/metrics/cost.ts';
import { h100 as baseH100 } from './fixtures.ts';

const h100: AcceleratorProfile = {
  ...baseH100,
  // AWS p5.48xlarge $98.32/h ÷ 8 = $12.29 per GPU-hour (hardware.md A3, NP-P5); "MSRP $30k" (A3, HF)
  price: { cloudUsdPerHour: 12.29, purchaseUsd: 30_000, date: '2023-07', source: 'NP-P5; HF' },
};

const dgxH100: NodeProfile = {
  kind: 'node', id: 'dgx-h100', name: 'DGX H100', accelerator: 'h100-sxm', devicesPerNode: 8,
  scaleUpFabric: 'nvlink4-nvswitch', scaleUpDomainSize: 8,
  nics: { count: 8, bandwidthBytesPerSecond: 50e9, source: 'hardware.md A2' },
  power: { maxWatts: 10_200, idleWatts: 2_560, source: 'FG; idle is a test fixture' },
  // the 300,000 USD of the brief's worked example (a round figure, not a quote)
  price: { purchaseUsd: 300_000, date: '2024', source: 'test fixture' },
};

const HOUR = 3600;
const DAY = 86_400;
const YEAR = 31_557_600; // 365.25 days, as the unit parser reads "1 year"
const FOUR_YEARS = 4 * YEAR;
const cluster = (count: number, node: NodeProfile = dgxH100, accelerator: AcceleratorProfile = h100): ClusterSpec => ({
  nodes: [{ profile: node, accelerator, scaleUp: null, count }], scaleOut: null, storage: [],
});
const cloud = (devicePriceUsdPerHour: number | null, extra: Partial<CostSpec> = {}): CostSpec => ({
  basis: 'cloud', devicePriceUsdPerSecond: devicePriceUsdPerHour === null ? null : devicePriceUsdPerHour / HOUR,
  amortisationSeconds: FOUR_YEARS, electricityUsdPerJoule: 0.08 / 3.6e6, ...extra,
});
const owned = (extra: Partial<CostSpec> = {}): CostSpec => ({ ...cloud(null), basis: 'owned', ...extra });

function near(actual: number | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

test('cloud: 32 GPUs × 10 h × 2.99 USD/h from the scenario', () => {
  const r = computeCost({ cluster: cluster(4), cost: cloud(2.99), simulatedSeconds: 10 * HOUR, energyKWh: 500 });
  near(r.cost.totalUsd, 32 * 10 * 2.99, 'total');
  assert.deepEqual(Object.keys(r.cost.byItemUsd), ['compute']); // electricity is in the instance price
  near(r.cost.usdPerDeviceHour, 2.99, 'per device-hour');
  assert.deepEqual(r.assumptions, [{ name: 'cloud price per device-hour', value: 2.99, unit: 'USD/h', source: 'scenario cost.devicePrice' }]);
});

test('cloud: the accelerator profile price, cited with its date', () => {
  const r = computeCost({ cluster: cluster(1), cost: cloud(null), simulatedSeconds: 2 * HOUR, energyKWh: 0 });
  near(r.cost.totalUsd, 8 * 2 * 12.29, 'total');
  near(r.cost.usdPerDeviceHour, 12.29, 'per device-hour');
  assert.deepEqual(r.assumptions, [{ name: 'H100 SXM cloud price per device-hour', value: 12.29, unit: 'USD/h', source: 'NP-P5; HF (2023-07)' }]);
});

test('cloud: the node instance price ÷ devices when the accelerator has none', () => {
  const bare = { ...h100, price: null };
  const p5 = { ...dgxH100, price: { cloudUsdPerHour: 98.32, date: '2023-07', source: 'NP-P5' } };
  const r = computeCost({ cluster: cluster(1, p5, bare), cost: cloud(null), simulatedSeconds: HOUR, energyKWh: 0 });
  near(r.cost.totalUsd, 98.32, 'total');
  near(r.cost.usdPerDeviceHour, 12.29, 'per device-hour');
  assert.match(r.assumptions[0]?.name ?? '', /÷ 8 devices/);
});

test('cloud: no price anywhere names the profile and the scenario key to set', () => {
  const bare = { ...h100, price: { purchaseUsd: 30_000, date: '2024', source: 'HF' } };
  assert.throws(() => computeCost({ cluster: cluster(1, dgxH100, bare), cost: cloud(null), simulatedSeconds: HOUR, energyKWh: 0 }),
    (e: Error) => /accelerator profile "h100-sxm" has no cloud price/.test(e.message) && /set cost\.devicePrice/.test(e.message));
});

// Round test prices per GPU-hour: on-demand 3, reserved-1y 2, reserved-3y 1.5, spot 1.2.
const termed: AcceleratorProfile = {
  ...h100,
  price: {
    cloudUsdPerHour: 3, purchaseUsd: 30_000, date: '2026', source: 'test on-demand',
    cloudTerms: {
      'reserved-1y': { usdPerHour: 2, date: '2026-01', source: 'test 1y' },
      'reserved-3y': { usdPerHour: 1.5, date: '2026-02', source: 'test 3y' },
      spot: { usdPerHour: 1.2, date: '2026-03', source: 'test spot' },
    },
  },
};

test('cloud pricing term: 8 GPUs × 10 h at the on-demand, reserved or spot price, each cited with its own date', () => {
  const expected = { 'on-demand': 3, 'reserved-1y': 2, 'reserved-3y': 1.5, spot: 1.2 } as const;
  for (const [pricing, perHour] of Object.entries(expected) as [keyof typeof expected, number][]) {
    const cost = cloud(null, { cloud: { pricing, storage: null, egress: null } });
    const r = computeCost({ cluster: cluster(1, dgxH100, termed), cost, simulatedSeconds: 10 * HOUR, energyKWh: 0 });
    near(r.cost.totalUsd, 8 * 10 * perHour, pricing);
    assert.equal(r.cost.cloudPricing, pricing);
    const a = r.assumptions[0]!;
    assert.equal(a.value, perHour);
    if (pricing !== 'on-demand') assert.match(a.name, new RegExp(`^H100 SXM ${pricing} cloud price per device-hour$`));
  }
});

test('cloud pricing term: the node instance price for the term when the accelerator has none; a missing term says what to set', () => {
  // AWS p5.48xlarge 3-year reserved $43.16/h (NP-P5, July 2023) ÷ 8 = 5.395 per GPU-hour
  const p5 = { ...dgxH100, price: { cloudUsdPerHour: 98.32, date: '2023-07', source: 'NP-P5', cloudTerms: { 'reserved-3y': { usdPerHour: 43.16, date: '2023-07', source: 'NP-P5' } } } };
  const r = computeCost({ cluster: cluster(1, p5, h100), cost: cloud(null, { cloud: { pricing: 'reserved-3y', storage: null, egress: null } }), simulatedSeconds: HOUR, energyKWh: 0 });
  near(r.cost.usdPerDeviceHour, 5.395, 'per device-hour');
  assert.throws(() => computeCost({ cluster: cluster(1, p5, h100), cost: cloud(null, { cloud: { pricing: 'spot', storage: null, egress: null } }), simulatedSeconds: HOUR, energyKWh: 0 }),
    (e: Error) => /no spot cloud price \(price\.cloudTerms\.spot\)/.test(e.message) && /cost\.cloud\.pricing/.test(e.message));
});

test('cloud storage and egress: GB × price × months', () => {
  // 100 TB kept at 0.02 USD/GB-month for a year: 1e5 × 0.02 × 12 = 24,000; 10 TB a month out at 0.05: 1e4 × 0.05 × 12 = 6,000
  const cost = cloud(2, { cloud: { pricing: 'on-demand', storage: { bytes: 100e12, usdPerGBMonth: 0.02 }, egress: { bytesPerMonth: 10e12, usdPerGB: 0.05 } } });
  const r = computeCost({ cluster: cluster(1), cost, simulatedSeconds: YEAR, energyKWh: 0 });
  near(r.cost.byItemUsd.storage, 24_000, 'storage');
  near(r.cost.byItemUsd.egress, 6_000, 'egress');
  near(r.cost.byItemUsd.compute, 8 * 2 * 8766, 'compute');
});

test('owned: a 300,000 USD node over 4 years for 1 day, plus electricity', () => {
  const r = computeCost({ cluster: cluster(1), cost: owned(), simulatedSeconds: DAY, energyKWh: 100 });
  near(r.cost.byItemUsd.nodes, 300_000 / (4 * 365.25), 'nodes'); // ≈ 205.34 USD
  near(r.cost.byItemUsd.electricity, 8, 'electricity'); // 100 kWh × 0.08 USD/kWh
  assert.deepEqual(Object.keys(r.cost.byItemUsd), ['nodes', 'electricity']);
  near(r.cost.totalUsd, 300_000 / 1461 + 8, 'total');
  near(r.cost.usdPerDeviceHour, (300_000 / 1461 + 8) / (8 * 24), 'per device-hour');
  const by = new Map(r.assumptions.map((a) => [a.name, a]));
  assert.deepEqual(by.get('DGX H100 purchase price per node'), { name: 'DGX H100 purchase price per node', value: 300_000, unit: 'USD', source: 'test fixture (2024)' });
  assert.equal(by.get('amortisation period')?.value, 4);
  assert.equal(by.get('electricity price')?.value, 0.08);
});

test('owned: cost of capital as an annuity and maintenance as a share, over one day', () => {
  // CRF(8%, 4) = 0.08 / (1 − 1.08^−4) = 0.08 / (1 − 0.735029852) = 0.301920804
  // financing per year = 300,000 × 0.301920804 − 75,000 = 15,576.2412; maintenance 5% = 15,000 a year
  const r = computeCost({ cluster: cluster(1), cost: owned({ costOfCapital: 0.08, maintenanceFractionPerYear: 0.05 }), simulatedSeconds: DAY, energyKWh: 0 });
  const crf = 0.08 / (1 - 1.08 ** -4);
  assert.ok(Math.abs(crf - 0.301920804) < 1e-9, `CRF ${crf}`);
  near(r.cost.byItemUsd.financing, (300_000 * crf - 75_000) / 365.25, 'financing');
  assert.ok(Math.abs(r.cost.byItemUsd.financing! - 15_576.2412 / 365.25) < 1e-3);
  near(r.cost.byItemUsd.maintenance, 15_000 / 365.25, 'maintenance');
  // Without simulated time the rate still counts depreciation, financing and maintenance: 300,000 × CRF + 15,000 a year
  const zero = computeCost({ cluster: cluster(1), cost: owned({ costOfCapital: 0.08, maintenanceFractionPerYear: 0.05 }), simulatedSeconds: 0, energyKWh: 0 });
  near(zero.cost.usdPerDeviceHour, (300_000 * crf + 15_000) / 8766 / 8, 'rate at T = 0');
  const by = new Map(r.assumptions.map((a) => [a.name, a]));
  assert.equal(by.get('cost of capital')?.value, 8);
  assert.equal(by.get('maintenance')?.value, 5);
});

test('owned: time-of-day electricity over the simulated clock', () => {
  // Peak 0.12 from 08:00 to 20:00, off-peak 0.06; the run starts at 06:00 and lasts 4 h: 2 h off-peak, 2 h peak,
  // so 100 kWh spread evenly cost 50 × 0.06 + 50 × 0.12 = 9 USD.
  const tariff = { peakUsdPerJoule: 0.12 / 3.6e6, offPeakUsdPerJoule: 0.06 / 3.6e6, peakStartHour: 8, peakEndHour: 20, startHour: 6 };
  const r = computeCost({ cluster: cluster(1), cost: owned({ electricityTariff: tariff, electricityUsdPerJoule: 0.09 / 3.6e6 }), simulatedSeconds: 4 * HOUR, energyKWh: 100 });
  near(r.cost.byItemUsd.electricity, 9, 'electricity');
  const names = r.assumptions.map((a) => a.name);
  assert.ok(names.includes('electricity price, peak (8:00 to 20:00)') && names.includes('electricity price, off-peak'), names.join('; '));
});

test('owned: a facility charge on the provisioned power', () => {
  // 150 USD per kW-month × 10.2 kW × 12 = 18,360 a year; over a day 18,360 / 365.25
  const r = computeCost({ cluster: cluster(1), cost: owned({ facilityUsdPerKWMonth: 150 }), simulatedSeconds: DAY, energyKWh: 0 });
  near(r.cost.byItemUsd.facility, 18_360 / 365.25, 'facility');
});

test('owned: switches counted on the built fabric, priced from the fabric profile', () => {
  // 64 DGX on a non-blocking two-tier fat tree of radix 64: 512 NICs on 16 leaves of 32 ports, 16 × 32 uplinks on
  // ceil(16 × 32 / 64) = 8 spines: 24 switches; ports in use 512 (NICs) + 2 × 512 (leaf-spine cables) = 1,536.
  const ndr: FabricProfile = {
    kind: 'fabric', id: 'ib-ndr-400', name: 'NDR', tier: 'scale-out', linkBandwidthBytesPerSecond: 50e9, latencySeconds: 4e-6,
    efficiency: 0.94, inNetworkReduction: true, switchRadix: 64, source: 'test fixture',
    price: { switchUsd: 36_000, perPortUsd: 500, date: '2024-08', source: 'test switch price' },
  };
  const c: ClusterSpec = { ...cluster(64), scaleOut: { profile: ndr, topology: 'fat-tree', oversubscription: 1 } };
  const r = computeCost({ cluster: c, cost: owned(), simulatedSeconds: 4 * YEAR, energyKWh: 0 });
  near(r.cost.byItemUsd.nodes, 64 * 300_000, 'nodes over the whole life');
  near(r.cost.byItemUsd.network, 24 * 36_000 + 1_536 * 500, 'network over the whole life');
  assert.ok(r.assumptions.some((a) => a.name === 'NDR switch purchase price (24 switches)' && a.source === 'test switch price (2024-08)'));
  // A fabric without a price is left out, and the result says so.
  const bare = computeCost({ cluster: { ...c, scaleOut: { ...c.scaleOut!, profile: { ...ndr, price: undefined } } }, cost: owned(), simulatedSeconds: DAY, energyKWh: 0 });
  assert.equal(bare.cost.byItemUsd.network, undefined);
  assert.match(bare.cost.notes?.[0] ?? '', /switches and optics of NDR not counted/);
});

test('owned: without a node price, devices × the accelerator price, and it says so', () => {
  const node = { ...dgxH100, price: null };
  const r = computeCost({ cluster: cluster(2, node), cost: owned(), simulatedSeconds: DAY, energyKWh: 0 });
  near(r.cost.byItemUsd.nodes, 2 * 8 * 30_000 / 1461, 'nodes');
  const a = r.assumptions[0];
  assert.equal(a?.value, 240_000);
  assert.match(a?.name ?? '', /8 × the H100 SXM price \(devices only/);
});

test('owned: no purchase price or no amortisation period is refused', () => {
  const node = { ...dgxH100, price: null };
  const dev = { ...h100, price: null };
  assert.throws(() => computeCost({ cluster: cluster(1, node, dev), cost: owned(), simulatedSeconds: DAY, energyKWh: 0 }),
    /node profile "dgx-h100" has no purchase price/);
  assert.throws(() => computeCost({ cluster: cluster(1), cost: owned({ amortisationSeconds: 0 }), simulatedSeconds: DAY, energyKWh: 0 }),
    /amortisationSeconds must be positive/);
});

test('no simulated time costs nothing but keeps the hourly rate', () => {
  const r = computeCost({ cluster: cluster(1), cost: cloud(2.99), simulatedSeconds: 0, energyKWh: 0 });
  assert.equal(r.cost.totalUsd, 0);
  near(r.cost.usdPerDeviceHour, 2.99, 'per device-hour');
});
