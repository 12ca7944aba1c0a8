/**
 * Disaggregated prefill/decode serving (Splitwise, Patel et al. ISCA'24; DistServe, Zhong et al. OSDI'24):
 * n prefill replicas and m decode replicas, each of the job's tp × pp GPUs, on one kernel.
 *
 *   arrival -> least-outstanding prefill replica: the request runs there as P prompt tokens and one output
 *              token (continuous batching, whole-prompt prefills); the token it emits is the first token,
 *              so TTFT = prefill queue + prefill iteration, and nothing of the decode side
 *   prefill done -> least-outstanding decode replica (counting KV still in transit to it); the KV moves
 *              over the link of kv-transfer.ts, after the transfers already queued on the prefill
 *              replica's link (one next-free time per prefill replica), then a kernel delay
 *   KV arrived -> the decode replica takes it as P + 1 known tokens with P of KV present and O − 1 tokens
 *              to emit (scheduler/decode-only.ts); TPOT = (finish − first token) / (O − 1), so the
 *              transfer and the decode-side queue land in the gap between the first and second tokens
 *
 * A request of one output token finishes at its prefill and moves nothing. A request whose context
 * P + O − 1 can never fit a decode replica's KV cache is refused on arrival, as colocated replicas refuse
 * it. The prefill replica frees the request's KV blocks when its prefill ends rather than when the copy
 * ends (the copy takes milliseconds against prefills of tens to hundreds of milliseconds).
 */
import type { ClusterSpec } from '../../../config/scenario-types.ts';
import type { Simulation } from '../../../sim/index.ts';
import { Series } from '../metrics.ts';
import { ReplicaSim, type GapStats, type ReplicaObserver, type RequestRecord } from '../replica-sim.ts';
import { createRouter, type Router } from '../router/index.ts';
import type { RouterName } from '../router/registry.ts';
import type { DecodeOnlyScheduler } from '../scheduler/decode-only.ts';
import type { ReplicaScheduler } from '../scheduler/types.ts';
import type { InferenceRequest, ReplicaModel } from '../types.ts';
import { kvLinkBetween, kvTransferSeconds, type KvLink } from './kv-transfer.ts';

export interface PoolsOptions {
  sim: Simulation;
  cluster: ClusterSpec;
  prefillReplicas: number;
  decodeReplicas: number;
  /** tp × pp */
  gpusPerReplica: number;
  /** the job's devices in rank order; absent: packed from device 0 */
  devices?: readonly number[];
  kvBytesPerTokenPerGpu: number;
  router: RouterName;
  prefillScheduler: () => ReplicaScheduler;
  decodeScheduler: () => DecodeOnlyScheduler;
  model: Pick<ReplicaModel, 'iterationSeconds'>;
  /** receives the finished requests as whole requests (first token from prefill, the rest from decode) */
  observer: ReplicaObserver;
}

export class DisaggregatedPools {
  /** prefill replicas first, then decode replicas */
  readonly replicas: ReplicaSim[];
  /** per transfer: end of the copy minus end of the prefill, seconds */
  readonly transfer = new Series();
  kvTransferBytes = 0;
  /** the first-to-second-token gaps, which no single replica sees */
  readonly handoffGaps: GapStats = { count: 0, sum: 0, max: 0 };
  readonly links: KvLink[][];
  private readonly prefill: ReplicaSim[];
  private readonly decode: ReplicaSim[];
  private readonly decodeSchedulers: DecodeOnlyScheduler[];
  private readonly prefillRouter: Router;
  private readonly decodeRouter: Router;
  private readonly linkFree: number[];
  private readonly inTransit: number[];
  private readonly originals = new Map<number, InferenceRequest>();
  private readonly firstToken = new Map<number, number>();

  constructor(private readonly o: PoolsOptions) {
    const { sim, model } = o;
    this.prefill = Array.from({ length: o.prefillReplicas }, (_, i) => new ReplicaSim(sim, i, o.prefillScheduler(), model, {
      onFinish: (r) => this.prefilled(i, r),
      onReject: (req) => this.reject(req),
      ...(o.observer.onIteration !== undefined ? { onIteration: o.observer.onIteration } : {}),
    }));
    this.decodeSchedulers = Array.from({ length: o.decodeReplicas }, () => o.decodeScheduler());
    this.decode = this.decodeSchedulers.map((s, i) => new ReplicaSim(sim, o.prefillReplicas + i, s, model, {
      onFinish: (r) => this.decoded(r),
      onReject: (req) => this.reject(req),
      ...(o.observer.onIteration !== undefined ? { onIteration: o.observer.onIteration } : {}),
    }));
    this.replicas = [...this.prefill, ...this.decode];
    const perNode = o.cluster.nodes[0]!.profile.devicesPerNode;
    const nodeOf = (replica: number) => Math.floor((o.devices?.[replica * o.gpusPerReplica] ?? replica * o.gpusPerReplica) / perNode);
    this.links = this.prefill.map((_, p) => this.decode.map((_, d) => kvLinkBetween(o.cluster, nodeOf(p), nodeOf(o.prefillReplicas + d))));
    this.linkFree = this.prefill.map(() => 0);
    this.inTransit = this.decode.map(() => 0);
    this.prefillRouter = createRouter(o.router, this.prefill);
    const inTransit = this.inTransit;
    this.decodeRouter = createRouter(o.router, this.decode.map((r, i) => ({ get outstandingTokens() { return r.outstandingTokens + inTransit[i]!; } })));
  }

  /** hands an arriving request to a prefill replica at the current time */
  submit(req: InferenceRequest): void {
    if (req.outputTokens >= 2 && Number.isInteger(req.promptTokens) && req.promptTokens >= 1 && !this.decodeSchedulers[0]!.fits(req.promptTokens, req.outputTokens)) {
      this.reject(req);
      return;
    }
    this.originals.set(req.id, req);
    this.prefill[this.prefillRouter.route(req, this.o.sim.now)]!.submit({ ...req, outputTokens: 1 });
  }

  private reject(req: InferenceRequest): void {
    const orig = this.originals.get(req.id) ?? req;
    this.originals.delete(req.id);
    this.o.observer.onReject?.(orig, -1);
  }

  private prefilled(p: number, r: RequestRecord): void {
    const req = this.originals.get(r.id)!;
    if (req.outputTokens === 1) {
      this.originals.delete(r.id);
      this.o.observer.onFinish?.(r);
      return;
    }
    const { sim } = this.o;
    const now = sim.now;
    const handed: InferenceRequest = { ...req, promptTokens: req.promptTokens + 1, outputTokens: req.outputTokens - 1 };
    const d = this.decodeRouter.route(handed, now);
    const start = Math.max(now, this.linkFree[p]!);
    const end = start + kvTransferSeconds(this.links[p]![d]!, req.promptTokens, this.o.kvBytesPerTokenPerGpu);
    this.linkFree[p] = end;
    this.transfer.push(end - now);
    this.kvTransferBytes += req.promptTokens * this.o.kvBytesPerTokenPerGpu * this.o.gpusPerReplica;
    this.firstToken.set(r.id, now);
    const tokens = handed.promptTokens + handed.outputTokens;
    this.inTransit[d]! += tokens;
    const decode = this.decode[d]!;
    const inTransit = this.inTransit;
    sim.process((function* () {
      yield end - now;
      inTransit[d]! -= tokens;
      decode.submit(handed);
    })(), `kv transfer ${r.id}`);
  }

  private decoded(r: RequestRecord): void {
    const req = this.originals.get(r.id)!;
    const first = this.firstToken.get(r.id)!;
    this.originals.delete(r.id);
    this.firstToken.delete(r.id);
    const gap = r.firstTokenSeconds - first;
    const g = this.handoffGaps;
    g.count++;
    g.sum += gap;
    if (gap > g.max) g.max = gap;
    this.o.observer.onFinish?.({
      ...r,
      promptTokens: req.promptTokens,
      outputTokens: req.outputTokens,
      firstTokenSeconds: first,
      ttftSeconds: first - req.arrivalSeconds,
      tpotSeconds: (r.finishSeconds - first) / (req.outputTokens - 1),
      itlMaxSeconds: Math.max(r.itlMaxSeconds, gap),
    });
  }
}
