/**
 * Phase 2 (validate): turn zod issues into positioned, actionable InputIssues: the field path, what was
 * expected, what was found, and a hint (the closest known key, the allowed values, the unit to use).
 */
import type { z } from 'zod';
import { closest, didYouMean, type ErrorCode, type InputIssue } from './errors.ts';
import { formatPath, type PathSegment, type SourceDoc } from './document.ts';

type AnySchema = z.ZodType;

/** The object keys a schema accepts at `path`, by walking wrappers (optional, default, pipe, array) and
 * unions (the first object option that has the next key; at the end, the keys of every object option). */
export function knownKeysAt(schema: AnySchema, path: readonly PathSegment[]): string[] {
  let s: unknown = schema;
  for (const seg of path) {
    s = unionOptionWithKey(unwrap(s), seg);
    const def = defOf(s);
    if (def?.type === 'object') s = (def.shape as Record<string, unknown>)[String(seg)];
    else if (def?.type === 'array') s = def.element;
    else if (def?.type === 'record') s = def.valueType;
    else return [];
    if (!s) return [];
  }
  const u = unwrap(s);
  const options = defOf(u)?.type === 'union' ? ((defOf(u)!.options as unknown[]) ?? []).map(unwrap) : [u];
  const keys = new Set<string>();
  for (const o of options) {
    const def = defOf(o);
    if (def?.type === 'object') for (const k of Object.keys(def.shape as object)) keys.add(k);
  }
  return [...keys];
}

/** For a union, the option a path segment walks into: the first object option with that key, or the
 * first array option for an index. Anything else is returned as is. */
function unionOptionWithKey(s: unknown, seg: PathSegment): unknown {
  const def = defOf(s);
  if (def?.type !== 'union') return s;
  for (const o of (def.options as unknown[]).map(unwrap)) {
    const od = defOf(o);
    if (typeof seg === 'number' && od?.type === 'array') return o;
    if (od?.type === 'object' && String(seg) in (od.shape as object)) return o;
  }
  return s;
}

function defOf(s: unknown): Record<string, unknown> | undefined {
  return (s as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
}

function unwrap(s: unknown): unknown {
  for (let i = 0; i < 20; i++) {
    const def = defOf(s);
    if (!def) return s;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') s = def.innerType;
    else if (def.type === 'pipe') s = def.in;
    else return s;
  }
  return s;
}

/** zod's type names in the words of a YAML file. */
function expectedName(t: string): string {
  const names: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'a string', boolean: 'true or false', object: 'a mapping', array: 'a list' };
  return names[t] ?? t;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg as string];
  }
  return cur;
}

export function zodToIssues(doc: SourceDoc, schema: AnySchema, error: z.ZodError, prefix: readonly PathSegment[] = []): InputIssue[] {
  const out: InputIssue[] = [];
  // A misspelt required key shows up twice (unknown "parallelsim", missing "parallelism"); the unknown-key
  // issue with its did-you-mean says it all, so the missing-key issue for the suggested key is dropped.
  const typoFor = new Set<string>();
  for (const iss of error.issues) {
    if (iss.code !== 'unrecognized_keys') continue;
    const known = knownKeysAt(schema, iss.path as PathSegment[]);
    for (const k of iss.keys) {
      const c = closest(k, known);
      if (c !== undefined) typoFor.add(formatPath([...prefix, ...(iss.path as PathSegment[]), c]));
    }
  }
  for (const iss of error.issues) {
    const rel = iss.path as PathSegment[];
    const full = [...prefix, ...rel];
    const make = (code: ErrorCode, path: PathSegment[], message: string, hint: string, key = false): InputIssue => {
      const pos = doc.positionOf(path, { key });
      return { code, file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message, hint };
    };
    switch (iss.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, rel);
        for (const k of iss.keys) {
          const dym = didYouMean(k, known);
          out.push(make('unknown-key', [...full, k], `unknown key "${k}"`, dym || `known keys here: ${known.join(', ')}`, true));
        }
        break;
      }
      case 'invalid_type': {
        const got = valueAt(doc.data, full);
        if (got === undefined && typoFor.has(formatPath(full))) break;
        if (got === undefined) out.push(make('missing-key', full, `required field is missing (expected ${expectedName(iss.expected)})`, `add "${String(full[full.length - 1])}:" here`));
        else out.push(make('wrong-type', full, `expected ${expectedName(iss.expected)}, got ${describeValue(got)}`, ''));
        break;
      }
      case 'invalid_value': {
        const got = valueAt(doc.data, full);
        const allowed = iss.values.map((v) => JSON.stringify(v));
        if (got === undefined) {
          out.push(make('missing-key', full, `required field is missing (expected one of ${allowed.join(', ')})`, `add "${String(full[full.length - 1])}:" here`));
          break;
        }
        const dym = typeof got === 'string' ? didYouMean(got, iss.values.map(String)) : '';
        out.push(make('bad-value', full, `${describeValue(got)} is not allowed; expected one of ${allowed.join(', ')}`, dym));
        break;
      }
      case 'too_small':
      case 'too_big': {
        const got = valueAt(doc.data, full);
        const bound = iss.code === 'too_small' ? `at least ${iss.inclusive ? '' : 'more than '}${String(iss.minimum)}` : `at most ${iss.inclusive ? '' : 'less than '}${String(iss.maximum)}`;
        out.push(make('bad-value', full, `${describeValue(got)} is out of range: must be ${bound.replace('at least more than', 'more than').replace('at most less than', 'less than')}`, ''));
        break;
      }
      case 'custom': {
        const p = (iss.params ?? {}) as { clustersim?: ErrorCode; hint?: string };
        out.push(make(p.clustersim ?? 'bad-value', full, iss.message, p.hint ?? ''));
        break;
      }
      case 'invalid_union': {
        const got = valueAt(doc.data, full);
        const u = iss as unknown as { discriminator?: string; options?: unknown[]; errors?: z.core.$ZodIssue[][] };
        if (u.discriminator !== undefined && u.options) {
          // A discriminated union whose tag is missing or unknown: say which tags exist.
          const allowed = u.options.map((v) => JSON.stringify(v));
          // zod stops at a missing tag, so a misspelt tag key ("knd") is found here from the raw keys.
          const parent = full.slice(0, -1);
          const pv = valueAt(doc.data, parent);
          const siblings = pv !== null && typeof pv === 'object' && !Array.isArray(pv) ? Object.keys(pv) : [];
          const typo = got === undefined ? siblings.find((k) => closest(k, [u.discriminator!]) !== undefined) : undefined;
          if (typo !== undefined) out.push(make('unknown-key', [...parent, typo], `unknown key "${typo}"`, didYouMean(typo, [u.discriminator]), true));
          else if (got === undefined) out.push(make('missing-key', full, `required field is missing (expected one of ${allowed.join(', ')})`, `add "${u.discriminator}:" here`));
          else out.push(make('bad-value', full, `${describeValue(got)} is not allowed; expected one of ${allowed.join(', ')}`, typeof got === 'string' ? didYouMean(got, u.options.map(String)) : ''));
          break;
        }
        // A union such as "id string or inline object": when the value has the type of exactly one option,
        // that option's own issues are the useful ones (an unknown key inside the object, not "no match").
        const matched = (u.errors ?? []).filter((branch) => !branch.every((b) => b.code === 'invalid_type' && b.path.length === 0));
        if (matched.length === 1) {
          const nested = matched[0]!.map((b) => ({ ...b, path: [...iss.path, ...b.path] }));
          out.push(...zodToIssues(doc, schema, { issues: nested } as unknown as z.ZodError, prefix));
          break;
        }
        out.push(make('wrong-type', full, `${describeValue(got)} does not match any accepted form`, iss.message === 'Invalid input' ? '' : iss.message));
        break;
      }
      default:
        out.push(make('bad-value', full, iss.message, ''));
    }
  }
  return out;
}

/** Positions issues found outside zod (relative to `prefix`) in the document. */
export function rawToIssues(doc: SourceDoc, prefix: readonly PathSegment[], raw: readonly { path: readonly PathSegment[]; code: ErrorCode; message: string; hint: string }[]): InputIssue[] {
  return raw.map((r) => {
    const path = [...prefix, ...r.path];
    const pos = doc.positionOf(path);
    return { code: r.code, file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message: r.message, hint: r.hint };
  });
}
