/**
 * Unit strings -> SI numbers.
 *
 * Scenario and profile files write quantities with units ("400 Gb/s", "80 GiB", "1.5 us", "0.08 USD/kWh").
 * Inside the simulator every quantity is a plain number in one fixed unit per kind:
 *
 *   kind             stored as            examples accepted
 *   bytes            bytes                80 GB, 80 GiB, 640 Gb (bits are divided by 8)
 *   dataRate         bytes/second         400 Gb/s, 900 GB/s, 3.35 TB/s
 *   time             seconds              1.5 us, 20 ms, 2 h, 3 days
 *   power            watts                700 W, 10.2 kW
 *   energy           joules               5 kWh, 3 MJ
 *   flopRate         FLOP/second          989.4 TFLOP/s, 2.5 PFLOP/s
 *   money            USD                  30000 USD
 *   moneyRate        USD/second           2.99 USD/h
 *   energyPrice      USD/joule            0.08 USD/kWh
 *   carbonIntensity  kg CO2e/joule        367 g/kWh
 *   mass             kg                   12 t, 150 kg
 *
 * Parsing uses a private mathjs instance with two extra base units (USD, FLOP). It is never exposed to
 * scenario expressions (those use a separate restricted instance), so the createUnit calls here cannot be
 * reached from a scenario file.
 */
import { create, all, type Unit, type MathJsInstance } from 'mathjs';

export type QuantityKind =
  | 'bytes' | 'dataRate' | 'time' | 'power' | 'energy' | 'flopRate'
  | 'money' | 'moneyRate' | 'energyPrice' | 'carbonIntensity' | 'mass';

interface KindSpec {
  /** unit string the value is converted to */
  target: string;
  /** multiply the converted value by this to get the stored SI number */
  scale: number;
  /** shown to the user when the string does not fit */
  examples: string;
  /** human name of the kind */
  label: string;
}

const KINDS: Record<QuantityKind, KindSpec> = {
  bytes: { target: 'B', scale: 1, examples: '80 GB, 80 GiB', label: 'a size in bytes' },
  dataRate: { target: 'B/s', scale: 1, examples: '400 Gb/s, 900 GB/s', label: 'a data rate' },
  time: { target: 's', scale: 1, examples: '1.5 us, 20 ms, 2 h', label: 'a time' },
  power: { target: 'W', scale: 1, examples: '700 W, 10.2 kW', label: 'a power' },
  energy: { target: 'J', scale: 1, examples: '5 kWh, 3 MJ', label: 'an energy' },
  flopRate: { target: 'FLOP/s', scale: 1, examples: '989.4 TFLOP/s, 2.5 PFLOP/s', label: 'a compute rate' },
  money: { target: 'USD', scale: 1, examples: '30000 USD', label: 'an amount of money' },
  moneyRate: { target: 'USD/s', scale: 1, examples: '2.99 USD/h', label: 'a price per unit of time' },
  energyPrice: { target: 'USD/J', scale: 1, examples: '0.08 USD/kWh', label: 'a price of energy' },
  carbonIntensity: { target: 'kg/J', scale: 1, examples: '367 g/kWh', label: 'a carbon intensity' },
  mass: { target: 'kg', scale: 1, examples: '150 kg, 12 t', label: 'a mass' },
};

function makeMath(): MathJsInstance {
  const m = create(all!, {});
  m.createUnit('USD', { aliases: ['usd'] });
  m.createUnit('FLOP', { prefixes: 'short', aliases: ['flop', 'FLOPs'] });
  // mathjs has no "day" abbreviation "d" clash issues; add "days" alias explicitly for readability.
  return m;
}

let mathInstance: MathJsInstance | undefined;
/** Lazily built and then read-only: a pure function of nothing, so sharing it keeps runs independent. */
function math(): MathJsInstance {
  mathInstance ??= makeMath();
  return mathInstance;
}

export type QuantityResult = { ok: true; value: number } | { ok: false; message: string; hint: string };

/**
 * Parses `text` (or a bare number, taken as already in SI units of the kind) as a quantity of `kind`.
 * Never throws; the caller turns a failure into a positioned config error.
 */
export function parseQuantity(text: unknown, kind: QuantityKind): QuantityResult {
  const spec = KINDS[kind];
  const hint = `write ${spec.label} with a unit, e.g. ${spec.examples}`;
  if (typeof text === 'number') {
    return Number.isFinite(text) ? { ok: true, value: text } : { ok: false, message: `expected ${spec.label}, got ${text}`, hint };
  }
  if (typeof text !== 'string' || text.trim() === '') {
    return { ok: false, message: `expected ${spec.label} as a string such as "${spec.examples.split(',')[0]}"`, hint };
  }
  let unit: Unit;
  try {
    unit = math().unit(text.trim());
  } catch (e) {
    return { ok: false, message: `"${text}" is not a quantity with a known unit (${(e as Error).message})`, hint };
  }
  let value: number;
  try {
    value = unit.toNumber(spec.target) * spec.scale;
  } catch {
    // Bytes and bits share a dimension in mathjs; everything else that fails has the wrong dimension.
    return { ok: false, message: `"${text}" is not ${spec.label}`, hint };
  }
  if (!Number.isFinite(value)) return { ok: false, message: `"${text}" is not a finite number`, hint };
  return { ok: true, value };
}

/** Parses or throws; for trusted data (profiles already checked by the schema, tests). */
export function quantity(text: string | number, kind: QuantityKind): number {
  const r = parseQuantity(text, kind);
  if (!r.ok) throw new Error(`${r.message}; ${r.hint}`);
  return r.value;
}

export function quantityKinds(): readonly QuantityKind[] {
  return Object.keys(KINDS) as QuantityKind[];
}
