// Hand-computed energy and carbon of small clusters (src/metrics/energy.ts); figures from hardware.md A2/D1/D2/D4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSpec, EnergySpec } from '../../src/config/scenario-types.ts';
import { dgxH100, h100 } from './fixtures.ts';
import { computeEnergy, type EnergyJobInput } from '../../src/metrics/energy.ts';

const HOUR = 3600;
const cluster = (count: number): ClusterSpec => ({
  nodes: [{ profile: dgxH100, accelerator: h100, scaleUp: null, count }], scaleOut: null, storage: [],
});
// PUE 1.2 (quickstart); 367 g/kWh (US 2023, hardware.md D4, EIA-CO2), stored as kg/J
const energy: EnergySpec = { pue: 1.2, gridIntensityKgPerJoule: 367 / 1000 / 3.6e6 };
const job = (devices: number, computeUtilisation: number, busySeconds: number = HOUR): EnergyJobInput =>
  ({ devices, accelerator: h100, node: dgxH100, busySeconds, computeUtilisation });

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

test('8 H100 at u = 1 for one hour in one DGX H100, PUE 1.2', () => {
  const r = computeEnergy({ cluster: cluster(1), energy, jobs: [job(8, 1)], simulatedSeconds: HOUR });
  near(r.energy.byComponentKWh.accelerators, 5.6, 'accelerators'); // 8 × 700 W × 1 h
  near(r.energy.byComponentKWh.nodeOverhead, 4.6, 'node overhead'); // 10.2 kW − 5.6 kW
  near(r.energy.byComponentKWh.facilityOverhead, 2.04, 'facility'); // 0.2 × 10.2 kWh
  near(r.energy.totalKWh, 12.24, 'total');
  near(r.energy.meanPowerWatts, 12_240, 'mean power');
  near(r.carbon.kgCO2e, 12.24 * 0.367, 'carbon'); // kWh × 367 g/kWh
  assert.equal(r.carbon.gridIntensityGPerKWh, 367);
});

test('an idle cluster draws node idle power plus PUE', () => {
  const r = computeEnergy({ cluster: cluster(1), energy, jobs: [], simulatedSeconds: HOUR });
  near(r.energy.byComponentKWh.accelerators, 0.56, 'accelerators'); // 8 × 70 W
  near(r.energy.byComponentKWh.nodeOverhead, 2.0, 'node overhead'); // 2,560 W − 560 W
  near(r.energy.totalKWh, 2.56 * 1.2, 'total');
});

test('a node no job uses counts at idle for the whole run', () => {
  const r = computeEnergy({ cluster: cluster(2), energy, jobs: [job(8, 1)], simulatedSeconds: HOUR });
  near(r.energy.totalKWh, (10.2 + 2.56) * 1.2, 'total');
  near(r.energy.byComponentKWh.accelerators, 5.6 + 0.56, 'accelerators');
});

test('a job busy half the run idles for the rest', () => {
  const r = computeEnergy({ cluster: cluster(1), energy, jobs: [job(8, 1, HOUR / 2)], simulatedSeconds: HOUR });
  near(r.energy.byComponentKWh.accelerators, 8 * (700 + 70) / 2 / 1000, 'accelerators');
  near(r.energy.byComponentKWh.nodeOverhead, (4600 + 2000) / 2 / 1000, 'node overhead');
});

test('time outside compute kernels counts at the communication fraction (u = 0.5 -> load 0.65)', () => {
  const r = computeEnergy({ cluster: cluster(1), energy, jobs: [job(8, 0.5)], simulatedSeconds: HOUR });
  near(r.energy.byComponentKWh.accelerators, 8 * 479.5 / 1000, 'accelerators'); // 70 + 630 × 0.65
  near(r.energy.byComponentKWh.nodeOverhead, 3.69, 'node overhead'); // 2,000 + 2,600 × 0.65
});

test('a job on half a node pays half its overhead; the other half idles', () => {
  const r = computeEnergy({ cluster: cluster(1), energy, jobs: [job(4, 1)], simulatedSeconds: HOUR });
  near(r.energy.byComponentKWh.accelerators, (4 * 700 + 4 * 70) / 1000, 'accelerators');
  near(r.energy.byComponentKWh.nodeOverhead, (4600 / 2 + 2000 / 2) / 1000, 'node overhead');
});

test('assumptions list every figure with its source', () => {
  const r = computeEnergy({ cluster: cluster(2), energy, jobs: [job(8, 1)], simulatedSeconds: HOUR });
  const by = new Map(r.assumptions.map((a) => [a.name, a]));
  assert.deepEqual(by.get('H100 SXM TDP'), { name: 'H100 SXM TDP', value: 700, unit: 'W', source: 'hardware.md A2 / D2' });
  assert.equal(by.get('H100 SXM idle power')?.value, 70);
  assert.equal(by.get('DGX H100 max power')?.source, 'hardware.md D1 / test fixture');
  assert.equal(by.get('DGX H100 idle power')?.value, 2_560);
  assert.deepEqual(by.get('PUE'), { name: 'PUE', value: 1.2, unit: 'ratio', source: 'scenario' });
  assert.equal(by.get('grid carbon intensity (location-based)')?.value, 367);
  assert.ok(r.assumptions.some((a) => a.value === 0.3 && a.name.includes('communicating')));
  assert.equal(r.assumptions.length, 7, 'no duplicates for the same profiles');
});

test('no simulated time gives no energy and no mean power', () => {
  const r = computeEnergy({ cluster: cluster(1), energy, jobs: [], simulatedSeconds: 0 });
  assert.equal(r.energy.totalKWh, 0);
  assert.equal(r.energy.meanPowerWatts, 0);
});

test('inputs that cannot be accounted for are refused', () => {
  assert.throws(() => computeEnergy({ cluster: cluster(1), energy, jobs: [job(8, 1), job(1, 1)], simulatedSeconds: HOUR }),
    /jobs hold 9 devices on "dgx-h100" nodes but the cluster has 8/);
  const other = { ...dgxH100, id: 'hgx-h200' };
  assert.throws(() => computeEnergy({ cluster: cluster(1), energy, jobs: [{ ...job(8, 1), node: other }], simulatedSeconds: HOUR }),
    /node "hgx-h200" with accelerator "h100-sxm", which the cluster does not have/);
  assert.throws(() => computeEnergy({ cluster: cluster(1), energy, jobs: [job(8, 1, 2 * HOUR)], simulatedSeconds: HOUR }),
    /busySeconds 7200 must lie between 0 and the simulated time 3600/);
  assert.throws(() => computeEnergy({ cluster: cluster(1), energy: { ...energy, pue: 0.8 }, jobs: [], simulatedSeconds: HOUR }),
    /PUE must be at least 1/);
});
