/**
 * The cost figures the reports print beside the cost by item: what a unit of work costs (metrics/unit-costs.ts)
 * and the parts the cost model left out. Plain text; each renderer escapes for its own format.
 */
import type { Report } from '../metrics/result-types.ts';
import { formatNumber, formatSig, formatUsd } from './format.ts';

export const UNIT_COST_COLUMNS = ['Unit of work', 'Cost', 'How it is counted'];

/** Cost per GPU-hour, per training run (token target) and per million tokens served; none without unit costs. */
export function unitCostRows(report: Report): string[][] {
  const u = report.cost.unitCosts;
  if (u === undefined) return [];
  const basis = report.cost.cloudPricing !== undefined ? `${report.cost.basis}, ${report.cost.cloudPricing}` : report.cost.basis;
  return [
    ['GPU-hour', formatUsd(u.usdPerGpuHour), `the run's cost ÷ device-hours (${basis})`],
    ...u.trainingRuns.map((t) => [
      `training run: ${t.job}`, formatUsd(t.usd),
      `the job's nodes for ${formatSig(t.days)} days, ${formatNumber(t.gpuHours)} GPU-hours at ${formatUsd(t.usdPerGpuHour)} each`,
    ]),
    ...u.inference.map((i) => [`million output tokens: ${i.job}`, formatUsd(i.usdPerMillionTokens), "the run's cost × the job's share of the devices ÷ its output tokens"]),
  ];
}

/** What the cost leaves out, one sentence each, capitalised, without the final full stop. */
export function costNotes(report: Report): string[] {
  return (report.cost.notes ?? []).map((n) => `${n.charAt(0).toUpperCase()}${n.slice(1)}`);
}
