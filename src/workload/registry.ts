/**
 * Workload models by kind: what the pipeline's phase 4 (check) and phase 5 (simulate) call for each job.
 * Adding a kind means a schema entry (config/scenario-schema.ts), a normalised type (config/scenario-types.ts),
 * a result type (metrics/result-types.ts) and an entry here; the pipeline itself does not change.
 */
import type { ClusterSpec, Fidelity, Workload } from '../config/scenario-types.ts';
import type { Assumption, JobResult } from '../metrics/result-types.ts';
import { collectiveIssues, simulateCollective } from './collective/index.ts';
import type { WorkloadIssue } from './issue.ts';
import { simulateTraining, trainingIssues } from './training/index.ts';
import { devicesNeeded } from './training/placement.ts';

export type { WorkloadIssue } from './issue.ts';

export interface SimulateContext {
  fidelity: Fidelity;
  seed: number;
}

export interface WorkloadModel<W extends Workload> {
  /** problems with the job on this cluster; empty when it can be simulated */
  issues(job: W, cluster: ClusterSpec): WorkloadIssue[];
  /** devices the job holds for its whole run (jobs of one scenario run side by side on disjoint devices) */
  devices(job: W): number;
  /** runs the job; callers check issues first (simulate throws on a job they reject) */
  simulate(job: W, cluster: ClusterSpec, ctx: SimulateContext): { result: JobResult; assumptions: Assumption[] };
}

type Models = { [K in Workload['kind']]: WorkloadModel<Extract<Workload, { kind: K }>> };

export const WORKLOADS: Readonly<Models> = {
  training: { issues: trainingIssues, devices: devicesNeeded, simulate: (job, cluster, ctx) => simulateTraining(job, cluster, ctx) },
  collective: { issues: collectiveIssues, devices: (job) => job.ranks, simulate: (job, cluster, ctx) => simulateCollective(job, cluster, ctx) },
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

export function simulateWorkload(job: Workload, cluster: ClusterSpec, ctx: SimulateContext): { result: JobResult; assumptions: Assumption[] } {
  return modelOf(job).simulate(job, cluster, ctx);
}
