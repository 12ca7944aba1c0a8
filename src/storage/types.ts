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
}
