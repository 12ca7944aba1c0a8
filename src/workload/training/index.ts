/** Training workload model: re-exports only. */
export { trainingIssues } from './issues.ts';
export type { TrainingIssue } from './issues.ts';
export { simulateTraining } from './simulate.ts';
export { layerActivationBytes, activationBytes } from './memory.ts';
export { layerOps, embeddingOps, outputOps, microFlops } from './flops.ts';
export type { PassOp, PassOps, LayerOps } from './flops.ts';
export { layerShape, totalParams, paramsPerRank, layerParams } from './shape.ts';
export type { LayerShape } from './shape.ts';
export { buildPlan } from './plan.ts';
export type { StepPlan, ChunkPlan, RankPlan, PassTime, GradientBucket } from './plan.ts';
export { memoryBreakdown, memoryByStage, peakStage } from './memory-stage.ts';
export { analyticalStep } from './step.ts';
export type { StepTimes } from './step.ts';
export { replayStep } from './replay.ts';
