// Worked examples for the linear power model (src/metrics/power.ts), figures from hardware.md A2/D1/D2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dgxH100, h100 } from './fixtures.ts';
import {
  busyLoad, COMMUNICATION_POWER_FRACTION, devicePowerWatts, facilityOverheadWatts, nodeOverheadRangeWatts, nodeOverheadWatts,
} from '../../src/metrics/power.ts';

test('device power runs linearly from idle to TDP', () => {
  assert.equal(devicePowerWatts(h100, 0), 70);
  assert.equal(devicePowerWatts(h100, 1), 700);
  assert.equal(devicePowerWatts(h100, 0.5), 385);
});

test('busy load counts non-compute time at the communication fraction', () => {
  assert.equal(COMMUNICATION_POWER_FRACTION, 0.3);
  assert.equal(busyLoad(1), 1);
  assert.equal(busyLoad(0), 0.3);
  assert.ok(Math.abs(busyLoad(0.5) - 0.65) < 1e-12);
  assert.equal(busyLoad(0.5, 0), 0.5);
  // u = 0.5 on an H100: 70 + 630 × 0.65 = 479.5 W
  assert.ok(Math.abs(devicePowerWatts(h100, busyLoad(0.5)) - 479.5) < 1e-9);
});

test('DGX H100 overhead: 10.2 kW − 8 × 700 W at full load, 2,560 W − 8 × 70 W idle', () => {
  assert.deepEqual(nodeOverheadRangeWatts(dgxH100, h100), { idleWatts: 2_000, maxWatts: 4_600 });
  assert.equal(nodeOverheadWatts(dgxH100, h100, 0.5), 3_300);
  // a node at full load draws exactly its published maximum
  assert.equal(8 * devicePowerWatts(h100, 1) + nodeOverheadWatts(dgxH100, h100, 1), 10_200);
  assert.equal(8 * devicePowerWatts(h100, 0) + nodeOverheadWatts(dgxH100, h100, 0), 2_560);
});

test('facility overhead is (PUE − 1) × IT power', () => {
  assert.ok(Math.abs(facilityOverheadWatts(10_200, 1.2) - 2_040) < 1e-9);
  assert.equal(facilityOverheadWatts(10_200, 1), 0);
  assert.throws(() => facilityOverheadWatts(100, 0.9), /PUE must be at least 1/);
});

test('inconsistent profiles and out-of-range fractions are refused with the profile named', () => {
  const small = { ...dgxH100, power: { ...dgxH100.power, maxWatts: 5_000 } };
  assert.throws(() => nodeOverheadRangeWatts(small, h100), /node profile "dgx-h100": max power 5000 W is below 8 × the TDP/);
  const lowIdle = { ...dgxH100, power: { ...dgxH100.power, idleWatts: 500 } };
  assert.throws(() => nodeOverheadRangeWatts(lowIdle, h100), /node profile "dgx-h100": idle power 500 W/);
  const badIdle = { ...h100, power: { ...h100.power, idleWatts: 800 } };
  assert.throws(() => devicePowerWatts(badIdle, 0), /accelerator profile "h100-sxm": idle power 800 W/);
  assert.throws(() => busyLoad(1.5), /computeUtilisation must lie in \[0, 1\]/);
  assert.throws(() => devicePowerWatts(h100, Number.NaN), /load must lie/);
});

test('property: device and node power rise with utilisation and stay between idle and maximum', () => {
  fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (u1, u2) => {
    const [lo, hi] = u1 <= u2 ? [u1, u2] : [u2, u1];
    const node = (u: number): number => 8 * devicePowerWatts(h100, busyLoad(u)) + nodeOverheadWatts(dgxH100, h100, busyLoad(u));
    assert.ok(devicePowerWatts(h100, busyLoad(lo)) <= devicePowerWatts(h100, busyLoad(hi)) + 1e-9);
    assert.ok(node(lo) >= 2_560 - 1e-9 && node(hi) <= 10_200 + 1e-9);
  }), { numRuns: 200 });
});
