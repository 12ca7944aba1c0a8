/** Phase 6 for inference jobs: energy and cost per token, from the run's totals. */
import type { ClusterSpec } from '../config/scenario-types.ts';
import type { JobResult } from './result-types.ts';
import { JOULES_PER_KWH } from './si.ts';

/**
 * Energy per 1,000 output tokens and cost per million output tokens of each inference job: the run's
 * facility energy and cost attributed to the job by its share of the cluster's devices (exact when the
 * job holds the whole cluster; idle devices of a larger cluster are charged pro rata).
 */
export function perToken(jobs: Record<string, JobResult>, totalKWh: number, totalUsd: number, cluster: ClusterSpec): Record<string, JobResult> {
  const devices = cluster.nodes.reduce((s, g) => s + g.count * g.profile.devicesPerNode, 0);
  const out: Record<string, JobResult> = {};
  for (const [name, j] of Object.entries(jobs)) {
    if (j.kind !== 'inference' || j.requests.outputTokens === 0 || devices === 0) {
      out[name] = j;
      continue;
    }
    const share = j.devices / devices;
    out[name] = { ...j, energyPer1kTokensJoules: (totalKWh * JOULES_PER_KWH * share) / (j.requests.outputTokens / 1000), usdPerMillionTokens: (totalUsd * share) / (j.requests.outputTokens / 1e6) };
  }
  return out;
}
