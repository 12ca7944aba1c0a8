import { readdirSync } from 'node:fs';
import { loadCatalog } from '../src/hardware/catalog.ts';
import { runScenarioFile } from '../src/pipeline.ts';
import { computeRates } from '../src/hardware/compute.ts';
import { place } from '../src/workload/training/placement.ts';
import { pieces, sumPass } from '../src/workload/training/plan.ts';
import { layerShape } from '../src/workload/training/shape.ts';
import { a100, a100Cluster, gpt22b, job } from '../test/workload/fixtures.ts';
function layerMs(matmul: number, recompute: any = 'none', sequenceParallel = false) {
  const acc = { ...a100, efficiency: { ...a100.efficiency, matmul } };
  const j = job(gpt22b, { precision: 'fp16', parallelism: { tp: 8, recompute, sequenceParallel }, global: 4, micro: 4, attention: 'standard' });
  const cluster = a100Cluster(1);
  cluster.nodes[0]!.accelerator = acc;
  const pl = place(j, cluster)!;
  const l = pieces(j, layerShape(j), computeRates(acc, 'fp16')!, { tp: pl.tpTier!, cp: pl.cpTier!, ep: pl.epTier! } as any).layer.dense;
  const fwd = sumPass(l.forward) * 1e3, bwd = sumPass(l.backward) * 1e3;
  return { fwd, bwd, total: fwd + bwd };
}
let lo = 0.3, hi = 1;
for (let i = 0; i < 40; i++) { const mid = (lo + hi) / 2; if (layerMs(mid).total > 19.6) lo = mid; else hi = mid; }
const e = process.env.EMM ? Number(process.env.EMM) : (lo + hi) / 2;
const pct = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(1)}%`;
const b = layerMs(e);
console.log(`e_mm ${e.toFixed(4)}  fwd ${b.fwd.toFixed(2)} (${pct(b.fwd, 7.7)}) bwd ${b.bwd.toFixed(2)} (${pct(b.bwd, 11.9)}) full ${pct(layerMs(e, 'full').total, 27.2)} sel ${pct(layerMs(e, 'selective').total, 20.9)} sp ${pct(layerMs(e, 'none', true).total, 19.0)} selsp ${pct(layerMs(e, 'selective', true).total, 20.3)}`);
const catalog = loadCatalog();
for (const id of ['a100-sxm4-80gb', 'a100-sxm4-40gb']) (catalog.accelerators.get(id) as any).efficiency.matmul = e;
const dir = 'scenarios/validation/training';
const errs: number[] = [];
const verbose = process.argv.includes('-v');
const out: string[] = [];
for (const f of readdirSync(dir).sort()) {
  const { report } = await runScenarioFile(`${dir}/${f}`, { catalog });
  const r = report.reference!;
  errs.push(Math.abs(r.errorPercent!));
  const j = (report as any).jobs.train; const bd = j.breakdown; const fm = (x: number) => x.toFixed(3);
  out.push(`${f.replace('.yaml','').replace('korthikanti-','K').padEnd(26)} ${`${r.errorPercent! >= 0 ? '+' : ''}${r.errorPercent!.toFixed(1)}%`.padStart(7)}` + (verbose ? ` step ${fm(j.stepSeconds)} comp ${fm(bd.computeSeconds)} tp ${fm(bd.tpCommSeconds)} bub ${fm(bd.bubbleSeconds)} pp ${fm(bd.ppCommSeconds)} dp ${fm(bd.dpCommExposedSeconds)} opt ${fm(bd.optimizerSeconds)}` : ''));
}
console.log(verbose ? out.join('\n') : out.map((l) => l.replace(/\s+/g, ' ')).join(' | '));
errs.sort((a, b) => a - b);
const n = errs.length;
console.log('median |err|', ((errs[n/2-1]! + errs[n/2]!) / 2).toFixed(2), 'mean', (errs.reduce((a,b)=>a+b,0)/n).toFixed(2), 'max', errs[n-1]!.toFixed(1));
