import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attainedFlopsPerSecond, computeRates, elementwiseOp, gemmOp, opSeconds, opsSeconds, ridgePoint } from '../../src/hardware/compute.ts';
import { a100, h100 } from '../workload/fixtures.ts';

const close = (a: number, b: number, rel = 1e-12) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`);
// A100 with round efficiencies so the worked examples are easy to check by hand.
const acc = { ...a100, efficiency: { matmul: 0.8, memory: 0.9, source: 'test' } };
const r = computeRates(acc, 'bf16')!;

test('a large GEMM is compute-bound: t = 2mnk / (P·e_mm)', () => {
  const op = gemmOp('g', { batch: 1, m: 8192, n: 8192, k: 8192 }, 2, 2);
  assert.equal(op.flops, 2 * 8192 ** 3);
  assert.equal(op.bytes, 3 * 2 * 8192 ** 2);
  // 1.0995e12 FLOP / (312e12 × 0.8) = 4.405 ms; memory side 402.7 MB / 1.835 TB/s = 0.219 ms
  close(opSeconds(op, r), (2 * 8192 ** 3) / (312e12 * 0.8));
  close(attainedFlopsPerSecond(op, r), 312e12 * 0.8);
});

test('an attention-score GEMM (k = head size) is bandwidth-bound: t = bytes / (B·e_mem)', () => {
  // b·a = 24 products of 2048×2048×96: intensity 2·96·2048² / (2·(2·2048·96 + 2048²)) ≈ 87 FLOP/B < ridge 136
  const op = gemmOp('scores', { batch: 24, m: 2048, n: 2048, k: 96 }, 2, 2);
  const bytes = 24 * 2 * (2048 * 96 + 96 * 2048 + 2048 * 2048);
  assert.equal(op.bytes, bytes);
  close(ridgePoint(r), (312e12 * 0.8) / (2.039e12 * 0.9));
  assert.ok(op.flops / op.bytes < ridgePoint(r));
  close(opSeconds(op, r), bytes / (2.039e12 * 0.9));
});

test('element-wise kernels take bytes / (B·e_mem); ops add up', () => {
  const ln = elementwiseOp('layernorm', 1e9, 4);
  close(opSeconds(ln, r), 4e9 / (2.039e12 * 0.9));
  close(opsSeconds([ln, ln], r), 2 * opSeconds(ln, r));
});

test('precision: fp16 falls back to the bf16 peak; an unpublished precision has no rates', () => {
  const noFp16 = { ...h100, compute: { bf16: 989.4e12, source: 't' } };
  assert.equal(computeRates(noFp16, 'fp16')!.peakFlopsPerSecond, 989.4e12);
  assert.equal(computeRates(a100, 'fp8'), undefined);
  assert.equal(computeRates(h100, 'fp8')!.peakFlopsPerSecond, 1979e12);
  assert.equal(computeRates(a100, 'bf16')!.vectorFlopsPerSecond, 19.5e12);
});
