// Network backends, worked examples computed by hand on a toy crossbar: three GPUs on one switch, every
// GPU port 100 B/s per direction, so a transfer GPU a -> GPU b crosses a's uplink and b's downlink.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Simulation } from '../../src/sim/index.ts';
import { AnalyticalBackend, FlowBackend, createBackend, tierEfficiency } from '../../src/fabric/backend/index.ts';
import type { NetworkBackend } from '../../src/fabric/backend/index.ts';
import type { Topology } from '../../src/fabric/topology/types.ts';
import { fabricProfile, railFabric } from './backend-fixtures.ts';

const close = (actual: number, expected: number, what = ''): void =>
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);

function toy(alphaUp = 0): Topology {
  return railFabric({ nodes: 1, gpusPerNode: 3, nics: 0, scaleUpBytesPerSecond: 100, alphaUp });
}

/** runs transfers [src, dst, bytes, startTime] and returns each completion time */
function completions(make: (sim: Simulation) => NetworkBackend, transfers: [number, number, number, number][]): { done: number[]; backend: NetworkBackend } {
  const sim = new Simulation();
  const backend = make(sim);
  const done: number[] = [];
  transfers.forEach(([src, dst, bytes, at], i) => {
    sim.process(function* () {
      if (at > 0) yield sim.timeout(at);
      done[i] = yield backend.transfer({ src, dst, bytes });
    });
  });
  sim.run();
  return { done, backend };
}

const flow = (topology: Topology, efficiency = {}) => (sim: Simulation) => new FlowBackend({ sim, topology, efficiency });
const analytical = (topology: Topology, efficiency = {}) => (sim: Simulation) => new AnalyticalBackend({ sim, topology, efficiency });

test('flow: a flow joining later halves the first one\'s rate until it ends (hand-computed)', () => {
  // A: 100 B from t=0 alone at 100 B/s -> 50 B left at t=0.5; then A and B share GPU0's uplink at 50 B/s each:
  // B (25 B) ends at 1.0, A has 25 B left and ends at 1.0 + 25/100 = 1.25.
  const { done, backend } = completions(flow(toy()), [[0, 1, 100, 0], [0, 2, 25, 0.5]]);
  close(done[0]!, 1.25, 'A');
  close(done[1]!, 1.0, 'B');
  const u = backend.usage();
  const link = (from: string, to: string) => {
    const topo = backend.topology;
    const l = topo.links.find((x) => topo.vertices[x.from]!.name.endsWith(from) && topo.vertices[x.to]!.name.endsWith(to))!;
    return u[l.id]!;
  };
  close(link('gpu0', 'nvswitch').bytes, 125, 'uplink bytes');
  close(link('gpu0', 'nvswitch').busySeconds, 1.25, 'uplink busy');
  close(link('nvswitch', 'gpu1').bytes, 100, 'to GPU1');
  close(link('nvswitch', 'gpu2').busySeconds, 0.25, 'to GPU2 busy');
});

test('analytical: the same two transfers do not slow each other', () => {
  const { done } = completions(analytical(toy()), [[0, 1, 100, 0], [0, 2, 25, 0.5]]);
  close(done[0]!, 1.0, 'A');
  close(done[1]!, 0.75, 'B');
});

test('both: route latency first, then bytes at the bottleneck times the tier efficiency', () => {
  // route GPU0 -> NVSwitch -> GPU1: 2 links of α/2 = 0.1 s; efficiency 0.5 -> 50 B/s: 0.2 + 100/50 = 2.2 s
  for (const make of [flow, analytical]) {
    const { done } = completions(make(toy(0.2), { 'scale-up': 0.5 }), [[0, 1, 100, 0]]);
    close(done[0]!, 2.2, make.name);
  }
});

test('both: a rate cap binds below the link; a zero-byte transfer takes its latency only', () => {
  for (const kind of ['flow', 'analytical'] as const) {
    const sim = new Simulation();
    const b = createBackend(kind, { sim, topology: toy(0.2), efficiency: {} });
    const capped = b.transfer({ src: 0, dst: 1, bytes: 100, maxRateBytesPerSecond: 40 });
    const empty = b.transfer({ src: 1, dst: 2, bytes: 0 });
    sim.run();
    close(capped.value, 0.2 + 2.5, `${kind} capped`);
    close(empty.value, 0.2, `${kind} empty`);
    assert.equal(b.usage().reduce((s, u) => s + u.bytes, 0), 200, `${kind}: 100 B on each of 2 links`);
  }
});

test('flow: usage mid-flight counts the bytes moved so far; the last event leaves no active flow', () => {
  const sim = new Simulation();
  const b = new FlowBackend({ sim, topology: toy(), efficiency: {} });
  b.transfer({ src: 0, dst: 1, bytes: 100 });
  sim.run(0.5);
  assert.equal(b.activeFlows, 1);
  close(b.usage().reduce((s, u) => s + u.bytes, 0), 100, '50 B on each of 2 links');
  sim.run();
  assert.equal(b.activeFlows, 0);
  close(sim.now, 1, 'ends at 1 s');
});

test('flow: symmetric flows finishing together complete at one instant', () => {
  const sim = new Simulation();
  const b = new FlowBackend({ sim, topology: railFabric({ nodes: 1, gpusPerNode: 8, nics: 0, alphaUp: 0 }), efficiency: {} });
  const evs = Array.from({ length: 8 }, (_, i) => b.transfer({ src: i, dst: (i + 1) % 8, bytes: 1e9 / 3 }));
  sim.run();
  const t = evs.map((e) => e.value);
  assert.ok(t.every((x) => x === t[0]), `all equal: ${t}`);
  close(t[0]!, 1e9 / 3 / 450e9, 'at 450 GB/s');
});

test('both: invalid transfers are rejected with the reason', () => {
  for (const kind of ['flow', 'analytical'] as const) {
    const sim = new Simulation();
    const b = createBackend(kind, { sim, topology: toy(), efficiency: {} });
    assert.throws(() => b.transfer({ src: 1, dst: 1, bytes: 1 }), /itself/);
    assert.throws(() => b.transfer({ src: 0, dst: 3, bytes: 1 }), /not a GPU/);
    assert.throws(() => b.transfer({ src: 0, dst: 1, bytes: -1 }), /bytes/);
    assert.throws(() => b.transfer({ src: 0, dst: 1, bytes: 1, maxRateBytesPerSecond: 0 }), /maxRate/);
  }
  assert.throws(() => createBackend('packet' as 'flow', { sim: new Simulation(), topology: toy(), efficiency: {} }), /unknown network backend "packet"/);
});

test('tierEfficiency maps the scale-up profile to scale-up links and the scale-out profile to every fabric tier', () => {
  const e = tierEfficiency(fabricProfile('nvlink4-nvswitch'), fabricProfile('ib-ndr-400'));
  assert.deepEqual(e, { 'scale-up': 0.82, torus: 0.82, nic: 0.94, 'leaf-spine': 0.94, 'spine-core': 0.94, 'dragonfly-local': 0.94, 'dragonfly-global': 0.94 });
  assert.ok(!('host' in e), 'PCIe to the NIC is not derated (the NIC link is the bottleneck)');
  assert.deepEqual(tierEfficiency(null, null), {});
});
