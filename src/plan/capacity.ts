/**
 * The capacity question of an inference deployment (issue 5 item 5): the highest arrival rate it
 * sustains within its objectives, or the fewest replicas that sustain a target rate. Every probe is one
 * full pipeline run (runScenarioFile) with `--set`-style overrides, so a probe is validated and simulated
 * exactly as `clustersim run --set ...` would be.
 *
 * Rate: a trace replays at rate = baseRate × speedup / speedup₀ (baseRate: the trace's requests over its
 * arrival span at the scenario's own speedup₀), set through `source.speedup`; a synthetic source is set
 * through `source.synthetic.arrivals.rate`. Arrival times scale as 1/rate in both, so the arrival window
 * of a probe is the base window × baseRate / rate.
 *
 * A probe SUSTAINS its rate when all hold:
 *   1. the objective percentile (p99 unless asked) of TTFT <= slo.ttft and of TPOT <= slo.tpot;
 *   2. nothing was rejected and every request that arrived completed;
 *   3. the queue is bounded: the mean number of waiting requests (all replicas) over the last tenth of
 *      the arrival window is <= max(replicas, rate × W), W = slo.ttft (else 10 × slo.tpot). By Little's law
 *      a larger backlog means requests arriving then wait longer than the TTFT objective on average, i.e.
 *      the queue is growing faster than the objective allows, whatever the percentile says so far.
 * Search: probe the base rate, double (or halve) until one rate passes and one fails, then bisect
 * (arithmetic midpoint) until (fail − pass)/pass <= tolerance, at most maxProbes runs in all. Replicas: 1,
 * 2, 4, ... until one passes, then bisection on the integers; when the replicas outgrow a one-group
 * cluster its node count grows to hold them (tp × pp devices each). Passing is assumed monotone.
 */
import { devicesPerReplica } from '../workload/inference/issues.ts';
import { checkScenarioFile } from '../check.ts';
import type { InferenceWorkload, Scenario } from '../config/scenario-types.ts';
import { UsageError } from '../config/errors.ts';
import { loadCatalog } from '../hardware/catalog.ts';
import type { Catalog } from '../hardware/profile-types.ts';
import type { InferenceJobResult } from '../metrics/result-types.ts';
import { runScenarioFile } from '../pipeline.ts';
import { openSource } from '../workload/inference/simulate.ts';

export const PERCENTILES = [50, 90, 95, 99] as const;
export type Percentile = (typeof PERCENTILES)[number];
/** share of the arrival window, at its end, over which the queue is judged */
const TAIL_FRACTION = 0.1;
const MAX_REPLICAS = 4096;

export interface CapacityOptions {
  workload?: string;
  percentile?: Percentile;
  /** find the fewest replicas for this rate (requests/s) instead of the highest rate */
  targetRate?: number;
  /** relative bracket width at which bisection stops (default 0.02) */
  tolerance?: number;
  /** pipeline runs at most (default 12) */
  maxProbes?: number;
  catalog?: Catalog;
  onProbe?: (p: Probe) => void;
}

export interface Probe {
  rate: number;
  replicas: number;
  ttft: number | null;
  tpot: number | null;
  /** mean waiting requests over the tail of the arrival window */
  tailQueue: number;
  pass: boolean;
  /** why it failed; empty when it passed */
  reasons: string[];
}

export interface CapacityResult {
  scenario: string;
  workload: string;
  mode: 'rate' | 'replicas';
  percentile: Percentile;
  slo: { ttftSeconds: number | null; tpotSeconds: number | null };
  source: 'trace' | 'synthetic';
  /** the scenario's own arrival rate, requests/s */
  baseRate: number;
  baseReplicas: number;
  tolerance: number;
  probes: Probe[];
  /** rate mode: highest passing rate and lowest failing rate probed (null where none) */
  sustainedRate: number | null;
  failedRate: number | null;
  /** replicas mode */
  targetRate: number | null;
  replicas: number | null;
  /** a passing answer was found (rate mode: also bracketed by a failure within tolerance, or the budget ran out) */
  found: boolean;
}

interface Setup {
  scenario: Scenario;
  index: number;
  job: InferenceWorkload & { slo: NonNullable<InferenceWorkload['slo']> };
  baseRate: number;
  /** arrival window at the base rate, simulated seconds */
  window: { start: number; end: number };
}

async function prepare(file: string, catalog: Catalog, name: string | undefined): Promise<Setup> {
  const { scenario } = checkScenarioFile(file, { catalog, sets: [] });
  const index = scenario.workloads.findIndex((w) => w.kind === 'inference' && (name === undefined || w.name === name));
  if (index < 0) {
    const names = scenario.workloads.filter((w) => w.kind === 'inference').map((w) => w.name);
    throw new UsageError(name === undefined ? `${file} has no inference workload` : `${file} has no inference workload named "${name}"`, names.length > 0 ? `inference workloads: ${names.join(', ')}` : 'capacity plans a workload with kind: inference');
  }
  const job = scenario.workloads[index] as InferenceWorkload;
  if (job.classes !== undefined) {
    throw new UsageError(`workload "${job.name}" in ${file} has request classes; capacity scales one source`, 'plan each class as its own workload with a single source, or use clustersim run with the classes');
  }
  if (job.slo === null || (job.slo.ttftSeconds === null && job.slo.tpotSeconds === null)) {
    throw new UsageError(`workload "${job.name}" in ${file} has no latency objective`, 'add e.g. "slo: { ttft: 2 s, tpot: 100 ms }" to the workload');
  }
  // Stream the source once for its arrival window (a trace is never held whole).
  const { source } = openSource(job, scenario.seed);
  let n = 0;
  let first = 0;
  let last = 0;
  for (let b = await source.nextBatch(); b !== null; b = await source.nextBatch()) {
    for (const r of b) {
      if (n === 0) first = r.arrivalSeconds;
      last = r.arrivalSeconds;
      n++;
    }
  }
  const span = last - first;
  const baseRate = job.source.kind === 'synthetic' ? job.source.arrivals.ratePerSecond : span > 0 ? (n - 1) / span : NaN;
  if (!(baseRate > 0) || !Number.isFinite(baseRate)) throw new UsageError(`the source of "${job.name}" has fewer than two distinct arrival times, so it has no rate to scale`);
  return { scenario, index, job: job as Setup['job'], baseRate, window: { start: first, end: last } };
}

function overrides(s: Setup, rate: number, replicas: number): string[] {
  const w = `workloads[${s.index}]`;
  const src = s.job.source;
  const sets = [src.kind === 'trace' ? `${w}.source.speedup=${(src.speedup * rate) / s.baseRate}` : `${w}.source.synthetic.arrivals.rate=${rate}`];
  if (replicas !== s.job.replicas) {
    sets.push(`${w}.replicas=${replicas}`);
    const groups = s.scenario.cluster.nodes;
    const perReplica = devicesPerReplica(s.job);
    if (groups.length === 1) {
      const nodes = Math.ceil((replicas * perReplica) / groups[0]!.profile.devicesPerNode);
      if (nodes > groups[0]!.count) sets.push(`cluster.nodes[0].count=${nodes}`);
    }
  }
  return sets;
}

async function probe(file: string, s: Setup, catalog: Catalog, pct: Percentile, rate: number, replicas: number): Promise<Probe> {
  const { report } = await runScenarioFile(file, { catalog, sets: overrides(s, rate, replicas) });
  const r = report.jobs[s.job.name] as InferenceJobResult;
  const key = `p${pct}` as const;
  const ttft = r.ttft[key];
  const tpot = r.tpot[key];
  const reasons: string[] = [];
  const { ttftSeconds, tpotSeconds } = s.job.slo;
  if (ttftSeconds !== null && (ttft === null || ttft > ttftSeconds)) reasons.push(`p${pct} TTFT ${fmt(ttft)} s > ${ttftSeconds} s`);
  if (tpotSeconds !== null && tpot !== null && tpot > tpotSeconds) reasons.push(`p${pct} TPOT ${fmt(tpot)} s > ${tpotSeconds} s`);
  if (r.requests.rejected > 0) reasons.push(`${r.requests.rejected} rejected`);
  if (r.requests.completed < r.requests.arrived - r.requests.rejected) reasons.push(`${r.requests.arrived - r.requests.completed} not completed`);
  const scale = s.baseRate / rate;
  const end = s.window.end * scale;
  const tailQueue = meanQueueOver(r.overTime, end - (end - s.window.start * scale) * TAIL_FRACTION, end);
  const wait = ttftSeconds ?? 10 * tpotSeconds!;
  const bound = Math.max(replicas, rate * wait);
  if (tailQueue > bound) reasons.push(`queue ${fmt(tailQueue)} at the end of arrivals > ${fmt(bound)} (growing)`);
  return { rate, replicas, ttft, tpot, tailQueue, pass: reasons.length === 0, reasons };
}

/** time-weighted mean of the bins' queue over [from, to] */
function meanQueueOver(bins: InferenceJobResult['overTime'], from: number, to: number): number {
  let area = 0;
  let seconds = 0;
  for (const b of bins) {
    const overlap = Math.min(to, b.t + b.seconds) - Math.max(from, b.t);
    if (overlap <= 0) continue;
    area += b.meanQueued * overlap;
    seconds += overlap;
  }
  return seconds > 0 ? area / seconds : 0;
}

export function fmt(x: number | null): string {
  return x === null ? '-' : Number(x.toPrecision(4)).toString();
}

export async function findCapacity(file: string, opts: CapacityOptions = {}): Promise<CapacityResult> {
  const catalog = opts.catalog ?? loadCatalog();
  const pct = opts.percentile ?? 99;
  const tol = opts.tolerance ?? 0.02;
  const maxProbes = opts.maxProbes ?? 12;
  if (!PERCENTILES.includes(pct)) throw new UsageError(`--percentile ${pct} is not reported`, `use one of ${PERCENTILES.join(', ')}`);
  if (!(tol > 0 && tol < 1)) throw new UsageError(`--tolerance ${tol} must be between 0 and 1`, 'e.g. --tolerance 0.02');
  if (opts.targetRate !== undefined && !(opts.targetRate > 0 && Number.isFinite(opts.targetRate))) throw new UsageError(`--target-rate ${opts.targetRate} must be a positive number of requests per second`);
  const s = await prepare(file, catalog, opts.workload);
  const probes: Probe[] = [];
  const run = async (rate: number, replicas: number): Promise<boolean> => {
    const p = await probe(file, s, catalog, pct, rate, replicas);
    probes.push(p);
    opts.onProbe?.(p);
    return p.pass;
  };
  const base = {
    scenario: s.scenario.name, workload: s.job.name, percentile: pct, slo: { ...s.job.slo }, source: s.job.source.kind,
    baseRate: s.baseRate, baseReplicas: s.job.replicas, tolerance: tol, probes,
  };

  if (opts.targetRate !== undefined) {
    const target = opts.targetRate;
    let lo = 0; // most replicas known to fail
    let hi: number | null = null; // fewest known to pass
    for (let n = 1; hi === null && n <= MAX_REPLICAS && probes.length < maxProbes; n *= 2) {
      if (await run(target, n)) hi = n;
      else lo = n;
    }
    while (hi !== null && hi - lo > 1 && probes.length < maxProbes) {
      const mid = Math.floor((lo + hi) / 2);
      if (await run(target, mid)) hi = mid;
      else lo = mid;
    }
    return { ...base, mode: 'replicas', sustainedRate: null, failedRate: null, targetRate: target, replicas: hi, found: hi !== null };
  }

  let pass: number | null = null;
  let fail: number | null = null;
  for (let r = s.baseRate; (pass === null || fail === null) && probes.length < maxProbes; ) {
    if (await run(r, s.job.replicas)) pass = r;
    else fail = r;
    r = pass !== null && fail === null ? r * 2 : r / 2;
  }
  while (pass !== null && fail !== null && (fail - pass) / pass > tol && probes.length < maxProbes) {
    const mid = (pass + fail) / 2;
    if (await run(mid, s.job.replicas)) pass = mid;
    else fail = mid;
  }
  return { ...base, mode: 'rate', sustainedRate: pass, failedRate: fail, targetRate: null, replicas: null, found: pass !== null };
}
