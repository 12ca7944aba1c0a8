// `clustersim route`: the path between two devices on a scenario's fabric, hop by hop, from the same routing
// the backends use; ECMP spread over flow ids on an Ethernet fat-tree (hash) and none under InfiniBand's
// d-mod-k; bad devices exit 2 naming the flag.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, tempFile } from './helpers.ts';

test('a rail-local route in the quickstart: NVLink to the GPU on the destination rail (PXN), then that rail', async () => {
  const r = await runCli(['route', 'scenarios/quickstart.yaml', '--src', '0', '--dst', '9', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.hops.map((h: { from: string; to: string }) => `${h.from}>${h.to}`), [
    'node0/gpu0>node0/nvswitch', 'node0/nvswitch>node0/gpu1', 'node0/gpu1>node0/nic1', 'node0/nic1>leaf-r1-su0', 'leaf-r1-su0>node1/nic1', 'node1/nic1>node1/gpu1',
  ]);
  assert.equal(out.bottleneckBytesPerSecond, 50e9, 'one NDR port');
  assert.equal(out.ecmp.length, 0, 'one flow id: no spread listed');
});

test('ECMP: an Ethernet fat-tree spreads flow ids over its spines; InfiniBand d-mod-k keeps one path per destination', async () => {
  // 96 DGX H100 on a non-blocking RoCE fat-tree: 8 nodes per leaf, 12 leaves, 6 spines, ECMP hashing
  const roce = tempFile('roce.yaml', `name: roce-ecmp
cluster:
  nodes: [{ profile: dgx-h100, count: 96 }]
  scaleOut: { profile: roce-400, topology: fat-tree }
workloads:
  - { name: ar, kind: collective, op: all_reduce, size: 1 GiB }
`);
  const eth = await runCli(['route', roce, '--src', '0', '--dst', '200', '--flows', '64', '--json']);
  assert.equal(eth.code, 0, eth.stderr);
  const spread = JSON.parse(eth.stdout).ecmp as { path: string; flowIds: number[] }[];
  assert.equal(spread.reduce((s, e) => s + e.flowIds.length, 0), 64);
  assert.equal(spread.length, 6, 'every spine carries some of the 64 flows');
  for (const e of spread) assert.ok(e.flowIds.length >= 4 && e.flowIds.length <= 20, `${e.flowIds.length} of 64 flows on ${e.path}`);
  const ib = await runCli(['route', 'scenarios/shared-fabric-4to1.yaml', '--src', '0', '--dst', '200', '--flows', '64', '--json']);
  assert.equal(ib.code, 0, ib.stderr);
  assert.equal(JSON.parse(ib.stdout).ecmp.length, 1);
  const text = await runCli(['route', 'scenarios/shared-fabric-4to1.yaml', '--src', '0', '--dst', '200', '--flows', '4']);
  assert.match(text.stdout, /6 links; slowest 50 GB\/s/);
  assert.match(text.stdout, /ECMP: flow ids 200\.\.203 take 1 distinct path/);
});

test('a device beyond the cluster exits 2 with the range', async () => {
  const r = await runCli(['route', 'scenarios/quickstart.yaml', '--src', '0', '--dst', '32']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--dst 32: not a device of this cluster/);
  assert.match(r.stderr, /from 0 to 31/);
});

test('--storage routes a write from the device NIC to a storage system on the compute fabric, and refuses one that is not', async () => {
  const r = await runCli(['route', 'scenarios/checkpoint-llama3-70b-1024-h100.yaml', '--src', '9', '--storage', 'pfs-generic', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.dst, 'storage/pfs-generic');
  assert.deepEqual(out.hops.map((h: { tier: string }) => h.tier), ['nic', 'leaf-spine', 'storage']);
  assert.equal(out.hops[0].from, 'node1/nic1', 'device 9 is node 1, rail 1');
  // 200 GB/s of writes over 16 spines
  assert.equal(out.bottleneckBytesPerSecond, 200e9 / 16);
  const none = await runCli(['route', 'scenarios/quickstart.yaml', '--src', '9', '--storage', 'pfs-generic']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /not on this cluster's compute fabric/);
  const neither = await runCli(['route', 'scenarios/quickstart.yaml', '--src', '9']);
  assert.equal(neither.code, 2);
  assert.match(neither.stderr, /give --dst DEVICE or --storage ID/);
});
