/**
 * zod types for quantities written with units. `qty('dataRate')` accepts "400 Gb/s" (or a bare number,
 * taken as SI) and outputs the SI number; a bad string becomes one issue with code bad-unit and a hint.
 * The JSON Schema export shows these fields as "string or number" with the kind in the description.
 */
import { z } from 'zod';
import { parseQuantity, type QuantityKind } from './units.ts';

/** `description` says what the field is (the kind and unit are appended); `example` replaces the kind's
 * default example in the JSON Schema (e.g. "4 years" rather than "1.5 us" for an amortisation period). */
export function qty(kind: QuantityKind, opts: { min?: number; positive?: boolean; description?: string; example?: string } = {}) {
  const example = opts.example ?? EXAMPLE[kind];
  const unit = `${kind} with a unit, e.g. ${example}`;
  return z
    .union([z.string(), z.number()])
    // Description and example reach the JSON Schema (input side), so editors show what to write.
    .meta({ description: opts.description ? `${opts.description} (${unit})` : unit, examples: [example] })
    .transform((v, ctx) => {
      const r = parseQuantity(v, kind);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message, params: { clustersim: 'bad-unit', hint: r.hint } });
        return z.NEVER;
      }
      if ((opts.positive && !(r.value > 0)) || (opts.min !== undefined && r.value < opts.min)) {
        const bound = opts.positive ? 'greater than zero' : `at least ${opts.min}`;
        ctx.addIssue({ code: 'custom', message: `${String(v)} must be ${bound}`, params: { clustersim: 'bad-value', hint: `give a value ${bound}` } });
        return z.NEVER;
      }
      return r.value;
    });
}

const EXAMPLE: Record<QuantityKind, string> = {
  bytes: '80 GiB',
  dataRate: '400 Gb/s',
  time: '1.5 us',
  power: '700 W',
  energy: '5 kWh',
  flopRate: '989.4 TFLOP/s',
  money: '30000 USD',
  moneyRate: '2.99 USD/h',
  energyPrice: '0.08 USD/kWh',
  carbonIntensity: '367 g/kWh',
  mass: '150 kg',
};

/** A positive integer field with its description (counts, degrees, sizes in items). */
export const positiveInt = (what: string) => z.number().int().positive().describe(what);
