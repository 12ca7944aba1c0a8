/**
 * Trace timestamps, parsed exactly. Azure traces write `2023-11-16 18:15:46.6805900` (naive, seven
 * fractional digits; the 2023 files) or `2024-05-10 00:00:00.003000+00:00` (timezone-aware; the 2024 files).
 *
 * An instant is kept as whole seconds since the Unix epoch (UTC) plus integer nanoseconds, so the difference
 * of two instants is computed as (Δs) + (Δns)/1e9 from two exact integer differences: one rounding, the same
 * on every machine, instead of the drift of subtracting two large floating-point epoch times.
 * Assumptions: a timestamp without an offset is UTC (only differences matter for replay); at most nine
 * fractional digits (nanoseconds); a leap second (ss = 60) is accepted and folds into the next minute.
 */

export interface TraceInstant {
  /** whole seconds since 1970-01-01T00:00:00Z */
  epochSeconds: number;
  /** 0 .. 999,999,999 */
  nanos: number;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** The instant a timestamp names, or null when it is not in one of the accepted forms. */
export function parseTraceTimestamp(text: string): TraceInstant | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  let offsetSeconds = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offsetSeconds = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  // Date.UTC is pure arithmetic on the proleptic Gregorian calendar: exact integer milliseconds.
  const local = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
  const nanos = m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0'));
  return { epochSeconds: local - offsetSeconds, nanos };
}

/** b - a in seconds. */
export function secondsBetween(a: TraceInstant, b: TraceInstant): number {
  return b.epochSeconds - a.epochSeconds + (b.nanos - a.nanos) / 1e9;
}

/** -1, 0 or 1 as a is before, at or after b. */
export function compareInstants(a: TraceInstant, b: TraceInstant): number {
  const d = a.epochSeconds - b.epochSeconds || a.nanos - b.nanos;
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
