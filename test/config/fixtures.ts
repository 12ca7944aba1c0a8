/**
 * A small catalog and model folder for the config tests, built inline so the tests do not depend on the
 * real hardware-profiles/ and scenarios/models/ files. Figures are the public datasheet values of the
 * named parts (NVIDIA H100/A100 and DGX datasheets, NVIDIA Quantum-2 NDR datasheet), rounded; the tests
 * only need them to be plausible and distinct.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AcceleratorProfile, Catalog, FabricProfile, NodeProfile, StorageProfile } from '../../src/hardware/profile-types.ts';
import assert from 'node:assert/strict';
import { ConfigError, type InputIssue } from '../../src/config/errors.ts';

const GB = 1e9;
const GIB = 1024 ** 3;

function accelerator(id: string, name: string, bf16: number, memBytes: number, memBw: number, tdp: number): AcceleratorProfile {
  return {
    kind: 'accelerator', id, name, vendor: 'NVIDIA', family: 'gpu', year: 2022,
    compute: { bf16, fp16: bf16, source: 'test fixture: NVIDIA datasheet, dense' },
    memory: { capacityBytes: memBytes, bandwidthBytesPerSecond: memBw, source: 'test fixture: NVIDIA datasheet' },
    power: { tdpWatts: tdp, idleWatts: 90, source: 'test fixture: NVIDIA datasheet' },
    scaleUp: { tech: 'NVLink', bandwidthBytesPerSecond: 450 * GB, source: 'test fixture' },
    efficiency: { matmul: 0.7, memory: 0.85, source: 'test fixture' },
    price: { cloudUsdPerHour: 2.99, date: '2024-01', source: 'test fixture' },
  };
}

function node(id: string, acc: string, fabric: string | null): NodeProfile {
  return {
    kind: 'node', id, name: id.toUpperCase(), accelerator: acc, devicesPerNode: 8, scaleUpFabric: fabric, scaleUpDomainSize: fabric ? 8 : 1,
    nics: { count: 8, bandwidthBytesPerSecond: 50 * GB, source: 'test fixture' },
    power: { maxWatts: 10200, idleWatts: 2000, source: 'test fixture: DGX datasheet' },
    price: null,
  };
}

function fabric(id: string, tier: FabricProfile['tier'], bw: number): FabricProfile {
  return { kind: 'fabric', id, name: id, tier, linkBandwidthBytesPerSecond: bw, latencySeconds: 2e-6, efficiency: 0.8, inNetworkReduction: false, source: 'test fixture' };
}

const pfs: StorageProfile = { kind: 'storage', id: 'pfs-generic', name: 'parallel FS', tier: 'parallel-fs', readBandwidthBytesPerSecond: 100 * GB, writeBandwidthBytesPerSecond: 50 * GB, source: 'test fixture' };

export function testCatalog(): Catalog {
  const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
  return {
    accelerators: byId([accelerator('h100-sxm', 'H100 SXM', 989.4e12, 80 * GIB, 3.35e12, 700), accelerator('a100-sxm4-80gb', 'A100 SXM4 80GB', 312e12, 80 * GIB, 2.04e12, 400)]),
    nodes: byId([node('dgx-h100', 'h100-sxm', 'nvlink4-nvswitch'), node('dgx-a100-80gb', 'a100-sxm4-80gb', 'nvlink3-nvswitch'), node('h100-pcie-server', 'h100-sxm', null)]),
    fabrics: byId([fabric('nvlink4-nvswitch', 'scale-up', 450 * GB), fabric('nvlink3-nvswitch', 'scale-up', 300 * GB), fabric('ib-ndr-400', 'scale-out', 50 * GB), fabric('roce-400', 'scale-out', 50 * GB)]),
    storage: byId([pfs]),
  };
}

export const LLAMA3_8B = `# Llama 3 8B (test fixture)
id: llama3-8b
name: Llama 3 8B
source: "Meta Llama 3 model card (test fixture)"
layers: 32
hiddenSize: 4096
attentionHeads: 32
kvHeads: 8
ffnHiddenSize: 14336
ffnKind: swiglu
vocabSize: 128256
tiedEmbeddings: false
maxSequenceLength: 8192
`;

/** A scratch folder with a models/ subfolder holding llama3-8b; `write` puts a file in it. */
export function scratch(): { dir: string; modelsDir: string; write(name: string, text: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'clustersim-config-'));
  const modelsDir = join(dir, 'models');
  mkdirSync(modelsDir);
  writeFileSync(join(modelsDir, 'llama3-8b.yaml'), LLAMA3_8B);
  return {
    dir,
    modelsDir,
    write(name, text) {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A small training scenario on DGX H100 nodes with NDR InfiniBand, for tests that add their own keys:
 * `workload` lines go after the batch (4-space indent), `after` after the workloads. */
export function trainingScenario(o: { name?: string; nodes?: number; storage?: string; dp?: number; global?: number; sequenceLength?: number; workload?: string; after?: string } = {}): string {
  return `name: ${o.name ?? 't'}
cluster:
  nodes:
    - { profile: dgx-h100, count: ${o.nodes ?? 4} }
  scaleOut: { profile: ib-ndr-400, topology: rail-optimized }
${o.storage !== undefined ? `  storage: ${o.storage}\n` : ''}workloads:
  - name: pretrain
    kind: training
    model: llama3-8b
    precision: bf16
    parallelism: { dp: ${o.dp ?? 4}, tp: 8 }
    batch: { global: ${o.global ?? 128}, micro: 1, sequenceLength: ${o.sequenceLength ?? 8192} }
${o.workload ?? ''}${o.after ?? ''}`;
}

/** The quickstart scenario's shape, small enough to edit per test. */
export const GOOD = trainingScenario();

/** The input issues `load` throws as a ConfigError; fails the test when it throws nothing. */
export function configIssues(load: () => unknown): InputIssue[] {
  try {
    load();
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  return assert.fail('expected a ConfigError');
}
