/**
 * Phase 3 (normalize): the validated scenario data (SI numbers, defaults filled in by the schema) plus the
 * catalog and the loaded model files become the typed `Scenario` the models take. Runs only after phase 2
 * found nothing wrong, so every id here is known to resolve.
 */
import type { Catalog, FabricProfile, StorageProfile } from '../hardware/profile-types.ts';
import type { ModelArchitecture } from '../workload/training/model-types.ts';
import type { NodeGroup, Scenario, TrainingWorkload } from './scenario-types.ts';
import type { ParsedScenario, ParsedTrainingWorkload } from './scenario-schema.ts';

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

function nodeGroup(g: { profile: string; count: number }, catalog: Catalog): NodeGroup {
  const profile = must(catalog.nodes.get(g.profile), `node profile ${g.profile}`);
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
  if (changed.length === 0) return base;
  return {
    ...base,
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

function model(w: ParsedTrainingWorkload, index: number, models: NormalizeInput['models']): ModelArchitecture {
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
  };
}

export function normalize({ file, parsed, catalog, models, expectLines }: NormalizeInput): Scenario {
  const workloads: TrainingWorkload[] = [];
  parsed.workloads.forEach((w, i) => {
    // Inference workloads never pass phase 2 (not supported yet), so only training reaches here.
    if (w.kind === 'training') workloads.push(training(w as ParsedTrainingWorkload, i, models));
  });
  const so = parsed.cluster.scaleOut;
  return {
    name: parsed.name,
    description: parsed.description,
    file,
    seed: parsed.seed,
    cluster: {
      nodes: parsed.cluster.nodes.map((g) => nodeGroup(g, catalog)),
      scaleOut: so ? { profile: scaleOutFabric(so, catalog), topology: so.topology, oversubscription: so.oversubscription } : null,
      storage: parsed.cluster.storage.map((s) => storage(s, catalog)),
    },
    workloads,
    fidelity: parsed.fidelity,
    energy: { pue: parsed.energy.pue, gridIntensityKgPerJoule: parsed.energy.gridIntensity },
    cost: {
      basis: parsed.cost.basis,
      devicePriceUsdPerSecond: parsed.cost.devicePrice ?? null,
      amortisationSeconds: parsed.cost.amortisation,
      electricityUsdPerJoule: parsed.cost.electricity,
    },
    // Order kept, repeats dropped: "[json, json]" asks for one file.
    report: { formats: [...new Set(parsed.report.formats)] },
    expect: parsed.expect.map((expression, i) => ({ expression, line: expectLines[i] ?? 0 })),
    reference: parsed.reference ? { ...parsed.reference } : null,
  };
}
