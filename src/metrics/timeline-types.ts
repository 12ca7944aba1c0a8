/**
 * The timeline of one simulated training step, as the flow replay records it: what each simulated rank
 * did and when. It feeds trace.json (Chrome/Perfetto trace format) and the pipeline Gantt chart in
 * report.html. Times are seconds from the start of the step.
 *
 * One rank per pipeline stage is simulated in detail (a tensor-parallel rank of data-parallel replica 0):
 * the tp ranks of a stage do the same work at the same time, and so do the dp replicas.
 */

/** a stream of work on one rank; spans on one stream never overlap */
export type TimelineStream = 'compute' | 'pp-send' | 'dp' | 'optimizer';

export interface TimelineSpan {
  stream: TimelineStream;
  /** short label, e.g. "F3.1" (forward, micro-batch 3, chunk 1), "B3.1", "W3.1", "grad bucket 2" */
  name: string;
  start: number;
  end: number;
  /** F forward, B backward (input gradients, or the whole backward), W weight gradients (zero-bubble) */
  pass?: 'F' | 'B' | 'W';
  micro?: number;
  /** model chunk on this rank (interleaved schedule), 0-based */
  chunk?: number;
}

export interface RankTimeline {
  /** pipeline stage, 0-based */
  stage: number;
  /** global rank of the simulated device (rank order of the job's parallelism.order) */
  rank: number;
  label: string;
  spans: TimelineSpan[];
}

export interface StepTimeline {
  job: string;
  stepSeconds: number;
  ranks: RankTimeline[];
}
