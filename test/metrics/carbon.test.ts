// Operational carbon with an hourly grid-intensity series, and embodied carbon (src/metrics/carbon.ts),
// worked by hand. Intensities in g/kWh, stored as kg/J (÷ 3.6e9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSpec, EnergySpec, GridIntensitySeries } from '../../src/config/scenario-types.ts';
import { effectiveIntensityKgPerJoule, embodiedCarbon, intensityAt } from '../../src/metrics/carbon.ts';
import { SECONDS_PER_YEAR } from '../../src/metrics/si.ts';
import { dgxH100, h100 } from './fixtures.ts';

const H = 3600;
const G = 1 / 3.6e9; // 1 g/kWh in kg/J
const near = (a: number, e: number, what: string) => assert.ok(Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e)), `${what}: ${a} != ${e}`);
// Three hourly rows from epoch 0: 100, 200, 400 g/kWh; the last holds for one hour, then the file wraps.
const series = (startHour = 0): GridIntensitySeries => ({
  file: 'grid.csv', column: 'g', startEpochSeconds: startHour * H, endEpochSeconds: 3 * H,
  points: [{ epochSeconds: 0, kgPerJoule: 100 * G }, { epochSeconds: H, kgPerJoule: 200 * G }, { epochSeconds: 2 * H, kgPerJoule: 400 * G }],
});
const energy = (s: GridIntensitySeries): EnergySpec => ({ pue: 1, gridIntensityKgPerJoule: 700 / 3 * G, gridIntensitySeries: s });

test('a constant intensity needs no weighting', () => {
  assert.equal(effectiveIntensityKgPerJoule({ pue: 1, gridIntensityKgPerJoule: 5 }, [{ t0: 0, t1: 10, watts: 3 }]), 5);
});

test('power-weighted: 3 W in the first hour, 1 W in the next two -> (300 + 200 + 400) / 5 = 180 g/kWh', () => {
  const i = effectiveIntensityKgPerJoule(energy(series()), [{ t0: 0, t1: H, watts: 3 }, { t0: H, t1: 3 * H, watts: 1 }]);
  near(i / G, 180, 'I_eff');
});

test('start half-way into the first hour; a four-hour run wraps past the file end', () => {
  // from 00:30: 0.5 h at 100, 1 h at 200, 1 h at 400, then from the first row again: 1 h at 100, 0.5 h at 200
  const i = effectiveIntensityKgPerJoule(energy(series(0.5)), [{ t0: 0, t1: 4 * H, watts: 2 }]);
  near(i / G, (50 + 200 + 400 + 100 + 100) / 4, 'I_eff');
  near(intensityAt(energy(series(0.5)), 0.6 * H) / G, 200, 'in force 0.6 h after the start (01:06)');
  near(intensityAt(energy(series(0.5)), 3.0 * H) / G, 100, 'wrapped (03:30 -> 00:30)');
});

test('no spans: the time mean over the run, shifted by the offset', () => {
  near(effectiveIntensityKgPerJoule(energy(series()), [], H, 2 * H) / G, 300, 'hours 1 and 2');
});

test('embodied: 2 nodes of 8 devices over one year of a six-year life', () => {
  const acc = { ...h100, embodied: { kgCO2e: 150, source: 'test' } };
  const node = { ...dgxH100, embodied: { kgCO2e: 2500, source: 'test' } };
  const cluster: ClusterSpec = { nodes: [{ profile: node, accelerator: acc, scaleUp: null, count: 2 }], scaleOut: null, storage: [] };
  const e = embodiedCarbon(cluster, SECONDS_PER_YEAR, 6 * SECONDS_PER_YEAR);
  near(e.byComponentKgCO2e.accelerators, 16 * 150 / 6, 'accelerators'); // 400 kg
  near(e.byComponentKgCO2e.nodes, 2 * 2500 / 6, 'nodes');
  near(e.kgCO2e, (2400 + 5000) / 6, 'total');
  assert.equal(e.lifeYears, 6);
  assert.deepEqual(e.missing, []);
  const bare = embodiedCarbon({ ...cluster, nodes: [{ ...cluster.nodes[0]!, accelerator: h100 }] }, SECONDS_PER_YEAR);
  assert.deepEqual(bare.missing, ['accelerator h100-sxm']);
  near(bare.kgCO2e, 5000 / 6, 'default life 6 years, nodes only');
});
