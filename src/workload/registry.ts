/**
 * Workload models by kind: what the pipeline's phase 4 (check) and phase 5 (simulate) call for each job.
 * Adding a kind means a schema entry (config/scenario-schema.ts), a normalised type (config/scenario-types.ts),
 * a result type (metrics/result-types.ts) and an entry here; the pipeline itself does not change.
 */
import type { ClusterSpec, Fidelity, Workload } from '../config/scenario-types.ts';
import type { Assumption, JobResult } from '../metrics/result-types.ts';
import type { StepTimeline } from '../metrics/timeline-types.ts';
import { collectiveIssues, simulateCollective, simulateSharedCollectives } from './collective/index.ts';
import { clusterLayout, placeJobs, type JobPlacement, type PlacementOutcome, type PlacementRequest } from './placement.ts';
import type { WorkloadIssue } from './issue.ts';
import { devicesPerReplica, inferenceDevices, inferenceIssues } from './inference/issues.ts';
import { simulateInference } from './inference/simulate.ts';
import { simulateTraining, trainingIssues } from './training/index.ts';
import { devicesNeeded } from './training/placement.ts';

export type { WorkloadIssue } from './issue.ts';

export interface SimulateContext {
  fidelity: Fidelity;
  seed: number;
  /** the job's devices in rank order (placement.ts); absent: packed from device 0 */
  devices?: readonly number[];
}

export interface WorkloadModel<W extends Workload> {
  /** problems with the job on this cluster; empty when it can be simulated */
  issues(job: W, cluster: ClusterSpec): WorkloadIssue[];
  /** devices the job holds for its whole run (jobs of one scenario run side by side on disjoint devices) */
  devices(job: W): number;
  /** devices per node the job fills before the next node (placement.ts) */
  ranksPerNode(job: W, cluster: ClusterSpec): number;
  /** runs the job; callers check issues first (simulate throws on a job they reject). Async for kinds
   * that stream their input (inference reads its trace in batches). */
  simulate(job: W, cluster: ClusterSpec, ctx: SimulateContext): SimulateOutcome | Promise<SimulateOutcome>;
}

export interface SimulateOutcome {
  result: JobResult;
  assumptions: Assumption[];
  /** one simulated step, rank by rank: training at flow fidelity (for trace.json and the Gantt chart) */
  timeline?: StepTimeline;
}

type Models = { [K in Workload['kind']]: WorkloadModel<Extract<Workload, { kind: K }>> };

export const WORKLOADS: Readonly<Models> = {
  training: { issues: trainingIssues, devices: devicesNeeded, ranksPerNode: (job, cluster) => Math.max(1, Math.min(devicesNeeded(job), cluster.nodes[0]?.profile.devicesPerNode ?? 1)), simulate: (job, cluster, ctx) => simulateTraining(job, cluster, ctx) },
  collective: { issues: collectiveIssues, devices: (job) => job.ranks, ranksPerNode: (job) => job.ranksPerNode, simulate: (job, cluster, ctx) => simulateCollective(job, cluster, ctx) },
  // Replicas are packed node by node, tp × pp × ep devices each; a replica never spans nodes (issues.ts).
  inference: { issues: inferenceIssues, devices: inferenceDevices, ranksPerNode: (job, cluster) => Math.max(1, Math.min(inferenceDevices(job), (cluster.nodes[0]?.profile.devicesPerNode ?? 1) - ((cluster.nodes[0]?.profile.devicesPerNode ?? 1) % devicesPerReplica(job)))), simulate: (job, cluster, ctx) => simulateInference(job, cluster, ctx) },
};

function modelOf<W extends Workload>(job: W): WorkloadModel<W> {
  // The mapped type pairs each kind with its model; TypeScript cannot follow the pairing through job.kind.
  return WORKLOADS[job.kind] as unknown as WorkloadModel<W>;
}

export function workloadIssues(job: Workload, cluster: ClusterSpec): WorkloadIssue[] {
  return modelOf(job).issues(job, cluster);
}

export function workloadDevices(job: Workload): number {
  return modelOf(job).devices(job);
}

/** Which devices each job holds (placement.ts), with the problems found, by workload index. */
export function placeWorkloads(jobs: readonly Workload[], cluster: ClusterSpec): PlacementOutcome {
  const requests: PlacementRequest[] = jobs.map((job) => ({ name: job.name, ranks: workloadDevices(job), ranksPerNode: modelOf(job).ranksPerNode(job, cluster), placement: job.placement }));
  return placeJobs(requests, clusterLayout(cluster));
}

/**
 * Collective jobs that share the fabric: with two or more, they also run together (collective/shared.ts)
 * and each result gains its `sharing` block. Other kinds are returned unchanged.
 */
export function shareFabric(jobs: readonly Workload[], placements: readonly (JobPlacement | null)[], cluster: ClusterSpec, results: Readonly<Record<string, JobResult>>): Record<string, JobResult> {
  const entries = jobs.flatMap((job, i) => (job.kind === 'collective' && placements[i] ? [{ job, devices: placements[i]!.devices }] : []));
  const out: Record<string, JobResult> = { ...results };
  if (entries.length < 2) return out;
  for (const [name, sharing] of simulateSharedCollectives(entries, cluster)) {
    const r = out[name];
    if (r?.kind === 'collective') out[name] = { ...r, sharing };
  }
  return out;
}

export async function simulateWorkload(job: Workload, cluster: ClusterSpec, ctx: SimulateContext): Promise<SimulateOutcome> {
  return await modelOf(job).simulate(job, cluster, ctx);
}
