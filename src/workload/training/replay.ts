/**
 * Step replay on the DES kernel (fidelity `flow`): one representative rank, two streams.
 *
 *  compute stream   micro-batch by micro-batch, stage by stage: forward (embedding, layers 1…L, output
 *                   head), then backward (head, layers L…1, embedding); each stage is a timeout of its
 *                   kernels plus its tensor-parallel collectives (plan.ts). In the last micro-batch,
 *                   the end of a backward stage that completes a gradient bucket triggers that bucket.
 *  dp stream        reduces the buckets in order, each as soon as it is ready and the previous one is
 *                   done (with overlapGradReduce), or all of them after the backward (without).
 *  then             the optimizer step and, under ZeRO-1, the weight all-gather.
 *
 * The exposed data-parallel time is what the simulation leaves after compute, tp communication and the
 * optimizer: it comes out of the event order, not from a formula. Every data-parallel rank runs the same
 * work, so one rank stands for all; contention between the tp and dp streams for links or SMs is not
 * modelled (they use different fabrics whenever dp crosses nodes). Steps are identical (no stragglers or
 * failures yet), so one step is replayed.
 */
import { Simulation, type Event } from '../../sim/index.ts';
import { backwardStages, stageSeconds, type StepPlan } from './plan.ts';
import { breakdownOf, type StepTimes } from './step.ts';

export interface ReplayResult extends StepTimes {
  /** events the kernel processed, for diagnostics */
  events: number;
}

export function replayStep(plan: StepPlan, seed = 1): ReplayResult {
  const sim = new Simulation({ seed });
  const forward = [plan.embedding, ...Array.from({ length: plan.layers }, () => plan.layer), plan.output];
  const backward = backwardStages(plan);
  const ready: Event<undefined>[] = plan.buckets.map(() => sim.event<undefined>());
  const backwardDone = sim.event<undefined>();
  const bucketAt = new Map<number, number[]>();
  plan.buckets.forEach((b, k) => bucketAt.set(b.readyAfter, [...(bucketAt.get(b.readyAfter) ?? []), k]));

  const compute = sim.process(function* computeStream() {
    for (let m = 0; m < plan.microbatches; m++) {
      for (const s of forward) yield sim.timeout(stageSeconds(s, 'forward'));
      const last = m === plan.microbatches - 1;
      for (let i = 0; i < backward.length; i++) {
        yield sim.timeout(stageSeconds(backward[i]!, 'backward'));
        if (last) for (const k of bucketAt.get(i) ?? []) ready[k]!.succeed(undefined);
      }
    }
    backwardDone.succeed(undefined);
  }, 'compute');

  const dp = sim.process(function* dpStream() {
    if (!plan.overlapGradReduce) yield backwardDone;
    for (let k = 0; k < plan.buckets.length; k++) {
      yield ready[k]!;
      yield sim.timeout(plan.buckets[k]!.seconds);
    }
  }, 'dp-grad-reduce');

  const step = sim.process(function* stepEnd() {
    yield sim.allOf([compute, dp]);
    yield sim.timeout(plan.optimizerSeconds);
    yield sim.timeout(plan.paramGatherSeconds);
  }, 'step');

  sim.run(step);
  const times = breakdownOf(plan, 0);
  const exposed = Math.max(0, sim.now - times.stepSeconds);
  const result = breakdownOf(plan, exposed);
  return { ...result, stepSeconds: sim.now, events: sim.processedEvents };
}
