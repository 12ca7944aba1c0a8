// The `cost:` section's newer keys (src/config/cost-schema.ts): percentages, a time-of-day tariff, cloud terms,
// storage and egress, cited scenario prices; and that scenarios without them normalise as before.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario } from '../../src/config/load-scenario.ts';
import type { InputIssue } from '../../src/config/errors.ts';
import { GOOD, scratch, testCatalog, configIssues } from './fixtures.ts';

const s = scratch();
after(() => s.cleanup());
const opts = () => ({ catalog: testCatalog(), modelsDir: s.modelsDir });
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${a} != ${b}`);
const withCost = (cost: string, name = 'c.yaml') => s.write(name, `${GOOD}cost:\n${cost}`);

const issues = (cost: string): InputIssue[] => configIssues(() => loadScenario(withCost(cost, 'bad.yaml'), opts()));

test('no new keys: the cost spec has exactly the first-cut fields', () => {
  const { scenario } = loadScenario(withCost('  basis: owned\n  electricity: 0.1 USD/kWh\n'), opts());
  assert.deepEqual(Object.keys(scenario.cost).sort(), ['amortisationSeconds', 'basis', 'devicePriceUsdPerSecond', 'electricityUsdPerJoule']);
});

test('costOfCapital and maintenance read "8%" or a fraction', () => {
  const { scenario } = loadScenario(withCost('  basis: owned\n  costOfCapital: 8%\n  maintenance: 0.05\n'), opts());
  close(scenario.cost.costOfCapital!, 0.08);
  close(scenario.cost.maintenanceFractionPerYear!, 0.05);
});

test('a bare 8 is refused with the two ways to write it', () => {
  const [i, ...rest] = issues('  costOfCapital: 8\n');
  assert.equal(rest.length, 0);
  assert.equal(i!.path, 'cost.costOfCapital');
  assert.match(i!.hint, /"8%".*0\.08/);
  assert.equal(issues('  maintenance: "five percent"\n')[0]!.code, 'bad-value');
});

test('a time-of-day tariff keeps both prices and sets the flat price to its 24-hour average', () => {
  const { scenario } = loadScenario(withCost('  basis: owned\n  electricity: { peak: 0.12 USD/kWh, offPeak: 0.06 USD/kWh, peakHours: [22, 6], startHour: 9 }\n'), opts());
  const t = scenario.cost.electricityTariff!;
  close(t.peakUsdPerJoule, 0.12 / 3.6e6);
  close(t.offPeakUsdPerJoule, 0.06 / 3.6e6);
  assert.deepEqual([t.peakStartHour, t.peakEndHour, t.startHour], [22, 6, 9]);
  // 8 peak hours (22:00 to 06:00): (8 × 0.12 + 16 × 0.06) / 24 = 0.08 USD/kWh
  close(scenario.cost.electricityUsdPerJoule, 0.08 / 3.6e6);
});

test('a peak that starts and ends at the same hour is refused', () => {
  const found = issues('  electricity: { peak: 0.12 USD/kWh, offPeak: 0.06 USD/kWh, peakHours: [8, 8] }\n');
  assert.ok(found.some((i) => /different hours/.test(i.message)), found.map((i) => i.message).join('; '));
});

test('cloud: pricing term, storage and egress in SI, with cited prices', () => {
  const { scenario } = loadScenario(withCost([
    '  cloud:',
    '    pricing: reserved-3y',
    '    storage: { capacity: 2 PB, pricePerGBMonth: 0.023 }',
    '    egress: { perMonth: 100 TB, pricePerGB: 0.09 }',
    '  sources:',
    '    storage: { source: "Amazon S3 pricing page, S3 Standard", date: 2026-01 }',
    '',
  ].join('\n')), opts());
  assert.deepEqual(scenario.cost.cloud, { pricing: 'reserved-3y', storage: { bytes: 2e15, usdPerGBMonth: 0.023 }, egress: { bytesPerMonth: 1e14, usdPerGB: 0.09 } });
  assert.deepEqual(scenario.cost.sources, { storage: { source: 'Amazon S3 pricing page, S3 Standard', date: '2026-01' } });
});

test('an unknown pricing term gets a did-you-mean hint', () => {
  const [i] = issues('  cloud: { pricing: reserved-1yr }\n');
  assert.equal(i!.path, 'cost.cloud.pricing');
  assert.match(i!.hint, /reserved-1y/);
});

test('a misspelt tariff key is reported inside the tariff, with a did-you-mean', () => {
  const found = issues('  electricity: { peak: 0.12 USD/kWh, offpeak: 0.06 USD/kWh, peakHours: [8, 20] }\n');
  const typo = found.find((i) => i.code === 'unknown-key');
  assert.equal(typo?.path, 'cost.electricity.offpeak');
  assert.match(typo!.hint, /offPeak/);
});
