/**
 * Reading an Azure-format trace (`TIMESTAMP,ContextTokens,GeneratedTokens`) row by row, streamed with
 * csv-parse so a file of millions of rows never sits in memory whole, and checking each row.
 *
 * A row is bad when a column is missing or empty, there are extra columns, the timestamp is unreadable, a
 * token count is not a whole number, is negative or does not fit 32 bits, or the timestamp is earlier than
 * the previous good row's (equal is fine: requests may share a tick). A bad row either becomes an InputIssue
 * ('bad-value'; line = the 1-based line of the file where the row starts, col = the 1-based column index,
 * path `row <line>: <column>`), or, with skipBadRows, is dropped and counted under its reason.
 * Issues are collected up to MAX_ISSUES (reading on past the first, so one run shows the user several)
 * and thrown together as one ConfigError. A wrong header is always an error: it means a different format.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { ConfigError, type InputIssue } from '../../../config/errors.ts';
import { compareInstants, parseTraceTimestamp, secondsBetween, type TraceInstant } from './timestamp.ts';

export const TRACE_COLUMNS = ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'] as const;

export type SkipReason =
  | 'missing-column'
  | 'extra-column'
  | 'bad-timestamp'
  | 'non-numeric-tokens'
  | 'negative-tokens'
  | 'tokens-out-of-range'
  | 'timestamp-backwards';

export interface TraceRow {
  /** seconds since the first good row of the file */
  traceSeconds: number;
  promptTokens: number;
  outputTokens: number;
}

const MAX_ISSUES = 10;
const SKIP_HINT = 'fix the row, or pass --skip-bad-rows (skipBadRows: true) to drop bad rows and count them';

interface Bad {
  reason: SkipReason;
  /** 0-based column index */
  column: number;
  message: string;
}

/**
 * The good rows of `file` in file order. `onSkip` is called once per dropped row when skipBadRows is set;
 * otherwise bad rows end the read with a ConfigError. Stop early by returning from the iterator.
 */
export async function* readTraceRows(
  file: string,
  skipBadRows: boolean,
  onSkip: (reason: SkipReason) => void,
): AsyncGenerator<TraceRow> {
  const input = createReadStream(file);
  // Line numbers are counted here rather than taken from csv-parse's `info` snapshots, which more than
  // double the parse time; empty lines therefore come through (as [''] records) and are skipped below.
  const parser = parse({ relax_column_count: true, trim: true, bom: true });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  const issues: InputIssue[] = [];
  let origin: TraceInstant | null = null;
  let prev: TraceInstant | null = null;
  let sawHeader = false;
  let nextLine = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine += 1 + newlinesIn(record);
      if (record.length === 1 && record[0] === '') continue;
      if (!sawHeader) {
        sawHeader = true;
        checkHeader(file, line, record);
        continue;
      }
      const at = parseTraceTimestamp(record[0] ?? '');
      const bad = checkRow(record, at, prev);
      if (bad) {
        if (skipBadRows) {
          onSkip(bad.reason);
          continue;
        }
        issues.push(issueFor(file, line, bad));
        if (issues.length >= MAX_ISSUES) break;
        continue;
      }
      origin ??= at!;
      prev = at!;
      if (issues.length > 0) continue; // reading on only to find more issues
      yield { traceSeconds: secondsBetween(origin, at!), promptTokens: Number(record[1]), outputTokens: Number(record[2]) };
    }
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError([readIssue(file, e)]);
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (!sawHeader) {
    throw new ConfigError([headerIssue(file, 0, 'the file is empty')]);
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

/** Newlines inside quoted fields: a record spanning lines moves the line count on by more than one. */
function newlinesIn(record: string[]): number {
  let n = 0;
  for (const field of record) {
    for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++;
  }
  return n;
}

function checkHeader(file: string, line: number, record: string[]): void {
  if (record.length === TRACE_COLUMNS.length && record.every((c, i) => c === TRACE_COLUMNS[i])) return;
  throw new ConfigError([headerIssue(file, line, `the header is "${record.join(',')}"`)]);
}

function headerIssue(file: string, line: number, what: string): InputIssue {
  return {
    code: 'bad-value',
    file,
    line,
    col: 0,
    path: 'header',
    message: `${what}; an Azure LLM inference trace starts with "${TRACE_COLUMNS.join(',')}"`,
    hint: 'the first line names the columns: invocation time, prompt tokens, generated tokens',
  };
}

function checkRow(record: string[], at: TraceInstant | null, prev: TraceInstant | null): Bad | null {
  for (let c = 0; c < TRACE_COLUMNS.length; c++) {
    if ((record[c] ?? '') === '') {
      return { reason: 'missing-column', column: c, message: `no value for ${TRACE_COLUMNS[c]}` };
    }
  }
  if (record.length > TRACE_COLUMNS.length) {
    return { reason: 'extra-column', column: TRACE_COLUMNS.length, message: `${record.length} columns, expected 3` };
  }
  if (at === null) {
    return {
      reason: 'bad-timestamp',
      column: 0,
      message: `"${record[0]}" is not a timestamp like 2023-11-16 18:15:46.6805900 (optionally with +00:00)`,
    };
  }
  for (const c of [1, 2]) {
    const bad = checkTokens(record[c]!, c);
    if (bad) return bad;
  }
  if (prev !== null && compareInstants(at, prev) < 0) {
    return {
      reason: 'timestamp-backwards',
      column: 0,
      message: `"${record[0]}" is earlier than the previous row's time; a trace must be in arrival order`,
    };
  }
  return null;
}

function checkTokens(text: string, column: number): Bad | null {
  const name = TRACE_COLUMNS[column];
  if (/^-\d+(\.\d*)?$/.test(text)) {
    return { reason: 'negative-tokens', column, message: `${name} is ${text}; token counts are >= 0` };
  }
  if (!/^\d+$/.test(text)) {
    return { reason: 'non-numeric-tokens', column, message: `${name} "${text}" is not a whole number of tokens` };
  }
  if (Number(text) > 2 ** 31 - 1) {
    return { reason: 'tokens-out-of-range', column, message: `${name} ${text} is larger than 2^31 - 1` };
  }
  return null;
}

function issueFor(file: string, line: number, bad: Bad): InputIssue {
  return {
    code: 'bad-value',
    file,
    line,
    col: bad.column + 1,
    path: `row ${line}: ${TRACE_COLUMNS[bad.column] ?? `column ${bad.column + 1}`}`,
    message: bad.message,
    hint: SKIP_HINT,
  };
}

function readIssue(file: string, e: unknown): InputIssue {
  const err = e as { code?: string; message?: string; lines?: number };
  const missing = err.code === 'ENOENT';
  return {
    code: missing ? 'file-not-found' : err.code?.startsWith('CSV_') ? 'parse-error' : 'file-unreadable',
    file,
    line: missing ? 0 : (err.lines ?? 0),
    col: 0,
    path: '',
    message: missing ? 'no such trace file' : (err.message ?? String(e)),
    hint: missing ? 'check the path; the two Azure 2023 traces ship in data/traces/' : '',
  };
}
