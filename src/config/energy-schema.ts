/**
 * The `energy:` section of a scenario (phase 2) and its normalised form (phase 3): facility PUE, grid carbon
 * intensity (constant, or a time series CSV), a per-device power cap, and the life over which embodied
 * carbon is written off. The models that use them: metrics/power.ts, energy.ts, carbon.ts.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { readGridIntensitySeries, seriesMeanKgPerJoule } from './grid-intensity.ts';
import type { EnergySpec } from './scenario-types.ts';
import { qty } from './zod-quantity.ts';

const gridSeriesSchema = z
  .strictObject({
    csv: z.string().min(1).describe('CSV file of grid intensity over time, relative to the scenario file (e.g. an Electricity Maps hourly export)'),
    column: z.string().min(1).describe('the column of intensities, in g CO2e/kWh'),
    timestamp: z.string().min(1).default('timestamp').describe('the column of row times, ISO 8601 (no offset = UTC)'),
    start: z.string().min(1).optional().describe('ISO 8601 time at which the run starts (simulated second 0); default the first row'),
  })
  .describe('grid intensity as a time series: each row holds until the next; runs longer than the file wrap around');

export const energySchema = z.strictObject({
  pue: z.number().min(1).default(1.2).describe('power usage effectiveness: facility energy / IT energy'),
  // Default: US average grid 2023, 367 g CO2e/kWh (EIA, electricity-related CO2 emissions per kWh).
  gridIntensity: z
    .union([qty('carbonIntensity', { min: 0, description: 'grid carbon intensity (default: US average 2023, EIA)' }), gridSeriesSchema])
    .prefault('367 g/kWh'),
  powerCap: z
    .union([
      z.number().gt(0).lte(1).transform((f) => ({ fractionOfTdp: f })).describe('a fraction of each accelerator\'s TDP, e.g. 0.7'),
      qty('power', { positive: true, description: 'power limit of each device (nvidia-smi -pl)', example: '500 W' }).transform((w) => ({ watts: w })),
    ])
    .optional()
    .describe('per-device power cap: slows compute (hardware/power-cap.ts capSlowdown) and bounds device power'),
  embodiedLife: qty('time', { positive: true, description: 'period over which embodied (manufacturing) carbon is written off (default 6 years)', example: '6 years' }).optional(),
});

export type ParsedEnergy = z.output<typeof energySchema>;

/** Phase 3: SI numbers; the series read from its file. Keys appear only when written, so older scenarios hash as before. */
export function normalizeEnergy(e: ParsedEnergy, scenarioFile: string): EnergySpec {
  const g = e.gridIntensity;
  if (typeof g === 'number') {
    return { pue: e.pue, gridIntensityKgPerJoule: g, ...extras(e) };
  }
  const series = readGridIntensitySeries({
    file: isAbsolute(g.csv) ? g.csv : join(dirname(scenarioFile), g.csv),
    column: g.column,
    timestamp: g.timestamp,
    ...(g.start !== undefined ? { start: g.start } : {}),
  });
  return { pue: e.pue, gridIntensityKgPerJoule: seriesMeanKgPerJoule(series), gridIntensitySeries: series, ...extras(e) };
}

function extras(e: ParsedEnergy): Pick<EnergySpec, 'powerCap' | 'embodiedLifeSeconds'> {
  return {
    ...(e.powerCap !== undefined ? { powerCap: e.powerCap } : {}),
    ...(e.embodiedLife !== undefined ? { embodiedLifeSeconds: e.embodiedLife } : {}),
  };
}
