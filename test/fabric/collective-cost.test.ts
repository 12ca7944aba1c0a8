import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { busBandwidth, collectiveSeconds, collectiveTier, membersPerBlock, ringTrafficFactor, type CollectiveTier, type FabricContext } from '../../src/fabric/collective-cost.ts';
import { dgxA100, ibHdr, nvlink3 } from '../workload/fixtures.ts';

const close = (a: number, b: number, rel = 1e-12) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`);
const dgx: FabricContext = { node: dgxA100, scaleUp: nvlink3, scaleOut: { profile: ibHdr, topology: 'fat-tree', oversubscription: 1 } };

test('ring all-reduce of 1 GB on 8 ranks at 231 GB/s: 2·7/8·1e9/231e9 + 14·2 µs', () => {
  const tier: CollectiveTier = { tier: 'scale-up', busBytesPerSecond: 231e9, latencySeconds: 2e-6, derivation: '' };
  close(collectiveSeconds('all-reduce', 1e9, 8, tier), 1.75e9 / 231e9 + 14 * 2e-6); // 7.604 ms
  close(collectiveSeconds('reduce-scatter', 1e9, 8, tier), 0.875e9 / 231e9 + 7 * 2e-6);
  close(collectiveSeconds('all-gather', 1e9, 8, tier), 0.875e9 / 231e9 + 7 * 2e-6);
  assert.equal(collectiveSeconds('all-reduce', 1e9, 1, tier), 0);
  // busbw (nccl-tests) is the inverse: without α it returns β
  close(busBandwidth('all-reduce', 1e9, 8, 1.75e9 / 231e9), 231e9);
  close(ringTrafficFactor('all-reduce', 4) , 1.5);
});

test('a group inside one DGX A100 uses NVLink3: 300 GB/s × 0.77 = 231 GB/s', () => {
  const t = collectiveTier({ size: 8, stride: 1 }, dgx)!;
  assert.equal(t.tier, 'scale-up');
  close(t.busBytesPerSecond, 231e9);
  assert.equal(t.latencySeconds, 2e-6);
  // dp 2 with tp 4 still fits in the 8-GPU domain
  assert.equal(collectiveTier({ size: 2, stride: 4 }, dgx)!.tier, 'scale-up');
});

test('dp across nodes with tp 8: one member per node × 25 GB/s NIC share × 0.92 = 23 GB/s', () => {
  const t = collectiveTier({ size: 32, stride: 8 }, dgx)!;
  assert.equal(t.tier, 'scale-out');
  close(t.busBytesPerSecond, 23e9);
  assert.equal(t.latencySeconds, 5e-6);
});

test('dp across nodes with tp 1: 8 members per node × 25 GB/s × 0.92 = 184 GB/s (below the NVLink cap)', () => {
  assert.equal(membersPerBlock({ size: 32, stride: 1 }, 8), 8);
  close(collectiveTier({ size: 32, stride: 1 }, dgx)!.busBytesPerSecond, 184e9);
  // tp 2: four members per node
  close(collectiveTier({ size: 32, stride: 2 }, dgx)!.busBytesPerSecond, 92e9);
});

test('oversubscription divides, the scale-up bandwidth caps', () => {
  const over = { ...dgx, scaleOut: { ...dgx.scaleOut!, oversubscription: 2 } };
  close(collectiveTier({ size: 32, stride: 8 }, over)!.busBytesPerSecond, 11.5e9);
  const fat = { ...dgx, node: { ...dgxA100, nics: { ...dgxA100.nics, bandwidthBytesPerSecond: 400e9 } }, scaleOut: { ...dgx.scaleOut!, profile: { ...ibHdr, linkBandwidthBytesPerSecond: 400e9 } } };
  close(collectiveTier({ size: 32, stride: 1 }, fat)!.busBytesPerSecond, 231e9);
  // a NIC faster than the fabric's ports runs at the port speed
  const fastNic = { ...dgx, node: { ...dgxA100, nics: { ...dgxA100.nics, bandwidthBytesPerSecond: 50e9 } } };
  close(collectiveTier({ size: 32, stride: 8 }, fastNic)!.busBytesPerSecond, 23e9);
});

test('a group that leaves its node without a scale-out fabric has no tier', () => {
  assert.equal(collectiveTier({ size: 16, stride: 1 }, { ...dgx, scaleOut: null }), undefined);
  assert.equal(collectiveTier({ size: 1, stride: 1 }, { ...dgx, scaleOut: null })!.tier, 'none');
});

test('property: time is positive, grows with bytes and falls with bandwidth', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 4096 }), fc.double({ min: 1, max: 1e12, noNaN: true }), fc.double({ min: 1e9, max: 1e12, noNaN: true }), (n, bytes, bw) => {
      const tier: CollectiveTier = { tier: 'scale-out', busBytesPerSecond: bw, latencySeconds: 1e-6, derivation: '' };
      const t = collectiveSeconds('all-reduce', bytes, n, tier);
      return t > 0 && collectiveSeconds('all-reduce', 2 * bytes, n, tier) > t && collectiveSeconds('all-reduce', bytes, n, { ...tier, busBytesPerSecond: 2 * bw }) < t;
    }),
  );
});
