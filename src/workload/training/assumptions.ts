/**
 * Every figure a training simulation used, with where it came from, for the report's assumptions table.
 * Values are SI (FLOP/s, B/s, B, s) or plain fractions (unit "1").
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import type { Assumption } from '../../metrics/result-types.ts';
import type { ComputeRates } from '../../hardware/compute.ts';
import type { CollectiveTier } from '../../fabric/collective-cost.ts';
import { WORKSPACE_ALLOWANCE_BYTES } from './memory.ts';
import { BUCKET_PARAMS_MIN, BUCKET_PARAMS_PER_DP_RANK } from './plan.ts';
import type { Placement } from './placement.ts';
import { gradientBytes } from './shape.ts';

function tierAssumptions(label: string, tier: CollectiveTier | undefined): Assumption[] {
  if (tier === undefined || tier.tier === 'none') return [];
  return [
    { name: `${label} collective bus bandwidth (${tier.tier})`, value: tier.busBytesPerSecond, unit: 'B/s', source: tier.derivation },
    { name: `${label} collective per-step latency (alpha)`, value: tier.latencySeconds, unit: 's', source: 'latency of the slowest fabric tier the group crosses (fabric profile)' },
  ];
}

export function trainingAssumptions(job: TrainingWorkload, pl: Placement, r: ComputeRates): Assumption[] {
  const acc = pl.group.accelerator;
  const node = pl.group.profile;
  const out: Assumption[] = [
    { name: `${acc.name} ${r.precision} dense peak`, value: r.peakFlopsPerSecond, unit: 'FLOP/s', source: acc.compute.source },
    { name: `${acc.name} non-tensor (fp32) rate for element-wise kernels`, value: r.vectorFlopsPerSecond, unit: 'FLOP/s', source: acc.compute.source },
    { name: `${acc.name} HBM bandwidth`, value: r.memoryBytesPerSecond, unit: 'B/s', source: acc.memory.source },
    { name: `${acc.name} memory capacity`, value: acc.memory.capacityBytes, unit: 'B', source: acc.memory.source },
    {
      name: `${acc.name} ${r.precision} matmul efficiency (fraction of dense peak)`,
      value: r.matmulEfficiency,
      unit: '1',
      source: r.precision === 'fp8' && acc.efficiency.fp8Matmul !== undefined ? acc.efficiency.fp8Matmul.source : acc.efficiency.source,
    },
    { name: `${acc.name} memory efficiency (fraction of HBM peak)`, value: r.memoryEfficiency, unit: '1', source: acc.efficiency.source },
    { name: `${node.name} NICs (count × per-NIC bandwidth)`, value: node.nics.count * node.nics.bandwidthBytesPerSecond, unit: 'B/s', source: node.nics.source },
  ];
  const up = pl.group.scaleUp;
  if (up !== null) {
    out.push(
      { name: `${up.name} bandwidth per device (one direction)`, value: up.linkBandwidthBytesPerSecond, unit: 'B/s', source: up.source },
      { name: `${up.name} collective efficiency`, value: up.efficiency, unit: '1', source: up.source },
      { name: `${up.name} latency`, value: up.latencySeconds, unit: 's', source: up.source },
    );
  }
  const so = pl.fabric.scaleOut;
  if (so !== null && pl.dpTier?.tier === 'scale-out') {
    out.push(
      { name: `${so.profile.name} port bandwidth (one direction)`, value: so.profile.linkBandwidthBytesPerSecond, unit: 'B/s', source: so.profile.source },
      { name: `${so.profile.name} collective efficiency`, value: so.profile.efficiency, unit: '1', source: so.profile.source },
      { name: `${so.profile.name} latency`, value: so.profile.latencySeconds, unit: 's', source: so.profile.source },
    );
  }
  out.push(
    ...tierAssumptions('tensor-parallel', pl.tpTier),
    ...tierAssumptions('data-parallel', pl.dpTier),
    { name: 'gradient bucket size (parameters)', value: Math.max(BUCKET_PARAMS_MIN, BUCKET_PARAMS_PER_DP_RANK * job.parallelism.dp), unit: '1', source: 'Megatron-Core DDP default: max(40M, 1M × dp) parameters' },
    { name: 'gradient buffer and reduction bytes per parameter', value: gradientBytes(job.precision), unit: 'B', source: 'Megatron-LM: fp32 main_grad for bf16 (forced), parameter dtype for fp16 (default)' },
    { name: 'workspace allowance per GPU (CUDA context, NCCL buffers, cuBLAS workspace)', value: WORKSPACE_ALLOWANCE_BYTES, unit: 'B', source: 'allowance, not a measurement (workload/training/memory.ts)' },
  );
  return out;
}
