/** A plain aligned text table for the terminal (numbers are formatted by src/report/format.ts). */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const fmt = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const [head, ...body] = rows;
  return [fmt(head!), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}
