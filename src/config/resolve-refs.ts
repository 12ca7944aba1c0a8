/**
 * Phase 2, second half: every profile id and model id the scenario names must exist, and be of the kind
 * its field expects. Works on the raw data (after --set overrides), independently of the zod result, so a
 * typo in an id is reported together with every other problem in the file.
 */
import type { Catalog, ProfileKind } from '../hardware/profile-types.ts';
import type { ModelArchitecture } from '../workload/training/model-types.ts';
import { formatPath, type PathSegment, type SourceDoc } from './document.ts';
import { ConfigError, didYouMean, type ErrorCode, type InputIssue } from './errors.ts';
import { listModelIds, loadModel } from './models.ts';
import { storageRefIssues } from './storage-schema.ts';

export interface ResolvedRefs {
  issues: InputIssue[];
  /** model architectures loaded from files, by workload index */
  models: Map<number, ModelArchitecture>;
}

const KIND_FIELD: Record<ProfileKind, keyof Catalog> = { accelerator: 'accelerators', node: 'nodes', fabric: 'fabrics', storage: 'storage' };

function kindOf(id: string, catalog: Catalog): ProfileKind | undefined {
  return (Object.keys(KIND_FIELD) as ProfileKind[]).find((k) => catalog[KIND_FIELD[k]].has(id));
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** "a, b, c, d, e, ... (12 in all)" */
function sample(ids: readonly string[], n = 6): string {
  const sorted = [...ids].sort();
  return sorted.length <= n ? sorted.join(', ') : `${sorted.slice(0, n).join(', ')}, ... (${sorted.length} in all)`;
}

export function resolveRefs(doc: SourceDoc, data: unknown, catalog: Catalog, modelsDir: string): ResolvedRefs {
  const issues: InputIssue[] = [];
  const add = (code: ErrorCode, path: PathSegment[], message: string, hint: string) => {
    const pos = doc.positionOf(path);
    issues.push({ code, file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message, hint });
  };

  /** Checks that `id` names a profile of `want`; returns whether it does. */
  const expectProfile = (path: PathSegment[], id: unknown, want: ProfileKind, field: string): boolean => {
    if (typeof id !== 'string' || id === '') return false; // the schema reports the wrong type
    if (catalog[KIND_FIELD[want]].has(id)) return true;
    const ids = [...catalog[KIND_FIELD[want]].keys()];
    const actual = kindOf(id, catalog);
    if (actual) {
      const holders = actual === 'accelerator' && want === 'node' ? [...catalog.nodes.values()].filter((n) => n.accelerator === id).map((n) => n.id) : [];
      const hint = holders.length > 0 ? `node profiles with this accelerator: ${sample(holders)}` : `${field} takes a ${want} profile, e.g. ${sample(ids, 3)}`;
      add('unknown-profile', path, `"${id}" is ${actual === 'accelerator' ? 'an' : 'a'} ${actual} profile, not a ${want} profile`, hint);
    } else {
      const hint = didYouMean(id, ids) || (ids.length > 0 ? `known ${want} profiles: ${sample(ids)}; run "clustersim profiles list"` : `the catalog has no ${want} profiles`);
      add('unknown-profile', path, `unknown ${want} profile "${id}"`, hint);
    }
    return false;
  };

  const root = obj(data) ?? {};
  const cluster = obj(root.cluster) ?? {};
  list(cluster.nodes).forEach((g, i) => {
    const path: PathSegment[] = ['cluster', 'nodes', i, 'profile'];
    const id = obj(g)?.profile;
    if (!expectProfile(path, id, 'node', 'cluster.nodes[].profile')) return;
    // A node profile that names a missing accelerator or fabric is a catalog bug, but it surfaces here.
    const node = catalog.nodes.get(id as string)!;
    if (!catalog.accelerators.has(node.accelerator)) add('unknown-profile', path, `node profile "${node.id}" names accelerator "${node.accelerator}", which is not in the catalog`, `fix hardware-profiles/nodes/${node.id}.yaml`);
    if (node.scaleUpFabric !== null && !catalog.fabrics.has(node.scaleUpFabric)) add('unknown-profile', path, `node profile "${node.id}" names scale-up fabric "${node.scaleUpFabric}", which is not in the catalog`, `fix hardware-profiles/nodes/${node.id}.yaml`);
  });
  const scaleOut = obj(cluster.scaleOut);
  if (scaleOut && expectProfile(['cluster', 'scaleOut', 'profile'], scaleOut.profile, 'fabric', 'cluster.scaleOut.profile')) {
    const f = catalog.fabrics.get(scaleOut.profile as string)!;
    if (f.tier !== 'scale-out') {
      const outs = [...catalog.fabrics.values()].filter((x) => x.tier === 'scale-out').map((x) => x.id);
      add('bad-value', ['cluster', 'scaleOut', 'profile'], `"${f.id}" is a scale-up fabric; the network between nodes needs a scale-out fabric`, `scale-out fabrics: ${sample(outs)}`);
    }
  }
  list(cluster.storage).forEach((s, i) => expectProfile(['cluster', 'storage', i, 'profile'], obj(s)?.profile, 'storage', 'cluster.storage[].profile'));
  for (const t of storageRefIssues(data, catalog)) add(t.code, t.path, t.message, t.hint);

  const models = new Map<number, ModelArchitecture>();
  let modelIds: string[] | undefined;
  list(root.workloads).forEach((w, i) => {
    const id = obj(w)?.model;
    if (typeof id !== 'string' || id === '' || (obj(w)?.kind !== 'training' && obj(w)?.kind !== 'inference')) return;
    modelIds ??= listModelIds(modelsDir);
    if (!modelIds.includes(id)) {
      const hint = didYouMean(id, modelIds) || (modelIds.length > 0 ? `known models: ${sample(modelIds)}; or write the architecture inline` : `no model files in ${modelsDir}; write the architecture inline`);
      add('unknown-model', ['workloads', i, 'model'], `unknown model "${id}"`, hint);
      return;
    }
    try {
      models.set(i, loadModel(id, modelsDir));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues.push(...e.issues);
    }
  });
  return { issues, models };
}
