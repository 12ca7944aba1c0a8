/** `clustersim run SCENARIO...`: simulate, write the reports, print a summary; exit 1 on a failed expectation. */
import { basename, join, resolve } from 'node:path';
import { runScenarioFile, writeRunReports } from '../../pipeline.ts';
import { loadCatalog } from '../../hardware/catalog.ts';
import { reportFailure } from '../errors-out.ts';
import { EXIT } from '../exit-codes.ts';
import { line, type CliIO } from '../io.ts';
import { summaryTable } from '../summary-table.ts';

export interface RunArgs {
  scenario: string[];
  out?: string;
  set?: string[];
  seed?: number;
  fidelity?: 'analytical' | 'flow';
  quiet: boolean;
  wallTime?: boolean;
  skipBadRows?: boolean;
}

/** A folder name from a scenario name: letters, digits, dot, dash and underscore only. */
export function safeName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return s || 'scenario';
}

export async function runCommand(args: RunArgs, io: CliIO): Promise<number> {
  let worst: number = EXIT.ok;
  let catalog;
  try {
    catalog = loadCatalog();
  } catch (e) {
    return reportFailure(e, io);
  }
  for (const file of args.scenario) {
    const t0 = performance.now();
    const progress = (msg: string) => {
      if (!args.quiet && performance.now() - t0 > 1000) line(io.stderr, `[${((performance.now() - t0) / 1000).toFixed(1)} s] ${msg}`);
    };
    try {
      const outcome = await runScenarioFile(file, {
        catalog,
        sets: args.set ?? [],
        ...(args.seed !== undefined ? { seed: args.seed } : {}),
        ...(args.fidelity ? { fidelity: args.fidelity } : {}),
        wallTime: Boolean(args.wallTime),
        skipBadRows: Boolean(args.skipBadRows),
        onProgress: progress,
      });
      const name = safeName(outcome.scenario.name || basename(file).replace(/\.[^.]+$/, ''));
      const outDir = args.out ? (args.scenario.length > 1 ? join(args.out, name) : args.out) : join('reports', name);
      progress('writing reports');
      const written = await writeRunReports(outcome, outDir);
      if (!args.quiet) {
        line(io.stdout, `== ${outcome.scenario.name} (${file})`);
        line(io.stdout, summaryTable(outcome.report));
        const html = written.find((p) => p.endsWith('.html'));
        line(io.stdout, `reports: ${resolve(outDir)}${html ? `\nopen: ${resolve(html)}` : ''}`);
        line(io.stdout);
      }
      if (outcome.report.expectations.some((e) => !e.pass)) worst = Math.max(worst, EXIT.expectationFailed);
    } catch (e) {
      worst = Math.max(worst, reportFailure(e, io));
    }
  }
  return worst;
}
