import { computeRates, opSeconds } from '../src/hardware/compute.ts';
import { place } from '../src/workload/training/placement.ts';
import { pieces, sumPass } from '../src/workload/training/plan.ts';
import { layerShape } from '../src/workload/training/shape.ts';
import { layerOps } from '../src/workload/training/flops.ts';
import { a100, a100Cluster, gpt22b, job } from '../test/workload/fixtures.ts';
const e = a100.efficiency.matmul;
for (const [rc, sp] of [['none', false], ['none', true], ['full', false], ['selective', false], ['selective', true]] as const) {
  const j = job(gpt22b, { precision: 'fp16', parallelism: { tp: 8, recompute: rc, sequenceParallel: sp }, global: 4, micro: 4, attention: 'standard' });
  const pl = place(j, a100Cluster(1))!;
  const r = computeRates(a100, 'fp16')!;
  const l = pieces(j, layerShape(j), r, { tp: pl.tpTier!, cp: pl.cpTier!, ep: pl.epTier! }).layer.dense;
  console.log(rc, sp, 'fwd', (sumPass(l.forward)*1e3).toFixed(2), JSON.stringify(l.forward, (k,v)=>typeof v==='number'?+(v*1e3).toFixed(3):v), 'bwd', (sumPass(l.backward)*1e3).toFixed(2), JSON.stringify(l.backward,(k,v)=>typeof v==='number'?+(v*1e3).toFixed(3):v), 'total', ((sumPass(l.forward)+sumPass(l.backward))*1e3).toFixed(2));
  if (rc==='none' && !sp) { const o = layerOps(layerShape(j)); for (const op of [...o.forward, ...o.backward]) console.log('  ', op.name, (opSeconds(op, r)*1e3).toFixed(3), (op.flops/1e9).toFixed(1)); }
}
