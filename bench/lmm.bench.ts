/**
 * Max-min solver benchmarks (src/fabric/lmm/). Systems are built from a local seeded PRNG (no Math.random)
 * and only solve() is timed; each figure is the median of several repetitions on fresh systems.
 *
 *  - lmm.solve_10000_flows_seconds: 10,000 flows on a three-level fat-tree of 2,048 GPUs (8 per leaf, 16
 *    leaves per pod, 16 pods): per-GPU uplink and downlink (50 GB/s), per-leaf up/down (2:1 oversubscribed,
 *    200 GB/s), per-pod up/down (2:1, 1.6 TB/s); 4,640 constraints. A flow stays under its leaf (2
 *    constraints, 30 %), its pod (4, 30 %) or crosses pods (6, 40 %); 20 % carry a rate cap of 5–40 GB/s.
 *  - lmm.solve_16384_ring_flows_seconds: a DP ring per rail over 2,048 8-GPU nodes placed in a shuffled
 *    order (a scattered job), rail-optimised leaves of 32 nodes: 16,384 flows, mostly 4 constraints each
 *    (NIC up, rail leaf up, rail leaf down, NIC down); 33,792 constraints.
 *  - lmm.resolve_after_remove_seconds: 10,000 flows in 100 jobs on disjoint leaves; remove one flow and
 *    re-solve: only that job's component (~100 flows) is re-solved.
 *  - lmm.incremental_speedup: full solve time of that system / the re-solve time above.
 */
import { MaxMinSystem } from '../src/fabric/lmm/index.ts';
import type { Bench } from './main.ts';

/** mulberry32: small, fast, good enough to pick routes */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GB = 1e9;

export function fatTreeSystem(flows: number, seed: number): MaxMinSystem {
  const rnd = prng(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const gpus = 2048, perLeaf = 8, leavesPerPod = 16;
  const leaves = gpus / perLeaf, pods = leaves / leavesPerPod;
  const sys = new MaxMinSystem();
  const add = (n: number, cap: number) => Array.from({ length: n }, () => sys.addConstraint(cap));
  const gpuUp = add(gpus, 50 * GB), gpuDown = add(gpus, 50 * GB);
  const leafUp = add(leaves, 200 * GB), leafDown = add(leaves, 200 * GB);
  const podUp = add(pods, 1600 * GB), podDown = add(pods, 1600 * GB);
  for (let f = 0; f < flows; f++) {
    const src = pick(gpus);
    const leaf = Math.floor(src / perLeaf), pod = Math.floor(leaf / leavesPerPod);
    const r = rnd();
    let dst: number;
    if (r < 0.3) dst = leaf * perLeaf + ((src % perLeaf) + 1 + pick(perLeaf - 1)) % perLeaf;
    else if (r < 0.6) dst = (pod * leavesPerPod + ((leaf % leavesPerPod) + 1 + pick(leavesPerPod - 1)) % leavesPerPod) * perLeaf + pick(perLeaf);
    else dst = (((pod + 1 + pick(pods - 1)) % pods) * leavesPerPod + pick(leavesPerPod)) * perLeaf + pick(perLeaf);
    const dLeaf = Math.floor(dst / perLeaf), dPod = Math.floor(dLeaf / leavesPerPod);
    const route = [gpuUp[src]!];
    if (dLeaf !== leaf) route.push(leafUp[leaf]!, leafDown[dLeaf]!);
    if (dPod !== pod) route.push(podUp[pod]!, podDown[dPod]!);
    route.push(gpuDown[dst]!);
    sys.addVariable(route, rnd() < 0.2 ? (5 + 35 * rnd()) * GB : Infinity);
  }
  return sys;
}

export function railRingSystem(nodes: number, seed: number): MaxMinSystem {
  const rnd = prng(seed);
  const rails = 8, nodesPerSu = 32, sus = Math.ceil(nodes / nodesPerSu);
  const sys = new MaxMinSystem();
  const add = (n: number, cap: number) => Array.from({ length: n }, () => sys.addConstraint(cap));
  const nicUp = add(nodes * rails, 50 * GB), nicDown = add(nodes * rails, 50 * GB);
  // one leaf per (scalable unit, rail); 2:1 oversubscribed towards the spine
  const leafUp = add(sus * rails, (nodesPerSu * 50 * GB) / 2), leafDown = add(sus * rails, (nodesPerSu * 50 * GB) / 2);
  const order = Array.from({ length: nodes }, (_, i) => i);
  for (let i = nodes - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (let rail = 0; rail < rails; rail++) {
    for (let k = 0; k < nodes; k++) {
      const a = order[k]!, b = order[(k + 1) % nodes]!;
      const suA = Math.floor(a / nodesPerSu), suB = Math.floor(b / nodesPerSu);
      const route = [nicUp[a * rails + rail]!];
      if (suA !== suB) route.push(leafUp[suA * rails + rail]!, leafDown[suB * rails + rail]!);
      route.push(nicDown[b * rails + rail]!);
      sys.addVariable(route);
    }
  }
  return sys;
}

/** 100 jobs, each alone on 2 leaves (16 GPUs), 100 flows each: 100 independent components */
export function disjointJobsSystem(seed: number): MaxMinSystem {
  const rnd = prng(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const sys = new MaxMinSystem();
  for (let job = 0; job < 100; job++) {
    const up = Array.from({ length: 16 }, () => sys.addConstraint(50 * GB));
    const down = Array.from({ length: 16 }, () => sys.addConstraint(50 * GB));
    const leafUp = [sys.addConstraint(200 * GB), sys.addConstraint(200 * GB)];
    const leafDown = [sys.addConstraint(200 * GB), sys.addConstraint(200 * GB)];
    for (let f = 0; f < 100; f++) {
      const src = pick(16), dst = (src + 1 + pick(15)) % 16;
      const ls = src >> 3, ld = dst >> 3;
      sys.addVariable(ls === ld ? [up[src]!, down[dst]!] : [up[src]!, leafUp[ls]!, leafDown[ld]!, down[dst]!]);
    }
  }
  return sys;
}

function seconds(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** median time of one full solve over `reps` freshly built systems, after one warm-up */
function timeFullSolve(build: (seed: number) => MaxMinSystem, reps: number): number {
  build(0).solve();
  const times: number[] = [];
  for (let i = 1; i <= reps; i++) {
    const sys = build(i);
    times.push(seconds(() => sys.solve()));
  }
  return median(times);
}

/** median time to remove one flow and re-solve, over `reps` removals; the flow is put back, untimed */
function timeRemoveResolve(sys: MaxMinSystem, reps: number): number {
  sys.solve();
  const ids = [...sys.variables()];
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const v = ids[(i * 97) % ids.length]!;
    const route = Int32Array.from(sys.constraintsOf(v));
    const bound = sys.bound(v);
    times.push(seconds(() => {
      sys.removeVariable(v);
      sys.solve();
    }));
    sys.addVariable(route, bound);
    sys.solve();
  }
  return median(times);
}

export const lmmBenches = [
  {
    name: 'lmm.solve_10000_flows_seconds',
    unit: 's',
    run: (): number => timeFullSolve((seed) => fatTreeSystem(10_000, seed), 7),
  },
  {
    name: 'lmm.solve_16384_ring_flows_seconds',
    unit: 's',
    run: (): number => timeFullSolve((seed) => railRingSystem(2048, seed), 7),
  },
  {
    name: 'lmm.resolve_after_remove_seconds',
    unit: 's',
    run: (): number => timeRemoveResolve(disjointJobsSystem(1), 201),
  },
  {
    name: 'lmm.incremental_speedup',
    unit: 'x',
    run: (): number => timeFullSolve(disjointJobsSystem, 7) / timeRemoveResolve(disjointJobsSystem(1), 201),
  },
] satisfies Bench[];
