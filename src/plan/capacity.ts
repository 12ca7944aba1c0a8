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
 * Request classes (tenants): the rate is the total over the classes and every class scales by the same
 * factor, so the mix stays the scenario's; each class is held to its own objective (the job's where it has
 * none), and W above is the tightest of them.
 * Search: probe the base rate, double (or halve) until one rate passes and one fails, then bisect
 * (arithmetic midpoint) until (fail − pass)/pass <= tolerance, at most maxProbes runs in all. Replicas: 1,
 * 2, 4, ... until one passes, then bisection on the integers; when the replicas outgrow a one-group
 * cluster its node count grows to hold them (tp × pp devices each). Passing is assumed monotone.
 */
import { devicesPerReplica } from '../workload/inference/issues.ts';
import { checkScenarioFile } from '../check.ts';
import type { InferenceSourceSpec, InferenceWorkload, Scenario } from '../config/scenario-types.ts';
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
  source: 'trace' | 'synthetic' | 'classes';
  /** with request classes: each class, its objective (the job's where it has none) and its share of baseRate */
  classes: { name: string; slo: Slo | null; baseRate: number }[] | null;
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

type Slo = { ttftSeconds: number | null; tpotSeconds: number | null };

/** One source the search scales: the job's, or one class's. */
interface Lane {
  /** the --set path of the source, e.g. workloads[0].classes[1].source */
  path: string;
  spec: InferenceSourceSpec;
  /** requests/s at the scenario's own settings */
  baseRate: number;
  /** the class's name, or null for a job without classes */
  name: string | null;
  slo: Slo | null;
}

interface Setup {
  scenario: Scenario;
  index: number;
  job: InferenceWorkload;
  lanes: Lane[];
  /** all lanes together */
  baseRate: number;
  /** arrival window at the base rate, simulated seconds */
  window: { start: number; end: number };
}

const hasObjective = (s: Slo | null): s is Slo => s !== null && (s.ttftSeconds !== null || s.tpotSeconds !== null);

async function prepare(file: string, catalog: Catalog, name: string | undefined): Promise<Setup> {
  const { scenario } = checkScenarioFile(file, { catalog, sets: [] });
  const index = scenario.workloads.findIndex((w) => w.kind === 'inference' && (name === undefined || w.name === name));
  if (index < 0) {
    const names = scenario.workloads.filter((w) => w.kind === 'inference').map((w) => w.name);
    throw new UsageError(name === undefined ? `${file} has no inference workload` : `${file} has no inference workload named "${name}"`, names.length > 0 ? `inference workloads: ${names.join(', ')}` : 'capacity plans a workload with kind: inference');
  }
  const job = scenario.workloads[index] as InferenceWorkload;
  const w = `workloads[${index}]`;
  const lanes0 = job.classes === undefined
    ? [{ path: `${w}.source`, spec: job.source, name: null, slo: job.slo }]
    : job.classes.map((c, k) => ({ path: `${w}.classes[${k}].source`, spec: c.source, name: c.name, slo: c.slo ?? job.slo }));
  if (!lanes0.some((l) => hasObjective(l.slo))) {
    throw new UsageError(`workload "${job.name}" in ${file} has no latency objective`, 'add e.g. "slo: { ttft: 2 s, tpot: 100 ms }" to the workload (or to its classes)');
  }
  // Stream the (merged) source once for each lane's arrival window (a trace is never held whole).
  const { source } = openSource(job, scenario.seed);
  const seen = new Map<string, { n: number; first: number; last: number }>();
  let first = Infinity;
  let last = -Infinity;
  for (let b = await source.nextBatch(); b !== null; b = await source.nextBatch()) {
    for (const r of b) {
      const key = job.classes === undefined ? '' : r.tenant;
      const e = seen.get(key) ?? { n: 0, first: r.arrivalSeconds, last: r.arrivalSeconds };
      e.n++;
      e.last = r.arrivalSeconds;
      seen.set(key, e);
      first = Math.min(first, r.arrivalSeconds);
      last = Math.max(last, r.arrivalSeconds);
    }
  }
  const lanes: Lane[] = lanes0.map((l) => {
    const e = seen.get(l.name ?? '');
    const span = e === undefined ? 0 : e.last - e.first;
    const baseRate = l.spec.kind === 'synthetic' ? l.spec.arrivals.ratePerSecond : e !== undefined && span > 0 ? (e.n - 1) / span : NaN;
    const who = l.name === null ? `the source of "${job.name}"` : `class "${l.name}" of "${job.name}"`;
    if (!(baseRate > 0) || !Number.isFinite(baseRate)) throw new UsageError(`${who} has fewer than two distinct arrival times, so it has no rate to scale`);
    return { ...l, baseRate };
  });
  const baseRate = lanes.reduce((a, l) => a + l.baseRate, 0);
  return { scenario, index, job, lanes, baseRate, window: { start: first, end: last } };
}

function overrides(s: Setup, rate: number, replicas: number): string[] {
  const w = `workloads[${s.index}]`;
  // every lane by the same factor: the classes keep their mix
  const f = rate / s.baseRate;
  const sets = s.lanes.map((l) => (l.spec.kind === 'trace' ? `${l.path}.speedup=${l.spec.speedup * f}` : `${l.path}.synthetic.arrivals.rate=${l.baseRate * f}`));
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
  for (const l of s.lanes) {
    if (!hasObjective(l.slo)) continue;
    const c = l.name === null ? r : r.byClass?.find((x) => x.name === l.name);
    if (c === undefined) throw new Error(`internal: no result for class ${l.name}`);
    const [t1, t2] = [c.ttft[key], c.tpot[key]];
    const who = l.name === null ? '' : `${l.name}: `;
    if (l.slo.ttftSeconds !== null && (t1 === null || t1 > l.slo.ttftSeconds)) reasons.push(`${who}p${pct} TTFT ${fmt(t1)} s > ${l.slo.ttftSeconds} s`);
    if (l.slo.tpotSeconds !== null && t2 !== null && t2 > l.slo.tpotSeconds) reasons.push(`${who}p${pct} TPOT ${fmt(t2)} s > ${l.slo.tpotSeconds} s`);
  }
  if (r.requests.rejected > 0) reasons.push(`${r.requests.rejected} rejected`);
  if (r.requests.completed < r.requests.arrived - r.requests.rejected) reasons.push(`${r.requests.arrived - r.requests.completed} not completed`);
  const scale = s.baseRate / rate;
  const end = s.window.end * scale;
  const tailQueue = meanQueueOver(r.overTime, end - (end - s.window.start * scale) * TAIL_FRACTION, end);
  const wait = Math.min(...s.lanes.filter((l) => hasObjective(l.slo)).map((l) => l.slo!.ttftSeconds ?? 10 * l.slo!.tpotSeconds!));
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
    scenario: s.scenario.name, workload: s.job.name, percentile: pct,
    slo: { ttftSeconds: s.job.slo?.ttftSeconds ?? null, tpotSeconds: s.job.slo?.tpotSeconds ?? null },
    source: s.job.classes === undefined ? s.job.source.kind : ('classes' as const),
    classes: s.job.classes === undefined ? null : s.lanes.map((l) => ({ name: l.name!, slo: l.slo, baseRate: l.baseRate })),
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
