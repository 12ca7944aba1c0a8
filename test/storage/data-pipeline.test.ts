// Worked examples of the data pipeline on the fixture cluster (fixtures.ts): 16 ranks on 2 nodes, global
// batch 64, so a step of 1 MB samples reads 64 MB, 32 MB a node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataPipelineCost } from '../../src/storage/data-pipeline.ts';
import type { DataPipelineSpec } from '../../src/storage/spec-types.ts';
import { cluster, GB, pfs, s3, tinyJob } from './fixtures.ts';

const close = (a: number, b: number, what = '') => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} != ${b}`);
const data = (o: Partial<DataPipelineSpec> = {}): DataPipelineSpec => ({ bytesPerSample: 1e6, prefetch: 1, readers: null, storage: 'pfs', samplesPerFile: null, ...o });
const cost = (d: Partial<DataPipelineSpec>, stepSeconds: number, c = cluster()) => dataPipelineCost(tinyJob({}, { data: data(d) }), c, { stepSeconds });

test('64 MB a step from the file system: the per-client read (32 MB at 20 GB/s = 1.6 ms) is the bottleneck', () => {
  const d = cost({}, 1e-3);
  assert.equal(d.bytesPerStep, 64e6);
  assert.equal(d.bytesPerNodePerStep, 32e6);
  const tiers = Object.fromEntries(d.readTiers!.map((t) => [t.tier, t.seconds]));
  close(tiers['parallel-fs aggregate read (pfs)']!, 64e6 / (100 * GB));
  close(tiers['per-client read limit (pfs)']!, 32e6 / (20 * GB));
  close(tiers['per-node NIC (compute fabric)']!, 32e6 / (400 * GB));
  close(tiers['host link (PCIe, per device)']!, 32e6 / 8 / (50 * GB));
  assert.equal(d.bottleneck, 'per-client read limit (pfs)');
  close(d.readSeconds, 1.6e-3);
  assert.equal(d.readers, 16); // 2 per device, 8 devices a node
  close(d.hostBufferBytesPerNode!, 2 * 32e6);
});

test('the stall: prefetch hides a read shorter than the step; longer, the step waits the difference; no prefetch, the whole read', () => {
  assert.equal(cost({}, 10e-3).stallSeconds, 0);
  close(cost({}, 1e-3).stallSeconds, 0.6e-3);
  close(cost({ prefetch: 0 }, 10e-3).stallSeconds, 1.6e-3);
  close(cost({}, 1e-3).stepSecondsWithData!, 1.6e-3);
});

test('one file a sample: 64 opens a step at 10,000 a second (6.4 ms) become the bottleneck', () => {
  const d = cost({ samplesPerFile: 1 }, 1e-3);
  assert.equal(d.bottleneck, 'metadata: file opens (pfs)');
  close(d.readSeconds, 64 / 10_000);
});

test('tokenised data through bytesPerSample: a step of 64 × 1024 tokens of 4 bytes reads 262 kB', () => {
  assert.equal(cost({ bytesPerSample: 4 * 1024 }, 1).bytesPerStep, 64 * 1024 * 4);
});

test('object store: 4 readers a node at 100 MB/s each take 80 ms for a node\'s 32 MB; requests count per prefix', () => {
  const d = cost({ storage: 's3', readers: 4 }, 1);
  const tiers = Object.fromEntries(d.readTiers!.map((t) => [t.tier, t.seconds]));
  close(tiers['object-store connections (4 per node)']!, 32e6 / (4 * 0.1 * GB));
  close(tiers['object-store per-client read (s3)']!, 32e6 / (8 * GB));
  close(tiers['object-store GET request rate (1 prefix)']!, 8 / 5_500); // 64 MB in 8 MB ranges
  assert.equal(d.bottleneck, 'object-store connections (4 per node)');
  // a file a sample: at least one GET each, 64; two prefixes halve the time
  const files = cost({ storage: 's3', readers: 1000, samplesPerFile: 1 }, 1, cluster([pfs, { ...s3, prefixes: 2 }]));
  close(Object.fromEntries(files.readTiers!.map((t) => [t.tier, t.seconds]))['object-store GET request rate (2 prefixes)']!, 64 / 11_000);
});

test('storage on the front-end network: the 2 × 5 GB/s storage NICs carry a node\'s 32 MB in 3.2 ms', () => {
  const d = cost({}, 1, cluster([{ ...pfs, network: 'frontend' }]));
  assert.equal(d.network, 'frontend');
  assert.equal(d.bottleneck, 'per-node NIC (front-end network)');
  close(d.readSeconds, 32e6 / (10 * GB));
});

test('a node without a host block gets the PCIe Gen4 host link and no GPUDirect Storage', () => {
  const { host: _h, ...bare } = cluster().nodes[0]!.profile;
  const c = cluster([pfs], bare);
  const d = cost({}, 1, c);
  close(Object.fromEntries(d.readTiers!.map((t) => [t.tier, t.seconds]))['host link (PCIe, per device)']!, 32e6 / 8 / 31.5e9);
  assert.equal(d.hostMemoryBytes, null);
});
