/**
 * Phase 3 (normalize): the validated scenario data (SI numbers, defaults filled in by the schema) plus the
 * catalog and the loaded model files become the typed `Scenario` the models take. Runs only after phase 2
 * found nothing wrong, so every id here is known to resolve.
 */
import { dirname, isAbsolute, join } from 'node:path';
import type { Catalog, FabricProfile, StorageProfile } from '../hardware/profile-types.ts';
import type { ModelArchitecture } from '../workload/training/model-types.ts';
import type { CollectiveWorkload, InferenceSourceSpec, InferenceWorkload, LengthSpec, NodeGroup, PlacementSetting, ScaleOut, Scenario, TimeToTrainSpec, TrainingWorkload, Workload } from './scenario-types.ts';
import { normalizeCost } from './cost-schema.ts';
import { normalizeCheckpoint, normalizeData } from './storage-schema.ts';
import { normalizeEnergy } from './energy-schema.ts';
import { normalizeGoodput } from './goodput-schema.ts';
import { sweepSizes, type ParsedCollectiveWorkload, type ParsedInferenceWorkload, type ParsedScenario, type ParsedTrainingWorkload } from './scenario-schema.ts';
import type { NcclSettings } from '../fabric/collectives/types.ts';

export interface NormalizeInput {
  file: string;
  parsed: ParsedScenario;
  catalog: Catalog;
  /** models loaded from files, by workload index */
  models: ReadonlyMap<number, ModelArchitecture>;
  /** line of each `expect` entry in the file (0 where a --set wrote it) */
  expectLines: readonly number[];
}

function must<T>(v: T | undefined, what: string): T {
  // Phase 2 checked every reference; reaching this is a bug in phase 2, not an input error.
  if (v === undefined) throw new Error(`internal: ${what} was not resolved in phase 2`);
  return v;
}

type ParsedNodeGroup = ParsedScenario['cluster']['nodes'][number];

function nodeGroup(g: ParsedNodeGroup, catalog: Catalog): NodeGroup {
  const base = must(catalog.nodes.get(g.profile), `node profile ${g.profile}`);
  const changed = [g.nics?.count !== undefined && 'NIC count', g.nics?.bandwidth !== undefined && 'NIC bandwidth'].filter(Boolean);
  const profile =
    changed.length === 0
      ? base
      : {
          ...base,
          nics: {
            count: g.nics?.count ?? base.nics.count,
            bandwidthBytesPerSecond: g.nics?.bandwidth ?? base.nics.bandwidthBytesPerSecond,
            source: `${base.nics.source}; ${changed.join(', ')} set in the scenario`,
          },
        };
  return {
    profile,
    accelerator: must(catalog.accelerators.get(profile.accelerator), `accelerator ${profile.accelerator}`),
    scaleUp: profile.scaleUpFabric === null ? null : must(catalog.fabrics.get(profile.scaleUpFabric), `fabric ${profile.scaleUpFabric}`),
    count: g.count,
  };
}

function storage(s: ParsedScenario['cluster']['storage'][number], catalog: Catalog): StorageProfile {
  const base = must(catalog.storage.get(s.profile), `storage profile ${s.profile}`);
  const changed = [s.readBandwidth !== undefined && 'read bandwidth', s.writeBandwidth !== undefined && 'write bandwidth', s.capacity !== undefined && 'capacity'].filter(Boolean);
  // How the nodes reach it (storage-schema.ts): not a figure of the profile, so `source` is unchanged.
  const attached = { ...(s.network !== undefined ? { network: s.network } : {}), ...(s.prefixes !== undefined ? { prefixes: s.prefixes } : {}) };
  if (changed.length === 0) return { ...base, ...attached };
  return {
    ...base,
    ...attached,
    readBandwidthBytesPerSecond: s.readBandwidth ?? base.readBandwidthBytesPerSecond,
    writeBandwidthBytesPerSecond: s.writeBandwidth ?? base.writeBandwidthBytesPerSecond,
    ...(s.capacity !== undefined || base.capacityBytes !== undefined ? { capacityBytes: s.capacity ?? base.capacityBytes } : {}),
    // The report's assumptions table cites `source`; say which figures did not come from it.
    source: `${base.source}; ${changed.join(', ')} set in the scenario`,
  };
}

function scaleOutFabric(so: NonNullable<ParsedScenario['cluster']['scaleOut']>, catalog: Catalog): FabricProfile {
  const base = must(catalog.fabrics.get(so.profile), `fabric ${so.profile}`);
  const changed = [so.linkBandwidth !== undefined && 'link bandwidth', so.latency !== undefined && 'latency'].filter(Boolean);
  if (changed.length === 0) return base;
  return {
    ...base,
    linkBandwidthBytesPerSecond: so.linkBandwidth ?? base.linkBandwidthBytesPerSecond,
    latencySeconds: so.latency ?? base.latencySeconds,
    source: `${base.source}; ${changed.join(', ')} set in the scenario`,
  };
}

function scaleOutSpec(so: NonNullable<ParsedScenario['cluster']['scaleOut']>, catalog: Catalog): ScaleOut {
  const out: ScaleOut = { profile: scaleOutFabric(so, catalog), topology: so.topology, oversubscription: so.oversubscription };
  if (so.tiers !== undefined) out.tiers = so.tiers;
  if (so.spineOversubscription !== undefined) out.spineOversubscription = so.spineOversubscription;
  if (so.radix !== undefined) out.radix = so.radix;
  if (so.scalableUnit !== undefined) out.scalableUnit = so.scalableUnit;
  if (so.routing !== undefined) out.routing = so.routing;
  const d = so.dragonfly;
  if (d !== undefined) out.dragonfly = { a: d.routersPerGroup, p: d.terminalsPerRouter, h: d.globalPortsPerRouter, ...(d.groups !== undefined ? { groups: d.groups } : {}) };
  return out;
}

function copyPlacement(p: NonNullable<ParsedTrainingWorkload['placement']>): PlacementSetting {
  return typeof p === 'string' ? p : { nodes: [...p.nodes] };
}

function model(w: ParsedTrainingWorkload | ParsedInferenceWorkload, index: number, models: NormalizeInput['models']): ModelArchitecture {
  if (typeof w.model === 'string') return must(models.get(index), `model ${w.model}`);
  const { id, name, source, ...arch } = w.model;
  const modelId = id ?? `${w.name}-model`;
  return { id: modelId, name: name ?? modelId, source: source ?? 'inline in the scenario file', ...arch };
}

function training(w: ParsedTrainingWorkload, index: number, models: NormalizeInput['models']): TrainingWorkload {
  return {
    kind: 'training',
    name: w.name,
    model: model(w, index, models),
    precision: w.precision,
    parallelism: { ...w.parallelism },
    batch: { globalSequences: w.batch.global, microSequences: w.batch.micro, sequenceLength: w.batch.sequenceLength },
    steps: w.steps,
    attention: w.attention,
    optimizer: w.optimizer,
    overlapGradReduce: w.overlapGradReduce,
    ...(w.overlapTpComm !== undefined ? { overlapTpComm: w.overlapTpComm } : {}),
    dpCollectives: w.dpCollectives,
    // only when written, so scenarios without it keep their normalised form (and sha256)
    ...(w.placement !== undefined ? { placement: copyPlacement(w.placement) } : {}),
    ...(w.tokens !== undefined ? { timeToTrain: timeToTrainSpec(w.tokens, w.rampUp ?? [], w.batch.global) } : {}),
    ...(w.data !== undefined ? { data: normalizeData(w.data, w.batch.sequenceLength) } : {}),
    ...(w.checkpoint !== undefined ? { checkpoint: normalizeCheckpoint(w.checkpoint) } : {}),
    ...(w.goodput !== undefined ? { goodput: normalizeGoodput(w.goodput) } : {}),
  };
}

/** The ramp-up phases, then the main batch up to the token target. */
function timeToTrainSpec(tokens: number, rampUp: NonNullable<ParsedTrainingWorkload['rampUp']>, globalSequences: number): TimeToTrainSpec {
  return {
    tokens,
    phases: [...rampUp.map((p) => ({ untilTokens: p.untilTokens, globalSequences: p.globalBatch })), { untilTokens: tokens, globalSequences }],
  };
}

/**
 * Defaults that depend on the cluster: every device (2 for sendrecv, which measures one pair), packed
 * node by node; the 8 B .. 8 GiB sweep of the schema when neither size nor sizes is given.
 */
function collective(w: ParsedCollectiveWorkload, groups: readonly NodeGroup[]): CollectiveWorkload {
  const perNode = groups[0]?.profile.devicesPerNode ?? 1;
  const devices = groups.reduce((s, g) => s + g.count * g.profile.devicesPerNode, 0);
  const ranksPerNode = w.ranksPerNode ?? perNode;
  const nodes = groups.reduce((s, g) => s + g.count, 0);
  const ranks = w.ranks ?? (w.op === 'sendrecv' ? 2 : Math.min(devices, nodes * Math.min(ranksPerNode, perNode)));
  const sweep = w.sizes ?? { min: 8, max: 8 * 2 ** 30, factor: 2 };
  return {
    kind: 'collective',
    name: w.name,
    op: w.op,
    ranks,
    ranksPerNode,
    sizesBytes: w.size !== undefined ? [w.size] : sweepSizes(sweep.min, sweep.max, sweep.factor),
    algorithm: w.algorithm,
    channels: w.channels ?? null,
    ...(w.placement !== undefined ? { placement: copyPlacement(w.placement) } : {}),
  };
}

type ParsedSource = NonNullable<ParsedInferenceWorkload['source']>;
type ParsedLength = Extract<ParsedSource, { synthetic: unknown }>['synthetic']['prompt'];

function length(l: ParsedLength, file: string): LengthSpec {
  if (l.kind === 'empirical') return { kind: 'empirical', file: isAbsolute(l.trace) ? l.trace : join(dirname(file), l.trace) };
  if (l.kind === 'fixed') return { kind: 'fixed', tokens: l.tokens };
  if (l.kind === 'uniform') return { kind: 'uniform', min: l.min, max: l.max };
  return { kind: 'lognormal', median: l.median, sigma: l.sigma, min: l.min, max: l.max ?? null };
}

/** A trace path is relative to the scenario file, so a scenario and its trace move together. */
function source(s: ParsedSource, file: string): InferenceSourceSpec {
  if ('trace' in s) {
    return {
      kind: 'trace',
      file: isAbsolute(s.trace) ? s.trace : join(dirname(file), s.trace),
      speedup: s.speedup,
      window: { startSeconds: s.window?.start ?? 0, endSeconds: s.window?.end ?? null },
      loop: s.loop,
      skipBadRows: s.skipBadRows,
    };
  }
  const a = s.synthetic.arrivals;
  const prompt = length(s.synthetic.prompt, file);
  const output = length(s.synthetic.output, file);
  if (a.kind === 'profile' && a.profile !== undefined) {
    const points = a.profile.map((p) => ({ atSeconds: p.at, ratePerSecond: p.rate }));
    const profile = { points, periodSeconds: a.period, interpolation: a.interpolation };
    return { kind: 'synthetic', arrivals: { kind: 'profile', ratePerSecond: meanProfileRate(profile), cv: a.cv, profile }, prompt, output, count: s.synthetic.count };
  }
  return { kind: 'synthetic', arrivals: { kind: a.kind, ratePerSecond: a.rate ?? 0, cv: a.cv }, prompt, output, count: s.synthetic.count };
}

/** Time-average of a rate table over its period: step holds each rate to the next point, linear is trapezoids
 * (wrapping to the first point). */
function meanProfileRate(p: { points: { atSeconds: number; ratePerSecond: number }[]; periodSeconds: number; interpolation: 'step' | 'linear' }): number {
  let area = 0;
  p.points.forEach((a, i) => {
    const b = p.points[i + 1] ?? { atSeconds: p.periodSeconds, ratePerSecond: p.points[0]!.ratePerSecond };
    area += (b.atSeconds - a.atSeconds) * (p.interpolation === 'step' ? a.ratePerSecond : (a.ratePerSecond + b.ratePerSecond) / 2);
  });
  return area / p.periodSeconds;
}

function sloOf(s: { ttft?: number | undefined; tpot?: number | undefined } | undefined): InferenceWorkload['slo'] {
  return s === undefined ? null : { ttftSeconds: s.ttft ?? null, tpotSeconds: s.tpot ?? null };
}

function inference(w: ParsedInferenceWorkload, index: number, models: NormalizeInput['models'], file: string): InferenceWorkload {
  return {
    kind: 'inference',
    name: w.name,
    model: model(w, index, models),
    replicas: w.disaggregation !== undefined ? w.disaggregation.prefillReplicas + w.disaggregation.decodeReplicas : w.replicas ?? 1,
    parallelism: { tp: w.parallelism.tp, pp: w.parallelism.pp, ...(w.parallelism.ep !== undefined && w.parallelism.ep > 1 ? { ep: w.parallelism.ep } : {}) },
    precision: { ...w.precision },
    scheduler: { name: w.scheduler.name, maxSeqs: w.scheduler.maxSeqs ?? null, maxBatchedTokens: w.scheduler.maxBatchedTokens ?? null, preemption: w.scheduler.preemption, priorityPreemption: w.scheduler.priorityPreemption },
    router: w.router,
    // the schema makes sure exactly one of source and classes is given
    source: source(w.source ?? w.classes![0]!.source, file),
    ...(w.classes !== undefined ? { classes: w.classes.map((c) => ({ name: c.name, source: source(c.source, file), priority: c.priority, slo: sloOf(c.slo) })) } : {}),
    slo: sloOf(w.slo),
    ...(w.placement !== undefined ? { placement: copyPlacement(w.placement) } : {}),
    ...(w.disaggregation !== undefined ? { disaggregation: { ...w.disaggregation } } : {}),
  };
}

/** the cluster's NCCL settings as written (the collective model fills NCCL's defaults); none without a block */
function ncclSettings(n: ParsedScenario['cluster']['nccl']): { nccl?: NcclSettings } {
  if (n === undefined) return {};
  const out: NcclSettings = {};
  if (n.protocols !== undefined) out.protocols = [...n.protocols];
  if (n.bufferSize !== undefined) out.bufferBytes = n.bufferSize;
  return { nccl: out };
}

export function normalize({ file, parsed, catalog, models, expectLines }: NormalizeInput): Scenario {
  const nodes = parsed.cluster.nodes.map((g) => nodeGroup(g, catalog));
  const workloads: Workload[] = [];
  parsed.workloads.forEach((w, i) => {
    if (w.kind === 'training') workloads.push(training(w as ParsedTrainingWorkload, i, models));
    else if (w.kind === 'collective') workloads.push(collective(w as ParsedCollectiveWorkload, nodes));
    else workloads.push(inference(w as ParsedInferenceWorkload, i, models, file));
  });
  const so = parsed.cluster.scaleOut;
  return {
    name: parsed.name,
    description: parsed.description,
    file,
    seed: parsed.seed,
    cluster: {
      nodes,
      scaleOut: so ? scaleOutSpec(so, catalog) : null,
      storage: parsed.cluster.storage.map((s) => storage(s, catalog)),
      ...ncclSettings(parsed.cluster.nccl),
      ...(parsed.cluster.torusDims !== undefined ? { torusDims: [...parsed.cluster.torusDims] } : {}),
    },
    workloads,
    fidelity: parsed.fidelity,
    energy: normalizeEnergy(parsed.energy, file),
    cost: normalizeCost(parsed.cost),
    // Order kept, repeats dropped: "[json, json]" asks for one file.
    report: { formats: [...new Set(parsed.report.formats)] },
    expect: parsed.expect.map((expression, i) => ({ expression, line: expectLines[i] ?? 0 })),
    reference: parsed.reference ? { ...parsed.reference } : null,
  };
}
