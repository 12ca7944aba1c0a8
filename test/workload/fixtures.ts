/**
 * Inline hardware profiles for the training-model tests, until hardware-profiles/ and its loader land.
 * Figures from /work/shared/reference/hardware.md (keys in brackets) and validation-dev.md (rows);
 * the A100 matmul efficiency is the one fitted in calibration.test.ts on Korthikanti Table 4.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { AcceleratorProfile, FabricProfile, NodeProfile } from '../../src/hardware/profile-types.ts';
import type { ClusterSpec, Parallelism, TrainingWorkload } from '../../src/config/scenario-types.ts';
import type { ModelArchitecture } from '../../src/workload/training/model-types.ts';

const GiB = 2 ** 30;

/** Fitted on Korthikanti et al. 2022 Table 4 (22B layer, fwd + bwd 19.6 ms); see calibration.test.ts. */
export const A100_MATMUL_EFFICIENCY_FIT = 0.70;
/** Fitted on the same table's selective-recomputation increment (+1.3 ms, memory-bound kernels only); see calibration.test.ts. */
export const A100_MEMORY_EFFICIENCY_FIT = 0.68;

export const a100: AcceleratorProfile = {
  kind: 'accelerator', id: 'a100-sxm4-80gb', name: 'A100 SXM4 80GB', vendor: 'NVIDIA', family: 'gpu', year: 2020,
  compute: { fp64: 19.5e12, fp32: 19.5e12, tf32: 156e12, bf16: 312e12, fp16: 312e12, int8: 624e12, source: 'hardware.md A1 [NV-A100]' },
  memory: { capacityBytes: 80 * GiB, bandwidthBytesPerSecond: 2.039e12, source: 'hardware.md A2 [NV-A100]' },
  power: { tdpWatts: 400, idleWatts: 50, source: 'hardware.md A2 [NV-A100]' },
  scaleUp: { tech: 'NVLink 3', bandwidthBytesPerSecond: 300e9, source: 'hardware.md B1' },
  efficiency: { matmul: A100_MATMUL_EFFICIENCY_FIT, memory: A100_MEMORY_EFFICIENCY_FIT, source: 'test fixture: matmul and memory fitted on Korthikanti Table 4 (calibration.test.ts)' },
  price: null,
};

export const h100: AcceleratorProfile = {
  kind: 'accelerator', id: 'h100-sxm', name: 'H100 SXM', vendor: 'NVIDIA', family: 'gpu', year: 2022,
  compute: { fp64: 67e12, fp32: 67e12, tf32: 494.7e12, bf16: 989.4e12, fp16: 989.4e12, fp8: 1979e12, source: 'hardware.md A1 [NV-H100]' },
  memory: { capacityBytes: 80 * GiB, bandwidthBytesPerSecond: 3.35e12, source: 'hardware.md A2 [NV-H100]' },
  power: { tdpWatts: 700, idleWatts: 80, source: 'hardware.md A2' },
  scaleUp: { tech: 'NVLink 4', bandwidthBytesPerSecond: 450e9, source: 'hardware.md B1' },
  efficiency: { matmul: 0.8, memory: 0.9, source: 'test fixture: H200 8192³ bf16 GEMM 0.78–0.81 and copy ~0.9 (validation-dev.md)' },
  price: null,
};

export const nvlink3: FabricProfile = {
  kind: 'fabric', id: 'nvlink3-nvswitch', name: 'NVLink 3 + NVSwitch', tier: 'scale-up',
  linkBandwidthBytesPerSecond: 300e9, latencySeconds: 2e-6, efficiency: 0.77, inNetworkReduction: false,
  source: 'hardware.md B1 (300 GB/s per GPU per direction), B5 (~1–2 µs); efficiency: validation-dev.md row 57 (230/300 GB/s)',
};

export const nvlink4: FabricProfile = {
  kind: 'fabric', id: 'nvlink4-nvswitch', name: 'NVLink 4 + NVSwitch', tier: 'scale-up',
  linkBandwidthBytesPerSecond: 450e9, latencySeconds: 2e-6, efficiency: 0.82, inNetworkReduction: true,
  source: 'hardware.md B1 (450 GB/s per GPU per direction), B5; efficiency: validation-dev.md row 54 (370/450 GB/s)',
};

export const ibHdr: FabricProfile = {
  kind: 'fabric', id: 'ib-hdr-200', name: 'InfiniBand HDR 200', tier: 'scale-out',
  linkBandwidthBytesPerSecond: 25e9, latencySeconds: 5e-6, efficiency: 0.92, inNetworkReduction: false,
  source: 'hardware.md B2 (200 Gb/s), B5 (1–5 µs); efficiency: validation-dev.md rows 56, 60 (0.92–0.96 of line rate)',
};

export const ibNdr: FabricProfile = { ...ibHdr, id: 'ib-ndr-400', name: 'InfiniBand NDR 400', linkBandwidthBytesPerSecond: 50e9 };

export const dgxA100: NodeProfile = {
  kind: 'node', id: 'dgx-a100-80gb', name: 'DGX A100 80GB', accelerator: 'a100-sxm4-80gb', devicesPerNode: 8,
  scaleUpFabric: 'nvlink3-nvswitch', scaleUpDomainSize: 8,
  nics: { count: 8, bandwidthBytesPerSecond: 25e9, source: 'hardware.md A2: 8× CX-6 200 Gb/s HDR' },
  power: { maxWatts: 6500, idleWatts: 1500, source: 'hardware.md D1' }, price: null,
};

export const dgxH100: NodeProfile = {
  kind: 'node', id: 'dgx-h100', name: 'DGX H100', accelerator: 'h100-sxm', devicesPerNode: 8,
  scaleUpFabric: 'nvlink4-nvswitch', scaleUpDomainSize: 8,
  nics: { count: 8, bandwidthBytesPerSecond: 50e9, source: 'hardware.md A2: 8× CX-7 400 Gb/s' },
  power: { maxWatts: 10200, idleWatts: 2500, source: 'hardware.md D1' }, price: null,
};

export function a100Cluster(nodes: number): ClusterSpec {
  return {
    nodes: [{ profile: dgxA100, accelerator: a100, scaleUp: nvlink3, count: nodes }],
    scaleOut: { profile: ibHdr, topology: 'fat-tree', oversubscription: 1 },
    storage: [],
  };
}

export function h100Cluster(nodes: number): ClusterSpec {
  return {
    nodes: [{ profile: dgxH100, accelerator: h100, scaleUp: nvlink4, count: nodes }],
    scaleOut: { profile: ibNdr, topology: 'rail-optimized', oversubscription: 1 },
    storage: [],
  };
}

/** A model file from scenarios/models, parsed as is (its keys are ModelArchitecture's). */
export function model(id: string): ModelArchitecture {
  return parse(readFileSync(new URL(`../../scenarios/models/${id}.yaml`, import.meta.url), 'utf8')) as ModelArchitecture;
}

export interface JobOptions {
  parallelism?: Partial<Parallelism>;
  precision?: TrainingWorkload['precision'];
  global?: number;
  micro?: number;
  seq?: number;
  attention?: TrainingWorkload['attention'];
  overlapGradReduce?: boolean;
  overlapTpComm?: boolean;
}

export function job(m: ModelArchitecture, o: JobOptions = {}): TrainingWorkload {
  return {
    kind: 'training',
    name: 'job',
    model: m,
    precision: o.precision ?? 'bf16',
    parallelism: { dp: 1, tp: 1, pp: 1, cp: 1, ep: 1, zero: 0, sequenceParallel: false, schedule: '1f1b', virtualStages: 1, order: ['tp', 'cp', 'pp', 'dp'], recompute: 'none', ...o.parallelism },
    batch: { globalSequences: o.global ?? 8, microSequences: o.micro ?? 1, sequenceLength: o.seq ?? m.maxSequenceLength },
    steps: 1,
    attention: o.attention ?? 'flash',
    optimizer: 'adam',
    overlapGradReduce: o.overlapGradReduce ?? true,
    dpCollectives: 'closed-form',
    ...(o.overlapTpComm !== undefined ? { overlapTpComm: o.overlapTpComm } : {}),
  };
}

/** Korthikanti et al. 2022's 22B model (Table 3/4): 48 layers, h 6144, 64 heads, GPT vocabulary. */
export const gpt22b: ModelArchitecture = {
  id: 'korthikanti-22b', name: 'GPT 22B (Korthikanti et al. 2022)', source: 'Korthikanti et al. 2022 Table 3; validation-dev.md §2',
  layers: 48, hiddenSize: 6144, attentionHeads: 64, kvHeads: 64, ffnHiddenSize: 24576, ffnKind: 'gelu',
  vocabSize: 51200, tiedEmbeddings: true, maxSequenceLength: 2048, dropout: 0.1,
};
