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
 *
 * Assumptions: nccl-tests times an average over many iterations after warm-up; one call here is that steady
 * state (no first-call setup). Sizes are not rounded to a multiple of ranks × element size as nccl-tests
 * does; below a few KiB its sizes and ours may differ by that rounding. The devices run no compute kernels,
 * so compute utilisation is 0 (energy counts them at the communication load, metrics/power.ts).
 */
import type { ClusterSpec, CollectiveWorkload, Fidelity } from '../../config/scenario-types.ts';
import { NVLS_EFFICIENCY, NVLS_LATENCY_SECONDS } from '../../fabric/collectives/nvls.ts';
import { measureCollective, type CollectiveSetup } from '../../fabric/collectives/run.ts';
import type { CollectiveCall } from '../../fabric/collectives/types.ts';
import { buildTopology } from '../../fabric/topology/index.ts';
import type { Assumption, CollectiveJobResult, CollectivePoint } from '../../metrics/result-types.ts';
import { clusterShape, FABRIC_OP, nodesSpanned, railsPerNode, rankDevices } from './placement.ts';

const GB = 1e9;

export function simulateCollective(job: CollectiveWorkload, cluster: ClusterSpec, ctx: { fidelity: Fidelity }): { result: CollectiveJobResult; assumptions: Assumption[] } {
  const group = cluster.nodes.find((g) => g.count > 0);
  if (group === undefined) throw new Error(`collective job ${job.name}: the cluster has no nodes`);
  const shape = clusterShape(cluster);
  const setup: CollectiveSetup = { topology: buildTopology(cluster), backend: ctx.fidelity, scaleUp: group.scaleUp, scaleOut: cluster.scaleOut?.profile ?? null };
  const base: CollectiveCall = { op: FABRIC_OP[job.op], ranks: rankDevices(job, shape), bytes: 0, algorithm: job.algorithm, job: job.name };
  if (job.channels !== null) base.channels = job.channels;

  const points: CollectivePoint[] = job.sizesBytes.map((bytes) => {
    const m = measureCollective({ ...base, bytes }, setup);
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
    busbwPerNicGBps: nodes > 1 && shape.nics > 0 ? last.busbwGBps / railsPerNode(job, shape) : null,
    simulatedSeconds: points.reduce((s, p) => s + p.seconds, 0),
    computeUtilisation: 0,
  };
  return { result, assumptions: collectiveAssumptions(cluster, nodes > 1, points) };
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
