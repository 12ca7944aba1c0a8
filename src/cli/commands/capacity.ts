/**
 * `clustersim capacity SCENARIO`: the highest arrival rate an inference workload sustains within its
 * objectives, or with --target-rate the fewest replicas that sustain that rate (src/plan/capacity.ts).
 * Each probe goes to stderr as it finishes; the answer and the probe table to stdout (or JSON with --json).
 * Exit 0 with an answer, 1 when even the lowest probe fails, 2 for bad input.
 */
import { findCapacity, fmt, type CapacityResult, type Percentile, type Probe } from '../../plan/capacity.ts';
import { reportFailure } from '../errors-out.ts';
import { EXIT } from '../exit-codes.ts';
import { line, type CliIO } from '../io.ts';

export interface CapacityArgs {
  scenario: string;
  workload?: string;
  percentile: number;
  targetRate?: number;
  tolerance: number;
  maxProbes: number;
  json: boolean;
}

function probeLine(p: Probe, pct: number): string {
  const verdict = p.pass ? 'pass' : `FAIL (${p.reasons.join('; ')})`;
  return `rate ${fmt(p.rate)} req/s  replicas ${p.replicas}  p${pct} TTFT ${fmt(p.ttft)} s  p${pct} TPOT ${fmt(p.tpot)} s  ${verdict}`;
}

function table(r: CapacityResult): string {
  const head = ['#', 'rate (req/s)', 'replicas', `p${r.percentile} TTFT (s)`, `p${r.percentile} TPOT (s)`, 'tail queue', 'result'];
  const rows = r.probes.map((p, i) => [String(i + 1), fmt(p.rate), String(p.replicas), fmt(p.ttft), fmt(p.tpot), fmt(p.tailQueue), p.pass ? 'pass' : 'fail']);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const fmtRow = (row: string[]) => `| ${row.map((x, c) => x.padEnd(widths[c]!)).join(' | ')} |`;
  return [fmtRow(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(fmtRow)].join('\n');
}

function objective(slo: CapacityResult['slo'] | null): string {
  if (slo === null) return 'no objective';
  return [slo.ttftSeconds !== null ? `TTFT <= ${slo.ttftSeconds} s` : '', slo.tpotSeconds !== null ? `TPOT <= ${slo.tpotSeconds} s` : ''].filter(Boolean).join(', ') || 'no objective';
}

function answer(r: CapacityResult): string {
  const slo = r.classes === null ? objective(r.slo) : r.classes.map((c) => `${c.name} ${objective(c.slo)} (${fmt(c.baseRate)} req/s at base)`).join('; ');
  const what = `${r.scenario} / ${r.workload} (objective p${r.percentile} ${slo}; base rate ${fmt(r.baseRate)} req/s${r.classes === null ? '' : ' in all, the mix kept'} on ${r.baseReplicas} replica${r.baseReplicas === 1 ? '' : 's'})`;
  if (r.mode === 'replicas') {
    return r.replicas === null ? `${what}: no replica count probed sustains ${fmt(r.targetRate)} req/s` : `${what}: ${r.replicas} replica${r.replicas === 1 ? '' : 's'} sustain ${fmt(r.targetRate)} req/s`;
  }
  if (r.sustainedRate === null) return `${what}: even ${fmt(Math.min(...r.probes.map((p) => p.rate)))} req/s fails`;
  const bracket = r.failedRate === null ? ' (no failing rate within the probe budget: a lower bound)' : ` (fails at ${fmt(r.failedRate)} req/s)`;
  return `${what}: sustains ${fmt(r.sustainedRate)} req/s${bracket}`;
}

export async function capacityCommand(args: CapacityArgs, io: CliIO): Promise<number> {
  const pct = args.percentile as Percentile;
  try {
    const result = await findCapacity(args.scenario, {
      ...(args.workload !== undefined ? { workload: args.workload } : {}),
      percentile: pct,
      ...(args.targetRate !== undefined ? { targetRate: args.targetRate } : {}),
      tolerance: args.tolerance,
      maxProbes: args.maxProbes,
      onProbe: (p) => line(io.stderr, probeLine(p, pct)),
    });
    if (args.json) line(io.stdout, JSON.stringify(result, null, 2));
    else {
      line(io.stdout, answer(result));
      line(io.stdout);
      line(io.stdout, table(result));
    }
    return result.found ? EXIT.ok : EXIT.expectationFailed;
  } catch (e) {
    return reportFailure(e, io);
  }
}
