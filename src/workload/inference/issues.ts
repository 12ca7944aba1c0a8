/**
 * Phase 4 checks of an inference job on a cluster: each replica's tp × pp devices must sit in one node
 * (the TP all-reduces run on the node's scale-up fabric), the replica must fit in device memory with room
 * for at least one KV block (replica/fit.ts, with its computed hints), and a trace file must exist.
 * The device count of all replicas together is checked by the pipeline with every other job's.
 */
import { existsSync } from 'node:fs';
import type { ClusterSpec, InferenceWorkload } from '../../config/scenario-types.ts';
import type { WorkloadIssue } from '../issue.ts';
import { replicaFitIssue } from './replica/index.ts';
import type { ReplicaSpec } from './types.ts';

/** vLLM defaults: 16 tokens per paged-KV block, 90% of device memory for the engine (gpu_memory_utilization). */
export const BLOCK_TOKENS = 16;
export const MEMORY_FRACTION = 0.9;

/** tp × pp, times ep for an MoE job (ep groups of tp × pp devices each, replica/moe.ts). */
export function devicesPerReplica(job: InferenceWorkload): number {
  return job.parallelism.tp * job.parallelism.pp * (job.parallelism.ep ?? 1);
}

export function inferenceDevices(job: InferenceWorkload): number {
  return job.replicas * devicesPerReplica(job);
}

/** The replica spec of a job on the cluster's first node group (the one placement fills first). */
export function replicaSpecOf(job: InferenceWorkload, cluster: ClusterSpec): ReplicaSpec {
  const g = cluster.nodes[0]!;
  return {
    model: job.model,
    accelerator: g.accelerator,
    tp: job.parallelism.tp,
    pp: job.parallelism.pp,
    ...(job.parallelism.ep !== undefined && job.parallelism.ep > 1 ? { ep: job.parallelism.ep } : {}),
    weightPrecision: job.precision.weights,
    kvPrecision: job.precision.kv,
    computePrecision: job.precision.compute,
    scaleUp: devicesPerReplica(job) > 1 ? g.scaleUp : null,
    blockTokens: BLOCK_TOKENS,
    memoryFraction: MEMORY_FRACTION,
  };
}

export function inferenceIssues(job: InferenceWorkload, cluster: ClusterSpec): WorkloadIssue[] {
  const issues: WorkloadIssue[] = [];
  const g = cluster.nodes[0];
  if (g === undefined) return issues;
  const per = devicesPerReplica(job);
  if (per > g.profile.devicesPerNode) {
    issues.push({
      path: 'parallelism.tp', code: 'does-not-fit',
      message: `a replica needs tp ${job.parallelism.tp} × pp ${job.parallelism.pp}${(job.parallelism.ep ?? 1) > 1 ? ` × ep ${job.parallelism.ep}` : ''} = ${per} devices in one node, but a ${g.profile.id} node has ${g.profile.devicesPerNode}`,
      hint: `tp × pp × ep <= ${g.profile.devicesPerNode}, or a node with a larger scale-up domain`,
    });
  } else {
    const fit = replicaFitIssue(replicaSpecOf(job, cluster));
    if (fit !== null) issues.push({ path: '', code: 'does-not-fit', message: fit.message, hint: fit.hint });
  }
  if (job.scheduler.preemption === 'swap' && g.profile.host === undefined) {
    issues.push({
      path: 'scheduler.preemption', code: 'not-supported',
      message: `swap preemption moves KV blocks over each GPU's host link, but node profile ${g.profile.id} does not describe its host side (host.link)`,
      hint: 'preemption: recompute, or a node profile with a host block',
    });
  }
  const sources = job.classes === undefined ? [{ path: 'source', spec: job.source }] : job.classes.map((c, i) => ({ path: `classes[${i}].source`, spec: c.source }));
  for (const { path, spec } of sources) {
    if (spec.kind === 'trace' && !existsSync(spec.file)) {
      issues.push({ path: `${path}.trace`, code: 'file-not-found', message: `trace file ${spec.file} does not exist`, hint: 'the path is relative to the scenario file' });
    }
  }
  return issues;
}
