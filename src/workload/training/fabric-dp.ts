/**
 * Flow fidelity, data-parallel collectives on the fabric: the gradient reductions (and ZeRO weight
 * gathers) of a training job are timed by running them on the cluster's topology with the flow backend
 * (max-min fair sharing, fabric/lmm) and NCCL-like algorithm choice (fabric/collectives), instead of the
 * closed-form tier cost (fabric/collective-cost.ts).
 *
 * What runs together: every data-parallel group of one pipeline stage — one per tensor- and
 * context-parallel rank, tp·cp groups of dp ranks (dp·cp ranks when cp > 1 makes one gradient group) —
 * reduces the same bucket at the same time, so their rings share NICs, leaf and spine links, and the
 * oversubscribed tiers and ECMP collisions of the fabric show. The other pipeline stages reduce at other
 * times (their backward ends at different moments) and are left out; so are the tp and pp transfers,
 * which run on NVLink or are small. One replica's step replay (replay.ts) then uses these times.
 *
 * Cost: one flow simulation per distinct (collective, bytes) pair of the plan — a few bucket sizes —
 * memoised; at 16,384 GPUs a stage's 8 groups of 128 ranks are ~1,000 ranks in one run.
 */
import type { ClusterSpec, TrainingWorkload } from '../../config/scenario-types.ts';
import type { Collective } from '../../fabric/collective-cost.ts';
import { clusterSetup, startTogether, timeCollective, type CollectiveSetup } from '../../fabric/collectives/run.ts';
import type { CollectiveOp } from '../../fabric/collectives/types.ts';
import { buildTopology } from '../../fabric/topology/index.ts';
import { FlowBackend } from '../../fabric/backend/flow.ts';
import { tierEfficiency } from '../../fabric/backend/registry.ts';
import { Simulation } from '../../sim/index.ts';
import { strides } from './placement.ts';

export type DpCost = (kind: Collective, bytes: number, group: 'dp' | 'expert-dp') => number;

/** The devices of the gradient groups of pipeline stage 0: one list per group, in rank order. */
export function stageDpGroups(job: TrainingWorkload, devices: readonly number[] | undefined, expert: boolean): number[][] {
  const p = job.parallelism;
  const st = strides(p);
  const device = (rank: number) => devices?.[rank] ?? rank;
  const groups: number[][] = [];
  const ep = expert ? p.ep : 1;
  for (let t = 0; t < p.tp; t++) {
    // cp ranks hold the same weights: with cp > 1 the gradient group spans dp × cp
    const members: number[] = [];
    for (let c = 0; c < p.cp; c++) for (let d = 0; d < p.dp; d++) members.push(t * st.tp + c * st.cp + d * st.dp);
    // expert weights: the ranks at the same position in each ep group hold the same experts
    for (let e = 0; e < ep; e++) groups.push(members.filter((_, i) => i % ep === e).map(device));
  }
  return groups.filter((g) => g.length > 1);
}

/** Times the stage's concurrent gradient collectives on the fabric; memoised per (kind, bytes, group). */
export function fabricDpCost(job: TrainingWorkload, cluster: ClusterSpec, devices: readonly number[] | undefined): DpCost {
  const topology = buildTopology(cluster);
  const setup: CollectiveSetup = { topology, backend: 'flow', ...clusterSetup(cluster) };
  const cache = new Map<string, number>();
  const groupsOf = { dp: stageDpGroups(job, devices, false), 'expert-dp': stageDpGroups(job, devices, true) };
  return (kind, bytes, which) => {
    const key = `${kind} ${bytes} ${which}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const groups = groupsOf[which];
    const op: CollectiveOp = kind;
    let seconds: number;
    if (groups.length === 0 || bytes === 0) seconds = 0;
    else if (groups.length === 1) seconds = timeCollective({ op, ranks: groups[0]!, bytes, job: job.name }, setup);
    else seconds = concurrent(groups.map((ranks) => ({ op, ranks, bytes })), setup);
    cache.set(key, seconds);
    return seconds;
  };
}

/** The time until the last of several collectives started together on one fabric finishes. */
function concurrent(calls: { op: CollectiveOp; ranks: number[]; bytes: number }[], setup: CollectiveSetup): number {
  const sim = new Simulation();
  const backend = new FlowBackend({ sim, topology: setup.topology, efficiency: tierEfficiency(setup.scaleUp, setup.scaleOut), tierLoad: {} });
  sim.run(sim.allOf(startTogether(sim, backend, setup, calls)));
  return sim.now;
}
