/** The table `clustersim run` prints after each scenario. */
import type { Report } from '../metrics/result-types.ts';
import { fmtBytes, fmtNumber, fmtSeconds, table } from './format.ts';

export function summaryTable(report: Report): string {
  const rows: string[][] = [['job', 'devices', 'step', 'tokens/s', 'TFLOP/s/GPU', 'MFU', 'memory/GPU']];
  for (const [name, j] of Object.entries(report.jobs)) {
    rows.push([
      name,
      `${j.devices} x ${j.accelerator}`,
      fmtSeconds(j.stepSeconds),
      fmtNumber(j.tokensPerSecond),
      j.tflopsPerGpu.toFixed(1),
      `${(j.mfu * 100).toFixed(1)}%`,
      `${fmtBytes(j.memory.totalBytes)} / ${fmtBytes(j.memory.capacityBytes)}`,
    ]);
  }
  const lines = [table(rows), ''];
  lines.push(`simulated ${fmtSeconds(report.simulatedSeconds)} on ${report.cluster.devices} devices: ` +
    `${fmtNumber(report.energy.totalKWh)} kWh, ${fmtNumber(report.carbon.kgCO2e)} kg CO2e, ${fmtNumber(report.cost.totalUsd)} USD (${report.cost.basis})`);
  for (const e of report.expectations) lines.push(`${e.pass ? 'PASS' : 'FAIL'}  expect ${e.expression}${e.error ? `  (${e.error})` : ''}`);
  const r = report.reference;
  if (r) {
    const pred = r.predicted === null ? 'n/a' : fmtNumber(r.predicted);
    const err = r.errorPercent === null ? 'n/a' : `${r.errorPercent >= 0 ? '+' : ''}${r.errorPercent.toFixed(1)}%`;
    lines.push(`reference ${r.metric}: predicted ${pred} vs measured ${fmtNumber(r.measured)} ${r.unit} (${err}, tolerance ${r.tolerancePercent}%) ${r.pass ? 'PASS' : 'FAIL'}`);
  }
  return lines.join('\n');
}
