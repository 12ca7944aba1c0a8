/**
 * The optimizer step's memory traffic.
 *
 * HBM bytes the optimizer step moves per parameter it updates (`updated`) and per gradient-buffer element it
 * zeroes for the next step (`zeroed`), kernel by kernel as Megatron-LM's Float16OptimizerWithFloat16Params
 * runs them (megatron/optimizer/optimizer.py; apex multi-tensor kernels, each reading and writing once):
 *   fp16   copy the fp16 gradients into fp32 main gradients 2 + 4; unscale and check for inf/nan 4 + 4;
 *          gradient norm for clipping 4; Adam (read g, read and write fp32 master, m, v) 4 + 24; copy the
 *          fp32 master into the fp16 weights 4 + 2  → 52, and zero the fp16 gradient buffer 2;
 *   bf16, fp8  gradients are accumulated in fp32 main_grad (no copy) and not loss-scaled (no unscale):
 *          norm 4, Adam 28, master → weights 4 + 2 → 38, zero the fp32 buffer 4;
 *   fp32, tf32  the weights are the master: norm 4, Adam 28 → 32, zero 4.
 * The clipping rescale (run only when the norm exceeds the threshold) is left out.
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';

export function optimizerBytesPerParam(precision: TrainingWorkload['precision']): { updated: number; zeroed: number } {
  if (precision === 'fp16') return { updated: 6 + 8 + 4 + 28 + 6, zeroed: 2 };
  if (precision === 'fp32' || precision === 'tf32') return { updated: 4 + 28, zeroed: 4 };
  return { updated: 4 + 28 + 6, zeroed: 4 };
}
