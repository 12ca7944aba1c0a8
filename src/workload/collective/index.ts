/** Collective workload model (an nccl-tests equivalent): re-exports only. */
export { collectiveIssues, collectiveContext } from './issues.ts';
export { simulateCollective } from './simulate.ts';
export { FABRIC_OP, clusterShape, rankDevices, nodesSpanned, railsPerNode } from './placement.ts';
export type { ClusterShape } from './placement.ts';
