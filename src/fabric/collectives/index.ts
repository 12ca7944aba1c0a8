/** Collective algorithms: the contract (types.ts), one file per algorithm, registry, choice, runners. */
export { busFactor } from './types.ts';
export type { AlgorithmName, CollectiveAlgorithm, CollectiveCall, CollectiveContext, CollectiveOp } from './types.ts';
export { ALGORITHMS, algorithmNames, getAlgorithm } from './registry.ts';
export { chooseAlgorithm, estimateAllReduce } from './choose.ts';
export type { ChooseOptions, Estimate } from './choose.ts';
export { measureCollective, resolveAlgorithm, runCollective, timeCollective } from './run.ts';
export type { CollectiveMeasurement, CollectiveSetup } from './run.ts';
export { ringOrders } from './layout.ts';
export { NVLS_EFFICIENCY, NVLS_LATENCY_SECONDS } from './nvls.ts';
