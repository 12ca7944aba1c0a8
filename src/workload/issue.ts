/** A problem a workload model finds with a job on a cluster (phase 4), relative to the workload's fields. */
import type { ErrorCode } from '../config/errors.ts';

export interface WorkloadIssue {
  /** field path relative to the workload, e.g. `parallelism.tp`; '' for the workload itself */
  path: string;
  code: ErrorCode;
  message: string;
  hint: string;
}
