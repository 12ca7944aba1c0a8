/** All-to-all cost: the per-rank bandwidth of a group inside and across scale-up domains, hand-worked. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allToAllSeconds, allToAllTier, collectiveTier, type FabricContext } from '../../src/fabric/collective-cost.ts';
import type { FabricProfile, NodeProfile } from '../../src/hardware/profile-types.ts';

const close = (a: number, b: number, rel = 1e-12) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`);

// round figures close to an H800 node: 200 GB/s NVLink at 0.8, 8 x 50 GB/s NICs at 0.8
const up: FabricProfile = {
  kind: 'fabric', id: 'up', name: 'up', tier: 'scale-up', linkBandwidthBytesPerSecond: 200e9, latencySeconds: 2e-6, efficiency: 0.8, inNetworkReduction: false, source: 'test fixture',
};
const out: FabricProfile = { ...up, id: 'out', name: 'out', tier: 'scale-out', linkBandwidthBytesPerSecond: 50e9, latencySeconds: 5e-6 };
const node: NodeProfile = {
  kind: 'node', id: 'n8', name: 'n8', accelerator: 'x', devicesPerNode: 8, scaleUpFabric: 'up', scaleUpDomainSize: 8,
  nics: { count: 8, bandwidthBytesPerSecond: 50e9, source: 'test fixture' }, power: { maxWatts: 1, idleWatts: 0, source: 'test fixture' }, price: null,
};
const ctx: FabricContext = { node, scaleUp: up, scaleOut: { profile: out, topology: 'fat-tree', oversubscription: 1 } };

test('8 ranks of one node: all traffic on NVLink at 160 GB/s, 7/8 of the buffer, 7 steps', () => {
  const t = allToAllTier({ size: 8, stride: 1 }, ctx)!;
  assert.equal(t.tier, 'scale-up');
  close(t.busBytesPerSecond, 160e9);
  close(allToAllSeconds(1.6e9, 8, t), (7 / 8) * 1.6e9 / 160e9 + 7 * 2e-6); // 8.764 ms
});

test('64 ranks over 8 whole nodes: the 56/64 off-node share through one 40 GB/s NIC share sets the time', () => {
  const t = allToAllTier({ size: 64, stride: 1 }, ctx)!;
  assert.equal(t.tier, 'scale-out');
  // β = 63 / max(7/160e9, 56/40e9) = 45 GB/s; α the slower tier's 5 µs
  close(t.busBytesPerSecond, 45e9);
  assert.equal(t.latencySeconds, 5e-6);
  const S = 6.4e9;
  close(allToAllSeconds(S, 64, t), (56 / 64) * S / 40e9 + 63 * 5e-6); // 0.14 s + 315 µs
  // a ring of the same group gets 8 NIC shares (one ring per rail, here capped by NVLink); an all-to-all its own
  close(collectiveTier({ size: 64, stride: 1 }, ctx)!.busBytesPerSecond, 160e9);
});

test('one member per node: every peer through the NIC share; oversubscription divides it', () => {
  close(allToAllTier({ size: 16, stride: 8 }, ctx)!.busBytesPerSecond, 40e9);
  const over = { ...ctx, scaleOut: { profile: out, topology: 'fat-tree' as const, oversubscription: 2 } };
  close(allToAllTier({ size: 16, stride: 8 }, over)!.busBytesPerSecond, 20e9);
});

test('a slow scale-up link can be the bottleneck instead: the two paths run at once, the slower one counts', () => {
  const slow = { ...ctx, scaleUp: { ...up, linkBandwidthBytesPerSecond: 10e9, efficiency: 1 } };
  // 16 ranks on 2 nodes: 7 peers at 10 GB/s (0.7 ns per byte-share) vs 8 peers at 40 GB/s (0.2 ns)
  close(allToAllTier({ size: 16, stride: 1 }, slow)!.busBytesPerSecond, 15 / (7 / 10e9));
});

test('no communication for one rank or no bytes; no tier when the group leaves its node with no scale-out', () => {
  const t = allToAllTier({ size: 1, stride: 1 }, ctx)!;
  assert.equal(t.tier, 'none');
  assert.equal(allToAllSeconds(1e9, 1, t), 0);
  assert.equal(allToAllSeconds(0, 8, allToAllTier({ size: 8, stride: 1 }, ctx)!), 0);
  assert.equal(allToAllTier({ size: 16, stride: 1 }, { ...ctx, scaleOut: null }), undefined);
});
