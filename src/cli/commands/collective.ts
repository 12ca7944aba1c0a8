/**
 * `clustersim collective --op all_reduce --nodes dgx-h100 --count 2 ...`: the nccl-tests shortcut. It writes
 * the flags as a one-workload scenario (kind: collective), runs it through the ordinary pipeline (phases 1-6;
 * no modelling here), prints an nccl-tests-like table, and optionally writes the CSV or the full reports.
 *
 * The pipeline reads scenarios from files, so the generated scenario goes to a private temporary file that is
 * removed afterwards; input errors are reported against the flags that produced the field, not that file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, type InputIssue } from '../../config/errors.ts';
import { parseQuantity } from '../../config/units.ts';
import { loadCatalog } from '../../hardware/catalog.ts';
import type { CollectiveJobResult } from '../../metrics/result-types.ts';
import { runScenarioFile, writeRunReports, type RunOutcome } from '../../pipeline.ts';
import { renderCollectiveCsv } from '../../report/collective.ts';
import { reportFailure, UsageError } from '../errors-out.ts';
import { EXIT } from '../exit-codes.ts';
import { line, type CliIO } from '../io.ts';
import { table } from '../format.ts';

export interface CollectiveArgs {
  op: string;
  nodes: string;
  count: number;
  ranks?: number;
  ranksPerNode?: number;
  nics?: number;
  nicBandwidth?: string;
  scaleOut?: string;
  topology?: 'fat-tree' | 'rail-optimized';
  oversubscription?: number;
  minBytes: string;
  maxBytes: string;
  factor: number;
  algorithm: string;
  channels?: number;
  /** NCCL_PROTO, comma-separated, e.g. "Simple" or "Simple,LL128" */
  proto?: string;
  /** NCCL_BUFFSIZE: bytes or a size with a suffix, as --min-bytes */
  buffsize?: string;
  fidelity: 'analytical' | 'flow';
  csv?: string;
  out?: string;
}

const JOB = 'collective';
const COMMAND = 'clustersim collective';

/**
 * A size as nccl-tests' -b/-e take it (bytes, or a K/M/G/T suffix in binary units: 8G = 8 GiB), or with a
 * unit as in scenario files ("128 MiB", "1 GB").
 */
export function parseSize(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)\s*$/.exec(text);
  if (m) {
    const scale = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
    return Math.floor(Number(m[1]) * scale);
  }
  const q = parseQuantity(text, 'bytes');
  if (q.ok) return q.value;
  throw new UsageError(`${flag} ${text}: not a size`, 'give bytes as nccl-tests does (8, 64K, 128M, 8G) or with a unit (128 MiB, 1 GB)');
}

/** The scenario the flags describe, as the data a scenario file would hold. */
export function collectiveScenario(args: CollectiveArgs): Record<string, unknown> {
  if (args.scaleOut === undefined && (args.topology !== undefined || args.oversubscription !== undefined)) {
    throw new UsageError(`${args.topology !== undefined ? '--topology' : '--oversubscription'} describes the scale-out fabric, but no --scale-out was given`, 'add --scale-out, e.g. --scale-out ib-ndr-400');
  }
  const min = parseSize(args.minBytes, '--min-bytes');
  const max = parseSize(args.maxBytes, '--max-bytes');
  const nics = args.nics !== undefined || args.nicBandwidth !== undefined
    ? { nics: { ...(args.nics !== undefined ? { count: args.nics } : {}), ...(args.nicBandwidth !== undefined ? { bandwidth: args.nicBandwidth } : {}) } }
    : {};
  const workload: Record<string, unknown> = {
    name: JOB,
    kind: 'collective',
    op: args.op,
    ...(args.ranks !== undefined ? { ranks: args.ranks } : {}),
    ...(args.ranksPerNode !== undefined ? { ranksPerNode: args.ranksPerNode } : {}),
    ...(min === max ? { size: min } : { sizes: { min, max, factor: args.factor } }),
    algorithm: args.algorithm,
    ...(args.channels !== undefined ? { channels: args.channels } : {}),
  };
  const nccl = args.proto === undefined && args.buffsize === undefined ? {} : {
    nccl: {
      ...(args.proto !== undefined ? { protocols: args.proto.split(',').map((p) => p.trim()).filter((p) => p !== '') } : {}),
      ...(args.buffsize !== undefined ? { bufferSize: parseSize(args.buffsize, '--buffsize') } : {}),
    },
  };
  const scaleOut = args.scaleOut === undefined ? {} : {
    scaleOut: { profile: args.scaleOut, ...(args.topology ? { topology: args.topology } : {}), ...(args.oversubscription !== undefined ? { oversubscription: args.oversubscription } : {}) },
  };
  return {
    name: `${args.op}-${args.nodes}-x${args.count}`,
    description: `${COMMAND} --op ${args.op}: ${args.count} x ${args.nodes}${args.scaleOut ? `, ${args.scaleOut}` : ''}`,
    cluster: { nodes: [{ profile: args.nodes, count: args.count, ...nics }], ...scaleOut, ...nccl },
    workloads: [workload],
    fidelity: args.fidelity,
  };
}

/** Scenario field -> the flag that sets it, for error messages. */
const FLAGS: [RegExp, string][] = [
  [/^workloads\[0\]\.op/, '--op'],
  [/^workloads\[0\]\.ranksPerNode/, '--ranks-per-node'],
  [/^workloads\[0\]\.ranks/, '--ranks'],
  [/^workloads\[0\]\.sizes\.min|^workloads\[0\]\.size$/, '--min-bytes'],
  [/^workloads\[0\]\.sizes\.max/, '--max-bytes'],
  [/^workloads\[0\]\.sizes/, '--factor'],
  [/^workloads\[0\]\.algorithm/, '--algorithm'],
  [/^workloads\[0\]\.channels/, '--channels'],
  [/^cluster\.nodes\[0\]\.nics\.count/, '--nics'],
  [/^cluster\.nodes\[0\]\.nics\.bandwidth/, '--nic-bandwidth'],
  [/^cluster\.nodes\[0\]\.count/, '--count'],
  [/^cluster\.nodes/, '--nodes'],
  [/^cluster\.scaleOut\.topology/, '--topology'],
  [/^cluster\.scaleOut\.oversubscription/, '--oversubscription'],
  [/^cluster\.scaleOut/, '--scale-out'],
  [/^cluster\.nccl\.protocols/, '--proto'],
  [/^cluster\.nccl\.bufferSize/, '--buffsize'],
  [/^fidelity/, '--fidelity'],
];

function toFlags(err: ConfigError, file: string): ConfigError {
  return new ConfigError(err.issues.map((i): InputIssue => {
    if (i.file !== file) return i;
    const flag = FLAGS.find(([re]) => re.test(i.path))?.[1] ?? '';
    return { ...i, file: COMMAND, line: 0, col: 0, path: flag };
  }));
}

async function runFlags(args: CollectiveArgs): Promise<RunOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'clustersim-collective-'));
  const file = join(dir, 'collective.yaml');
  try {
    writeFileSync(file, stringify(collectiveScenario(args)));
    const outcome = await runScenarioFile(file, { catalog: loadCatalog() });
    outcome.scenario.file = COMMAND;
    outcome.report.scenario.file = COMMAND;
    return outcome;
  } catch (e) {
    throw e instanceof ConfigError ? toFlags(e, file) : e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The nccl-tests-style table: one row per size, then the average bus bandwidth nccl-tests ends with. */
export function ncclTable(job: CollectiveJobResult, title: string): string {
  const rows = [['size (B)', 'time (us)', 'algbw (GB/s)', 'busbw (GB/s)', 'algorithm']];
  for (const p of job.points) rows.push([String(p.bytes), (p.seconds * 1e6).toFixed(2), p.algbwGBps.toFixed(2), p.busbwGBps.toFixed(2), p.algorithm]);
  const avg = job.points.reduce((s, p) => s + p.busbwGBps, 0) / job.points.length;
  // Right-align every column, as nccl-tests does (the shared table() left-aligns the first).
  const text = table(rows.map((r) => ['', ...r])).split('\n').map((l) => l.replace(/^ {2}/, '')).join('\n');
  return [`# ${title}`, '#', text, '#', `# Avg bus bandwidth    : ${avg.toFixed(2)} GB/s`, `# busbw at ${job.points.at(-1)!.bytes} B : ${job.busbwGBps.toFixed(2)} GB/s`].join('\n');
}

/** Written under a temporary name and renamed into place, as the reports are (report/write.ts). */
async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new UsageError(`cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'give --csv a file in a folder that exists and is writable');
  }
}

export async function collectiveCommand(args: CollectiveArgs, io: CliIO): Promise<number> {
  try {
    const outcome = await runFlags(args);
    const job = outcome.report.jobs[JOB] as CollectiveJobResult;
    const so = args.scaleOut ? `, ${args.scaleOut} ${args.topology ?? 'fat-tree'}` : '';
    const title = `${COMMAND}: ${job.op}, ${job.ranks} ranks on ${job.nodes} x ${args.nodes} (${job.accelerator})${so}, ${outcome.report.fidelity} fidelity, algorithm ${job.algorithm}`;
    line(io.stdout, ncclTable(job, title));
    if (args.csv !== undefined) {
      await writeAtomic(args.csv, renderCollectiveCsv(job));
      line(io.stdout, `csv: ${resolve(args.csv)}`);
    }
    if (args.out !== undefined) {
      await writeRunReports(outcome, args.out);
      line(io.stdout, `reports: ${resolve(args.out)}`);
    }
    return EXIT.ok;
  } catch (e) {
    return reportFailure(e, io);
  }
}
