/**
 * Phases 1-3 of the run pipeline for one scenario file:
 *   1 load       YAML or JSON -> raw data with source positions (document.ts), then --set overrides
 *   2 validate   the zod schema, plus every profile and model id resolved against the catalog and the
 *                model files; ALL problems collected, sorted by file:line:col, thrown as one ConfigError
 *   3 normalize  SI numbers, defaults, ids replaced by the profiles and models they name (normalize.ts)
 */
import type { Catalog } from '../hardware/profile-types.ts';
import { loadDocument, formatPath, type SourceDoc } from './document.ts';
import { ConfigError, sortIssues, uniqueIssues, type InputIssue } from './errors.ts';
import { modelConsistencyIssues } from './model-schema.ts';
import { defaultModelsDir } from './models.ts';
import { normalize } from './normalize.ts';
import { resolveRefs } from './resolve-refs.ts';
import type { Scenario } from './scenario-types.ts';
import { SCENARIO_SECTIONS, scenarioSchema } from './scenario-schema.ts';
import { applySets, attributeToSets, parsePath, type Override } from './set-override.ts';
import { rawToIssues, zodToIssues } from './zod-issues.ts';

export interface LoadOptions {
  catalog: Catalog;
  /** folder of model files; default scenarios/models in the package */
  modelsDir?: string;
  /** `path=value` overrides, applied in order */
  sets?: string[];
  /** replaces the file's seed (the CLI's --seed) */
  seed?: number;
}

export interface LoadedScenario {
  scenario: Scenario;
  /** the source document, its data after the overrides; positions refer to the file */
  doc: SourceDoc;
  /** canonical JSON of the normalised scenario (sorted keys), hashed into report.json */
  normalizedText: string;
}

export function loadScenario(file: string, opts: LoadOptions): LoadedScenario {
  const source = loadDocument(file);
  const { data, overrides, issues } = applySets(source.data, opts.sets ?? [], SCENARIO_SECTIONS);
  const doc: SourceDoc = { ...source, data };

  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) issues.push(...zodToIssues(doc, scenarioSchema, parsed.error));
  const refs = resolveRefs(doc, data, opts.catalog, opts.modelsDir ?? defaultModelsDir());
  issues.push(...refs.issues, ...duplicateNames(doc, data), ...crossFieldIssues(doc, data));
  if (opts.seed !== undefined && !(Number.isInteger(opts.seed) && opts.seed >= 0)) {
    issues.push({ code: 'bad-value', file: '--seed', line: 0, col: 0, path: 'seed', message: `${opts.seed} is not a seed`, hint: 'give a non-negative integer' });
  }
  if (issues.length > 0 || !parsed.success) throw new ConfigError(sortIssues(uniqueIssues(attributeToSets(issues, overrides))));

  const p = opts.seed === undefined ? parsed.data : { ...parsed.data, seed: opts.seed };
  const expectLines = p.expect.map((_, i) => (overridden(['expect', i], overrides) ? 0 : doc.positionOf(['expect', i]).line));
  const scenario = normalize({ file, parsed: p, catalog: opts.catalog, models: refs.models, expectLines });
  return { scenario, doc, normalizedText: normalizedText(scenario) };
}

/** Inline-model rules, checked on the raw data as well as in the schema: zod
 * skips them for a workload that has any other mistake, and all problems should come out at once. */
function crossFieldIssues(doc: SourceDoc, data: unknown): InputIssue[] {
  const workloads = (data as { workloads?: unknown }).workloads;
  if (!Array.isArray(workloads)) return [];
  return workloads.flatMap((w: unknown, i) => {
    if (w === null || typeof w !== 'object') return [];
    const kind = (w as { kind?: unknown }).kind;
    const model = (w as { model?: unknown }).model;
    if (kind === 'inference') return rawToIssues(doc, ['workloads', i, 'model'], modelConsistencyIssues(model));
    if (kind !== 'training') return [];
    return rawToIssues(doc, ['workloads', i, 'model'], modelConsistencyIssues(model));
  });
}

/** Report keys are job names, so two workloads may not share one. */
function duplicateNames(doc: SourceDoc, data: unknown): InputIssue[] {
  const workloads = (data as { workloads?: unknown }).workloads;
  if (!Array.isArray(workloads)) return [];
  const seen = new Map<string, number>();
  const out: InputIssue[] = [];
  workloads.forEach((w, i) => {
    const name = (w as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, i);
      return;
    }
    const pos = doc.positionOf(['workloads', i, 'name']);
    out.push({ code: 'inconsistent', file: doc.file, line: pos.line, col: pos.col, path: `workloads[${i}].name`, message: `workload name "${name}" is already used by workloads[${first}]`, hint: 'give each workload its own name; report.json lists jobs by name' });
  });
  return out;
}

function overridden(path: (string | number)[], overrides: readonly Override[]): boolean {
  const p = formatPath(path);
  return overrides.some((o) => {
    const q = formatPath(o.path);
    return p === q || p.startsWith(`${q}[`) || p.startsWith(`${q}.`);
  });
}

/**
 * Position in the file of a dotted field path such as `workloads[0].batch.micro`, for errors found after
 * phase 3 (memory fit, device count). Falls back to the nearest ancestor present in the file; {0, 0} for
 * a path that cannot be parsed.
 */
export function positionOfPath(doc: SourceDoc, dottedPath: string): { line: number; col: number } {
  if (dottedPath === '') return doc.positionOf([]);
  const path = parsePath(dottedPath);
  return path ? doc.positionOf(path) : { line: 0, col: 0 };
}

/**
 * The scenario as canonical JSON: keys sorted at every level, no whitespace. The file path and the line
 * numbers of `expect` entries are left out, so moving a file or editing a comment keeps the hash, while
 * any change of meaning (a value, a default, a profile figure) changes it.
 */
export function normalizedText(s: Scenario): string {
  const { file: _file, expect, ...rest } = s;
  return canonicalJson({ ...rest, expect: expect.map((e) => e.expression) });
}

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(Object.is(v, -0) ? 0 : v) : 'null';
    return JSON.stringify(v) ?? 'null';
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}
