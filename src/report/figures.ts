/**
 * The figures both summary.md and report.html show, as plain (unescaped) text so each renderer escapes
 * for its own format. Labels are ours; values may carry scenario text (model names, accelerators).
 */
import type { MemoryBreakdown, Report, StepBreakdown, TrainingJobResult } from '../metrics/result-types.ts';
import {
  formatGiB, formatKgCO2e, formatKWh, formatNumber, formatPercent, formatSeconds, formatSig, formatUsd,
} from './format.ts';
import { energyExtraFigures } from './energy-figures.ts';

export interface Figure {
  label: string;
  value: string;
}

export interface Part {
  key: string;
  label: string;
  value: number;
}

export function parallelismText(p: TrainingJobResult['parallelism']): string {
  const dims = (['dp', 'tp', 'pp', 'cp', 'ep'] as const).filter((k) => p[k] > 1).map((k) => `${k.toUpperCase()} ${p[k]}`);
  if (p.zero > 0) dims.push(`ZeRO ${p.zero}`);
  return dims.length > 0 ? dims.join(' · ') : 'single device';
}

export function memoryText(m: MemoryBreakdown): string {
  return `${formatGiB(m.totalBytes)} of ${formatGiB(m.capacityBytes)} (${formatPercent(m.totalBytes / m.capacityBytes)})`;
}

/** Parts only some jobs have (context, expert and pipeline parallelism, a data stall): shown when any job has them. */
const OPTIONAL_PARTS = ['cpComm', 'epComm', 'ppComm', 'bubble', 'dataStall'] as const;

function allStepParts(b: StepBreakdown): Part[] {
  return [
    { key: 'compute', label: 'compute', value: b.computeSeconds },
    { key: 'tpComm', label: 'TP comm', value: b.tpCommSeconds },
    { key: 'cpComm', label: 'CP comm exposed', value: b.cpCommSeconds ?? 0 },
    { key: 'epComm', label: 'EP all-to-all', value: b.epCommSeconds ?? 0 },
    { key: 'ppComm', label: 'PP send/recv', value: b.ppCommSeconds ?? 0 },
    { key: 'bubble', label: 'pipeline bubble', value: b.bubbleSeconds ?? 0 },
    { key: 'dpCommExposed', label: 'DP comm exposed', value: b.dpCommExposedSeconds },
    { key: 'optimizer', label: 'optimizer', value: b.optimizerSeconds },
    { key: 'other', label: 'other', value: b.otherSeconds },
    { key: 'dataStall', label: 'data stall', value: b.dataStallSeconds ?? 0 },
  ];
}

/** The step time split into the parts on the critical path, in the order the charts stack them: the five
 * every job has, plus the optional parts that any of `jobs` has (so columns line up across jobs). */
export function stepParts(b: StepBreakdown, jobs: readonly { breakdown: StepBreakdown }[] = [{ breakdown: b }]): Part[] {
  const shown = new Set(OPTIONAL_PARTS.filter((k) => jobs.some((j) => allStepParts(j.breakdown).some((p) => p.key === k && p.value > 0))));
  return allStepParts(b).filter((p) => !(OPTIONAL_PARTS as readonly string[]).includes(p.key) || shown.has(p.key as (typeof OPTIONAL_PARTS)[number]));
}

/** One row per pipeline stage: its layers, micro-batches in flight and memory by term (GiB text). */
export function stageMemoryRows(job: TrainingJobResult): string[][] {
  return (job.memoryByStage ?? []).map((s) => [
    String(s.stage),
    String(s.layers),
    String(s.microbatchesInFlight),
    ...memoryParts(s.memory).map((p) => formatGiB(p.value)),
    formatGiB(s.memory.totalBytes),
    formatPercent(s.memory.totalBytes / s.memory.capacityBytes),
  ]);
}

export const STAGE_MEMORY_COLUMNS = ['Stage', 'Layers', 'Micro-batches in flight', 'Weights', 'Gradients', 'Optimizer state', 'Activations', 'Other', 'Total', 'Of capacity'];

export function memoryParts(m: MemoryBreakdown): Part[] {
  return [
    { key: 'weights', label: 'weights', value: m.weightsBytes },
    { key: 'gradients', label: 'gradients', value: m.gradientsBytes },
    { key: 'optimizer', label: 'optimizer state', value: m.optimizerBytes },
    { key: 'activations', label: 'activations', value: m.activationsBytes },
    { key: 'other', label: 'other', value: m.otherBytes },
  ];
}

/** The energy and power components, in chart order, with their labels (energy chart, power-over-time chart). */
export const ENERGY_COMPONENTS = [
  ['accelerators', 'accelerators'],
  ['nodeOverhead', 'node overhead'],
  ['network', 'network'],
  ['storage', 'storage'],
  ['facilityOverhead', 'facility overhead'],
] as const;

export function energyParts(report: Report): Part[] {
  const e = report.energy.byComponentKWh;
  // network and storage only where the run counted them, so other reports read as before
  return ENERGY_COMPONENTS.filter(([key]) => e[key] !== undefined).map(([key, label]) => ({ key, label, value: e[key]! }));
}

/** Cost items in a stable order: largest first, ties by name. */
export function costParts(report: Report): Part[] {
  return Object.entries(report.cost.byItemUsd)
    .map(([key, value]) => ({ key, label: key, value }))
    .sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function jobFigures(job: TrainingJobResult): Figure[] {
  return [
    { label: 'Model', value: job.model },
    { label: 'Devices', value: `${formatNumber(job.devices)} × ${job.accelerator}` },
    { label: 'Parallelism', value: parallelismText(job.parallelism) },
    { label: 'Step time', value: formatSeconds(job.stepSeconds) },
    { label: 'Steps simulated', value: `${formatNumber(job.steps)} (${formatSeconds(job.simulatedSeconds)})` },
    { label: 'Tokens/s', value: formatNumber(job.tokensPerSecond) },
    { label: 'Model TFLOP/s per GPU', value: formatSig(job.tflopsPerGpu) },
    { label: 'Hardware TFLOP/s per GPU', value: formatSig(job.hardwareTflopsPerGpu) },
    { label: 'MFU', value: formatPercent(job.mfu) },
    { label: 'Compute utilisation', value: formatPercent(job.computeUtilisation) },
    { label: 'Memory per GPU', value: memoryText(job.memory) },
    ...(job.pipeline === undefined
      ? []
      : [{ label: 'Pipeline', value: `${job.pipeline.schedule}, ${job.pipeline.virtualStages} chunk(s) per stage, ${formatNumber(job.pipeline.microbatches)} micro-batches, bubble ${formatPercent(job.pipeline.bubbleFraction)}` }]),
    ...(job.breakdown.epCommSeconds ? [{ label: 'Expert all-to-all share of the step', value: formatPercent(job.breakdown.epCommSeconds / job.stepSeconds) }] : []),
  ];
}

/** Energy, carbon and cost as three figures. */
export function footprintFigures(report: Report): Figure[] {
  const c = report.cost;
  return [
    { label: 'Energy', value: `${formatKWh(report.energy.totalKWh)} (mean ${formatSig(report.energy.meanPowerWatts / 1000)} kW)` },
    { label: 'Carbon', value: `${formatKgCO2e(report.carbon.kgCO2e)} at ${formatSig(report.carbon.gridIntensityGPerKWh)} g/kWh` },
    { label: 'Cost', value: `${formatUsd(c.totalUsd)} (${c.basis}, ${formatUsd(c.usdPerDeviceHour)} per device-hour)` },
    ...energyExtraFigures(report),
  ];
}

/** The training jobs of a report (collective jobs have their own figures, ./collective.ts). */
export function jobList(report: Report): TrainingJobResult[] {
  return Object.values(report.jobs).filter((j): j is TrainingJobResult => j.kind === 'training');
}
