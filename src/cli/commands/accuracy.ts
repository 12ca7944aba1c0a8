/**
 * `clustersim accuracy DIR [--json]`: runs every scenario under DIR that carries a `reference:` block and
 * prints predicted vs measured with the error; exit 1 when a case is outside its tolerance.
 */
import { median } from 'simple-statistics';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../hardware/catalog.ts';
import { runScenarioFile } from '../../pipeline.ts';
import { reportFailure, UsageError } from '../errors-out.ts';
import { EXIT } from '../exit-codes.ts';
import { table } from '../format.ts';
import { line, type CliIO } from '../io.ts';
import { formatSig } from '../../report/format.ts';

export interface AccuracyCase {
  name: string;
  file: string;
  metric: string;
  measured: number;
  predicted: number | null;
  unit: string;
  errorPercent: number | null;
  tolerancePercent: number;
  pass: boolean;
}

function scenarioFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...scenarioFiles(p));
    else if (/\.(ya?ml|json)$/.test(name) && /^reference\s*:|"reference"\s*:/m.test(readFileSync(p, 'utf8'))) out.push(p);
  }
  return out;
}

export async function accuracyCases(dir: string): Promise<AccuracyCase[]> {
  let files: string[];
  try {
    files = scenarioFiles(dir);
  } catch {
    throw new UsageError(`cannot read the folder ${dir}`, 'give a folder of validation scenarios, e.g. scenarios/validation');
  }
  if (files.length === 0) throw new UsageError(`no scenario with a reference: block under ${dir}`, 'validation scenarios carry reference: {source, metric, measured, unit, tolerancePercent}');
  const catalog = loadCatalog();
  const out: AccuracyCase[] = [];
  for (const file of files) {
    const { scenario, report } = await runScenarioFile(file, { catalog });
    const r = report.reference!;
    out.push({ name: scenario.name, file, metric: r.metric, measured: r.measured, predicted: r.predicted, unit: r.unit, errorPercent: r.errorPercent, tolerancePercent: r.tolerancePercent, pass: r.pass });
  }
  return out;
}

export async function accuracyCommand(args: { dir: string; json: boolean }, io: CliIO): Promise<number> {
  let cases: AccuracyCase[];
  try {
    cases = await accuracyCases(args.dir);
  } catch (e) {
    return reportFailure(e, io);
  }
  if (args.json) {
    line(io.stdout, JSON.stringify({ cases }, null, 2));
  } else {
    const rows = [['case', 'metric', 'measured', 'predicted', 'error', 'tolerance', 'result']];
    for (const c of cases) {
      rows.push([
        c.name,
        c.metric,
        `${formatSig(c.measured)} ${c.unit}`,
        c.predicted === null ? 'n/a' : `${formatSig(c.predicted)} ${c.unit}`,
        c.errorPercent === null ? 'n/a' : `${c.errorPercent >= 0 ? '+' : ''}${c.errorPercent.toFixed(1)}%`,
        `${c.tolerancePercent}%`,
        c.pass ? 'pass' : 'FAIL',
      ]);
    }
    line(io.stdout, table(rows));
    const errs = cases.filter((c) => c.errorPercent !== null).map((c) => Math.abs(c.errorPercent!));
    if (errs.length > 0) {
      const mean = errs.reduce((a, b) => a + b, 0) / errs.length;
      line(io.stdout, `\n${cases.filter((c) => c.pass).length}/${cases.length} within tolerance; median |error| ${median(errs).toFixed(1)}%, mean ${mean.toFixed(1)}%, max ${Math.max(...errs).toFixed(1)}%`);
    }
  }
  return cases.every((c) => c.pass) ? EXIT.ok : EXIT.expectationFailed;
}
