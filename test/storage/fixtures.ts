/**
 * A small cluster and model for the storage tests, with round figures so every expected time can be worked
 * by hand. The figures are test inputs, not hardware claims: 2 nodes of 8 H100, 8 compute NICs of 50 GB/s
 * (400 GB/s a node), 2 storage NICs of 5 GB/s, a 50 GB/s host link per device, 1 TB of host memory; a parallel
 * file system writing 50 GB/s and reading 100 GB/s in all, 10 / 20 GB/s per client, 1,000 creates and
 * 10,000 opens a second.
 *
 * The model: 2 layers, h 1024, 8 heads (MHA), gelu FFN 4096, vocabulary 1000, tied embeddings:
 *   layer = 4h² (attention) + 2hf (FFN) + 2h (norms) = 4,194,304 + 8,388,608 + 2,048 = 12,584,960
 *   P = 2 · 12,584,960 + V·h + h = 25,169,920 + 1,024,000 + 1,024 = 26,194,944 parameters
 * bf16 weights (2 B) and Adam (12 B): S = 14 P = 366,729,216 bytes.
 */
import type { ClusterSpec, TrainingWorkload } from '../../src/config/scenario-types.ts';
import type { NodeProfile, StorageProfile } from '../../src/hardware/profile-types.ts';
import type { ModelArchitecture } from '../../src/workload/training/model-types.ts';
import { h100, ibNdr, job, nvlink4, type JobOptions } from '../workload/fixtures.ts';

export const P = 26_194_944;
export const GB = 1e9;

export const tiny: ModelArchitecture = {
  id: 'tiny', name: 'tiny', source: 'test fixture', layers: 2, hiddenSize: 1024, attentionHeads: 8, kvHeads: 8,
  ffnHiddenSize: 4096, ffnKind: 'gelu', vocabSize: 1000, tiedEmbeddings: true, maxSequenceLength: 1024,
};

export const node: NodeProfile = {
  kind: 'node', id: 'test-node', name: 'test node', accelerator: 'h100-sxm', devicesPerNode: 8, scaleUpFabric: 'nvlink4-nvswitch', scaleUpDomainSize: 8,
  nics: { count: 8, bandwidthBytesPerSecond: 50 * GB, source: 'test fixture' },
  power: { maxWatts: 10_000, idleWatts: 1_000, source: 'test fixture' }, price: null,
  host: { linkBytesPerSecond: 50 * GB, memoryBytes: 1e12, gpuDirectStorage: true, source: 'test fixture' },
  storageNics: { count: 2, bandwidthBytesPerSecond: 5 * GB, source: 'test fixture' },
};

export const pfs: StorageProfile = {
  kind: 'storage', id: 'pfs', name: 'test pfs', tier: 'parallel-fs', readBandwidthBytesPerSecond: 100 * GB, writeBandwidthBytesPerSecond: 50 * GB,
  perClient: { readBytesPerSecond: 20 * GB, writeBytesPerSecond: 10 * GB, source: 'test fixture' },
  metadata: { createsPerSecond: 1_000, opensPerSecond: 10_000, source: 'test fixture' },
  gpuDirectStorage: true, source: 'test fixture',
};

export const s3: StorageProfile = {
  kind: 'storage', id: 's3', name: 'test object store', tier: 'object-store', readBandwidthBytesPerSecond: 8 * GB, writeBandwidthBytesPerSecond: 8 * GB,
  perConnection: { bytesPerSecond: 0.1 * GB, source: 'test fixture' },
  requests: { getsPerSecondPerPrefix: 5_500, putsPerSecondPerPrefix: 3_500, requestBytes: 8e6, source: 'test fixture' },
  source: 'test fixture',
};

export const nvme: StorageProfile = {
  kind: 'storage', id: 'nvme', name: 'test local NVMe', tier: 'local-nvme', readBandwidthBytesPerSecond: 40 * GB, writeBandwidthBytesPerSecond: 20 * GB,
  capacityBytes: 1e12, gpuDirectStorage: true, source: 'test fixture',
};

export function cluster(storage: StorageProfile[] = [pfs, s3, nvme], n: NodeProfile = node, count = 2): ClusterSpec {
  return { nodes: [{ profile: n, accelerator: h100, scaleUp: nvlink4, count }], scaleOut: { profile: ibNdr, topology: 'rail-optimized', oversubscription: 1 }, storage };
}

/** tp 2 × dp 8 = 16 ranks on 2 nodes unless the options say otherwise. */
export function tinyJob(o: JobOptions = {}, extra: Partial<TrainingWorkload> = {}): TrainingWorkload {
  return { ...job(tiny, { global: 64, seq: 1024, ...o, parallelism: { tp: 2, dp: 8, ...o.parallelism } }), ...extra };
}
