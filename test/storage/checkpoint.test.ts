// Worked examples of checkpoint layouts and costs on the fixture cluster (see fixtures.ts for the figures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkpointLayout } from '../../src/storage/checkpoint-layout.ts';
import { checkpointCost } from '../../src/storage/checkpoint.ts';
import type { CheckpointSpec } from '../../src/storage/spec-types.ts';
import { cluster, GB, nvme, P, pfs, tinyJob } from './fixtures.ts';

const close = (a: number, b: number, what = '') => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} != ${b}`);
const spec = (o: Partial<CheckpointSpec> = {}): CheckpointSpec => ({ every: { steps: 100 }, mode: 'sync', storage: 'pfs', retain: 3, parallelSave: false, parallelLoad: false, ...o });

test('size: bf16 weights and Adam state, 14 bytes a parameter; fp32 weights take 4 + 8', () => {
  assert.equal(checkpointLayout(tinyJob(), 8, true).bytes, 14 * P);
  assert.equal(checkpointLayout(tinyJob({ precision: 'fp32' }), 8, true).bytes, 12 * P);
});

test('fully parallel save: each of the 16 ranks writes 1/16, each node half', () => {
  const L = checkpointLayout(tinyJob({ parallelism: { zero: 1 } }), 8, true);
  close(L.maxRankBytes, (14 * P) / 16);
  close(L.maxNodeBytes, 7 * P);
  assert.equal(L.writers, 16);
  assert.equal(L.nodes, 2);
});

test('ZeRO-1 without parallel save: every rank writes its optimizer shard, the first replica also the weights', () => {
  // rank 0 and 1 (dp index 0): 12P/16 + 2P/2 = 1.75P; the other 14: 0.75P. Node 0: 2·1.75P + 6·0.75P = 8P.
  const L = checkpointLayout(tinyJob({ parallelism: { zero: 1 } }), 8, false);
  close(L.maxRankBytes, 1.75 * P);
  close(L.maxNodeBytes, 8 * P);
  assert.equal(L.writers, 16);
  // restore: each rank reads its weights (2P/2) and its optimizer shard (12P/16)
  close(L.restoreBytesPerRank, 1.75 * P);
  close(L.restoreBytes, 28 * P);
});

test('no ZeRO, no parallel save: only the first replica writes, 7P a rank; every replica reads it back', () => {
  const L = checkpointLayout(tinyJob(), 8, false);
  assert.equal(L.writers, 2);
  assert.equal(L.writersOnBusiestNode, 2);
  close(L.maxRankBytes, 7 * P);
  close(L.maxNodeBytes, 14 * P);
  close(L.restoreBytes, 16 * 7 * P);
  // a fully parallel load reads the checkpoint once
  close(checkpointLayout(tinyJob(), 8, false, true).restoreBytes, 14 * P);
});

test('ZeRO-3 shards everything: every rank writes and reads 14P/16 with or without parallel save', () => {
  const L = checkpointLayout(tinyJob({ parallelism: { zero: 3 } }), 8, false);
  close(L.maxRankBytes, (14 * P) / 16);
  close(L.restoreBytes, 14 * P);
});

test('synchronous write with GPUDirect Storage: the per-client write limit is the bottleneck', () => {
  const c = checkpointCost(tinyJob({ parallelism: { zero: 1 } }, { checkpoint: spec() }), cluster(), { stepSeconds: 1 });
  // aggregate 14P/50 GB/s = 7.3 ms; per client 8P/10 GB/s = 21.0 ms; NIC 8P/400 GB/s; creates 16/1000 = 16 ms; host link 1.75P/50 GB/s
  const tiers = Object.fromEntries(c.writeTiers!.map((t) => [t.tier, t.seconds]));
  close(tiers['parallel-fs aggregate write (pfs)']!, (14 * P) / (50 * GB));
  close(tiers['per-client write limit (pfs)']!, (8 * P) / (10 * GB));
  close(tiers['per-node NIC (compute fabric)']!, (8 * P) / (400 * GB));
  close(tiers['metadata: file creates (pfs)']!, 16 / 1000);
  close(tiers['host link (PCIe, per device)']!, (1.75 * P) / (50 * GB));
  assert.equal(c.bottleneck, 'per-client write limit (pfs)');
  close(c.writeSeconds, (8 * P) / (10 * GB));
  close(c.syncStallSeconds, (8 * P) / (10 * GB));
  close(c.stallSeconds, c.syncStallSeconds);
  // asynchronous: only the copy of the busiest rank's 1.75P over its host link
  close(c.asyncStallSeconds, (1.75 * P) / (50 * GB));
  assert.equal(c.intervalSeconds, 100);
  close(c.syncOverheadFraction!, c.syncStallSeconds / 100);
  assert.equal(c.gpuDirect, true);
});

test('without GPUDirect Storage a synchronous write is the copy then the drain; a drain longer than the interval stalls async', () => {
  const staged = cluster([{ ...pfs, gpuDirectStorage: false }]);
  const copy = (1.75 * P) / (50 * GB);
  const drain = (8 * P) / (10 * GB);
  const sync = checkpointCost(tinyJob({ parallelism: { zero: 1 } }, { checkpoint: spec() }), staged, { stepSeconds: 1 });
  close(sync.syncStallSeconds, copy + drain);
  close(sync.writeSeconds, drain);
  assert.equal(sync.gpuDirect, false);
  const tight = checkpointCost(tinyJob({ parallelism: { zero: 1 } }, { checkpoint: spec({ mode: 'async', every: { seconds: 0.01 } }) }), staged, { stepSeconds: 0.004 });
  close(tight.stallSeconds, copy + (drain - 0.01));
  assert.equal(tight.intervalSteps, 3);
});

test('restore: every rank reads what it holds; the per-client read limit binds', () => {
  const c = checkpointCost(tinyJob({ parallelism: { zero: 1 } }, { checkpoint: spec() }), cluster(), { stepSeconds: 1 });
  // 28P in all (aggregate 28P/100 GB/s = 7.3 ms); each node 8 · 1.75P = 14P at 20 GB/s = 18.3 ms
  close(c.restoreBytes!, 28 * P);
  close(c.restoreSeconds, (14 * P) / (20 * GB));
  assert.equal(c.restoreBottleneck, 'per-client read limit (pfs)');
});

test('retained capacity: retain × size against the capacity; local NVMe counts the job\'s nodes\' drives', () => {
  const small = checkpointCost(tinyJob({}, { checkpoint: spec() }), cluster([{ ...pfs, capacityBytes: 1e9 }]), { stepSeconds: 1 });
  assert.equal(small.retainedBytes, 42 * P);
  assert.equal(small.capacityBytes, 1e9);
  assert.equal(small.fits, false); // 42P = 1.1 GB
  const local = checkpointCost(tinyJob({}, { checkpoint: spec({ storage: 'nvme' }) }), cluster([nvme]), { stepSeconds: 1 });
  assert.equal(local.capacityBytes, 2e12);
  assert.equal(local.fits, true);
  assert.equal(local.network, 'local');
  // no NIC limit on local drives: the first replica's node writes 14P at 20 GB/s
  assert.ok(!local.writeTiers!.some((t) => t.tier.startsWith('per-node NIC')));
  close(local.writeSeconds, (14 * P) / (20 * GB));
});

test('more write bandwidth never makes a checkpoint slower', () => {
  let last = Infinity;
  for (const bw of [1, 5, 25, 125, 625].map((x) => x * GB)) {
    const c = checkpointCost(tinyJob({ parallelism: { zero: 1 } }, { checkpoint: spec() }), cluster([{ ...pfs, writeBandwidthBytesPerSecond: bw }]), { stepSeconds: 1 });
    assert.ok(c.syncStallSeconds <= last);
    last = c.syncStallSeconds;
  }
});
