/**
 * The hardware catalog: every profile in hardware-profiles/, loaded, validated and cross-checked.
 *
 * Loading reads each `*.yaml` below the folder (recursively, in sorted path order, so the result and the
 * order of any errors never depend on the file system), validates it with its kind's schema, and then
 * checks what no single file can: the id matches the file name, ids are unique across kinds, a node's
 * accelerator and scale-up fabric exist, and a node's power figures cover its devices (the power model
 * derives node overhead as max − n × TDP and idle − n × device idle; both must be ≥ 0). Every problem in every
 * file is collected and thrown as one ConfigError.
 *
 * No cache: loading the ~50 small files takes tens of milliseconds, and a caller that loads often keeps the
 * Catalog it got.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPath, loadDocument, type PathSegment, type SourceDoc } from '../config/document.ts';
import { ConfigError, didYouMean, type ErrorCode, type InputIssue } from '../config/errors.ts';
import { validateProfile } from './profile-schema.ts';
import type { Catalog, HardwareProfile, NodeProfile, ProfileKind } from './profile-types.ts';

/** The sub-folder each kind's files live in; a file elsewhere is still loaded, by its `kind`. */
export const KIND_FOLDER: Record<ProfileKind, string> = { accelerator: 'accelerators', node: 'nodes', fabric: 'fabrics', storage: 'storage' };
const CATALOG_FIELD = { accelerator: 'accelerators', node: 'nodes', fabric: 'fabrics', storage: 'storage' } as const satisfies Record<ProfileKind, keyof Catalog>;

/**
 * hardware-profiles/ at the package root. Found by walking up from this file to the folder holding
 * package.json, so it works from src/ under tsx and from a compiled dist/ alike.
 */
export function defaultProfilesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'hardware-profiles');
    if (dirname(dir) === dir) return resolve(here, '../../hardware-profiles');
  }
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (name.endsWith('.yaml')) out.push(p);
  }
  return out;
}

interface Loaded {
  profile: HardwareProfile;
  doc: SourceDoc;
}

function issueAt(doc: SourceDoc, path: PathSegment[], code: ErrorCode, message: string, hint: string): InputIssue {
  const pos = doc.positionOf(path);
  return { code, file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message, hint };
}

/** Loads and checks every profile under `dir`; throws one ConfigError listing every problem found. */
export function loadCatalog(dir: string = defaultProfilesDir()): Catalog {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ConfigError([{ code: 'file-not-found', file: dir, line: 0, col: 0, path: '', message: 'no such profiles folder', hint: 'give the folder that holds accelerators/, nodes/, fabrics/ and storage/' }]);
  }
  const issues: InputIssue[] = [];
  const loaded: Loaded[] = [];
  for (const file of yamlFiles(dir)) {
    // Errors name files as the user would type them: relative to the working directory when inside it.
    const rel = relative(process.cwd(), file);
    const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
    let doc: SourceDoc;
    try {
      doc = loadDocument(shown);
    } catch (e) {
      if (e instanceof ConfigError) { issues.push(...e.issues); continue; }
      throw e;
    }
    const r = validateProfile(doc, doc.data);
    issues.push(...r.issues);
    if (r.profile) {
      issues.push(...fileChecks(r.profile, doc, file));
      loaded.push({ profile: r.profile, doc });
    }
  }
  const catalog: Catalog = { accelerators: new Map(), nodes: new Map(), fabrics: new Map(), storage: new Map() };
  const firstFile = new Map<string, string>();
  for (const { profile, doc } of loaded) {
    const other = firstFile.get(profile.id);
    if (other !== undefined) {
      issues.push(issueAt(doc, ['id'], 'inconsistent', `id "${profile.id}" is already used by ${other}`, 'every profile id must be unique across all kinds'));
      continue;
    }
    firstFile.set(profile.id, doc.file);
    (catalog[CATALOG_FIELD[profile.kind]] as Map<string, HardwareProfile>).set(profile.id, profile);
  }
  for (const { profile, doc } of loaded) {
    if (profile.kind === 'node' && catalog.nodes.get(profile.id) === profile) issues.push(...nodeChecks(profile, doc, catalog));
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return catalog;
}

/** Checks one file can fail on its own: its name and its folder. */
function fileChecks(p: HardwareProfile, doc: SourceDoc, file: string): InputIssue[] {
  const out: InputIssue[] = [];
  const stem = basename(file, '.yaml');
  if (p.id !== stem) out.push(issueAt(doc, ['id'], 'inconsistent', `id "${p.id}" does not match the file name "${stem}.yaml"`, `rename the file to ${p.id}.yaml or set "id: ${stem}"`));
  const folder = basename(dirname(file));
  const expected = KIND_FOLDER[p.kind];
  const known = Object.values(KIND_FOLDER);
  if (known.includes(folder) && folder !== expected) {
    out.push(issueAt(doc, ['kind'], 'inconsistent', `a ${p.kind} profile in the ${folder}/ folder`, `move it to ${expected}/ or correct "kind:"`));
  }
  return out;
}

/** Cross-references and the power figures the power model relies on. */
function nodeChecks(node: NodeProfile, doc: SourceDoc, catalog: Catalog): InputIssue[] {
  const out: InputIssue[] = [];
  const accel = catalog.accelerators.get(node.accelerator);
  if (!accel) {
    const ids = [...catalog.accelerators.keys()];
    out.push(issueAt(doc, ['accelerator'], 'unknown-profile', `no accelerator profile "${node.accelerator}"`, didYouMean(node.accelerator, ids) || (ids.length > 0 ? `known accelerators: ${ids.join(', ')}` : 'the catalog has no accelerator profiles')));
  }
  if (node.scaleUpFabric !== null) {
    const fabric = catalog.fabrics.get(node.scaleUpFabric);
    const ups = [...catalog.fabrics.values()].filter((f) => f.tier === 'scale-up').map((f) => f.id);
    if (!fabric) {
      out.push(issueAt(doc, ['scaleUpFabric'], 'unknown-profile', `no fabric profile "${node.scaleUpFabric}"`, didYouMean(node.scaleUpFabric, ups) || (ups.length > 0 ? `scale-up fabrics: ${ups.join(', ')}` : 'the catalog has no scale-up fabric profiles')));
    } else if (fabric.tier !== 'scale-up') {
      out.push(issueAt(doc, ['scaleUpFabric'], 'inconsistent', `fabric "${fabric.id}" is a ${fabric.tier} fabric`, `a node's scaleUpFabric is one of: ${ups.join(', ')}`));
    }
  }
  if (accel) {
    const n = node.devicesPerNode;
    if (node.power.maxWatts < n * accel.power.tdpWatts) {
      out.push(issueAt(doc, ['power', 'max'], 'inconsistent', `max power ${node.power.maxWatts} W is below ${n} × the ${accel.power.tdpWatts} W TDP of ${accel.id}`, 'the node maximum includes its devices at TDP'));
    }
    const idleOverhead = node.power.idleWatts - n * accel.power.idleWatts;
    const maxOverhead = node.power.maxWatts - n * accel.power.tdpWatts;
    if (idleOverhead < 0 || idleOverhead > Math.max(0, maxOverhead)) {
      out.push(issueAt(doc, ['power', 'idle'], 'inconsistent', `idle power ${node.power.idleWatts} W minus ${n} × the ${accel.power.idleWatts} W idle of ${accel.id} must lie between 0 and the full-load overhead ${maxOverhead} W`, 'node idle = devices idle + the rest of the node (CPUs, NICs, fans) idle'));
    }
  }
  return out;
}

export type FoundProfile = { [K in ProfileKind]: { kind: K; profile: Extract<HardwareProfile, { kind: K }> } }[ProfileKind];

/** The profile with this id, of whatever kind. */
export function findProfile(catalog: Catalog, id: string): FoundProfile | undefined {
  const a = catalog.accelerators.get(id);
  if (a) return { kind: 'accelerator', profile: a };
  const n = catalog.nodes.get(id);
  if (n) return { kind: 'node', profile: n };
  const f = catalog.fabrics.get(id);
  if (f) return { kind: 'fabric', profile: f };
  const s = catalog.storage.get(id);
  if (s) return { kind: 'storage', profile: s };
  return undefined;
}

/** Every id (of one kind, if given), sorted: the candidates for did-you-mean hints. */
export function allProfileIds(catalog: Catalog, kind?: ProfileKind): string[] {
  const kinds = kind ? [kind] : (Object.keys(CATALOG_FIELD) as ProfileKind[]);
  return kinds.flatMap((k) => [...catalog[CATALOG_FIELD[k]].keys()]).sort();
}
