// Router cases: round-robin order, least-outstanding picks the lightest, session affinity sticks; and one
// end-to-end run where routers feed ReplicaSims and read their outstanding tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../src/sim/index.ts';
import { createRouter, routerNames } from '../../src/workload/inference/router/index.ts';
import type { ReplicaLoad, RouterName } from '../../src/workload/inference/router/index.ts';
import { createScheduler } from '../../src/workload/inference/scheduler/index.ts';
import { feedRequests, ReplicaSim } from '../../src/workload/inference/replica-sim.ts';
import type { BatchEntry, InferenceRequest } from '../../src/workload/inference/types.ts';

const req = (id: number, session = -1, promptTokens = 10, outputTokens = 5, arrivalSeconds = 0): InferenceRequest => ({ id, arrivalSeconds, promptTokens, outputTokens, tenant: 'default', session });
const loads = (...t: number[]): ReplicaLoad[] => t.map((outstandingTokens) => ({ outstandingTokens }));

test('round-robin: 0, 1, 2, 0, 1, … whatever the load', () => {
  const r = createRouter('round-robin', loads(0, 1e9, 5));
  assert.deepEqual(Array.from({ length: 7 }, (_, i) => r.route(req(i), 0)), [0, 1, 2, 0, 1, 2, 0]);
});

test('least-outstanding: picks the lightest replica, the lowest index on ties, and follows the load', () => {
  const replicas = loads(300, 120, 500, 120);
  const r = createRouter('least-outstanding', replicas);
  assert.equal(r.route(req(0), 0), 1);
  replicas[1] = { outstandingTokens: 600 };
  assert.equal(r.route(req(1), 0), 3);
});

test('session affinity: a session always lands on the same replica; sessionless requests go to the lightest', () => {
  for (const affinityAssign of ['hash', 'least-outstanding'] as const) {
    const replicas = loads(0, 0, 0, 0);
    const r = createRouter('session-affinity', replicas, { affinityAssign });
    const first = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      const session = i % 37;
      const k = r.route(req(i, session), 0);
      // load moves between calls, which must not move a session
      replicas[k] = { outstandingTokens: replicas[k]!.outstandingTokens + 15 };
      if (!first.has(session)) first.set(session, k);
      assert.equal(k, first.get(session), `${affinityAssign}: session ${session} moved`);
    }
    assert.equal(new Set(first.values()).size, 4, `${affinityAssign}: 37 sessions spread over all 4 replicas`);
    replicas.splice(0, 4, ...loads(9, 9, 2, 9));
    assert.equal(r.route(req(999, -1), 0), 2);
  }
});

test('createRouter refuses unknown names and an empty replica list', () => {
  assert.throws(() => createRouter('random' as RouterName, loads(0)), /unknown router "random" \(known: round-robin, least-outstanding, session-affinity\)/);
  assert.throws(() => createRouter('round-robin', []), /at least one replica/);
});

/** 4 replicas, continuous batching, iteration 10 ms + 0.1 ms per token; every 3rd request is long */
function cluster(name: RouterName) {
  const sim = new Simulation();
  const model = { iterationSeconds: (es: readonly BatchEntry[]) => 0.01 + 1e-4 * es.reduce((n, e) => n + e.tokens, 0) };
  const replicas = Array.from({ length: 4 }, (_, i) => new ReplicaSim(sim, i, createScheduler('continuous', { kvBlocks: 2000, blockTokens: 16, kvBytesPerTokenPerGpu: 1 }), model));
  const router = createRouter(name, replicas);
  const requests = Array.from({ length: 120 }, (_, i) => req(i, i % 10, i % 4 === 0 ? 1500 : 50, i % 4 === 0 ? 200 : 20, i * 0.02));
  feedRequests(sim, requests, (r) => replicas[router.route(r, sim.now)]!.submit(r));
  sim.run();
  return replicas;
}

for (const name of routerNames) {
  test(`${name}: end to end, every request is served once and outstanding tokens return to zero`, () => {
    const replicas = cluster(name);
    const ids = replicas.flatMap((r) => r.records.map((x) => x.id)).sort((a, b) => a - b);
    assert.deepEqual(ids, Array.from({ length: 120 }, (_, i) => i));
    for (const r of replicas) assert.equal(r.outstandingTokens, 0);
    for (const r of replicas) for (const x of r.records) assert.equal(x.replica, r.index);
  });
}

test('least-outstanding balances long requests that round-robin piles on one replica', () => {
  // Every 4th request is long, so round-robin sends all of them to replica 0.
  const worstE2e = (name: RouterName) => Math.max(...cluster(name).flatMap((r) => r.records.map((x) => x.e2eSeconds)));
  const rr = cluster('round-robin');
  assert.equal(rr[0]!.records.filter((x) => x.promptTokens === 1500).length, 30);
  const lot = cluster('least-outstanding');
  assert.ok(lot.every((r) => r.records.some((x) => x.promptTokens === 1500)), 'long requests spread over every replica');
  assert.ok(worstE2e('least-outstanding') < worstE2e('round-robin'));
});
