/**
 * Model architecture files: scenarios/models/<id>.yaml, one transformer (dense or MoE) each (format in
 * model-schema.ts). A scenario names a model by id; this module finds, lists and loads those files,
 * reporting problems positioned in the model file itself.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelArchitecture } from '../workload/training/model-types.ts';
import { loadDocument } from './document.ts';
import { ConfigError, sortIssues, uniqueIssues, type InputIssue } from './errors.ts';
import { modelConsistencyIssues, modelFileSchema } from './model-schema.ts';
import { rawToIssues, zodToIssues } from './zod-issues.ts';

/** The package root: the nearest folder above this module holding package.json (works from src/ under
 * tsx and from a compiled dist/ alike). */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
}

export function defaultModelsDir(): string {
  return join(packageRoot(), 'scenarios', 'models');
}

/** Ids of the model files in `dir`, sorted; [] when the folder does not exist. */
export function listModelIds(dir: string = defaultModelsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

export function modelFile(id: string, dir: string = defaultModelsDir()): string {
  return join(dir, `${id}.yaml`);
}

/** Loads and checks one model file; throws ConfigError with every problem, positioned in that file. */
export function loadModel(id: string, dir: string = defaultModelsDir()): ModelArchitecture {
  const doc = loadDocument(modelFile(id, dir));
  const r = modelFileSchema.safeParse(doc.data);
  const issues: InputIssue[] = r.success ? [] : zodToIssues(doc, modelFileSchema, r.error);
  issues.push(...rawToIssues(doc, [], modelConsistencyIssues(doc.data)));
  const fileId = (doc.data as Record<string, unknown>).id;
  if (typeof fileId === 'string' && fileId !== id) {
    // The id is how scenarios and reports name the model; a copy-pasted file with a stale id would
    // silently report under the wrong name.
    const pos = doc.positionOf(['id']);
    issues.push({ code: 'inconsistent', file: doc.file, line: pos.line, col: pos.col, path: 'id', message: `id "${fileId}" does not match the file name "${id}.yaml"`, hint: `set id: ${id}, or rename the file` });
  }
  if (issues.length > 0 || !r.success) throw new ConfigError(sortIssues(uniqueIssues(issues)));
  return r.data;
}
