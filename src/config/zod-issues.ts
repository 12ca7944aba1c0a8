/**
 * Phase 2 (validate): turn zod issues into positioned, actionable InputIssues: the field path, what was
 * expected, what was found, and a hint (the closest known key, the allowed values, the unit to use).
 */
import type { z } from 'zod';
import { didYouMean, type ErrorCode, type InputIssue } from './errors.ts';
import { formatPath, type PathSegment, type SourceDoc } from './document.ts';

type AnySchema = z.ZodType;

/** The object keys a schema accepts at `path`, by walking wrappers (optional, default, pipe, array). */
export function knownKeysAt(schema: AnySchema, path: readonly PathSegment[]): string[] {
  let s: unknown = schema;
  for (const seg of path) {
    s = unwrap(s);
    const def = defOf(s);
    if (def?.type === 'object') s = (def.shape as Record<string, unknown>)[String(seg)];
    else if (def?.type === 'array') s = def.element;
    else if (def?.type === 'record') s = def.valueType;
    else return [];
    if (!s) return [];
  }
  const def = defOf(unwrap(s));
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
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
        if (got === undefined) out.push(make('missing-key', full, `required field is missing (expected ${iss.expected})`, `add "${String(full[full.length - 1])}:" here`));
        else out.push(make('wrong-type', full, `expected ${iss.expected}, got ${describeValue(got)}`, ''));
        break;
      }
      case 'invalid_value': {
        const got = valueAt(doc.data, full);
        const allowed = iss.values.map((v) => JSON.stringify(v));
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
        out.push(make('wrong-type', full, `${describeValue(got)} does not match any accepted form`, iss.message === 'Invalid input' ? '' : iss.message));
        break;
      }
      default:
        out.push(make('bad-value', full, iss.message, ''));
    }
  }
  return out;
}
