// Time-of-day electricity on the simulated clock (src/metrics/tariff.ts), worked by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peakHoursWithin, runElectricityPrice } from '../../src/metrics/tariff.ts';

const KWH = 3.6e6;
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} != ${b}`);
const day = { peakStartHour: 8, peakEndHour: 20 };
const night = { peakStartHour: 22, peakEndHour: 6 };

test('peak hours within an interval, a daytime peak', () => {
  close(peakHoursWithin(day, 6, 4), 2, '06:00–10:00'); // 08–10
  close(peakHoursWithin(day, 0, 24), 12, 'one day');
  close(peakHoursWithin(day, 19, 26), 1 + 12, '19:00 to 21:00 the next day'); // 19–20, then 08–20 of day 1
  close(peakHoursWithin(day, 21, 10), 0, '21:00–07:00');
});

test('peak hours within an interval, a peak across midnight', () => {
  close(peakHoursWithin(night, 20, 4), 2, '20:00–24:00'); // 22–24
  close(peakHoursWithin(night, 20, 12), 8, '20:00–08:00'); // 22–06
  close(peakHoursWithin(night, 0, 48), 16, 'two days');
});

test('the mean price of a run from its start hour', () => {
  const tariff = { peakUsdPerJoule: 0.12 / KWH, offPeakUsdPerJoule: 0.06 / KWH, ...day, startHour: 6 };
  const cost = { electricityUsdPerJoule: 0.09 / KWH, electricityTariff: tariff };
  // 06:00–10:00: half off-peak, half peak: 0.09
  close(runElectricityPrice(cost, 4 * 3600) * KWH, 0.09, '4 h from 06:00');
  // 06:00–08:00: off-peak only
  close(runElectricityPrice(cost, 2 * 3600) * KWH, 0.06, '2 h from 06:00');
  // no simulated time: the price at the start hour
  close(runElectricityPrice({ ...cost, electricityTariff: { ...tariff, startHour: 9 } }, 0) * KWH, 0.12, 'at 09:00');
  // 20:00–08:00 across a night peak of 22–06: 8 of 12 hours at 0.12, 4 at 0.06 → 0.10
  close(runElectricityPrice({ electricityUsdPerJoule: 0, electricityTariff: { ...tariff, ...night, startHour: 20 } }, 12 * 3600) * KWH, 0.1, '12 h from 20:00');
  // a flat price is returned as is
  close(runElectricityPrice({ electricityUsdPerJoule: 0.08 / KWH }, 1234) * KWH, 0.08, 'flat');
});
