/**
 * The run pipeline, phases numbered as in ARCHITECTURE.md:
 *   1 load, 2 validate, 3 normalize  -> config/loadScenario (via check.ts)
 *   4 build                           -> check each workload fits the cluster and place each job on its
 *                                        devices (check.ts, workload/placement.ts)
 *   5 simulate                        -> the workload model of each job's kind (workload/registry.ts), then
 *                                        the collective jobs together on one fabric (collective/shared.ts)
 *   6 measure                         -> energy, carbon, cost, expectations, reference comparison
 *   7 report                          -> writeRunReports (called by the CLI; nothing is written before it)
 * Each phase is a function of the previous phase's output; nothing reaches back.
 */
import { createHash } from 'node:crypto';
import { checkScenarioFile } from './check.ts';
import { ConfigError } from './config/errors.ts';
import { positionOfPath } from './config/load-scenario.ts';
import type { ClusterSpec, Fidelity, Scenario, TrainingWorkload } from './config/scenario-types.ts';
import { loadCatalog } from './hardware/catalog.ts';
import type { Catalog } from './hardware/profile-types.ts';
import { computeBreakEven } from './metrics/break-even.ts';
import { computeCost } from './metrics/cost.ts';
import { computeEnergy } from './metrics/energy.ts';
import { infrastructurePower } from './metrics/fabric-power.ts';
import { evaluateExpectations } from './metrics/expect.ts';
import { lookupMetric } from './metrics/lookup.ts';
import { perToken } from './metrics/per-token.ts';
import { busyLoad, powerCapProblem } from './metrics/power.ts';
import { withPowerCap } from './hardware/power-cap.ts';
import type { Assumption, JobResult, Report, TrainingJobResult } from './metrics/result-types.ts';
import { withTimeToTrainFootprint } from './metrics/time-to-train.ts';
import { buildTimeseries, powerSpans, type Timeseries } from './metrics/timeseries.ts';
import { unitCosts } from './metrics/unit-costs.ts';
import { writeReports } from './report/write.ts';
import { withStorage } from './storage/apply.ts';
import { withGoodput } from './goodput/index.ts';
import { shareFabric, simulateWorkload, type SimulateContext } from './workload/registry.ts';
import { timeToTrain, type StepAt } from './workload/training/time-to-train.ts';
import type { StepTimeline } from './metrics/timeline-types.ts';
import { VERSION } from './version.ts';

export interface RunOptions {
  sets?: string[];
  seed?: number;
  fidelity?: Fidelity;
  catalog?: Catalog;
  modelsDir?: string;
  /** drop malformed rows of every inference trace source (and count them) instead of failing */
  skipBadRows?: boolean;
  /** record wall-clock seconds in report.json (makes it differ between runs) */
  wallTime?: boolean;
  onProgress?: (message: string) => void;
}

export interface RunOutcome {
  scenario: Scenario;
  report: Report;
  /** the scenario file as it was read, for the HTML report */
  scenarioText: string;
  /** step timelines of the jobs that record one (training at flow fidelity), in scenario order */
  timelines: StepTimeline[];
  /** power, utilisation and throughput over simulated time (timeseries.csv) */
  timeseries?: Timeseries;
}

export async function runScenarioFile(file: string, opts: RunOptions = {}): Promise<RunOutcome> {
  const started = performance.now();
  const progress = opts.onProgress ?? (() => {});
  progress(`loading ${file}`);
  const catalog = opts.catalog ?? loadCatalog();
  // Phases 1-4.
  const { scenario: loaded, doc, normalizedText, placements } = checkScenarioFile(file, {
    catalog,
    sets: opts.sets ?? [],
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.modelsDir !== undefined ? { modelsDir: opts.modelsDir } : {}),
  });
  const scenario: Scenario = withRunOverrides(loaded, opts);
  const capProblem = powerCapProblem(scenario.cluster, scenario.energy);
  if (capProblem !== null) {
    const pos = positionOfPath(doc, 'energy.powerCap');
    throw new ConfigError([{ code: 'bad-value', file: doc.file, line: pos.line, col: pos.col, path: 'energy.powerCap', message: capProblem, hint: 'give a cap above the idle power of every accelerator of the cluster' }]);
  }

  // Phase 5: simulate, on the cluster as the power cap leaves it (slower compute, power-cap.ts).
  const capped = withPowerCap(scenario.cluster, scenario.energy.powerCap);
  let jobs: Record<string, JobResult> = {};
  const assumptions: Assumption[] = [];
  const timelines: StepTimeline[] = [];
  // One job at a time, in scenario order, so results and assumptions come out in a fixed order.
  for (const [i, job] of scenario.workloads.entries()) {
    progress(`simulating ${job.name} (${scenario.fidelity})`);
    const ctx: SimulateContext = { fidelity: scenario.fidelity, seed: scenario.seed, devices: placements[i]!.devices };
    const { result: simulated, assumptions: a, timeline } = await simulateWorkload(job, capped, ctx);
    if (timeline !== undefined) timelines.push(timeline);
    // The data stall joins the step and the checkpoint is costed at it (storage/apply.ts).
    const stored = job.kind === 'training' && simulated.kind === 'training' ? withStorage(job, simulated, capped, { fidelity: scenario.fidelity, devices: placements[i]!.devices }) : { result: simulated, assumptions: [] };
    const result = stored.result;
    jobs[job.name] = job.kind === 'training' && job.timeToTrain !== undefined && result.kind === 'training' ? await withTimeToTrain(job, result, capped, ctx) : result;
    // A long run's goodput over failures and checkpoints, from this step time (goodput/index.ts).
    if (job.kind === 'training' && job.goodput !== undefined) jobs[job.name] = withGoodput(job, jobs[job.name] as TrainingJobResult, scenario.cluster, scenario.seed, { doc, index: i });
    assumptions.push(...a, ...stored.assumptions);
  }
  // Jobs that share the fabric also run together, for their slowdown against running alone.
  if (scenario.workloads.filter((w) => w.kind === 'collective').length > 1) progress('simulating the collective jobs together on one fabric (flow)');
  jobs = shareFabric(scenario.workloads, placements, scenario.cluster, jobs);

  // Phase 6: measure.
  progress('measuring energy, carbon and cost');
  const simulatedSeconds = Math.max(0, ...Object.values(jobs).map((j) => j.simulatedSeconds));
  const usage = scenario.workloads.map((w) => {
    const r = jobs[w.name]!;
    const group = scenario.cluster.nodes[0]!;
    // An inference job's devices idle between iterations; the others are busy for their whole run.
    const busySeconds = r.kind === 'inference' ? r.busySeconds : r.simulatedSeconds;
    return { devices: r.devices, accelerator: group.accelerator, node: group.profile, busySeconds, computeUtilisation: r.computeUtilisation };
  });
  // Switches, optics and storage draw constant power; the timeline weights an hourly grid-intensity series.
  const infrastructure = infrastructurePower(scenario.cluster);
  const timeseries = buildTimeseries({ cluster: scenario.cluster, energy: scenario.energy, jobs: usage.map((u, i) => ({ ...u, result: jobs[scenario.workloads[i]!.name]! })), simulatedSeconds, infrastructure });
  const { energy, carbon, assumptions: ea } = computeEnergy({ cluster: scenario.cluster, energy: scenario.energy, jobs: usage, simulatedSeconds, infrastructure, powerSpans: powerSpans(timeseries) });
  let costOut: ReturnType<typeof computeCost>;
  try {
    costOut = computeCost({ cluster: scenario.cluster, cost: scenario.cost, simulatedSeconds, energyKWh: energy.totalKWh });
  } catch (e) {
    // The cost model throws only for prices missing from both the scenario and the profiles.
    const cloud = scenario.cost.basis === 'cloud';
    const term = cloud && scenario.cost.cloud !== undefined && scenario.cost.cloud.pricing !== 'on-demand';
    const path = term ? 'cost.cloud.pricing' : cloud ? 'cost.devicePrice' : 'cost.basis';
    const pos = positionOfPath(doc, term ? 'cost.cloud.pricing' : cloud ? 'cost' : 'cost.basis');
    const hint = term ? 'choose a pricing term the profiles have (on-demand always has a price where the device has one), or set cost.devicePrice'
      : cloud ? 'add e.g. "devicePrice: 2.99 USD/h" under cost:, or use basis: owned' : 'add a purchase price to the node profile, or use basis: cloud with a devicePrice';
    throw new ConfigError([{ code: 'missing-key', file: doc.file, line: pos.line, col: pos.col, path, message: (e as Error).message, hint }]);
  }
  assumptions.push(...ea, ...costOut.assumptions);
  // Owned versus cloud over utilisation: a working device draws the load the simulated jobs ran at.
  const heldDevices = usage.reduce((s, j) => s + j.devices, 0);
  const load = heldDevices > 0 ? Math.min(1, usage.reduce((s, j) => s + j.devices * busyLoad(j.computeUtilisation), 0) / heldDevices) : 1;
  const breakEven = computeBreakEven({ cluster: scenario.cluster, cost: scenario.cost, energy: scenario.energy, busyLoad: load });
  costOut.cost = 'result' in breakEven ? { ...costOut.cost, breakEven: breakEven.result } : { ...costOut.cost, breakEvenNote: breakEven.note };
  // Its prices join the assumptions table (both purchase and cloud, whichever basis the run is costed on).
  if ('result' in breakEven) {
    for (const p of breakEven.result.prices) {
      assumptions.push({ name: p.name, value: p.value, unit: p.unit, source: p.date === 'scenario' ? p.source : `${p.source} (${p.date})` });
    }
  }
  jobs = perToken(jobs, energy.totalKWh, costOut.cost.totalUsd, scenario.cluster);
  jobs = withTimeToTrainFootprint(jobs, { cluster: scenario.cluster, energy: scenario.energy, cost: scenario.cost });
  // Cost per GPU-hour, per training run and per million tokens, together for the reports.
  costOut.cost = { ...costOut.cost, unitCosts: unitCosts(jobs, costOut.cost) };

  const devicesByAccel: Record<string, number> = {};
  const nodesByProfile: Record<string, number> = {};
  for (const g of scenario.cluster.nodes) {
    devicesByAccel[g.accelerator.id] = (devicesByAccel[g.accelerator.id] ?? 0) + g.count * g.profile.devicesPerNode;
    nodesByProfile[g.profile.id] = (nodesByProfile[g.profile.id] ?? 0) + g.count;
  }
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'clustersim', version: VERSION },
    scenario: { name: scenario.name, description: scenario.description, file: scenario.file, sha256: createHash('sha256').update(normalizedText).digest('hex') },
    seed: scenario.seed,
    fidelity: scenario.fidelity,
    simulatedSeconds,
    wallSeconds: null,
    cluster: {
      nodes: Object.values(nodesByProfile).reduce((a, b) => a + b, 0),
      devices: Object.values(devicesByAccel).reduce((a, b) => a + b, 0),
      byAccelerator: devicesByAccel,
      nodeProfiles: nodesByProfile,
    },
    jobs,
    energy,
    carbon,
    cost: costOut.cost,
    assumptions: dedupeAssumptions(assumptions),
    expectations: [],
    reference: null,
  };
  report.expectations = evaluateExpectations(scenario.expect.map((e) => e.expression), report);
  report.reference = compareReference(scenario, report);
  if (opts.wallTime) report.wallSeconds = (performance.now() - started) / 1000;
  return { scenario, report, scenarioText: doc.text, timelines, timeseries };
}

/**
 * A training job's time to train on its token target: the main batch's step from the job's result, one more
 * simulated step (same fidelity, seed and devices) for each other batch size of the ramp-up.
 */
async function withTimeToTrain(job: TrainingWorkload, result: TrainingJobResult, cluster: ClusterSpec, ctx: SimulateContext): Promise<TrainingJobResult> {
  const spec = job.timeToTrain!;
  const at = new Map<number, StepAt>([[job.batch.globalSequences, { stepSeconds: result.stepSeconds, computeUtilisation: result.computeUtilisation }]]);
  for (const { globalSequences } of spec.phases) {
    if (at.has(globalSequences)) continue;
    const { result: r } = await simulateWorkload({ ...job, batch: { ...job.batch, globalSequences } }, cluster, ctx);
    if (r.kind !== 'training') throw new Error(`internal: training job ${job.name} gave a ${r.kind} result`);
    at.set(globalSequences, { stepSeconds: r.stepSeconds, computeUtilisation: r.computeUtilisation });
  }
  const timeToTrainResult = timeToTrain({ spec, sequenceLength: job.batch.sequenceLength, devices: result.devices, stepFor: (g) => at.get(g)! });
  return { ...result, timeToTrain: timeToTrainResult };
}

/** Command-line overrides that apply to the whole scenario (--fidelity, --skip-bad-rows). */
function withRunOverrides(s: Scenario, opts: RunOptions): Scenario {
  let out = opts.fidelity ? { ...s, fidelity: opts.fidelity } : s;
  if (opts.skipBadRows) {
    out = {
      ...out,
      workloads: out.workloads.map((w) => {
        if (w.kind !== 'inference') return w;
        const skip = <S extends { kind: string }>(src: S): S => (src.kind === 'trace' ? { ...src, skipBadRows: true } : src);
        return { ...w, source: skip(w.source), ...(w.classes !== undefined ? { classes: w.classes.map((c) => ({ ...c, source: skip(c.source) })) } : {}) };
      }),
    };
  }
  return out;
}

function dedupeAssumptions(list: Assumption[]): Assumption[] {
  const seen = new Map<string, Assumption>();
  for (const a of list) if (!seen.has(a.name)) seen.set(a.name, a);
  return [...seen.values()];
}

function compareReference(scenario: Scenario, report: Report): Report['reference'] {
  const ref = scenario.reference;
  if (!ref) return null;
  const v = lookupMetric(report, ref.metric);
  const predicted = typeof v === 'number' && Number.isFinite(v) ? v : null;
  const errorPercent = predicted === null ? null : ((predicted - ref.measured) / ref.measured) * 100;
  return {
    source: ref.source,
    metric: ref.metric,
    measured: ref.measured,
    predicted,
    unit: ref.unit,
    errorPercent,
    tolerancePercent: ref.tolerancePercent,
    pass: errorPercent !== null && Math.abs(errorPercent) <= ref.tolerancePercent,
  };
}

export interface WriteRunOptions {
  /** pipeline stages trace.json keeps (0-based); absent: every stage */
  traceStages?: readonly number[];
}

/** Phase 7. Returns the paths written (trace.json too when a job recorded its step timeline). */
export async function writeRunReports(outcome: RunOutcome, outDir: string, opts: WriteRunOptions = {}): Promise<string[]> {
  return writeReports(outcome.report, {
    outDir,
    formats: outcome.scenario.report.formats,
    scenarioText: outcome.scenarioText,
    timelines: outcome.timelines,
    ...(outcome.timeseries !== undefined ? { timeseries: outcome.timeseries } : {}),
    ...(opts.traceStages !== undefined ? { traceStages: opts.traceStages } : {}),
  });
}
