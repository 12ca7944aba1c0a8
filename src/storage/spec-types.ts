/**
 * The normalised storage keys of a training workload (scenario `data:` and `checkpoint:`), as phase 3
 * hands them to the storage models (src/storage/). SI numbers; a storage id names an entry of
 * `cluster.storage` (checked in phase 2, src/config/storage-schema.ts).
 */

/** Where a job's training data comes from and how it is read. */
export interface DataPipelineSpec {
  /** bytes read from storage per sample (one sequence of the global batch); `bytesPerToken` × sequence length when given per token */
  bytesPerSample: number;
  /** steps of data loaded ahead of the one being trained on; 0 = each step's data is read when the step starts */
  prefetch: number;
  /** reader processes (one connection each) per node; null = 2 per device, Megatron-LM's `--num-workers` default */
  readers: number | null;
  /** storage profile id, one of the cluster's storage entries */
  storage: string;
  /** samples stored per file (one open per file read); null = large shards whose opens are negligible */
  samplesPerFile: number | null;
}

/** How often a job checkpoints, where to, and how. */
export interface CheckpointSpec {
  /** the interval: wall seconds of training, or optimizer steps */
  every: { seconds: number } | { steps: number };
  /** sync: training waits for the write; async: training waits only for the copy to host memory */
  mode: 'sync' | 'async';
  /** storage profile id, one of the cluster's storage entries */
  storage: string;
  /** checkpoints kept on the storage at once */
  retain: number;
  /** state the data-parallel replicas share is written by all of them, a slice each (Megatron-Core's fully
   * parallel save, on by default); false: by the first replica only (torch.save from data-parallel rank 0) */
  parallelSave: boolean;
  /** on restore, every rank reads a slice of the state the replicas share and the replicas exchange it over the
   * fabric (Megatron-Core's --ckpt-fully-parallel-load, off by default); false: each rank reads all it holds */
  parallelLoad: boolean;
}
