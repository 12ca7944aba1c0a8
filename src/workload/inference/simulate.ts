/**
 * Runs an inference job: `replicas` ReplicaSims on one kernel behind a router, fed from the job's request
 * source. Sources are async (a trace is streamed from disk) and the kernel is sync, so the feed alternates:
 * read a batch, then for each request run the kernel up to its arrival and route and submit it; when the
 * source is exhausted, run to completion. Memory holds one batch, the requests in flight and the
 * per-request latencies of metrics.ts, never the whole trace.
 *
 * Arrivals are submitted before any replica event at the same instant (the kernel runs events strictly
 * before the arrival), which is a fixed order, so a run is deterministic. Nothing here reads the clock.
 */
import type { ClusterSpec, InferenceWorkload } from '../../config/scenario-types.ts';
import type { Assumption, InferenceClassResult, InferenceJobResult } from '../../metrics/result-types.ts';
import { Simulation } from '../../sim/index.ts';
import type { SimulateContext } from '../registry.ts';
import { BLOCK_TOKENS, devicesPerReplica, inferenceDevices, MEMORY_FRACTION, replicaSpecOf } from './issues.ts';
import { cdfPoints, InferenceStats, summarise } from './metrics.ts';
import { createReplicaModel } from './replica/index.ts';
import { DisaggregatedPools } from './disagg/pools.ts';
import { ReplicaSim } from './replica-sim.ts';
import { createRouter } from './router/index.ts';
import type { InferenceRequest } from './types.ts';
import { DecodeOnlyScheduler } from './scheduler/decode-only.ts';
import { createScheduler, kvBudgetOf, type SchedulerOptions } from './scheduler/index.ts';
import { openSource } from './sources/open-source.ts';

export { openSource } from './sources/open-source.ts';

export async function simulateInference(job: InferenceWorkload, cluster: ClusterSpec, ctx: SimulateContext): Promise<{ result: InferenceJobResult; assumptions: Assumption[] }> {
  const model = createReplicaModel(replicaSpecOf(job, cluster));
  const sim = new Simulation({ seed: ctx.seed });
  const stats = new InferenceStats(job.replicas, job.slo);
  let commSeconds = 0;
  const timed = {
    iterationSeconds: (entries: Parameters<typeof model.iterationSeconds>[0]) => {
      const b = model.iterationBreakdown(entries);
      commSeconds += b.communication;
      return b.total;
    },
  };
  const host = cluster.nodes[0]!.profile.host;
  const options: SchedulerOptions = {
    preemption: job.scheduler.preemption,
    priorityPreemption: job.scheduler.priorityPreemption,
    // swap: each GPU moves its own KV shard over its own host link (PCIe, one direction; issues.ts checks it is described)
    ...(job.scheduler.preemption === 'swap' && host !== undefined ? { swapBytesPerSecond: host.linkBytesPerSecond } : {}),
    ...(job.scheduler.maxSeqs !== null ? { maxSeqs: job.scheduler.maxSeqs } : {}),
    ...(job.scheduler.maxBatchedTokens !== null ? { maxBatchedTokens: job.scheduler.maxBatchedTokens } : {}),
  };
  const classes = job.classes ?? [];
  // per-class stats keep latencies only (their time bins go unused); looked up by the request's tenant
  const classStats = new Map(classes.map((c) => [c.name, { stats: new InferenceStats(job.replicas, c.slo), arrived: 0 }]));
  const observer = {
    onFinish: (r: Parameters<InferenceStats['finish']>[0]) => {
      stats.finish(r);
      classStats.get(r.tenant)?.stats.finish(r);
    },
    onReject: (req: InferenceRequest) => {
      stats.rejected++;
      const c = classStats.get(req.tenant);
      if (c !== undefined) c.stats.rejected++;
    },
    onIteration: (it: Parameters<InferenceStats['iteration']>[0]) => stats.iteration(it) };
  const dis = job.disaggregation;
  const pools = dis === undefined ? null : new DisaggregatedPools({
    sim, cluster, prefillReplicas: dis.prefillReplicas, decodeReplicas: dis.decodeReplicas, gpusPerReplica: devicesPerReplica(job),
    ...(ctx.devices !== undefined ? { devices: ctx.devices } : {}),
    kvBytesPerTokenPerGpu: model.kvBytesPerTokenPerGpu, router: job.router,
    prefillScheduler: () => createScheduler('continuous', kvBudgetOf(model), options),
    decodeScheduler: () => new DecodeOnlyScheduler(kvBudgetOf(model), options),
    model: timed, observer,
  });
  const replicas = pools?.replicas ?? Array.from({ length: job.replicas }, (_, i) => new ReplicaSim(sim, i, createScheduler(job.scheduler.name, kvBudgetOf(model), options), timed, observer));
  const router = pools === null ? createRouter(job.router, replicas) : null;
  const { source, skipped } = openSource(job, ctx.seed);

  let arrived = 0;
  let firstArrival = 0;
  for (let batch = await source.nextBatch(); batch !== null; batch = await source.nextBatch()) {
    for (const req of batch) {
      if (req.arrivalSeconds > sim.now) sim.run(req.arrivalSeconds);
      if (arrived === 0) firstArrival = req.arrivalSeconds;
      arrived++;
      const c = classStats.get(req.tenant);
      if (c !== undefined) c.arrived++;
      if (pools !== null) pools.submit(req);
      else replicas[router!.route(req, sim.now)]!.submit(req);
    }
  }
  sim.run();

  const end = sim.now;
  const makespan = Math.max(0, stats.lastFinish - firstArrival);
  const per = (x: number) => (makespan > 0 ? x / makespan : 0);
  const busyTotal = replicas.reduce((s, r) => s + r.busySeconds, 0);
  const ttft = stats.ttft.sorted();
  const e2e = stats.e2e.sorted();
  const handoff = pools?.handoffGaps ?? { count: 0, sum: 0, max: 0 };
  const itlCount = replicas.reduce((s, r) => s + r.itl.count, handoff.count);
  const itlSum = replicas.reduce((s, r) => s + r.itl.sum, handoff.sum);
  const g = cluster.nodes[0]!;
  const result: InferenceJobResult = {
    kind: 'inference',
    name: job.name,
    model: job.model.name,
    devices: inferenceDevices(job),
    accelerator: g.accelerator.name,
    replicas: job.replicas,
    parallelism: { ...job.parallelism },
    precision: { ...job.precision },
    scheduler: job.scheduler.name,
    router: job.router,
    source: source.description.replace(/^trace (.*?)(,|$)/, (_m, f: string, rest: string) => `trace ${f.split(/[\\/]/).pop()}${rest}`),
    ...(pools !== null && dis !== undefined ? {
      disaggregation: {
        prefillReplicas: dis.prefillReplicas, decodeReplicas: dis.decodeReplicas,
        link: [...new Set(pools.links.flat().map((l) => l.description))].join('; '),
        kvTransfer: summarise(pools.transfer.sorted()), kvTransferBytes: pools.kvTransferBytes,
      },
    } : {}),
    requests: {
      arrived,
      completed: stats.completed,
      rejected: stats.rejected,
      skippedRows: skipped(),
      inputTokens: stats.inputTokens,
      outputTokens: stats.outputTokens,
      preemptions: replicas.reduce((s, r) => s + r.scheduler.preemptions, 0),
      ...(job.scheduler.priorityPreemption ? { priorityPreemptions: replicas.reduce((s, r) => s + (r.scheduler.priorityPreemptions ?? 0), 0) } : {}),
    },
    makespanSeconds: makespan,
    ttft: summarise(ttft),
    tpot: summarise(stats.tpot.sorted()),
    itl: { count: itlCount, mean: itlCount > 0 ? itlSum / itlCount : null, max: itlCount > 0 ? Math.max(handoff.max, ...replicas.map((r) => r.itl.max)) : null },
    e2e: summarise(e2e),
    throughput: { requestsPerSecond: per(stats.completed), inputTokensPerSecond: per(stats.inputTokens), outputTokensPerSecond: per(stats.outputTokens) },
    goodput: job.slo === null ? null : { slo: { ...job.slo }, requestsPerSecond: per(stats.good), fraction: stats.completed > 0 ? stats.good / stats.completed : 0 },
    queue: { max: stats.maxQueued, mean: stats.meanQueued(end) },
    kvCache: { blocksPerReplica: model.kvBlocks, blockTokens: BLOCK_TOKENS, peakUsage: Math.max(...replicas.map((r) => r.scheduler.kv.peakUsedBlocks / r.scheduler.kv.totalBlocks)), meanBusyUsage: stats.meanBusyKv },
    gpuUtilisation: end > 0 ? busyTotal / (job.replicas * end) : 0,
    iterations: replicas.reduce((s, r) => s + r.iterations, 0),
    weightsBytesPerGpu: model.weightsBytesPerGpu,
    energyPer1kTokensJoules: null,
    usdPerMillionTokens: null,
    ...(job.classes !== undefined ? {
      byClass: job.classes.map((c): InferenceClassResult => {
        const { stats: cs, arrived: n } = classStats.get(c.name)!;
        return {
          name: c.name, priority: c.priority,
          requests: { arrived: n, completed: cs.completed, rejected: cs.rejected, inputTokens: cs.inputTokens, outputTokens: cs.outputTokens },
          ttft: summarise(cs.ttft.sorted()), tpot: summarise(cs.tpot.sorted()), e2e: summarise(cs.e2e.sorted()),
          throughput: { requestsPerSecond: per(cs.completed), inputTokensPerSecond: per(cs.inputTokens), outputTokensPerSecond: per(cs.outputTokens) },
          goodput: c.slo === null ? null : { slo: { ...c.slo }, requestsPerSecond: per(cs.good), fraction: cs.completed > 0 ? cs.good / cs.completed : 0 },
        };
      }),
    } : {}),
    cdf: { ttft: cdfPoints(ttft), e2e: cdfPoints(e2e) },
    overTime: stats.overTime(end),
    busySeconds: busyTotal / job.replicas,
    computeUtilisation: busyTotal > 0 ? Math.min(1, Math.max(0, 1 - commSeconds / busyTotal)) : 0,
    simulatedSeconds: end,
  };
  const assumptions: Assumption[] = [
    { name: 'paged-KV block size (inference)', value: BLOCK_TOKENS, unit: 'tokens', source: 'vLLM default block_size (vllm/config.py CacheConfig)' },
    { name: 'engine memory fraction (inference)', value: MEMORY_FRACTION, unit: 'fraction', source: 'vLLM default gpu_memory_utilization (vllm/config.py CacheConfig)' },
  ];
  if (job.scheduler.preemption === 'swap' && host !== undefined) {
    assumptions.push({ name: 'KV swap bandwidth per GPU (inference)', value: host.linkBytesPerSecond, unit: 'B/s', source: `${g.profile.id} host link: ${host.source}` });
  }
  const fp8 = g.accelerator.efficiency.fp8Matmul;
  if (job.precision.compute === 'fp8' && fp8 !== undefined) {
    assumptions.push({ name: `${g.accelerator.name} fp8 matmul efficiency (fraction of fp8 peak)`, value: fp8.value, unit: '1', source: fp8.source });
  }
  return { result, assumptions };
}
