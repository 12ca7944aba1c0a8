/**
 * What the reports add to the energy and carbon figures when the run has them: the scale-out network as
 * counted, the power cap and its slowdown, parts with no power figure, the grid-intensity series, and
 * embodied carbon (apart from operational carbon). Plain text; each renderer escapes for its format.
 */
import type { Report } from '../metrics/result-types.ts';
import type { Figure } from './figures.ts';
import { formatKgCO2e, formatNumber, formatSig } from './format.ts';

export function energyExtraFigures(report: Report): Figure[] {
  const e = report.energy;
  const c = report.carbon;
  const out: Figure[] = [];
  if (e.network !== undefined) {
    out.push({ label: 'Network', value: `${e.network.fabric}: ${formatNumber(e.network.switches)} switches, ${formatNumber(e.network.portsInUse)} ports in use × ${formatSig(e.network.perPortWatts)} W = ${formatSig(e.network.watts / 1000)} kW` });
  }
  if (e.powerCap !== undefined) {
    const caps = Object.entries(e.powerCap.byAccelerator).map(([id, p]) => `${id} ${formatSig(p.capWatts)} W (compute ${formatSig(p.computeSlowdown, 3)}× slower)`);
    out.push({ label: 'Power cap', value: caps.join('; ') });
  }
  if (e.notCounted !== undefined && e.notCounted.length > 0) out.push({ label: 'Power not counted', value: e.notCounted.join('; ') });
  if (c.gridIntensitySeries !== undefined) out.push({ label: 'Grid intensity', value: `hourly series ${c.gridIntensitySeries}, power-weighted mean ${formatSig(c.gridIntensityGPerKWh)} g/kWh` });
  const m = c.embodied;
  if (m !== undefined) {
    const missing = m.missing.length > 0 ? `; no published figure for ${m.missing.join(', ')}` : '';
    const value = m.kgCO2e > 0 || m.missing.length === 0
      ? `${formatKgCO2e(m.kgCO2e)} (accelerators ${formatKgCO2e(m.byComponentKgCO2e.accelerators)}, nodes ${formatKgCO2e(m.byComponentKgCO2e.nodes)}; written off over ${formatSig(m.lifeYears)} years${missing})`
      : `not counted${missing}`;
    out.push({ label: 'Embodied carbon', value });
  }
  return out;
}
