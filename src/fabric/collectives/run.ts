/**
 * Entry points: `runCollective` is the kernel process a workload yields to perform one collective (it
 * validates the call, resolves 'auto' with choose.ts, checks the algorithm fits, and runs it);
 * `measureCollective` / `timeCollective` build a fresh Simulation and backend on a topology, run one
 * call alone and report its time with nccl-tests' algbw and busbw (doc/PERFORMANCE.md; busFactor).
 */
import type { ClusterSpec } from '../../config/scenario-types.ts';
import type { FabricProfile } from '../../hardware/profile-types.ts';
import { Simulation } from '../../sim/index.ts';
import type { Event, ProcessGenerator } from '../../sim/index.ts';
import { createBackend, tierEfficiency } from '../backend/registry.ts';
import type { BackendName } from '../backend/registry.ts';
import type { RouteFn } from '../backend/paths.ts';
import type { LinkUsage, NetworkBackend } from '../backend/types.ts';
import type { Topology } from '../topology/types.ts';
import { chooseAlgorithm } from './choose.ts';
import type { ChooseOptions } from './choose.ts';
import { checkCall } from './launch.ts';
import { getAlgorithm } from './registry.ts';
import { busFactor } from './types.ts';
import type { AlgorithmName, CollectiveCall, CollectiveContext, NcclSettings } from './types.ts';

/** the algorithm a call will run: its own choice, or NCCL-like automatic */
export function resolveAlgorithm(ctx: CollectiveContext, call: CollectiveCall, options: ChooseOptions = {}): AlgorithmName {
  const name = call.algorithm === undefined || call.algorithm === 'auto' ? chooseAlgorithm(ctx, call, options) : call.algorithm;
  const alg = getAlgorithm(name);
  if (!alg.supports(call.op)) throw new RangeError(`collective algorithm "${name}" does not implement ${call.op}`);
  if (!alg.applicable(ctx, call)) {
    throw new RangeError(`collective algorithm "${name}" cannot run this ${call.op} on ${call.ranks.length} ranks here (hardware or rank layout; see its header)`);
  }
  return name;
}

/** Performs one collective; the process's value is its duration in seconds. */
export function* runCollective(ctx: CollectiveContext, call: CollectiveCall, options: ChooseOptions = {}): ProcessGenerator<number> {
  checkCall(call);
  return yield* getAlgorithm(resolveAlgorithm(ctx, call, options)).run(ctx, call);
}

export interface CollectiveSetup {
  topology: Topology;
  /** default 'flow' */
  backend?: BackendName;
  scaleUp: FabricProfile | null;
  scaleOut: FabricProfile | null;
  /** the cluster's NCCL settings (absent: NCCL's defaults) */
  nccl?: NcclSettings;
  /** routing override (default: the topology's) */
  route?: RouteFn;
  choose?: ChooseOptions;
}

export interface CollectiveMeasurement {
  algorithm: AlgorithmName;
  seconds: number;
  /** S / t */
  algBytesPerSecond: number;
  /** algbw × busFactor(op, n) */
  busBytesPerSecond: number;
  usage: LinkUsage[];
}

/** The context algorithms run in: a simulation, its backend, and what `setup` says of the hardware and NCCL. */
export function collectiveContext(sim: Simulation, backend: NetworkBackend, setup: Pick<CollectiveSetup, 'scaleUp' | 'scaleOut' | 'nccl'>): CollectiveContext {
  const ctx: CollectiveContext = { sim, backend, scaleUp: setup.scaleUp, scaleOut: setup.scaleOut };
  if (setup.nccl !== undefined) ctx.nccl = setup.nccl;
  return ctx;
}

/** What a cluster gives a collective setup: its first node group's scale-up fabric, its scale-out fabric and its NCCL settings. */
export function clusterSetup(cluster: ClusterSpec): Pick<CollectiveSetup, 'scaleUp' | 'scaleOut' | 'nccl'> {
  const group = cluster.nodes.find((g) => g.count > 0) ?? cluster.nodes[0];
  return { scaleUp: group?.scaleUp ?? null, scaleOut: cluster.scaleOut?.profile ?? null, ...(cluster.nccl === undefined ? {} : { nccl: cluster.nccl }) };
}

/** Runs `call` alone on a fresh simulation of `setup` and measures it. */
export function measureCollective(call: CollectiveCall, setup: CollectiveSetup): CollectiveMeasurement {
  const sim = new Simulation();
  const efficiency = tierEfficiency(setup.scaleUp, setup.scaleOut);
  const backend = createBackend(setup.backend ?? 'flow', { sim, topology: setup.topology, efficiency, route: setup.route });
  const ctx = collectiveContext(sim, backend, setup);
  checkCall(call);
  const algorithm = resolveAlgorithm(ctx, call, setup.choose);
  const seconds = sim.run(sim.process(runCollective(ctx, { ...call, algorithm }, setup.choose)));
  const algBytesPerSecond = seconds > 0 ? call.bytes / seconds : Infinity;
  return { algorithm, seconds, algBytesPerSecond, busBytesPerSecond: algBytesPerSecond * busFactor(call.op, call.ranks.length), usage: backend.usage() };
}

/**
 * Starts `calls` together on an existing simulation and backend (each with its NCCL-like algorithm choice);
 * the events are their processes, done when each call ends. Other traffic on the same backend shares links.
 */
export function startTogether(sim: Simulation, backend: NetworkBackend, setup: Pick<CollectiveSetup, 'scaleUp' | 'scaleOut' | 'nccl'>, calls: readonly CollectiveCall[]): Event<number>[] {
  const ctx = collectiveContext(sim, backend, setup);
  return calls.map((c) => sim.process(runCollective(ctx, { ...c, algorithm: resolveAlgorithm(ctx, c) })));
}

/** Seconds one collective takes alone on `setup`. */
export function timeCollective(call: CollectiveCall, setup: CollectiveSetup): number {
  return measureCollective(call, setup).seconds;
}
