/** Unit strings to SI numbers, one worked example per kind, and the qty() zod type built on them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { parseQuantity, quantity } from '../../src/config/units.ts';
import { qty } from '../../src/config/zod-quantity.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${a} != ${b}`);

test('each kind converts to its SI unit', () => {
  assert.equal(quantity('400 Gb/s', 'dataRate'), 5e10); // 400e9 bits / 8
  assert.equal(quantity('900 GB/s', 'dataRate'), 9e11);
  assert.equal(quantity('80 GiB', 'bytes'), 85899345920); // 80 * 2^30
  assert.equal(quantity('640 Gb', 'bytes'), 8e10);
  close(quantity('1.5 us', 'time'), 1.5e-6);
  assert.equal(quantity('2 h', 'time'), 7200);
  close(quantity('4 years', 'time'), 4 * 365.25 * 86400); // mathjs year = 365.25 days
  assert.equal(quantity('700 W', 'power'), 700);
  assert.equal(quantity('10.2 kW', 'power'), 10200);
  assert.equal(quantity('5 kWh', 'energy'), 1.8e7);
  close(quantity('989.4 TFLOP/s', 'flopRate'), 9.894e14);
  assert.equal(quantity('30000 USD', 'money'), 30000);
  close(quantity('2.5 USD/h', 'moneyRate'), 2.5 / 3600);
  close(quantity('0.08 USD/kWh', 'energyPrice'), 0.08 / 3.6e6);
  close(quantity('367 g/kWh', 'carbonIntensity'), 0.367 / 3.6e6); // kg per joule
  assert.equal(quantity('12 t', 'mass'), 12000);
});

test('a bare number is taken as already in SI units', () => {
  assert.deepEqual(parseQuantity(5e10, 'dataRate'), { ok: true, value: 5e10 });
});

test('a unit of the wrong dimension is refused with the kind and an example', () => {
  const r = parseQuantity('400 GW/s', 'dataRate');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.match(r.message, /"400 GW\/s" is not a data rate/);
  assert.match(r.hint, /400 Gb\/s/);
  assert.equal(parseQuantity('2 USD', 'moneyRate').ok, false);
  assert.equal(parseQuantity('fast', 'time').ok, false);
});

test('qty() outputs the SI number and reports bad units and bounds as tagged issues', () => {
  const s = z.object({ bw: qty('dataRate', { positive: true }) });
  assert.deepEqual(s.parse({ bw: '400 Gb/s' }), { bw: 5e10 });
  const bad = s.safeParse({ bw: '400 GW/s' });
  assert.equal(bad.success, false);
  const iss = bad.error!.issues[0]!;
  assert.deepEqual(iss.path, ['bw']);
  assert.equal((iss as { params?: { clustersim?: string } }).params?.clustersim, 'bad-unit');
  const zero = s.safeParse({ bw: '0 Gb/s' });
  assert.equal((zero.error!.issues[0] as { params?: { clustersim?: string } }).params?.clustersim, 'bad-value');
});
