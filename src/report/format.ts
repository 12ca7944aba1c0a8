/**
 * Number formatting shared by summary.md and report.html. Fixed 'en-US' grouping so the output does not
 * depend on the machine's locale; a non-finite number shows as "n/a" rather than "NaN".
 */

const GIB = 1024 ** 3;

function finite(n: number): boolean {
  return typeof n === 'number' && Number.isFinite(n);
}

/** `n` with thousands separators and at most `decimals` fraction digits. */
export function formatNumber(n: number, decimals = 0): string {
  if (!finite(n)) return 'n/a';
  return n.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

/** Three significant figures, grouped: 0.0123, 1.23, 123, 12,300. */
export function formatSig(n: number, digits = 3): string {
  if (!finite(n)) return 'n/a';
  if (n === 0) return '0';
  return Number(n.toPrecision(digits)).toLocaleString('en-US', { maximumSignificantDigits: digits });
}

/** A duration in the unit that reads best: µs, ms, s, min, h or days. */
export function formatSeconds(s: number): string {
  if (!finite(s)) return 'n/a';
  const a = Math.abs(s);
  if (a === 0) return '0 s';
  if (a < 1e-3) return `${formatSig(s * 1e6)} µs`;
  if (a < 1) return `${formatSig(s * 1e3)} ms`;
  if (a < 120) return `${formatSig(s)} s`;
  if (a < 7200) return `${formatSig(s / 60)} min`;
  if (a < 172800) return `${formatSig(s / 3600)} h`;
  return `${formatSig(s / 86400)} days`;
}

/** Bytes as GiB with one decimal (device memory is sold in binary units). */
export function formatGiB(bytes: number): string {
  if (!finite(bytes)) return 'n/a';
  return `${formatNumber(bytes / GIB, 1)} GiB`;
}

export function bytesToGiB(bytes: number): number {
  return bytes / GIB;
}

/** A fraction 0..1 as a percentage with one decimal. */
export function formatPercent(fraction: number): string {
  if (!finite(fraction)) return 'n/a';
  return `${(fraction * 100).toFixed(1)}%`;
}

export function formatUsd(usd: number): string {
  if (!finite(usd)) return 'n/a';
  return `${formatNumber(usd, Math.abs(usd) < 100 ? 2 : 0)} USD`;
}

export function formatKWh(kwh: number): string {
  if (!finite(kwh)) return 'n/a';
  return `${formatSig(kwh)} kWh`;
}

export function formatKgCO2e(kg: number): string {
  if (!finite(kg)) return 'n/a';
  return kg >= 1000 ? `${formatSig(kg / 1000)} t CO2e` : `${formatSig(kg)} kg CO2e`;
}

/** Any expectation or reference value as short text. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatSig(value, 4);
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'n/a';
  return JSON.stringify(value) ?? String(value);
}

/** A figure of any magnitude for the assumptions table: plain below a million, exponent form above. */
export function formatScientific(n: number): string {
  if (!finite(n)) return 'n/a';
  const a = Math.abs(n);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return n.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return formatSig(n, 4);
}
