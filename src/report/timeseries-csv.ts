/**
 * timeseries.csv (phase 7): power by component, grid intensity, utilisation and throughput over simulated
 * time, one row per interval of metrics/timeseries.ts (a training step or group of steps, a collective call,
 * an inference time bin). Columns:
 *   t_s, duration_s                      start and length of the interval, seconds
 *   accelerators_w ... total_w           facility power by component, watts (total includes the PUE overhead)
 *   grid_g_per_kwh                       grid carbon intensity in force at t_s
 *   busy_fraction                        busy devices over all devices of the cluster
 *   <job>.busy, <job>.tokens_per_s       per job (tokens: training tokens/s, inference output tokens/s;
 *                                        collectives have no token column)
 * RFC 4180: a job name holding a comma is quoted; one that starts like a spreadsheet formula (=, +, -, @) is
 * prefixed with an apostrophe so opening the file cannot run it. Numbers have 12 significant digits.
 */
import type { Timeseries } from '../metrics/timeseries.ts';

export const TIMESERIES_FILE = 'timeseries.csv';

const COMPONENTS = ['accelerators', 'nodeOverhead', 'network', 'storage', 'facilityOverhead', 'total'] as const;
const COMPONENT_COLUMNS = ['accelerators_w', 'node_overhead_w', 'network_w', 'storage_w', 'facility_overhead_w', 'total_w'];

function csvField(v: string): string {
  const s = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const num = (x: number): string => String(Number(x.toPrecision(12)));

export function renderTimeseriesCsv(ts: Timeseries): string {
  // Which jobs have a token column: those with a number in any row (collectives never do).
  const tokens = ts.jobs.map((_, k) => ts.rows.some((r) => r.jobs[k]!.tokensPerSecond !== null));
  const header = ['t_s', 'duration_s', ...COMPONENT_COLUMNS, 'grid_g_per_kwh', 'busy_fraction'];
  ts.jobs.forEach((name, k) => {
    header.push(`${name}.busy`);
    if (tokens[k]) header.push(`${name}.tokens_per_s`);
  });
  const lines = [header.map(csvField).join(',')];
  for (const r of ts.rows) {
    const cells = [num(r.tSeconds), num(r.seconds), ...COMPONENTS.map((c) => num(r.watts[c])), num(r.gridGPerKWh), num(r.busyFraction)];
    r.jobs.forEach((j, k) => {
      cells.push(num(j.busy));
      if (tokens[k]) cells.push(num(j.tokensPerSecond ?? 0));
    });
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
