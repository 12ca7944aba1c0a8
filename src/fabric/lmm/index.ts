/** The max-min fair flow solver (a pure library: imports nothing from the rest of src). See system.ts. */
export { MaxMinSystem, SATURATION_EPSILON, type SolveStats, type VariableOptions } from './system.ts';
export { checkMaxMin, sortedNormalisedRates, type Violation } from './verify.ts';
export { IdHeap } from './heap.ts';
