/** Request sources of the inference layer: trace replay, synthetic traffic, merging. Re-exports only. */
export { openAzureTrace } from './trace.ts';
export type { TraceOptions, TraceSource } from './trace.ts';
export { TRACE_COLUMNS, readTraceRows } from './trace-rows.ts';
export type { SkipReason, TraceRow } from './trace-rows.ts';
export { parseTraceTimestamp, secondsBetween, compareInstants } from './timestamp.ts';
export type { TraceInstant } from './timestamp.ts';
export { poissonArrivals, gammaArrivals, constantArrivals, piecewiseArrivals, gammaVariate } from './arrivals.ts';
export type { ArrivalProcess, RatePoint, PiecewiseOptions } from './arrivals.ts';
export { fixedLength, uniformLength, lognormalLength, empiricalLength, EmpiricalPairs, loadEmpiricalPairs } from './lengths.ts';
export type { LengthDistribution, LengthPair, LengthPairs, LognormalLengthOptions } from './lengths.ts';
export { syntheticSource } from './synthetic.ts';
export type { SyntheticOptions } from './synthetic.ts';
export { mergeSources } from './merge.ts';
export type { MergeOptions } from './merge.ts';
