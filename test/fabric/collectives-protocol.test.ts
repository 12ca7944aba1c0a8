// NCCL protocol model (src/fabric/collectives/protocol.ts): latencies from tuning.cc's tables worked by hand,
// the protocol choice by size, and LL128 only inside one NVLink domain.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { availableProtocols, chainLatency, pickProtocol, ringLatency, treeLatency } from '../../src/fabric/collectives/protocol.ts';

const catalog = loadCatalog();
const nvl = { scaleUp: catalog.fabrics.get('nvlink4-nvswitch')!, scaleOut: catalog.fabrics.get('ib-ndr-400')! };
const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);

test('ring latency: base + NVLink steps + network steps, each hop at least the profile α', () => {
  // 16 ranks on 2 nodes, all-reduce: 30 steps, 2 between nodes. Simple: 8.4 + 28·max(3.4, 2) + 2·max(9.6, 4) µs
  close(ringLatency(nvl, 'Simple', 30, 2, 2), (8.4 + 28 * 3.4 + 2 * 9.6) * 1e-6);
  // LL: intra ×1.8 on multi-node (0.846 µs) is below the 2 µs NVLink α; network 2.7 below the 4 µs IB α
  close(ringLatency(nvl, 'LL', 30, 2, 2), (3.6 + 28 * 2 + 2 * 4) * 1e-6);
});

test('tree and chain latency under Simple carry one chunk per hop', () => {
  // 2 nodes of 8: 2·(7·28 + 1·50) µs
  close(treeLatency(nvl, 'Simple', 8, 1, 2), 2 * (7 * 28 + 50) * 1e-6);
  // chain of 16 on 2 nodes: ring base 8.4 + 14 NVLink hops of 28 + 1 network hop of 50
  close(chainLatency(nvl, 'Simple', 16, 2), (8.4 + 14 * 28 + 50) * 1e-6);
});

test('the protocol NCCL would pick moves from LL to Simple as the size grows', () => {
  const lat = (p: 'LL' | 'LL128' | 'Simple') => ringLatency(nvl, p, 14, 0, 1);
  const protos = availableProtocols(nvl, true);
  assert.deepEqual(protos, ['LL', 'LL128', 'Simple']);
  assert.equal(pickProtocol(protos, 1e-9, lat).protocol, 'LL');
  assert.equal(pickProtocol(protos, 1e-2, lat).protocol, 'Simple');
  // across nodes LL128 is off (it needs NVLink's 128-byte store atomicity on every hop)
  assert.deepEqual(availableProtocols(nvl, false), ['LL', 'Simple']);
  assert.deepEqual(availableProtocols({ scaleUp: null, scaleOut: null }, true), ['LL', 'Simple']);
});

test('NCCL_BUFFSIZE scales the chunk term of the Simple tree and chain hops (tuning.cc: base + 256 kB / 12 GB/s)', () => {
  const c = (256 * 1024) / 12e9; // one default chunk over one hop
  const big = { ...nvl, nccl: { protocols: ['LL', 'LL128', 'Simple'] as const, bufferBytes: 8 * 1024 * 1024 } };
  // 8 MiB = twice the default: NVLink hop 28 µs + c, network hop 50 µs + 2c; 2 nodes of 8 ranks
  close(treeLatency(big, 'Simple', 8, 1, 2), 2 * (7 * (28e-6 + c) + (50e-6 + 2 * c)));
  assert.ok(Math.abs(treeLatency(big, 'Simple', 8, 1, 2) - 885.2e-6) < 0.1e-6, 'the A3 Mega figure in protocol.ts');
  close(chainLatency(big, 'Simple', 16, 2), (8.4 + 14 * 28 + 50) * 1e-6 + 14 * c + 2 * c);
  // the default buffer leaves NCCL's figures as they are; half of it takes one half-chunk off each hop
  close(treeLatency({ ...nvl, nccl: { protocols: ['Simple'], bufferBytes: 4 * 1024 * 1024 } }, 'Simple', 8, 1, 2), 2 * (7 * 28 + 50) * 1e-6);
  close(treeLatency({ ...nvl, nccl: { protocols: ['Simple'], bufferBytes: 2 * 1024 * 1024 } }, 'Simple', 8, 1, 2), 2 * (7 * (28e-6 - c / 2) + (50e-6 - c)));
  // LL and ring hops carry no chunk: unchanged
  close(treeLatency(big, 'LL', 8, 1, 2), treeLatency(nvl, 'LL', 8, 1, 2));
  close(ringLatency(big, 'Simple', 30, 2, 2), ringLatency(nvl, 'Simple', 30, 2, 2));
});

test('NCCL_PROTO limits the protocols on offer, after the LL128-on-NVLink rule', () => {
  const simple = { ...nvl, nccl: { protocols: ['Simple'] as const, bufferBytes: 4 * 1024 * 1024 } };
  assert.deepEqual(availableProtocols(simple, true), ['Simple']);
  const gcp = { ...nvl, nccl: { protocols: ['Simple', 'LL128'] as const, bufferBytes: 4 * 1024 * 1024 } };
  assert.deepEqual(availableProtocols(gcp, true), ['LL128', 'Simple']);
  assert.deepEqual(availableProtocols(gcp, false), ['Simple']);
  const ll128 = { ...nvl, nccl: { protocols: ['LL128'] as const, bufferBytes: 4 * 1024 * 1024 } };
  assert.throws(() => availableProtocols(ll128, false), /allow LL or Simple/);
});
