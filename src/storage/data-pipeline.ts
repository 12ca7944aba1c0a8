/**
 * The training data pipeline: bytes read per step, how long the storage takes to deliver them, and the
 * stall when prefetch cannot hide the read.
 *
 *   bytes per step      B = global batch (sequences) × bytes per sample   (bytesPerToken × sequence length when
 *                                                                         the scenario gives it per token)
 *   per node            B_n = B / N over the job's N nodes: each data-parallel replica reads its own slice,
 *                       and a node's ranks that need the same sample (tp, cp, pipeline stages) share one read
 *                       through the page cache, so only the unique bytes leave storage
 *   read time           r = max over the limits of tiers.ts (aggregate, per client, per-node NIC, connections
 *                       = readers per node, request rate, metadata opens, host link for B_n / devices per node)
 *                       the data loader reads into host memory and copies each batch to the device, pipelined
 *                       with the reads, so the host link is one more concurrent limit
 *   opens per step      F = ceil(global batch / samplesPerFile) when samples sit in files of their own; 0 for
 *                       large shards
 *   stall               prefetch 0: the step waits for its whole read, s = r;
 *                       prefetch ≥ 1: the read of later steps overlaps training, s = max(0, r − t_step)
 *                       (in steady state deeper prefetch only absorbs jitter, which this closed form has none of)
 *   host buffer         (prefetch + 1) · B_n bytes of host memory per node
 * The stall adds to the step (apply.ts). Where the storage holds the bytes (capacity) is not checked: a
 * dataset's size is not a scenario key.
 */
import type { ClusterSpec, TrainingWorkload } from '../config/scenario-types.ts';
import type { Assumption } from '../metrics/result-types.ts';
import { slowest, storageSide, transferTimes } from './tiers.ts';
import type { DataPipelineCost } from './types.ts';

/** Megatron-LM's --num-workers default: data-loader workers per rank. */
export const DEFAULT_READERS_PER_DEVICE = 2;

export interface DataPipelineOptions {
  /** the training step without any data stall */
  stepSeconds: number;
}

export function dataPipelineCost(job: TrainingWorkload, cluster: ClusterSpec, opts: DataPipelineOptions): DataPipelineCost {
  return dataPipelineWithAssumptions(job, cluster, opts).cost;
}

/** dataPipelineCost and the profile figures it used, for the report's assumptions table. */
export function dataPipelineWithAssumptions(job: TrainingWorkload, cluster: ClusterSpec, opts: DataPipelineOptions): { cost: DataPipelineCost; assumptions: Assumption[] } {
  const spec = job.data;
  if (spec === undefined) throw new Error(`internal: training job ${job.name} has no data pipeline`);
  const side = storageSide(cluster, spec.storage);
  const perNode = side.group.profile.devicesPerNode;
  const p = job.parallelism;
  const devices = p.dp * p.tp * p.pp * p.cp;
  const nodes = Math.ceil(devices / perNode);
  const readers = spec.readers ?? DEFAULT_READERS_PER_DEVICE * Math.min(perNode, devices);
  const bytesPerStep = job.batch.globalSequences * spec.bytesPerSample;
  const bytesPerNode = bytesPerStep / nodes;
  const files = spec.samplesPerFile === null ? 0 : Math.ceil(job.batch.globalSequences / spec.samplesPerFile);
  const t = transferTimes(side, {
    direction: 'read', totalBytes: bytesPerStep, maxNodeBytes: bytesPerNode, maxRankBytes: bytesPerNode / Math.min(perNode, devices),
    streamsPerNode: readers, files,
  });
  const readTiers = [...t.storage, t.hostLink];
  const limit = slowest(readTiers);
  const stallSeconds = spec.prefetch === 0 ? limit.seconds : Math.max(0, limit.seconds - opts.stepSeconds);
  const cost: DataPipelineCost = {
    bytesPerStep,
    readSeconds: limit.seconds,
    stallSeconds,
    bottleneck: limit.tier,
    storage: side.storage.id,
    tier: side.storage.tier,
    network: side.network,
    prefetch: spec.prefetch,
    readers,
    bytesPerNodePerStep: bytesPerNode,
    readTiers,
    stepSecondsWithoutData: opts.stepSeconds,
    stepSecondsWithData: opts.stepSeconds + stallSeconds,
    hostBufferBytesPerNode: (spec.prefetch + 1) * bytesPerNode,
    hostMemoryBytes: side.hostMemoryBytes,
  };
  return { cost, assumptions: side.assumptions };
}
