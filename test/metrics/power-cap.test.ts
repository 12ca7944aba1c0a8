// Power capping (src/metrics/power.ts): the cube law worked by hand on the H100 fixture (700 W TDP, 70 W idle),
// and its effect on energy (src/metrics/energy.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSpec, EnergySpec } from '../../src/config/scenario-types.ts';
import { computeEnergy } from '../../src/metrics/energy.ts';
import { effectiveLoad, powerCapProblem } from '../../src/metrics/power.ts';
import { capSlowdown, capWattsFor } from '../../src/hardware/power-cap.ts';
import { dgxH100, h100 } from './fixtures.ts';

const HOUR = 3600;
const near = (a: number, e: number, what: string) => assert.ok(Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e)), `${what}: ${a} != ${e}`);
const cluster: ClusterSpec = { nodes: [{ profile: dgxH100, accelerator: h100, scaleUp: null, count: 1 }], scaleOut: null, storage: [] };
const energy: EnergySpec = { pue: 1.2, gridIntensityKgPerJoule: 367 / 1000 / 3.6e6 };

test('capSlowdown: a 385 W cap on a 700 W / 70 W device halves the dynamic range: compute 2^(1/3) slower', () => {
  // (700 − 70) / (385 − 70) = 2, so the clock runs at 2^(−1/3) = 0.794 of its uncapped speed
  near(capSlowdown(h100, 385), 2 ** (1 / 3), 'slowdown');
  near(capSlowdown(h100, 700), 1, 'at the TDP');
  near(capSlowdown(h100, 900), 1, 'above the TDP');
  // 0.8 × 700 = 560 W: (630 / 490)^(1/3) = 1.0873
  near(capSlowdown(h100, 560), (630 / 490) ** (1 / 3), '560 W');
  assert.throws(() => capSlowdown(h100, 70), /not above the idle power/);
});

test('capWattsFor: watts as given, a fraction of TDP, none at or above the TDP', () => {
  assert.equal(capWattsFor(h100, { watts: 500 }), 500);
  assert.equal(capWattsFor(h100, { fractionOfTdp: 0.5 }), 350);
  assert.equal(capWattsFor(h100, { fractionOfTdp: 1 }), null);
  assert.equal(capWattsFor(h100, { watts: 800 }), null);
  assert.equal(capWattsFor(h100, undefined), null);
});

test('effectiveLoad: compute time draws the cap, communication stays below it', () => {
  // u = 0.5, cap 385 W: compute half at 385 W, the rest at P(0.3) = 70 + 630 × 0.3 = 259 W -> busy 322 W
  // L_eff = (322 − 70) / 630 = 0.4 (uncapped: 0.65)
  near(effectiveLoad(h100, 0.5, 385), 0.4, 'u = 0.5');
  near(effectiveLoad(h100, 0.5, null), 0.65, 'no cap');
  // a cap below the communication draw bounds that too: cap 200 W, u = 0.5 -> busy 200 W -> (200 − 70) / 630
  near(effectiveLoad(h100, 0.5, 200), 130 / 630, 'cap below communication power');
});

test('energy under a cap: one DGX H100 busy for an hour at u = 1 with a 385 W cap per GPU', () => {
  const r = computeEnergy({ cluster, energy: { ...energy, powerCap: { watts: 385 } }, jobs: [{ devices: 8, accelerator: h100, node: dgxH100, busySeconds: HOUR, computeUtilisation: 1 }], simulatedSeconds: HOUR });
  // devices 8 × 385 W; L_eff = 0.5 -> node overhead 2,000 + 2,600 × 0.5 = 3,300 W
  near(r.energy.byComponentKWh.accelerators, 8 * 385 / 1000, 'accelerators');
  near(r.energy.byComponentKWh.nodeOverhead, 3.3, 'node overhead');
  near(r.energy.totalKWh, (3.08 + 3.3) * 1.2, 'total');
  assert.deepEqual(Object.keys(r.energy.powerCap!.byAccelerator), ['h100-sxm']);
  near(r.energy.powerCap!.byAccelerator['h100-sxm']!.computeSlowdown, 2 ** (1 / 3), 'reported slowdown');
  assert.ok(r.assumptions.some((a) => a.name === 'H100 SXM power cap' && a.value === 385));
});

test('powerCapProblem: a cap at or below idle power is refused with the device named', () => {
  assert.equal(powerCapProblem(cluster, { ...energy, powerCap: { watts: 500 } }), null);
  assert.match(powerCapProblem(cluster, { ...energy, powerCap: { fractionOfTdp: 0.1 } })!, /70 W is not above the idle power of h100-sxm \(70 W\)/);
});
