import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { formatProfile, formatProfileList, num, wrap } from '../../src/hardware/profiles-text.ts';

const catalog = loadCatalog();

const rowOf = (text: string, id: string): string[] => {
  const line = text.split('\n').find((l) => l.startsWith(`${id} `));
  assert.ok(line, `no row for ${id}`);
  return line.split(/\s{2,}/);
};

test('the list has one section per kind with the key figures of each row', () => {
  const text = formatProfileList(catalog);
  for (const heading of ['Accelerators (23)', 'Nodes (15)', 'Fabrics (20)', 'Storage (3)']) assert.ok(text.includes(heading), heading);
  assert.deepEqual(rowOf(text, 'h100-sxm'), ['h100-sxm', 'NVIDIA H100 SXM5 80GB', '989.4', '80', '3.35', '700']);
  assert.deepEqual(rowOf(text, 'dgx-h100'), ['dgx-h100', 'NVIDIA DGX H100 (8 x H100 SXM5 80GB)', '8', 'h100-sxm', '8 × 400 Gb/s', '10.2']);
  assert.deepEqual(rowOf(text, 'ib-ndr-400').slice(2), ['scale-out', '50', '4', '0.94']);
  assert.deepEqual(rowOf(text, 'local-nvme-dgx').slice(2), ['local-nvme', '50', '28']);
  // Sections are sorted by id, and numeric columns are right-aligned (the TDP column ends at one place).
  const accel = text.split('\n\n')[0]!.split('\n').slice(1);
  assert.deepEqual(accel.slice(1).map((l) => l.split(' ')[0]), [...catalog.accelerators.keys()].sort());
  assert.equal(new Set(accel.map((l) => l.length)).size, 1);
});

test('the list can be limited to one kind', () => {
  const text = formatProfileList(catalog, 'fabric');
  assert.ok(text.startsWith('Fabrics (20)\n'));
  assert.ok(!text.includes('Accelerators'));
  assert.ok(text.includes('nvlink4-nvswitch'));
});

test('show gives every field in human units, with sources', () => {
  const r = formatProfile(catalog, 'h100-sxm');
  assert.ok(r.ok);
  for (const expected of [
    'h100-sxm: NVIDIA H100 SXM5 80GB (accelerator)',
    'bf16:                   989.4 TFLOP/s',
    'int8:                   1979 TOP/s',
    'capacity:               80 GB',
    'bandwidth:              3.35 TB/s',
    'TDP:                    700 W',
    'bandwidth:              450 GB/s per direction',
    'purchase:               27,500 USD',
    'cloud per device-hour:  2.99 USD/h',
    'NVIDIA H100 Tensor Core GPU datasheet',
  ]) assert.ok(r.text.includes(expected), `missing "${expected}" in\n${r.text}`);
  assert.equal(r.text.split('\n').filter((l) => l.trimStart().startsWith('source:')).length, 6);
  assert.ok(r.text.split('\n').every((l) => l.length <= 110 || !l.includes(' ', 27)), 'long lines are wrapped');
});

test('show handles each kind, GiB sizes and absent scale-up links', () => {
  const tpu = formatProfile(catalog, 'tpu-v4');
  assert.ok(tpu.ok && tpu.text.includes('capacity:               34.36 GB (32 GiB)'));
  const l4 = formatProfile(catalog, 'l4');
  assert.ok(l4.ok && l4.text.includes('scale-up: none modelled'));
  const node = formatProfile(catalog, 'gb200-nvl72');
  assert.ok(node.ok && node.text.includes('accelerator:            72 × gb200') && node.text.includes('cloud per node-hour:    326.88 USD/h'));
  const fabric = formatProfile(catalog, 'nvlink4-nvswitch');
  assert.ok(fabric.ok && fabric.text.includes('latency:                2 µs') && fabric.text.includes('in-network reduction:   yes'));
  const store = formatProfile(catalog, 'object-store-s3');
  assert.ok(store.ok && store.text.includes('5,500 GET/HEAD'));
});

test('an unknown id is an error value with a did-you-mean hint', () => {
  assert.deepEqual(formatProfile(catalog, 'h100-sxn'), { ok: false, message: 'no hardware profile "h100-sxn"', hint: 'did you mean "h100-sxm"?' });
  const far = formatProfile(catalog, 'quantum-computer');
  assert.ok(!far.ok && /profiles list/.test(far.hint));
});

test('number and wrapping helpers', () => {
  assert.equal(num(989.4), '989.4');
  assert.equal(num(0.20480000001), '0.2048');
  assert.equal(num(3_000_000), '3,000,000');
  assert.deepEqual(wrap('aa bb cc dd', 5), ['aa bb', 'cc dd']);
  assert.deepEqual(wrap('a https://very-long-url b', 5), ['a', 'https://very-long-url', 'b']);
});
