/** The storage models: tiers, the training data pipeline and checkpoints (see each file's header). */
export { checkpointCost, checkpointWithAssumptions, type CheckpointOptions } from './checkpoint.ts';
export { dataPipelineCost, dataPipelineWithAssumptions, type DataPipelineOptions } from './data-pipeline.ts';
export { withDataStall, withStorage } from './apply.ts';
export type { CheckpointSpec, DataPipelineSpec } from './spec-types.ts';
export type { CheckpointCost, DataPipelineCost, StorageNetwork, TierTime } from './types.ts';
