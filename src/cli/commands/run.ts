/** `clustersim run SCENARIO...`: simulate, write the reports, print a summary; exit 1 on a failed expectation. */
import { basename, join, resolve } from 'node:path';
import { runScenarioFile, writeRunReports } from '../../pipeline.ts';
import { loadCatalog } from '../../hardware/catalog.ts';
import { UsageError } from '../../config/errors.ts';
import { parseStageList } from '../../report/trace.ts';
import type { StepTimeline } from '../../metrics/timeline-types.ts';
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
  /** pipeline stages for trace.json, e.g. "0,15" or "0-3,15" */
  traceStages?: string;
}

/** A folder name from a scenario name: letters, digits, dot, dash and underscore only. */
export function safeName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return s || 'scenario';
}

/** --trace-stages as stage numbers; a malformed list is a usage error (exit 2). */
function stagesOption(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  try {
    return parseStageList(text);
  } catch (e) {
    throw new UsageError(`--trace-stages ${JSON.stringify(text)}: ${(e as Error).message}`, 'give pipeline stages (0-based) separated by commas, ranges allowed, e.g. --trace-stages 0,15 or 0-3');
  }
}

/** Why --trace-stages selects nothing in this run, or null when it selects something (or was not given). */
function traceStagesNote(timelines: readonly StepTimeline[], stages: number[] | undefined): string | null {
  if (stages === undefined) return null;
  if (timelines.length === 0) return '--trace-stages: no job recorded a step timeline (training jobs do at fidelity flow), so no trace.json';
  const have = [...new Set(timelines.flatMap((t) => t.ranks.map((r) => r.stage)))].sort((a, b) => a - b);
  if (stages.some((s) => have.includes(s))) return null;
  return `--trace-stages ${stages.join(',')}: no job has these stages (stages: ${have.join(',')}); trace.json holds no spans`;
}

export async function runCommand(args: RunArgs, io: CliIO): Promise<number> {
  let worst: number = EXIT.ok;
  let catalog;
  let traceStages: number[] | undefined;
  try {
    traceStages = stagesOption(args.traceStages);
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
      const unmatched = traceStagesNote(outcome.timelines, traceStages);
      if (unmatched !== null && !args.quiet) line(io.stderr, `clustersim: ${unmatched}`);
      const written = await writeRunReports(outcome, outDir, traceStages === undefined ? {} : { traceStages });
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
