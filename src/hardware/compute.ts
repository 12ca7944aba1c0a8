/**
 * Roofline compute model: how long one kernel ("op") takes on one accelerator.
 *
 *   attained rate of a matmul op  = min(P[prec] · e_mm , B · e_mem · I)        I = flops / bytes
 *   t(op)                         = max(flops / (P · e_mm), bytes / (B · e_mem))    (the same thing)
 *   t(memory op)                  = max(flops / P_vec, bytes / (B · e_mem))
 *
 * P[prec]  dense peak of the matmul precision (profile `compute`, never the sparse figure);
 * P_vec    the non-tensor rate used by element-wise kernels (profile `compute.fp32`, the CUDA-core rate on
 *          NVIDIA parts; the matmul peak where fp32 is not published, e.g. TPUs, which makes the flop side
 *          of element-wise ops vanish — they are bandwidth-bound anyway);
 * B        HBM bandwidth (profile `memory.bandwidthBytesPerSecond`);
 * e_mm, e_mem  achievable fractions of peak (profile `efficiency`, with its own `source`). What they stand
 *          on: on an H200, an 8192³ bf16 GEMM ran at 769–798 of 989.4 TFLOP/s (0.78–0.81) and a
 *          device-to-device copy moved ~4.3 of 4.8 TB/s (~0.9) (validation-dev.md, calibration facts); a copy
 *          is the upper bound for the memory-bound kernels of a training step (softmax and layer norm reduce
 *          along rows, dropout draws random numbers). For the A100 both are fitted on Korthikanti et al. 2022
 *          Table 4 (one 22B layer, tp 8): e_mem = 0.68 on the selective-recomputation increment (1.3 ms of
 *          memory-bound kernels only), then e_mm = 0.70 on the layer's 19.6 ms, with NVLink efficiency 0.77;
 *          test/workload/calibration.test.ts does the fit and checks the table's other times.
 * Assumptions. `bytes` is the compulsory traffic of the kernel (operands read once, results written once):
 * caches are assumed to capture all reuse inside a kernel and none between kernels. This is what makes
 * shape matter without a fudge: a GEMM whose output is large against its inner dimension (the s×s×d
 * attention-score products, K = head size = 64–128) has an intensity I = 2MNK / (e(MK+KN+MN)) ≈ 2K/e
 * below the ridge point P/B (153 FLOP/B on an A100) and runs bandwidth-bound.
 * Not modelled: tile and wave quantisation (a GEMM whose output tiles do not fill the last wave of SMs:
 * 2048×2304 outputs in 256×128 tiles are 144 tiles, two waves on an A100's 108 SMs, 67% busy). It needs
 * the SM count, which profiles do not carry, and the library's tile choice, which is a heuristic. Its
 * average effect on the fitted shapes is inside e_mm. At the validation shapes (M = b·s ≥ 2048 rows, per-rank
 * N ≥ 768) the large GEMMs run 4 or more waves of 256×128 tiles on 108 SMs, so the idle part of the last
 * wave is at most about a tenth, and of similar size for the 22B fit shapes (5.3 → 6 waves for QKV) and
 * the 1T ones (5.6 → 6).
 * Kernel launch gaps are not modelled (large-model training kernels run for ≥ 10 µs).
 */
import type { AcceleratorProfile, Precision } from './profile-types.ts';

export type OpKind = 'matmul' | 'memory';

export interface Op {
  name: string;
  kind: OpKind;
  /** floating-point operations the kernel executes */
  flops: number;
  /** bytes the kernel reads from and writes to device memory */
  bytes: number;
}

export interface ComputeRates {
  /** the precision the matmul peak is for */
  precision: Precision;
  peakFlopsPerSecond: number;
  vectorFlopsPerSecond: number;
  memoryBytesPerSecond: number;
  matmulEfficiency: number;
  memoryEfficiency: number;
}

/** The peak a matmul of `precision` runs at: fp16 falls back to bf16 (same tensor-core rate on every
 * part listed in hardware.md A1); everything else must be published. */
export function matmulPeak(acc: AcceleratorProfile, precision: Precision): number | undefined {
  const c = acc.compute;
  if (precision === 'fp16') return c.fp16 ?? c.bf16;
  if (precision === 'bf16') return c.bf16 ?? c.fp16;
  return c[precision];
}

/** Rates of `acc` for matmuls in `precision`; undefined when the device has no such precision. */
export function computeRates(acc: AcceleratorProfile, precision: Precision): ComputeRates | undefined {
  const peak = matmulPeak(acc, precision);
  if (peak === undefined || !(peak > 0)) return undefined;
  // a power cap (power-cap.ts) slows compute, not memory: the nominal peak stays, its attained share drops
  const slow = acc.powerCap?.slowdown ?? 1;
  return {
    precision,
    peakFlopsPerSecond: peak,
    vectorFlopsPerSecond: (acc.compute.fp32 ?? peak) / slow,
    memoryBytesPerSecond: acc.memory.bandwidthBytesPerSecond,
    // fp8 GEMMs have their own measured efficiency on parts where it differs (profile efficiency.fp8Matmul)
    matmulEfficiency: (precision === 'fp8' ? acc.efficiency.fp8Matmul?.value ?? acc.efficiency.matmul : acc.efficiency.matmul) / slow,
    memoryEfficiency: acc.efficiency.memory,
  };
}

/** Seconds one op takes: the slower of its compute time and its memory time. */
export function opSeconds(op: Op, r: ComputeRates): number {
  const memory = op.bytes / (r.memoryBytesPerSecond * r.memoryEfficiency);
  const rate = op.kind === 'matmul' ? r.peakFlopsPerSecond * r.matmulEfficiency : r.vectorFlopsPerSecond;
  return Math.max(op.flops / rate, memory);
}

export function opsSeconds(ops: readonly Op[], r: ComputeRates): number {
  let t = 0;
  for (const op of ops) t += opSeconds(op, r);
  return t;
}

/** Attained FLOP/s of an op: min(P·e_mm, B·e_mem·I) for a matmul. */
export function attainedFlopsPerSecond(op: Op, r: ComputeRates): number {
  const t = opSeconds(op, r);
  return t > 0 ? op.flops / t : 0;
}

/** Arithmetic intensity (FLOP/byte) above which a matmul is compute-bound on these rates. */
export function ridgePoint(r: ComputeRates): number {
  return (r.peakFlopsPerSecond * r.matmulEfficiency) / (r.memoryBytesPerSecond * r.memoryEfficiency);
}

export interface GemmShape {
  /** independent products in a batched GEMM (e.g. micro · heads for attention scores) */
  batch: number;
  m: number;
  n: number;
  k: number;
}

/**
 * A (batched) GEMM C[m×n] = A[m×k]·B[k×n]: 2mnk FLOPs per product; reads A and B, writes C once.
 * `inBytes`/`outBytes` are bytes per element of the operands and the result.
 */
export function gemmOp(name: string, g: GemmShape, inBytes: number, outBytes: number): Op {
  return {
    name,
    kind: 'matmul',
    flops: 2 * g.batch * g.m * g.n * g.k,
    bytes: g.batch * (inBytes * (g.m * g.k + g.k * g.n) + outBytes * g.m * g.n),
  };
}

/** An element-wise (bandwidth-bound) kernel over `elements` values. */
export function elementwiseOp(name: string, elements: number, bytesPerElement: number, flopsPerElement = 1): Op {
  return { name, kind: 'memory', flops: elements * flopsPerElement, bytes: elements * bytesPerElement };
}
