/**
 * One collective job -> its CollectiveJobResult: the nccl-tests measurement, simulated.
 *
 * For each buffer size S of the sweep, the call runs alone on a fresh simulation of the cluster's fabric
 * (fabric/collectives/run.ts measureCollective, with the scenario's fidelity as the network backend), and
 *
 *   algbw = S / t,   busbw = algbw × busFactor(op, n)        (nccl-tests doc/PERFORMANCE.md)
 *
 * reported in GB/s = 1e9 bytes/s, as nccl-tests prints. The fabric graph is built once and shared by the
 * sizes (it is read-only to a run). The job's headline busbw and algbw are those of the largest size, where
 * nccl-tests' bandwidth has saturated; busbwPerNic divides that busbw by the NIC rails each node drives
 * (the "GB/s per NIC" NCCL's maintainers quote for multi-node runs). simulatedSeconds is one call per size.
 * Ranks sit on the devices the scenario's placement gave the job (workload/placement.ts; packed from
 * device 0 when called without them). `links` is the fabric's utilisation during the largest size's call
 * (collective/utilisation.ts), with per-tier utilisation over time at flow fidelity (collective/timeline.ts);
 * sharing the fabric with other jobs is collective/shared.ts.
 *
 * Assumptions: nccl-tests times an average over many iterations after warm-up; one call here is that steady
 * state (no first-call setup). Sizes are not rounded to a multiple of ranks × element size as nccl-tests
 * does; below a few KiB its sizes and ours may differ by that rounding. The devices run no compute kernels,
 * so compute utilisation is 0 (energy counts them at the communication load, metrics/power.ts).
 */
import type { ClusterSpec, CollectiveWorkload, Fidelity } from '../../config/scenario-types.ts';
import { NVLS_EFFICIENCY, NVLS_LATENCY_SECONDS } from '../../fabric/collectives/nvls.ts';
import { NCCL_DEFAULTS } from '../../fabric/collectives/protocol.ts';
import { clusterSetup, measureCollective, type CollectiveMeasurement, type CollectiveSetup } from '../../fabric/collectives/run.ts';
import type { CollectiveCall } from '../../fabric/collectives/types.ts';
import { buildTopology } from '../../fabric/topology/index.ts';
import type { Assumption, CollectiveJobResult, CollectivePoint, TierUtilisationOverTime } from '../../metrics/result-types.ts';
import type { LinkUsage } from '../../fabric/backend/types.ts';
import { clusterShape, FABRIC_OP, nodesSpanned, rankDevices, type ClusterShape } from './placement.ts';
import { measureRecorded } from './timeline.ts';
import { linkUtilisation } from './utilisation.ts';

const GB = 1e9;

export function simulateCollective(job: CollectiveWorkload, cluster: ClusterSpec, ctx: { fidelity: Fidelity; devices?: readonly number[] }): { result: CollectiveJobResult; assumptions: Assumption[] } {
  const group = cluster.nodes.find((g) => g.count > 0);
  if (group === undefined) throw new Error(`collective job ${job.name}: the cluster has no nodes`);
  const shape = clusterShape(cluster);
  const topology = buildTopology(cluster);
  const setup: CollectiveSetup = { topology, backend: ctx.fidelity, ...clusterSetup(cluster) };
  const ranks = ctx.devices !== undefined ? [...ctx.devices] : rankDevices(job, shape);
  const base: CollectiveCall = { op: FABRIC_OP[job.op], ranks, bytes: 0, algorithm: job.algorithm, job: job.name };
  if (job.channels !== null) base.channels = job.channels;

  let usage: LinkUsage[] = [];
  let overTime: TierUtilisationOverTime[] | undefined;
  const points: CollectivePoint[] = job.sizesBytes.map((bytes, i) => {
    // only the largest size's run is reported over time, and only the flow backend has a time line
    const recorded = i === job.sizesBytes.length - 1 && ctx.fidelity === 'flow';
    const m: CollectiveMeasurement & { overTime?: TierUtilisationOverTime[] } = recorded ? measureRecorded({ ...base, bytes }, setup) : measureCollective({ ...base, bytes }, setup);
    if (m.overTime !== undefined) overTime = m.overTime;
    usage = m.usage;
    return { bytes, seconds: m.seconds, algbwGBps: m.algBytesPerSecond / GB, busbwGBps: m.busBytesPerSecond / GB, algorithm: m.algorithm };
  });
  const last = points.at(-1)!;
  const nodes = nodesSpanned(job);
  const result: CollectiveJobResult = {
    kind: 'collective',
    name: job.name,
    op: job.op,
    ranks: job.ranks,
    nodes,
    devices: job.ranks,
    accelerator: group.accelerator.id,
    algorithm: job.algorithm,
    points,
    busbwGBps: last.busbwGBps,
    algbwGBps: last.algbwGBps,
    busbwPerNicGBps: nodes > 1 && shape.nics > 0 ? last.busbwGBps / railsUsed(ranks, shape) : null,
    simulatedSeconds: points.reduce((s, p) => s + p.seconds, 0),
    computeUtilisation: 0,
    placement: { policy: policyOf(job), nodes: [...new Set(ranks.map((d) => Math.floor(d / shape.devicesPerNode)))] },
    links: linkUtilisation(topology, usage, last.seconds, ctx.fidelity, last.bytes, overTime),
  };
  return { result, assumptions: collectiveAssumptions(cluster, nodes > 1, points) };
}

function policyOf(job: CollectiveWorkload): string {
  return job.placement === undefined ? 'packed' : typeof job.placement === 'string' ? job.placement : 'nodes';
}

/** NIC rails the ranks of the first rank's node drive (GPU l uses rail floor(l · nics / devicesPerNode)) */
function railsUsed(ranks: readonly number[], shape: ClusterShape): number {
  const node = Math.floor(ranks[0]! / shape.devicesPerNode);
  const rails = new Set<number>();
  for (const d of ranks) if (Math.floor(d / shape.devicesPerNode) === node) rails.add(Math.floor(((d % shape.devicesPerNode) * shape.nics) / shape.devicesPerNode));
  return Math.max(1, rails.size);
}

function collectiveAssumptions(cluster: ClusterSpec, multiNode: boolean, points: readonly CollectivePoint[]): Assumption[] {
  const group = cluster.nodes.find((g) => g.count > 0)!;
  const out: Assumption[] = [];
  const up = group.scaleUp;
  if (up !== null) {
    out.push(
      { name: `${up.name} bandwidth per device (one direction)`, value: up.linkBandwidthBytesPerSecond, unit: 'B/s', source: up.source },
      { name: `${up.name} collective efficiency`, value: up.efficiency, unit: '1', source: up.source },
      { name: `${up.name} latency`, value: up.latencySeconds, unit: 's', source: up.source },
    );
  }
  if (points.some((p) => p.algorithm === 'nvls')) {
    const src = 'NVLS all-reduce model (src/fabric/collectives/nvls.ts): efficiency fitted on 8 x H100 busbw ~480 GB/s (NVIDIA/nccl-tests#212); latency from NCCL tuning.cc';
    out.push(
      { name: 'NVLS multimem efficiency (fraction of NVLink line rate)', value: NVLS_EFFICIENCY, unit: '1', source: src },
      { name: 'NVLS per-call latency', value: NVLS_LATENCY_SECONDS, unit: 's', source: src },
    );
  }
  if (cluster.nccl !== undefined) {
    const src = 'scenario cluster.nccl (NCCL_PROTO, NCCL_BUFFSIZE); the buffer sets the Simple tree and chain chunk (src/fabric/collectives/protocol.ts)';
    const protocols = cluster.nccl.protocols ?? NCCL_DEFAULTS.protocols;
    out.push({ name: `NCCL buffer size (NCCL_BUFFSIZE), protocols ${protocols.join(',')} (NCCL_PROTO)`, value: cluster.nccl.bufferBytes ?? NCCL_DEFAULTS.bufferBytes, unit: 'B', source: src });
  }
  const so = cluster.scaleOut;
  if (multiNode && so !== null) {
    const node = group.profile;
    out.push(
      { name: `${node.name} NICs (count × per-NIC bandwidth)`, value: node.nics.count * node.nics.bandwidthBytesPerSecond, unit: 'B/s', source: node.nics.source },
      { name: `${so.profile.name} port bandwidth (one direction)`, value: so.profile.linkBandwidthBytesPerSecond, unit: 'B/s', source: so.profile.source },
      { name: `${so.profile.name} collective efficiency`, value: so.profile.efficiency, unit: '1', source: so.profile.source },
      { name: `${so.profile.name} latency`, value: so.profile.latencySeconds, unit: 's', source: so.profile.source },
    );
  }
  return out;
}
