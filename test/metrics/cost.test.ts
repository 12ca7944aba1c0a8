// Hand-computed cloud and owned costs (src/metrics/cost.ts); prices from hardware.md A3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSpec, CostSpec } from '../../src/config/scenario-types.ts';
import type { AcceleratorProfile, NodeProfile } from '../../src/hardware/profile-types.ts';
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
const FOUR_YEARS = 4 * 31_557_600; // "4 years" as the unit parser reads it
const cluster = (count: number, node: NodeProfile = dgxH100, accelerator: AcceleratorProfile = h100): ClusterSpec => ({
  nodes: [{ profile: node, accelerator, scaleUp: null, count }], scaleOut: null, storage: [],
});
const cloud = (devicePriceUsdPerHour: number | null): CostSpec => ({
  basis: 'cloud', devicePriceUsdPerSecond: devicePriceUsdPerHour === null ? null : devicePriceUsdPerHour / HOUR,
  amortisationSeconds: FOUR_YEARS, electricityUsdPerJoule: 0.08 / 3.6e6,
});
const owned: CostSpec = { ...cloud(null), basis: 'owned' };

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

test('cloud: 32 GPUs × 10 h × 2.99 USD/h from the scenario', () => {
  const r = computeCost({ cluster: cluster(4), cost: cloud(2.99), simulatedSeconds: 10 * HOUR, energyKWh: 500 });
  near(r.cost.totalUsd, 32 * 10 * 2.99, 'total');
  assert.deepEqual(Object.keys(r.cost.byItemUsd), ['compute']); // electricity is in the instance price
  near(r.cost.usdPerDeviceHour, 2.99, 'per device-hour');
  assert.deepEqual(r.assumptions, [{ name: 'cloud price per device-hour', value: 2.99, unit: 'USD/h', source: 'scenario' }]);
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

test('owned: a 300,000 USD node over 4 years for 1 day, plus electricity', () => {
  const r = computeCost({ cluster: cluster(1), cost: owned, simulatedSeconds: DAY, energyKWh: 100 });
  near(r.cost.byItemUsd.hardwareAmortisation ?? NaN, 300_000 / (4 * 365.25), 'amortisation'); // ≈ 205.34 USD
  near(r.cost.byItemUsd.electricity ?? NaN, 8, 'electricity'); // 100 kWh × 0.08 USD/kWh
  near(r.cost.totalUsd, 300_000 / 1461 + 8, 'total');
  near(r.cost.usdPerDeviceHour, (300_000 / 1461 + 8) / (8 * 24), 'per device-hour');
  const by = new Map(r.assumptions.map((a) => [a.name, a]));
  assert.deepEqual(by.get('DGX H100 purchase price per node'), { name: 'DGX H100 purchase price per node', value: 300_000, unit: 'USD', source: 'test fixture (2024)' });
  assert.equal(by.get('amortisation period')?.value, 4);
  assert.equal(by.get('electricity price')?.value, 0.08);
});

test('owned: without a node price, devices × the accelerator price, and it says so', () => {
  const node = { ...dgxH100, price: null };
  const r = computeCost({ cluster: cluster(2, node), cost: owned, simulatedSeconds: DAY, energyKWh: 0 });
  near(r.cost.byItemUsd.hardwareAmortisation ?? NaN, 2 * 8 * 30_000 / 1461, 'amortisation');
  const a = r.assumptions[0];
  assert.equal(a?.value, 240_000);
  assert.match(a?.name ?? '', /8 × the H100 SXM price \(devices only/);
});

test('owned: no purchase price or no amortisation period is refused', () => {
  const node = { ...dgxH100, price: null };
  const dev = { ...h100, price: null };
  assert.throws(() => computeCost({ cluster: cluster(1, node, dev), cost: owned, simulatedSeconds: DAY, energyKWh: 0 }),
    /node profile "dgx-h100" has no purchase price/);
  assert.throws(() => computeCost({ cluster: cluster(1), cost: { ...owned, amortisationSeconds: 0 }, simulatedSeconds: DAY, energyKWh: 0 }),
    /amortisationSeconds must be positive/);
});

test('no simulated time costs nothing but keeps the hourly rate', () => {
  const r = computeCost({ cluster: cluster(1), cost: cloud(2.99), simulatedSeconds: 0, energyKWh: 0 });
  assert.equal(r.cost.totalUsd, 0);
  near(r.cost.usdPerDeviceHour, 2.99, 'per device-hour');
});
