/**
 * Phase 3 for `energy.gridIntensity: { csv, column, timestamp, start }`: read a grid carbon-intensity time
 * series (hourly, as Electricity Maps and national grid operators publish it) and place it on the simulated
 * clock. Read here, in phase 3, so `clustersim validate` finds a bad file before any simulation runs.
 *
 * File: a header row naming the columns, then one row per interval: a time (ISO 8601, `2024-01-01T00:00:00Z`,
 * `2024-01-01 00:00`, with an optional `+01:00` offset; no offset means UTC, so a file reads the same on
 * every machine) and an intensity in g CO2e/kWh. Rows are in increasing time order.
 * Row i holds from its time until row i+1's; the last row holds for as long as the interval before it (one
 * hour for an hourly file). Simulated time 0 is `start` (default: the first row's time), which must fall
 * inside the file. Runs longer than the file wrap around to its first row (the series is taken as periodic:
 * a year of hourly data stands for every year); metrics/carbon.ts says so in the report's assumptions.
 */
import { quantity } from './units.ts';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ConfigError, type InputIssue } from './errors.ts';
import type { GridIntensitySeries } from './scenario-types.ts';

/** g/kWh -> kg/J, from the unit table every scenario quantity goes through (units.ts) */
const KG_PER_JOULE_PER_G_PER_KWH = quantity('1 g/kWh', 'carbonIntensity');
const MAX_ISSUES = 10;

export interface GridSeriesOptions {
  /** path of the CSV, already resolved against the scenario file */
  file: string;
  column: string;
  /** column of the row times */
  timestamp: string;
  /** ISO 8601 time of simulated second 0; absent = the first row */
  start?: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/;

/** Seconds since the Unix epoch of an ISO 8601 time (no offset = UTC), or null when it is not one. */
export function parseIsoSeconds(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const offset = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60);
  const t = Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
  // Date.UTC rolls 31 February over into March; reject such dates rather than move them.
  if (new Date(t * 1000).getUTCDate() !== d) return null;
  return t - offset;
}

function issue(file: string, line: number, col: number, path: string, message: string, hint: string): InputIssue {
  return { code: 'bad-value', file, line, col, path, message, hint };
}

export function readGridIntensitySeries(opts: GridSeriesOptions): GridIntensitySeries {
  const { file } = opts;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError([{ code: missing ? 'file-not-found' : 'file-unreadable', file, line: 0, col: 0, path: '', message: `cannot read the grid intensity file: ${(e as Error).message}`, hint: 'the path is relative to the scenario file' }]);
  }
  const records = parse(text, { bom: true, trim: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const header = records[0];
  if (header === undefined) throw new ConfigError([issue(file, 0, 0, 'header', 'the file is empty', `the first line names the columns, e.g. "${opts.timestamp},${opts.column}"`)]);
  const tCol = header.record.indexOf(opts.timestamp);
  const vCol = header.record.indexOf(opts.column);
  const missing = [[opts.timestamp, tCol, 'timestamp'], [opts.column, vCol, 'column']].filter(([, i]) => i === -1);
  if (missing.length > 0) {
    throw new ConfigError(missing.map(([name, , key]) => issue(file, header.info.lines, 0, 'header', `no column "${String(name)}" in the header "${header.record.join(',')}"`, `name the column with energy.gridIntensity.${String(key)}`)));
  }
  const issues: InputIssue[] = [];
  const points: GridIntensitySeries['points'] = [];
  // The last readable time, so a row out of order is found even after a row with a bad value.
  let prev: number | null = null;
  for (const { record, info } of records.slice(1)) {
    if (issues.length >= MAX_ISSUES) break;
    const t = parseIsoSeconds(record[tCol] ?? '');
    const g = Number(record[vCol] ?? '');
    const at = `row ${info.lines}`;
    if (t === null) issues.push(issue(file, info.lines, tCol + 1, `${at}: ${opts.timestamp}`, `"${record[tCol] ?? ''}" is not an ISO 8601 time`, 'write e.g. 2024-01-01T00:00:00Z (no offset means UTC)'));
    else if (prev !== null && t <= prev) issues.push(issue(file, info.lines, tCol + 1, `${at}: ${opts.timestamp}`, 'the time is not after the previous row\'s', 'sort the rows by time, one row per interval'));
    if ((record[vCol] ?? '') === '' || !Number.isFinite(g) || g < 0) issues.push(issue(file, info.lines, vCol + 1, `${at}: ${opts.column}`, `"${record[vCol] ?? ''}" is not an intensity in g CO2e/kWh (a number ≥ 0)`, 'give the grid carbon intensity in g CO2e per kWh'));
    if (t !== null && Number.isFinite(g) && g >= 0 && issues.length === 0) points.push({ epochSeconds: t, kgPerJoule: g * KG_PER_JOULE_PER_G_PER_KWH });
    if (t !== null) prev = t;
  }
  if (issues.length > 0) throw new ConfigError(issues);
  if (points.length === 0) throw new ConfigError([issue(file, header.info.lines, 0, 'header', 'the file has a header but no rows', 'add one row per interval (hour) of the run')]);
  const step = points.length > 1 ? points.at(-1)!.epochSeconds - points.at(-2)!.epochSeconds : Infinity;
  const endEpochSeconds = points.at(-1)!.epochSeconds + step;
  const startEpochSeconds = opts.start === undefined ? points[0]!.epochSeconds : parseIsoSeconds(opts.start);
  if (startEpochSeconds === null || startEpochSeconds < points[0]!.epochSeconds || startEpochSeconds >= endEpochSeconds) {
    const why = startEpochSeconds === null ? `"${opts.start}" is not an ISO 8601 time` : `start ${opts.start} is outside the file (its first row is at ${new Date(points[0]!.epochSeconds * 1000).toISOString()})`;
    throw new ConfigError([issue(file, records[1]!.info.lines, 0, 'energy.gridIntensity.start', why, 'give a start inside the file, e.g. its first row\'s time, or leave start out')]);
  }
  return { file, column: opts.column, startEpochSeconds, endEpochSeconds, points };
}

/** The time-weighted mean intensity of a series over the span its rows cover, kg/J (the last row's step counted). */
export function seriesMeanKgPerJoule(s: GridIntensitySeries): number {
  if (s.points.length === 1) return s.points[0]!.kgPerJoule;
  let sum = 0;
  s.points.forEach((p, i) => (sum += p.kgPerJoule * ((s.points[i + 1]?.epochSeconds ?? s.endEpochSeconds) - p.epochSeconds)));
  return sum / (s.endEpochSeconds - s.points[0]!.epochSeconds);
}
