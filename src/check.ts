/**
 * Phases 1-4 of the pipeline: load, validate, normalise, and check that every workload can be built on the
 * cluster (fits in memory, enough devices, supported options), by the model of its kind (workload/registry.ts),
 * and hand each its devices (workload/placement.ts: disjoint, by the job's placement policy).
 * `clustersim validate` stops here; `run` goes on to simulate. All problems found are thrown together as
 * one ConfigError.
 */
import { ConfigError, type InputIssue } from './config/errors.ts';
import { loadScenario, positionOfPath } from './config/load-scenario.ts';
import type { SourceDoc } from './config/document.ts';
import type { Scenario } from './config/scenario-types.ts';
import type { Catalog } from './hardware/profile-types.ts';
import type { JobPlacement, PlacementOutcome } from './workload/placement.ts';
import { placeWorkloads, workloadDevices, workloadIssues } from './workload/registry.ts';
import { buildTopology } from './fabric/topology/index.ts';

export interface CheckOptions {
  catalog: Catalog;
  sets?: string[];
  seed?: number;
  modelsDir?: string;
}

export interface CheckedScenario {
  scenario: Scenario;
  doc: SourceDoc;
  normalizedText: string;
  /** each workload's devices, by workload index (workload/placement.ts) */
  placements: JobPlacement[];
}

export function checkScenarioFile(file: string, opts: CheckOptions): CheckedScenario {
  const loaded = loadScenario(file, {
    catalog: opts.catalog,
    sets: opts.sets ?? [],
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.modelsDir !== undefined ? { modelsDir: opts.modelsDir } : {}),
  });
  const { scenario, doc } = loaded;
  const issues: InputIssue[] = fabricIssues(scenario, doc);
  scenario.workloads.forEach((job, i) => {
    for (const t of workloadIssues(job, scenario.cluster)) {
      const path = t.path === '' ? `workloads[${i}]` : `workloads[${i}].${t.path}`;
      const pos = positionOfPath(doc, path);
      issues.push({ code: t.code, file: doc.file, line: pos.line, col: pos.col, path, message: t.message, hint: t.hint });
    }
  });
  if (issues.length === 0) issues.push(...sharedDeviceIssues(scenario, doc));
  let placed: PlacementOutcome | undefined;
  if (issues.length === 0) {
    placed = placeWorkloads(scenario.workloads, scenario.cluster);
    for (const { index, issue: t } of placed.issues) {
      const path = t.path === '' ? `workloads[${index}]` : `workloads[${index}].${t.path}`;
      const pos = positionOfPath(doc, path);
      issues.push({ code: t.code, file: doc.file, line: pos.line, col: pos.col, path, message: t.message, hint: t.hint });
    }
  }
  if (issues.length > 0 || placed === undefined) throw new ConfigError(issues);
  return { ...loaded, placements: placed.placements.map((p) => p!) };
}

/**
 * The fabric the cluster's fields describe must be buildable (fabric/topology/build.ts): enough switch
 * ports for the nodes in the tiers asked for, a dragonfly with room for every NIC, torus dimensions that
 * hold every chip. Reported at the scale-out block (or the torus dimensions) with the builder's reason.
 */
function fabricIssues(scenario: Scenario, doc: SourceDoc): InputIssue[] {
  try {
    buildTopology(scenario.cluster);
    return [];
  } catch (e) {
    const torus = scenario.cluster.torusDims !== undefined && /torus/.test((e as Error).message);
    const path = torus ? 'cluster.torusDims' : scenario.cluster.scaleOut !== null ? 'cluster.scaleOut' : 'cluster.nodes';
    const pos = positionOfPath(doc, path);
    return [{
      code: 'inconsistent', file: doc.file, line: pos.line, col: pos.col, path,
      message: `the fabric cannot be built: ${(e as Error).message}`,
      hint: torus ? 'give dimensions whose product is the chip count' : 'change tiers, radix, oversubscription, the scalable unit or the dragonfly shape so every node fits; node groups must share one shape',
    }];
  }
}

/**
 * The workloads of one scenario run side by side on disjoint devices (the energy and cost accounting rests
 * on it), so together they may not ask for more devices than the cluster has. Reported at the first
 * workload that goes over.
 */
function sharedDeviceIssues(scenario: Scenario, doc: SourceDoc): InputIssue[] {
  const available = scenario.cluster.nodes.reduce((s, g) => s + g.count * g.profile.devicesPerNode, 0);
  let held = 0;
  for (const [i, job] of scenario.workloads.entries()) {
    held += workloadDevices(job);
    if (held <= available || i === 0) continue;
    const path = `workloads[${i}]`;
    const pos = positionOfPath(doc, path);
    return [{
      code: 'does-not-fit', file: doc.file, line: pos.line, col: pos.col, path,
      message: `workloads[0..${i}] together need ${held} devices but the cluster has ${available}; the workloads of a scenario run side by side on disjoint devices`,
      hint: 'give each workload fewer devices (dp, ranks), add nodes, or put the workloads in separate scenarios',
    }];
  }
  return [];
}
