/**
 * Phase 1 (load): read a YAML or JSON file into plain data while keeping a map back to source positions,
 * so that every later error can say file:line:col. JSON is parsed by the YAML parser too (it is a subset),
 * which gives JSON files the same positions.
 */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ConfigError, type InputIssue } from './errors.ts';

export type PathSegment = string | number;

export interface SourceDoc {
  file: string;
  text: string;
  data: unknown;
  /** 1-based position of the value at `path`; with `key: true`, of the key naming it. Falls back to the
   * nearest ancestor that exists, so a missing field points at the object that lacks it. */
  positionOf(path: readonly PathSegment[], opts?: { key?: boolean }): { line: number; col: number };
}

export function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const issue: InputIssue =
      err.code === 'ENOENT'
        ? { code: 'file-not-found', file, line: 0, col: 0, path: '', message: 'no such file', hint: 'check the path; scenario files end in .yaml, .yml or .json' }
        : { code: 'file-unreadable', file, line: 0, col: 0, path: '', message: `cannot read the file (${err.code ?? err.message})`, hint: err.code === 'EISDIR' ? 'give a file, not a directory' : 'check its permissions' };
    throw new ConfigError([issue]);
  }
}

export function loadDocument(file: string, text: string = readSource(file)): SourceDoc {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
  const issues: InputIssue[] = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return {
      code: 'parse-error',
      file,
      line: pos.line,
      col: pos.col,
      path: '',
      message: `not valid YAML or JSON: ${e.message.split('\n')[0]}`,
      hint: e.code === 'DUPLICATE_KEY' ? 'remove the repeated key' : 'check indentation, colons and quotes near this position',
    };
  });
  if (issues.length > 0) throw new ConfigError(issues);
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError([{ code: 'parse-error', file, line: 1, col: 1, path: '', message: 'expected a mapping of keys to values at the top of the file', hint: 'a scenario or profile file starts with keys such as "name:"' }]);
  }
  return { file, text, data, positionOf: (path, opts) => position(doc, lineCounter, path, opts?.key ?? false) };
}

function position(doc: Document, lc: LineCounter, path: readonly PathSegment[], wantKey: boolean): { line: number; col: number } {
  let node: unknown = doc.contents;
  let best: Node | null = (doc.contents as Node | null) ?? null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const target = last && wantKey ? pair.key : pair.value ?? pair.key;
      node = target;
      if (target && typeof target === 'object' && 'range' in target) best = target as Node;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (!item) break;
      node = item;
      if (typeof item === 'object' && item !== null && 'range' in item) best = item as Node;
    } else {
      break;
    }
  }
  const offset = best?.range?.[0] ?? 0;
  const p = lc.linePos(offset);
  return { line: p.line, col: p.col };
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}
