// The energy: section (src/config/energy-schema.ts) and its grid-intensity CSV (src/config/grid-intensity.ts):
// hand-made files, read into SI numbers on the simulated clock; bad input positioned in the CSV.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/errors.ts';
import { parseIsoSeconds } from '../../src/config/grid-intensity.ts';
import { loadScenario } from '../../src/config/load-scenario.ts';
import { GOOD, scratch, testCatalog } from './fixtures.ts';

const s = scratch();
after(() => s.cleanup());
const load = (energy: string) => loadScenario(s.write(`e${Math.abs(hash(energy))}.yaml`, `${GOOD}energy:\n${energy}`), { catalog: testCatalog(), modelsDir: s.modelsDir }).scenario.energy;
function hash(t: string): number {
  let h = 0;
  for (const c of t) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
const G = 1 / 3.6e9; // 1 g/kWh in kg/J
const near = (a: number, e: number, what: string) => assert.ok(Math.abs(a - e) <= 1e-9 * Math.abs(e), `${what}: ${a} != ${e}`);

test('no energy options written: PUE and intensity only, nothing else in the normalised form', () => {
  const e = load('  pue: 1.3\n');
  assert.deepEqual(Object.keys(e).sort(), ['gridIntensityKgPerJoule', 'pue']);
});

test('powerCap as watts or as a fraction of TDP; embodiedLife in years', () => {
  assert.deepEqual(load('  powerCap: 500 W\n').powerCap, { watts: 500 });
  assert.deepEqual(load('  powerCap: 0.7\n').powerCap, { fractionOfTdp: 0.7 });
  near(load('  embodiedLife: 4 years\n').embodiedLifeSeconds!, 4 * 365.25 * 86400, 'life');
  assert.throws(() => load('  powerCap: -5 W\n'), ConfigError);
});

test('an hourly CSV: rows in epoch seconds, the mean over the file, start inside it', () => {
  s.write('grid.csv', 'Datetime (UTC),Carbon Intensity gCO2eq/kWh (LCA)\n2024-03-01 00:00:00,100\n2024-03-01 01:00:00,200\n2024-03-01 02:00:00,600\n');
  const e = load('  gridIntensity: { csv: grid.csv, column: "Carbon Intensity gCO2eq/kWh (LCA)", timestamp: "Datetime (UTC)", start: "2024-03-01T01:30:00Z" }\n');
  const t0 = Date.UTC(2024, 2, 1) / 1000;
  const series = e.gridIntensitySeries!;
  assert.deepEqual(series.points.map((p) => p.epochSeconds), [t0, t0 + 3600, t0 + 7200]);
  near(series.points[2]!.kgPerJoule, 600 * G, 'last row');
  assert.equal(series.startEpochSeconds, t0 + 5400);
  assert.equal(series.endEpochSeconds, t0 + 3 * 3600, 'the last row holds for one more hour');
  near(e.gridIntensityKgPerJoule, 300 * G, 'mean of 100, 200, 600');
});

test('bad CSVs are input errors positioned in the file', () => {
  s.write('bad.csv', 'timestamp,g\n2024-01-01T00:00Z,100\n2024-01-01T02:00Z,x\n2024-01-01T01:00Z,5\n');
  const err = (() => { try { load('  gridIntensity: { csv: bad.csv, column: g }\n'); } catch (e) { return e as ConfigError; } return null; })();
  assert.ok(err instanceof ConfigError);
  assert.deepEqual(err.issues.map((i) => [i.line, i.path]), [[3, 'row 3: g'], [4, 'row 4: timestamp']]);
  assert.throws(() => load('  gridIntensity: { csv: bad.csv, column: carbon }\n'), /no column "carbon" in the header "timestamp,g"/);
  assert.throws(() => load('  gridIntensity: { csv: missing.csv, column: g }\n'), /cannot read the grid intensity file/);
  s.write('ok.csv', 'timestamp,g\n2024-01-01T00:00Z,100\n2024-01-01T01:00Z,100\n');
  assert.throws(() => load('  gridIntensity: { csv: ok.csv, column: g, start: "2023-12-31T23:00:00Z" }\n'), /outside the file/);
});

test('parseIsoSeconds: UTC without an offset, offsets subtracted, impossible dates refused', () => {
  assert.equal(parseIsoSeconds('1970-01-01T01:00:00Z'), 3600);
  assert.equal(parseIsoSeconds('1970-01-01 01:00'), 3600);
  assert.equal(parseIsoSeconds('1970-01-01T01:00:00+01:00'), 0);
  assert.equal(parseIsoSeconds('2023-02-29T00:00:00Z'), null);
  assert.equal(parseIsoSeconds('yesterday'), null);
});
