import { readdirSync } from 'node:fs';
import { loadCatalog } from '../src/hardware/catalog.ts';
import { runScenarioFile } from '../src/pipeline.ts';
const catalog = loadCatalog();
const dir = 'scenarios/validation/training';
const errs: number[] = [];
const verbose = process.argv.includes('-v');
for (const f of readdirSync(dir).sort()) {
  const { report } = await runScenarioFile(`${dir}/${f}`, { catalog });
  const r = report.reference!;
  errs.push(Math.abs(r.errorPercent!));
  const j = (report as any).jobs.train;
  const b = j.breakdown;
  const fmt = (x: number) => x.toFixed(3);
  console.log(f.replace('.yaml','').padEnd(34), `${r.measured}`.padStart(6), r.predicted!.toFixed(2).padStart(7), `${r.errorPercent! >= 0 ? '+' : ''}${r.errorPercent!.toFixed(1)}%`.padStart(7),
    verbose ? `step ${fmt(j.stepSeconds)} comp ${fmt(b.computeSeconds)} tp ${fmt(b.tpCommSeconds)} bub ${fmt(b.bubbleSeconds)} pp ${fmt(b.ppCommSeconds)} dp ${fmt(b.dpCommExposedSeconds)} opt ${fmt(b.optimizerSeconds)}` : '');
}
errs.sort((a, b) => a - b);
const n = errs.length;
console.log('median |err|', ((errs[n/2-1]! + errs[n/2]!) / 2).toFixed(2), 'mean', (errs.reduce((a,b)=>a+b,0)/n).toFixed(2), 'max', errs[n-1]!.toFixed(1));
