/**
 * What one checkpoint costs a training job: its size, the write with every rank writing at once, the stall
 * it causes when synchronous and when asynchronous, the restore on a restart, and the retained capacity.
 *
 * With the layout of checkpoint-layout.ts (size S, busiest rank B_r, busiest node B_n) and the limits of
 * tiers.ts:
 *   copy   c = B_r / R_host                         device memory to host memory over the host link
 *   drain  d = max(storage-side limits of the write) host memory (or the device) to storage
 *   direct w = max(d's limits, host link)           GPUDirect Storage: device to storage in one pass
 *   synchronous stall   = w with GPUDirect Storage, else c + d (staged through host memory, one after the other)
 *   asynchronous stall  = c + max(0, d − I) [+ x]   training resumes after the copy; the drain overlaps it, and
 *                                                   the next copy waits if the drain outlasts the interval I;
 *                                                   x: the drain's cost to the gradient reductions (flow only)
 *   write time          = w when synchronous with GPUDirect Storage, else d
 *   restore             = the same for reading each rank's held state back (R bytes), with the host-link copy
 *                         after the read when it is staged
 *   retained capacity   = retain · S; local NVMe holds it on the job's nodes' drives
 * The interval I is the scenario's time, or its steps × the step time. At flow fidelity, a parallel file
 * system on the compute fabric adds one more limit to the write and the restore: every node's share moved
 * through the fabric graph at once, NICs, leaf uplinks, spines and the storage's attachment shared max-min
 * (fabric-transfer.ts). There an asynchronous drain also shares the fabric with the job's gradient
 * reductions, and the stall gains what that costs them (interference, below).
 */
import type { ClusterSpec, TrainingWorkload } from '../config/scenario-types.ts';
import type { Assumption } from '../metrics/result-types.ts';
import { checkpointLayout } from './checkpoint-layout.ts';
import { capacityFor, slowest, storageSide, transferTimes } from './tiers.ts';
import type { CheckpointCost, TierTime } from './types.ts';
import { drainInterference, fabricTransferSeconds, onFabric } from './fabric-transfer.ts';
import type { CollectiveCall } from '../fabric/collectives/types.ts';
import type { Topology } from '../fabric/topology/index.ts';

export interface CheckpointOptions {
  /** the training step time (with any data stall): turns an interval in steps into seconds, and back */
  stepSeconds: number;
  /** flow fidelity: the fabric and the job's nodes, to time the transfer through the fabric graph; with `dp`,
   * the job's gradient reductions (one stage's groups together) and their exposed time per step */
  fabric?: { topology: Topology; nodes: readonly number[]; dp?: { calls: CollectiveCall[]; exposedSeconds: number } };
}

/**
 * The drain's cost to training (header): the gradient reductions' slowdown s while the drain shares the
 * fabric, applied to their exposed time e for the steps the drain lasts, min(d, I) / step:
 *   interference = min(d, I) / step · (s − 1) · e
 * A lower bound: reductions hidden behind compute are taken to stay hidden when slowed.
 */
function interference(cluster: ClusterSpec, opts: CheckpointOptions, storageId: string, bytes: number, drainSeconds: number, intervalSeconds: number): { slowdown: number; seconds: number } | undefined {
  const f = opts.fabric;
  if (f?.dp === undefined || f.dp.calls.length === 0 || !onFabric(f.topology, storageId)) return undefined;
  const { slowdown } = drainInterference(cluster, f.topology, { storageId, direction: 'write', nodes: f.nodes, totalBytes: bytes }, f.dp.calls);
  const steps = Math.min(drainSeconds, intervalSeconds) / opts.stepSeconds;
  return { slowdown, seconds: steps * Math.max(0, slowdown - 1) * f.dp.exposedSeconds };
}

/** The fabric limit of a transfer, when the storage is in the fabric graph (header); none otherwise. */
function fabricTier(cluster: ClusterSpec, opts: CheckpointOptions, storageId: string, direction: 'read' | 'write', totalBytes: number): TierTime[] {
  const f = opts.fabric;
  if (f === undefined || !onFabric(f.topology, storageId)) return [];
  const { seconds } = fabricTransferSeconds(cluster, f.topology, { storageId, direction, nodes: f.nodes, totalBytes });
  return [{ tier: `compute fabric ${direction} (flow: NICs, leaf uplinks, spines, storage links)`, seconds }];
}

export function checkpointCost(job: TrainingWorkload, cluster: ClusterSpec, opts: CheckpointOptions): CheckpointCost {
  return checkpointWithAssumptions(job, cluster, opts).cost;
}

/** checkpointCost and the profile figures it used, for the report's assumptions table. */
export function checkpointWithAssumptions(job: TrainingWorkload, cluster: ClusterSpec, opts: CheckpointOptions): { cost: CheckpointCost; assumptions: Assumption[] } {
  const spec = job.checkpoint;
  if (spec === undefined) throw new Error(`internal: training job ${job.name} has no checkpoint settings`);
  const side = storageSide(cluster, spec.storage);
  const L = checkpointLayout(job, side.group.profile.devicesPerNode, spec.parallelSave, spec.parallelLoad);

  const written0 = transferTimes(side, { direction: 'write', totalBytes: L.bytes, maxNodeBytes: L.maxNodeBytes, maxRankBytes: L.maxRankBytes, streamsPerNode: L.writersOnBusiestNode, files: L.writers });
  const write = { ...written0, storage: [...written0.storage, ...fabricTier(cluster, opts, side.storage.id, 'write', L.bytes)] };
  const drain = slowest(write.storage);
  const direct = slowest([...write.storage, write.hostLink]);
  const copySeconds = write.hostLink.seconds;
  const intervalSeconds = 'seconds' in spec.every ? spec.every.seconds : spec.every.steps * opts.stepSeconds;
  const intervalSteps = 'steps' in spec.every ? spec.every.steps : Math.max(1, Math.ceil(spec.every.seconds / opts.stepSeconds));
  const syncStallSeconds = side.gpuDirect ? direct.seconds : copySeconds + drain.seconds;
  const shared = spec.mode === 'async' ? interference(cluster, opts, side.storage.id, L.bytes, drain.seconds, intervalSeconds) : undefined;
  const asyncStallSeconds = copySeconds + Math.max(0, drain.seconds - intervalSeconds) + (shared?.seconds ?? 0);
  const written = spec.mode === 'sync' && side.gpuDirect ? direct : drain;

  const read0 = transferTimes(side, {
    direction: 'read', totalBytes: L.restoreBytes, maxNodeBytes: L.restoreBytesPerRank * L.ranksPerNode, maxRankBytes: L.restoreBytesPerRank,
    streamsPerNode: L.ranksPerNode, files: L.writers,
  });
  const restore = { ...read0, storage: [...read0.storage, ...fabricTier(cluster, opts, side.storage.id, 'read', L.restoreBytes)] };
  const restoreFrom = slowest(side.gpuDirect ? [...restore.storage, restore.hostLink] : restore.storage);
  const restoreSeconds = side.gpuDirect ? restoreFrom.seconds : restoreFrom.seconds + restore.hostLink.seconds;

  const retainedBytes = spec.retain * L.bytes;
  const capacityBytes = capacityFor(side.storage, L.nodes);
  const cost: CheckpointCost = {
    bytes: L.bytes,
    writeSeconds: written.seconds,
    stallSeconds: spec.mode === 'sync' ? syncStallSeconds : asyncStallSeconds,
    syncStallSeconds,
    asyncStallSeconds,
    restoreSeconds,
    bottleneck: written.tier,
    retainedBytes,
    storage: side.storage.id,
    tier: side.storage.tier,
    network: side.network,
    mode: spec.mode,
    intervalSeconds,
    intervalSteps,
    writers: L.writers,
    maxRankBytes: L.maxRankBytes,
    maxNodeBytes: L.maxNodeBytes,
    copySeconds,
    gpuDirect: side.gpuDirect,
    ...(shared !== undefined ? { drainCollectiveSlowdown: shared.slowdown, drainInterferenceSeconds: shared.seconds } : {}),
    writeTiers: side.gpuDirect ? [...write.storage, write.hostLink] : write.storage,
    restoreTiers: side.gpuDirect ? [...restore.storage, restore.hostLink] : restore.storage,
    restoreBottleneck: restoreFrom.tier,
    restoreBytes: L.restoreBytes,
    capacityBytes,
    fits: capacityBytes === null ? null : retainedBytes <= capacityBytes,
    syncOverheadFraction: syncStallSeconds / intervalSeconds,
    asyncOverheadFraction: asyncStallSeconds / intervalSeconds,
    hostStagingBytesPerNode: L.maxNodeBytes,
    hostMemoryBytes: side.hostMemoryBytes,
  };
  return { cost, assumptions: side.assumptions };
}
