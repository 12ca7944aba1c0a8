/**
 * Pairwise-exchange all-to-all (the classic MPI algorithm; Thakur, Rabenseifner & Gropp, "Optimization of
 * Collective Communication Operations in MPICH", IJHPCA 2005): n−1 rounds; in round k (1 ≤ k < n) rank
 * i sends its block for rank i+k (mod n), S/n bytes, so each rank sends and receives exactly one block per
 * round. Rounds run in sequence (a rank posts round k+1 when its round k is done — here, when the whole
 * round is done: a barrier per round, slightly pessimistic under imbalance). Per rank (n−1)/n·S leaves
 * in total, matching the busbw factor; each round costs one route latency.
 *
 * Why rounds, not all n(n−1) pairs at once (NCCL posts all sends and receives of an all-to-all together):
 * concurrency is bounded by n flows, so a 1,024-rank all-to-all is 1,023 solves of 1,024 flows rather
 * than one of ~10^6. On a non-blocking fabric both give t ≈ (n−1)/n·S/β; under oversubscription the
 * rounds see the bisection once per round, as all pairs would in aggregate.
 */
import type { ProcessGenerator } from '../../sim/index.ts';
import { phase } from './launch.ts';
import type { FlowSpec } from './launch.ts';
import type { CollectiveAlgorithm, CollectiveCall, CollectiveContext } from './types.ts';

export const pairwise: CollectiveAlgorithm = {
  name: 'pairwise',
  supports: (op) => op === 'all-to-all',
  applicable: (_ctx, call) => call.op === 'all-to-all',
  *run(ctx: CollectiveContext, call: CollectiveCall): ProcessGenerator<number> {
    const t0 = ctx.sim.now;
    const n = call.ranks.length;
    if (n <= 1 || call.bytes === 0) return 0;
    const ranks = [...call.ranks].sort((a, b) => a - b);
    for (let k = 1; k < n; k++) {
      const flows: FlowSpec[] = ranks.map((r, i) => ({ src: r, dst: ranks[(i + k) % n]!, bytes: call.bytes / n, salt: k }));
      yield* phase(ctx, call, 0, 0, flows);
    }
    return ctx.sim.now - t0;
  },
};
