/**
 * Collective jobs sharing one fabric: the scenario's collective jobs run concurrently on ONE simulation
 * and ONE flow backend, each as a kernel process performing its collective (fabric/collectives/run.ts
 * runCollective), so their flows share links max-min fairly and slow each other where their routes meet.
 *
 * Cost bound: the shared run uses each job's largest message size only (not the whole sweep). Every job
 * starts at t = 0; a job that finishes its first call starts another (at most MAX_CALLS in all) until
 * every job has finished one, so each first call is timed under the others' continuous load, as
 * nccl-tests' back-to-back iterations would see it; the simulation stops at that instant, and the link
 * utilisation of the shared run is measured over [0, that instant]. Each job also runs alone on a fresh simulation of
 * the same fabric (flow backend) for its baseline. The shared run also records per-tier utilisation over
 * time (fabric/backend/recorder.ts), closed at the stopping instant:
 *
 *   slowdown = sharedSeconds / aloneSeconds     (1 when no link is shared, exactly: the runs are identical)
 *
 * The flow backend is used whatever the scenario's fidelity: the analytical backend does not let
 * transfers of different calls slow each other, so it could not show contention.
 */
import type { ClusterSpec, CollectiveWorkload } from '../../config/scenario-types.ts';
import { FlowBackend } from '../../fabric/backend/flow.ts';
import { tierEfficiency } from '../../fabric/backend/registry.ts';
import { clusterSetup, collectiveContext, measureCollective, resolveAlgorithm, runCollective, type CollectiveSetup } from '../../fabric/collectives/run.ts';
import { busFactor, type CollectiveCall, type CollectiveContext } from '../../fabric/collectives/types.ts';
import { buildTopology } from '../../fabric/topology/index.ts';
import type { CollectiveSharing } from '../../metrics/result-types.ts';
import { Simulation, type Event, type ProcessGenerator } from '../../sim/index.ts';
import { FABRIC_OP } from './placement.ts';
import { linkUtilisation } from './utilisation.ts';

/** calls one job may make in the shared run while waiting for the others to finish their first */
export const MAX_CALLS = 32;
const GB = 1e9;

export interface SharedEntry {
  job: CollectiveWorkload;
  /** its devices in rank order */
  devices: readonly number[];
}

interface Progress {
  first: (number | undefined)[];
  pending: number;
  /** succeeds when every job has finished its first call: the run stops there */
  everyFirst: Event<void>;
}

function* repeat(ctx: CollectiveContext, call: CollectiveCall, i: number, progress: Progress): ProcessGenerator<void> {
  for (let calls = 1; ; calls++) {
    const seconds = yield* runCollective(ctx, call);
    if (progress.first[i] === undefined) {
      progress.first[i] = seconds;
      if (--progress.pending === 0) progress.everyFirst.succeed();
    }
    if (progress.pending === 0 || calls >= MAX_CALLS) return;
  }
}

export function simulateSharedCollectives(entries: readonly SharedEntry[], cluster: ClusterSpec): Map<string, CollectiveSharing> {
  const group = cluster.nodes.find((g) => g.count > 0);
  if (group === undefined) throw new Error('shared collectives: the cluster has no nodes');
  const topology = buildTopology(cluster);
  const setup: CollectiveSetup = { topology, backend: 'flow', ...clusterSetup(cluster) };
  const { scaleUp, scaleOut } = setup;
  const calls = entries.map(({ job, devices }): CollectiveCall => {
    const call: CollectiveCall = { op: FABRIC_OP[job.op], ranks: [...devices], bytes: job.sizesBytes.at(-1) ?? 0, algorithm: job.algorithm, job: job.name };
    if (job.channels !== null) call.channels = job.channels;
    return call;
  });
  const alone = calls.map((c) => measureCollective(c, setup).seconds);

  const sim = new Simulation();
  const backend = new FlowBackend({ sim, topology, efficiency: tierEfficiency(scaleUp, scaleOut), tierLoad: {} });
  const ctx = collectiveContext(sim, backend, setup);
  const progress: Progress = { first: calls.map(() => undefined), pending: calls.length, everyFirst: sim.event<void>() };
  // the algorithm is fixed before the run, as measureCollective does, so both runs make the same choice
  calls.forEach((c, i) => sim.process(repeat(ctx, { ...c, algorithm: resolveAlgorithm(ctx, c) }, i, progress)));
  // calls still in flight then are left unfinished: utilisation covers [0, last first call's end]
  sim.run(progress.everyFirst);
  const links = linkUtilisation(topology, backend.usage(), sim.now, 'flow', Math.max(...calls.map((c) => c.bytes)), backend.tierLoad(sim.now)!);

  const out = new Map<string, CollectiveSharing>();
  entries.forEach(({ job }, i) => {
    const shared = progress.first[i]!;
    const algbw = shared > 0 ? calls[i]!.bytes / shared : Infinity;
    out.set(job.name, {
      with: entries.filter((_, k) => k !== i).map((e) => e.job.name),
      bytes: calls[i]!.bytes,
      aloneSeconds: alone[i]!,
      sharedSeconds: shared,
      slowdown: alone[i]! > 0 ? shared / alone[i]! : 1,
      sharedAlgbwGBps: algbw / GB,
      sharedBusbwGBps: (algbw * busFactor(calls[i]!.op, calls[i]!.ranks.length)) / GB,
      links,
    });
  });
  return out;
}
