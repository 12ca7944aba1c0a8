/**
 * Input errors as data. Loading, validation and normalisation collect every problem they find, each with
 * a code, the file and 1-based line:col, the field path, what was expected and a hint; the CLI prints
 * them all together and exits 2. A `ConfigError` is thrown only to carry a whole batch out of a phase.
 */
export type ErrorCode =
  | 'file-not-found'
  | 'file-unreadable'
  | 'parse-error'
  | 'unknown-key'
  | 'missing-key'
  | 'wrong-type'
  | 'bad-unit'
  | 'bad-value'
  | 'unknown-profile'
  | 'unknown-model'
  | 'not-supported'
  | 'does-not-fit'
  | 'inconsistent';

export interface InputIssue {
  code: ErrorCode;
  file: string;
  /** 1-based; 0 when the problem has no single position (e.g. a missing file) */
  line: number;
  col: number;
  /** dotted field path, e.g. workloads[0].parallelism.tp; '' for the whole file */
  path: string;
  message: string;
  hint: string;
}

export class ConfigError extends Error {
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function formatIssue(i: InputIssue): string {
  const where = i.line > 0 ? `${i.file}:${i.line}:${i.col}` : i.file;
  const field = i.path ? ` ${i.path}:` : '';
  const hint = i.hint ? `\n    hint: ${i.hint}` : '';
  return `${where}: error[${i.code}]${field} ${i.message}${hint}`;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[n]!;
}

/** The closest candidate to `word`, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c ? `did you mean "${c}"?` : '';
}

/** Issues in reading order: by file, then line, then column (stable for ties), as the CLI prints them. */
export function sortIssues(issues: readonly InputIssue[]): InputIssue[] {
  return [...issues].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}

/** Drops exact repeats (same place, code and message), keeping the first: two checks may find one problem. */
export function uniqueIssues(issues: readonly InputIssue[]): InputIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = JSON.stringify([i.file, i.line, i.col, i.code, i.path, i.message]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A bad command-line request (an option out of range, a command that needs an argument): exit 2. */
export class UsageError extends Error {
  readonly hint: string;
  constructor(message: string, hint = '') {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}
