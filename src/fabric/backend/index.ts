/** Network backends: the contract (types.ts), the analytical and flow implementations, the registry. */
export type { BackendOptions, LinkUsage, NetworkBackend, Transfer } from './types.ts';
export type { BackendSetup, BatchTransfers, RouteFn } from './paths.ts';
export { canBatch } from './paths.ts';
export { AnalyticalBackend } from './analytical.ts';
export { FlowBackend } from './flow.ts';
export { BACKENDS, backendNames, createBackend, tierEfficiency } from './registry.ts';
export type { BackendName } from './registry.ts';
