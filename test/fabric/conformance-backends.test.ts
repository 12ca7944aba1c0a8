// The network-backend conformance suite (STYLE.md, Hono: one suite, every implementation). Each case runs
// against every backend in the registry; where the backends differ by design (sharing), the case says so.
// Fabric: 2 nodes × 4 GPUs, NVSwitch 450 GB/s per GPU, 4 rails of 50 GB/s NICs, α_up 2 µs, α_out 4 µs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Simulation } from '../../src/sim/index.ts';
import { backendNames, canBatch, createBackend } from '../../src/fabric/backend/index.ts';
import type { BackendName, NetworkBackend, Transfer } from '../../src/fabric/backend/index.ts';
import { route } from '../../src/fabric/topology/index.ts';
import { railFabric } from './backend-fixtures.ts';

const topology = railFabric({ nodes: 2, gpusPerNode: 4 });
const efficiency = { 'scale-up': 0.82, nic: 0.94 } as const;
const within = (a: number, b: number, rel: number, what: string) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b}`);

/** the uncongested time of one transfer: route latency + bytes / bottleneck (computed from the route) */
function alone(t: Transfer): number {
  const path = route(topology, t.src, t.dst, t.flowId);
  let lat = 0;
  let cap = Infinity;
  for (const id of path) {
    const l = topology.links[id]!;
    lat += l.latencySeconds;
    cap = Math.min(cap, l.capacityBytesPerSecond * ((efficiency as Record<string, number>)[l.tier] ?? 1));
  }
  return lat + t.bytes / Math.min(cap, t.maxRateBytesPerSecond ?? Infinity);
}

function runAll(name: BackendName, transfers: Transfer[]): { done: number[]; backend: NetworkBackend; sim: Simulation } {
  const sim = new Simulation();
  const backend = createBackend(name, { sim, topology, efficiency });
  const events = transfers.map((t) => backend.transfer(t));
  sim.run();
  return { done: events.map((e) => e.value), backend, sim };
}

for (const name of backendNames) {
  test(`${name}: a transfer alone takes its route latency plus bytes over the bottleneck (intra- and inter-node)`, () => {
    const ts: Transfer[] = [{ src: 0, dst: 1, bytes: 1e9 }];
    const cross: Transfer[] = [{ src: 2, dst: 6, bytes: 1e9 }];
    within(runAll(name, ts).done[0]!, 2e-6 + 1e9 / (450e9 * 0.82), 1e-12, 'NVLink: α_up + S/369 GB/s');
    within(runAll(name, cross).done[0]!, 4e-6 + 1e9 / (50e9 * 0.94), 1e-12, 'rail-local NIC path: α_out + S/47 GB/s');
    assert.equal(runAll(name, cross).done[0], alone(cross[0]!));
  });

  test(`${name}: two flows on one link — flow shares it (each gets half); analytical does not (documented)`, () => {
    const { done } = runAll(name, [{ src: 0, dst: 1, bytes: 1e9 }, { src: 0, dst: 2, bytes: 1e9 }]);
    const rate = 450e9 * 0.82;
    const expected = 2e-6 + (name === 'flow' ? 2e9 / rate : 1e9 / rate);
    within(done[0]!, expected, 1e-12, 'first');
    within(done[1]!, expected, 1e-12, 'second');
  });

  test(`${name}: a batch (one collective phase) shares its links: both backends give each of two flows half`, () => {
    const sim = new Simulation();
    const backend = createBackend(name, { sim, topology, efficiency });
    assert.ok(canBatch(backend));
    const evs = backend.transferBatch([{ src: 0, dst: 1, bytes: 1e9 }, { src: 0, dst: 2, bytes: 1e9 }, { src: 3, dst: 7, bytes: 1e9 }]);
    sim.run();
    within(evs[0]!.value, 2e-6 + 2e9 / (450e9 * 0.82), 1e-12, 'first on the shared port');
    within(evs[1]!.value, 2e-6 + 2e9 / (450e9 * 0.82), 1e-12, 'second on the shared port');
    within(evs[2]!.value, alone({ src: 3, dst: 7, bytes: 1e9 }), 1e-12, 'elsewhere: alone');
  });

  test(`${name}: flows on disjoint links do not interfere`, () => {
    const ts: Transfer[] = [{ src: 0, dst: 1, bytes: 1e9 }, { src: 2, dst: 3, bytes: 1e9 }, { src: 4, dst: 0, bytes: 5e8 }];
    runAll(name, ts).done.forEach((d, i) => within(d, alone(ts[i]!), 1e-12, `transfer ${i}`));
  });

  test(`${name}: every link of a route carries the transfer's bytes; busy time is bytes over line rate`, () => {
    const t: Transfer = { src: 1, dst: 5, bytes: 3e8 };
    const { backend } = runAll(name, [t]);
    const path = new Set(route(topology, t.src, t.dst));
    for (const u of backend.usage()) {
      assert.equal(u.bytes, path.has(u.linkId) ? 3e8 : 0, `link ${u.linkId}`);
      assert.equal(u.busySeconds, u.bytes / topology.links[u.linkId]!.capacityBytesPerSecond);
    }
  });

  test(`${name}: properties on random transfer sets — never faster than alone, bytes conserved, no link over capacity`, () => {
    const transfer = fc.record({
      src: fc.integer({ min: 0, max: 7 }),
      dst: fc.integer({ min: 0, max: 7 }),
      bytes: fc.integer({ min: 0, max: 2e9 }),
      cap: fc.option(fc.integer({ min: 1e9, max: 500e9 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(transfer, { minLength: 1, maxLength: 12 }), (raw) => {
        const ts: Transfer[] = raw.filter((t) => t.src !== t.dst).map((t) => ({ src: t.src, dst: t.dst, bytes: t.bytes, maxRateBytesPerSecond: t.cap }));
        if (ts.length === 0) return;
        const { done, backend, sim } = runAll(name, ts);
        done.forEach((d, i) => assert.ok(d >= alone(ts[i]!) * (1 - 1e-9), `transfer ${i} faster than alone`));
        const usage = backend.usage();
        const carried = usage.reduce((s, u) => s + u.bytes, 0);
        const expected = ts.reduce((s, t) => s + t.bytes * route(topology, t.src, t.dst).length, 0);
        within(carried, expected, 1e-9, 'bytes conserved');
        // a link busy longer than the run would have carried more than its line rate allows
        if (name === 'flow') usage.forEach((u) => assert.ok(u.busySeconds <= sim.now * (1 + 1e-9), `link ${u.linkId} over capacity`));
      }),
      { numRuns: 60, seed: 7 },
    );
  });
}

test('flow is never faster than analytical on the same transfers (sharing only slows)', () => {
  const ts: Transfer[] = [
    { src: 0, dst: 4, bytes: 1e9 },
    { src: 1, dst: 4, bytes: 2e9 },
    { src: 0, dst: 2, bytes: 5e8 },
    { src: 6, dst: 1, bytes: 1e9 },
  ];
  const a = runAll('analytical', ts).done;
  runAll('flow', ts).done.forEach((d, i) => assert.ok(d >= a[i]! * (1 - 1e-12), `transfer ${i}`));
});
