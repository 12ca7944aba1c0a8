/** Collective workload model (an nccl-tests equivalent): re-exports only. */
export { collectiveIssues, clusterCollectiveContext } from './issues.ts';
export { simulateCollective } from './simulate.ts';
export { simulateSharedCollectives, MAX_CALLS } from './shared.ts';
export type { SharedEntry } from './shared.ts';
export { linkUtilisation, HOTTEST_LINKS } from './utilisation.ts';
export { FABRIC_OP, clusterShape, rankDevices, nodesSpanned, railsPerNode } from './placement.ts';
export type { ClusterShape } from './placement.ts';
