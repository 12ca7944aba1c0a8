/** The tables `clustersim run` prints after each scenario: one each for training, collective and inference jobs. */
import type { CollectiveJobResult, InferenceJobResult, Report, TimeToTrainResult, TrainingJobResult } from '../metrics/result-types.ts';
import { table } from './format.ts';
import { formatSize } from '../report/collective.ts';
import { breakEvenText } from '../report/break-even.ts';
import { formatGiB, formatSeconds, formatSig } from '../report/format.ts';
import { formatTokens, formatTrainingTime } from '../report/time-to-train.ts';

function trainingTable(jobs: readonly TrainingJobResult[]): string {
  const rows: string[][] = [['job', 'devices', 'step', 'tokens/s', 'TFLOP/s/GPU', 'MFU', 'memory/GPU']];
  for (const j of jobs) {
    rows.push([
      j.name,
      `${j.devices} x ${j.accelerator}`,
      formatSeconds(j.stepSeconds),
      formatSig(j.tokensPerSecond),
      j.tflopsPerGpu.toFixed(1),
      `${(j.mfu * 100).toFixed(1)}%`,
      `${formatGiB(j.memory.totalBytes)} / ${formatGiB(j.memory.capacityBytes)}`,
    ]);
  }
  return table(rows);
}

function timeToTrainLine(name: string, t: TimeToTrainResult): string {
  const footprint = [t.energyKWh === null ? '' : `${formatSig(t.energyKWh / 1000)} MWh`, t.costUsd === null ? '' : `${formatSig(t.costUsd)} USD`].filter(Boolean);
  return `${name}: ${formatTokens(t.targetTokens)} tokens in ${formatTrainingTime(t.wallSeconds)} (${t.steps.toLocaleString('en-US')} steps), ${formatSig(t.gpuHours)} GPU-hours` +
    `${footprint.length > 0 ? `, ${footprint.join(', ')}` : ''} (report.json jobs.${name}.timeToTrain)`;
}

function collectiveTable(jobs: readonly CollectiveJobResult[]): string {
  const rows: string[][] = [['job', 'op', 'ranks', 'largest size', 'time', 'algbw GB/s', 'busbw GB/s', 'algorithm']];
  for (const j of jobs) {
    const p = j.points.at(-1)!;
    rows.push([j.name, j.op, `${j.ranks} x ${j.accelerator}`, formatSize(p.bytes), formatSeconds(p.seconds), p.algbwGBps.toFixed(2), p.busbwGBps.toFixed(2), p.algorithm]);
  }
  return table(rows);
}

function inferenceTable(jobs: readonly InferenceJobResult[]): string {
  const rows: string[][] = [['job', 'devices', 'requests', 'TTFT p50/p99', 'TPOT p50/p99', 'E2E p99', 'req/s', 'output tok/s', 'goodput']];
  const s = (v: number | null) => (v === null ? 'n/a' : formatSeconds(v));
  for (const j of jobs) {
    rows.push([
      j.name,
      `${j.replicas} x ${j.parallelism.tp * j.parallelism.pp * (j.parallelism.ep ?? 1)} x ${j.accelerator}`,
      `${j.requests.completed}/${j.requests.arrived}${j.requests.rejected > 0 ? ` (${j.requests.rejected} rejected)` : ''}`,
      `${s(j.ttft.p50)} / ${s(j.ttft.p99)}`,
      `${s(j.tpot.p50)} / ${s(j.tpot.p99)}`,
      s(j.e2e.p99),
      j.throughput.requestsPerSecond.toFixed(2),
      formatSig(j.throughput.outputTokensPerSecond),
      j.goodput === null ? 'n/a' : `${j.goodput.requestsPerSecond.toFixed(2)} req/s (${(j.goodput.fraction * 100).toFixed(1)}%)`,
    ]);
  }
  return table(rows);
}

export function summaryTable(report: Report): string {
  const jobs = Object.values(report.jobs);
  const training = jobs.filter((j): j is TrainingJobResult => j.kind === 'training');
  const collective = jobs.filter((j): j is CollectiveJobResult => j.kind === 'collective');
  const lines: string[] = [];
  if (training.length > 0) lines.push(trainingTable(training), '');
  for (const j of training) if (j.timeToTrain !== undefined) lines.push(timeToTrainLine(j.name, j.timeToTrain), '');
  if (collective.length > 0) lines.push(collectiveTable(collective), '');
  const inference = jobs.filter((j): j is InferenceJobResult => j.kind === 'inference');
  if (inference.length > 0) lines.push(inferenceTable(inference), '');
  for (const j of inference) {
    const skipped = Object.entries(j.requests.skippedRows);
    if (skipped.length > 0) {
      const total = skipped.reduce((a, [, n]) => a + n, 0);
      lines.push(`${j.name}: skipped ${total} malformed trace row${total === 1 ? '' : 's'} (${skipped.map(([k, n]) => `${n} ${k}`).join(', ')})`, '');
    }
  }
  lines.push(`simulated ${formatSeconds(report.simulatedSeconds)} on ${report.cluster.devices} devices: ` +
    `${formatSig(report.energy.totalKWh)} kWh, ${formatSig(report.carbon.kgCO2e)} kg CO2e, ${formatSig(report.cost.totalUsd)} USD (${report.cost.basis})`);
  if (report.cost.breakEven !== undefined) lines.push(`${breakEvenText(report.cost.breakEven)} (${formatSig(report.cost.breakEven.years)}-year amortisation; report.json cost.breakEven)`);
  for (const e of report.expectations) lines.push(`${e.pass ? 'PASS' : 'FAIL'}  expect ${e.expression}${e.error ? `  (${e.error})` : ''}`);
  const r = report.reference;
  if (r) {
    const pred = r.predicted === null ? 'n/a' : formatSig(r.predicted);
    const err = r.errorPercent === null ? 'n/a' : `${r.errorPercent >= 0 ? '+' : ''}${r.errorPercent.toFixed(1)}%`;
    lines.push(`reference ${r.metric}: predicted ${pred} vs measured ${formatSig(r.measured)} ${r.unit} (${err}, tolerance ${r.tolerancePercent}%) ${r.pass ? 'PASS' : 'FAIL'}`);
  }
  return lines.join('\n');
}
