/**
 * report.json: the machine-readable report. Same Report in, byte-identical text out: object keys are
 * sorted recursively by UTF-16 code unit (not locale), arrays keep their order, numbers keep full
 * precision, non-finite numbers become null, two-space indent and a trailing newline.
 */
import type { Report } from '../metrics/result-types.ts';

/** A copy of `value` with object keys in sorted order; non-finite numbers become null. */
export function sortKeysDeep(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // Object.fromEntries defines own properties, so a job named "__proto__" stays a plain key.
    return Object.fromEntries(keys.map((k) => [k, sortKeysDeep((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(sortKeysDeep(report), null, 2)}\n`;
}
