/**
 * `--set path=value` overrides, applied to the raw scenario data between phase 1 (load) and phase 2
 * (validate), so an overridden value is checked exactly like one written in the file.
 *
 * Path: dotted keys with [i] list indices, e.g. `workloads[0].parallelism.tp`, `energy.pue`.
 * Value: read as YAML, so `4` is a number, `true` a boolean, `2.5 USD/h` a string and `[json, md]` a list.
 * Missing intermediate mappings are created (`cost.devicePrice=2.5 USD/h` works without a `cost:` section);
 * the top-level section must be one the scenario file knows, so a typo fails here, naming the --set.
 */
import { parse as parseYaml } from 'yaml';
import { formatPath, type PathSegment } from './document.ts';
import { didYouMean, type ErrorCode, type InputIssue } from './errors.ts';

export interface Override {
  /** the --set argument as given */
  text: string;
  path: PathSegment[];
  value: unknown;
}

const SEGMENT = /^([A-Za-z_][\w-]*)((?:\[\d+\])*)$/;

/** `workloads[0].batch.micro` -> ['workloads', 0, 'batch', 'micro']; null when malformed. */
export function parsePath(dotted: string): PathSegment[] | null {
  if (dotted === '') return null;
  const out: PathSegment[] = [];
  for (const part of dotted.split('.')) {
    const m = SEGMENT.exec(part);
    if (!m) return null;
    out.push(m[1]!);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** The name an issue about this override carries in place of a file. */
export function setOrigin(text: string): string {
  return `--set ${text}`;
}

function issue(text: string, code: ErrorCode, path: string, message: string, hint: string): InputIssue {
  return { code, file: setOrigin(text), line: 0, col: 0, path, message, hint };
}

export function parseSet(text: string, topKeys: readonly string[]): Override | InputIssue {
  const eq = text.indexOf('=');
  const syntax = 'write --set path=value, e.g. --set workloads[0].parallelism.tp=4 or --set energy.pue=1.3';
  if (eq <= 0) return issue(text, 'parse-error', '', 'not of the form path=value', syntax);
  const pathText = text.slice(0, eq).trim();
  const valueText = text.slice(eq + 1).trim();
  const path = parsePath(pathText);
  if (!path) return issue(text, 'parse-error', '', `"${pathText}" is not a field path`, syntax);
  if (valueText === '') return issue(text, 'parse-error', pathText, 'no value after "="', syntax);
  const top = String(path[0]);
  if (!topKeys.includes(top)) {
    return issue(text, 'unknown-key', pathText, `a scenario has no section "${top}"`, didYouMean(top, topKeys) || `sections: ${topKeys.join(', ')}`);
  }
  let value: unknown;
  try {
    value = parseYaml(valueText);
  } catch {
    // Not valid YAML on its own (e.g. an unbalanced bracket): the user meant the text.
    value = valueText;
  }
  return { text, path, value };
}

/** Writes one override into `data` (mutated), creating missing mappings; an issue if the path runs
 * through a scalar or past the end of a list. */
function put(data: Record<string, unknown>, o: Override): InputIssue | null {
  let cur: unknown = data;
  for (let i = 0; i < o.path.length; i++) {
    const seg = o.path[i]!;
    const last = i === o.path.length - 1;
    const here = formatPath(o.path.slice(0, i)) || 'the scenario';
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return issue(o.text, 'wrong-type', formatPath(o.path), `${here} is not a list, so [${seg}] does not exist`, 'use a key, not an index, here');
      if (seg > cur.length) return issue(o.text, 'bad-value', formatPath(o.path), `${here} has ${cur.length} ${cur.length === 1 ? 'entry' : 'entries'}; [${seg}] is out of range`, `use an index from 0 to ${cur.length}`);
    } else if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) {
      return issue(o.text, 'wrong-type', formatPath(o.path), `${here} is not a mapping, so it has no key "${seg}"`, 'check the path');
    }
    const box = cur as Record<string | number, unknown>;
    if (last) {
      box[seg] = o.value;
    } else {
      if (box[seg] === undefined || box[seg] === null) box[seg] = typeof o.path[i + 1] === 'number' ? [] : {};
      cur = box[seg];
    }
  }
  return null;
}

/** Applies every override in order (a later one wins) to a copy of `data`. */
export function applySets(data: unknown, sets: readonly string[], topKeys: readonly string[]): { data: unknown; overrides: Override[]; issues: InputIssue[] } {
  const out = structuredClone(data) as Record<string, unknown>;
  const overrides: Override[] = [];
  const issues: InputIssue[] = [];
  for (const text of sets) {
    const o = parseSet(text, topKeys);
    if ('code' in o) {
      issues.push(o);
      continue;
    }
    const bad = put(out, o);
    if (bad) issues.push(bad);
    else overrides.push(o);
  }
  return { data: out, overrides, issues };
}

/** Re-attributes issues at or below an overridden path to the --set that wrote the value: the file
 * position there would point at the value the override replaced. */
export function attributeToSets(issues: InputIssue[], overrides: readonly Override[]): InputIssue[] {
  return issues.map((iss) => {
    for (let k = overrides.length - 1; k >= 0; k--) {
      const o = overrides[k]!;
      const p = formatPath(o.path);
      if (iss.path === p || iss.path.startsWith(`${p}.`) || iss.path.startsWith(`${p}[`)) {
        return { ...iss, file: setOrigin(o.text), line: 0, col: 0 };
      }
    }
    return iss;
  });
}
