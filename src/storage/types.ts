/**
 * Contracts between the storage models (src/storage/) and the goodput model (src/goodput/): what a
 * checkpoint and a data pipeline cost a training job on its cluster. Times in seconds, sizes in bytes.
 */

/** One checkpoint of a training job: its size and what writing and reading it costs. */
export interface CheckpointCost {
  /** bytes written per checkpoint, all ranks together (weights, optimizer state, per the job's sharding) */
  bytes: number;
  /** wall seconds to write one checkpoint to its storage tier (all ranks at once, sharing the tier and fabric) */
  writeSeconds: number;
  /** training time lost per checkpoint: the whole write when synchronous; the copy to host memory when asynchronous (the drain overlaps training) */
  stallSeconds: number;
  /** training time lost per checkpoint if it were synchronous / asynchronous (for the comparison in the report) */
  syncStallSeconds: number;
  asyncStallSeconds: number;
  /** seconds to read the latest checkpoint back on restart */
  restoreSeconds: number;
  /** the tier that limited the write (e.g. "pfs aggregate write", "per-node NIC", "local NVMe") */
  bottleneck: string;
  /** storage capacity the retained checkpoints need */
  retainedBytes: number;
  // Details for the report (optional, so a goodput test may build a CheckpointCost from the fields above).
  /** the storage profile written to, its tier and the network nodes reach it over */
  storage?: string;
  tier?: string;
  network?: StorageNetwork;
  mode?: 'sync' | 'async';
  /** the interval between checkpoints, in seconds of training and in steps */
  intervalSeconds?: number;
  intervalSteps?: number;
  /** ranks that write a share; bytes of the busiest rank and of the busiest node */
  writers?: number;
  maxRankBytes?: number;
  maxNodeBytes?: number;
  /** the copy of the busiest rank's share to host memory over its host link (the asynchronous stall) */
  copySeconds?: number;
  /** whether the write goes from device memory to storage directly (GPUDirect Storage on node and storage) */
  gpuDirect?: boolean;
  /** flow fidelity, storage on the compute fabric: how much slower the job's gradient reductions run while
   * an asynchronous drain shares the fabric (1 = not at all), and the training time that adds per checkpoint
   * (part of asyncStallSeconds) */
  drainCollectiveSlowdown?: number;
  drainInterferenceSeconds?: number;
  /** every limit's time for one write and one restore; the largest is the bottleneck */
  writeTiers?: TierTime[];
  restoreTiers?: TierTime[];
  restoreBottleneck?: string;
  /** bytes read on a restart, all ranks (each rank reads the state it holds) */
  restoreBytes?: number;
  /** storage capacity (null where the profile gives none) and whether the retained checkpoints fit in it */
  capacityBytes?: number | null;
  fits?: boolean | null;
  /** the stalls as fractions of the interval */
  syncOverheadFraction?: number;
  asyncOverheadFraction?: number;
  /** host memory one node needs to stage its share asynchronously, and what the node has (null: unknown) */
  hostStagingBytesPerNode?: number;
  hostMemoryBytes?: number | null;
}

/** Which network a node reaches a storage system over; local NVMe needs none. */
export type StorageNetwork = 'compute' | 'frontend' | 'local';

/** One limit of a transfer: its name ("parallel-fs aggregate write", "per-node NIC (compute fabric)") and the seconds it alone would take. */
export interface TierTime {
  tier: string;
  seconds: number;
}

/** The data pipeline's effect on a training step. */
export interface DataPipelineCost {
  /** bytes read per step, all ranks together */
  bytesPerStep: number;
  /** seconds the storage needs to deliver one step's data */
  readSeconds: number;
  /** extra seconds per step the step waits for data (0 when prefetch hides the read) */
  stallSeconds: number;
  /** the tier that limits the read */
  bottleneck: string;
  // Details for the report (optional).
  storage?: string;
  tier?: string;
  network?: StorageNetwork;
  prefetch?: number;
  /** reader connections per node */
  readers?: number;
  /** bytes each node reads per step */
  bytesPerNodePerStep?: number;
  /** every limit's time for one step's data; the largest is the bottleneck */
  readTiers?: TierTime[];
  /** the step without and with the data stall */
  stepSecondsWithoutData?: number;
  stepSecondsWithData?: number;
  /** host memory per node the prefetched steps need ((prefetch + 1) steps of data), and what the node has (null: unknown) */
  hostBufferBytesPerNode?: number;
  hostMemoryBytes?: number | null;
}
