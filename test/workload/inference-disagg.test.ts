// Disaggregated prefill/decode serving (issue 5 item 3): the pools on a hand-checkable fake model, the KV
// transfer against its formula, the scenario path end to end with the comparison in the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/errors.ts';
import type { ClusterSpec } from '../../src/config/scenario-types.ts';
import type { InferenceJobResult } from '../../src/metrics/result-types.ts';
import { runScenarioFile } from '../../src/pipeline.ts';
import { renderSummaryMd } from '../../src/report/summary-md.ts';
import { Simulation } from '../../src/sim/index.ts';
import { kvLinkBetween, kvTransferSeconds } from '../../src/workload/inference/disagg/kv-transfer.ts';
import { DisaggregatedPools } from '../../src/workload/inference/disagg/pools.ts';
import type { RequestRecord } from '../../src/workload/inference/replica-sim.ts';
import { DecodeOnlyScheduler } from '../../src/workload/inference/scheduler/decode-only.ts';
import { ContinuousScheduler } from '../../src/workload/inference/scheduler/index.ts';
import type { BatchEntry, InferenceRequest } from '../../src/workload/inference/types.ts';
import { tempDir } from '../cli/helpers.ts';

// One node of 8 GPUs with a 100 GB/s scale-up link at efficiency 0.5 and 1 µs latency; 8 NICs of 50 GB/s.
const CLUSTER = {
  nodes: [{ profile: { devicesPerNode: 8, nics: { count: 8, bandwidthBytesPerSecond: 50e9 } }, scaleUp: { name: 'test link', linkBandwidthBytesPerSecond: 100e9, efficiency: 0.5, latencySeconds: 1e-6 } }],
  scaleOut: null,
} as unknown as ClusterSpec;
const K = 1000; // KV bytes per token per GPU
// 10 ms per iteration plus 1 ms per prefill token
const MODEL = { iterationSeconds: (es: readonly BatchEntry[]) => 0.01 + es.reduce((s, e) => s + (e.phase === 'prefill' ? e.tokens * 1e-3 : 0), 0) };
const BUDGET = { kvBlocks: 1000, blockTokens: 16, kvBytesPerTokenPerGpu: K };

function runPools(reqs: InferenceRequest[], decodeMaxSeqs = 256): { records: RequestRecord[]; pools: DisaggregatedPools } {
  const sim = new Simulation({ seed: 1 });
  const records: RequestRecord[] = [];
  const pools = new DisaggregatedPools({
    sim, cluster: CLUSTER, prefillReplicas: 1, decodeReplicas: 1, gpusPerReplica: 4, kvBytesPerTokenPerGpu: K, router: 'least-outstanding',
    prefillScheduler: () => new ContinuousScheduler(BUDGET),
    decodeScheduler: () => new DecodeOnlyScheduler(BUDGET, { maxSeqs: decodeMaxSeqs }),
    model: MODEL, observer: { onFinish: (r) => records.push(r) },
  });
  for (const r of reqs) pools.submit(r);
  sim.run();
  return { records: records.sort((a, b) => a.id - b.id), pools };
}

const close = (a: number, b: number, what = '') => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);
const req = (id: number, promptTokens: number, outputTokens: number): InferenceRequest => ({ id, arrivalSeconds: 0, promptTokens, outputTokens, tenant: 't', session: -1 });

test('KV transfer of one request: α + P·k/β over the scale-up link, and P·k·G bytes', () => {
  const { records, pools } = runPools([req(0, 1000, 5)]);
  const hand = 1e-6 + (1000 * K) / (100e9 * 0.5);
  close(pools.transfer.sorted()[0]!, hand);
  assert.equal(pools.kvTransferBytes, 1000 * K * 4);
  assert.equal(kvTransferSeconds(kvLinkBetween(CLUSTER, 0, 0), 1000, K), hand);
  // across nodes: the GPU's NIC share, 8 × 50 GB/s / 8, no scale-out fabric named: α = 0, efficiency 1
  assert.equal(kvTransferSeconds(kvLinkBetween(CLUSTER, 0, 1), 1000, K), (1000 * K) / 50e9);
  // prefill 10 ms + 1000 ms; then transfer; then 4 decode steps of 10 ms
  const r = records[0]!;
  close(r.ttftSeconds, 1.01);
  assert.ok(Math.abs(r.finishSeconds - (1.01 + hand + 0.04)) < 1e-12, String(r.finishSeconds));
  assert.ok(Math.abs(r.tpotSeconds! - (hand + 0.04) / 4) < 1e-12);
});

test('TTFT includes the prefill but not the decode-side queue; that queue lands in TPOT', () => {
  // decode admits one sequence at a time, so request 1 waits for request 0's 49 decode steps
  const { records } = runPools([req(0, 100, 50), req(1, 100, 50)], 1);
  close(records[0]!.ttftSeconds, 0.21);
  close(records[1]!.ttftSeconds, 0.21);
  assert.ok(records[1]!.tpotSeconds! > records[0]!.tpotSeconds! + 0.4 / 49, `${records[1]!.tpotSeconds} vs ${records[0]!.tpotSeconds}`);
  assert.ok(records[1]!.itlMaxSeconds > 0.49);
});

test('conservation: every request finishes with its prompt and output tokens; one-token outputs move no KV', () => {
  const reqs = Array.from({ length: 60 }, (_, i) => ({ ...req(i, 1 + ((i * 37) % 300), 1 + ((i * 11) % 40)), arrivalSeconds: 0 }));
  const { records, pools } = runPools(reqs, 8);
  assert.deepEqual(records.map((r) => [r.id, r.promptTokens, r.outputTokens]), reqs.map((r) => [r.id, r.promptTokens, r.outputTokens]));
  assert.equal(pools.transfer.sorted().length, reqs.filter((r) => r.outputTokens > 1).length);
  for (const r of records) assert.ok(r.finishSeconds >= r.firstTokenSeconds && r.ttftSeconds > 0);
});

const job = (name: string, serving: string, count: number) => `  - name: ${name}
    kind: inference
    model: llama3-70b
${serving}
    parallelism: { tp: 4 }
    source:
      synthetic: { arrivals: { kind: poisson, rate: 4 }, prompt: { kind: uniform, min: 100, max: 2000 }, output: { kind: uniform, min: 2, max: 200 }, count: ${count} }
`;
const SCENARIO = `name: disagg-test
seed: 3
cluster:
  nodes: [{ profile: dgx-h100, count: 2 }]
workloads:
${job('colocated', '    replicas: 2', 300)}${job('disagg', '    disaggregation: { prefillReplicas: 1, decodeReplicas: 1 }', 300)}report: { formats: [json] }
`;

test('scenario: both jobs complete every request, the report compares them, and the run is deterministic', async () => {
  const dir = tempDir();
  const file = join(dir, 's.yaml');
  writeFileSync(file, SCENARIO);
  const a = await runScenarioFile(file);
  const b = await runScenarioFile(file);
  assert.equal(JSON.stringify(a.report), JSON.stringify(b.report));
  const c = a.report.jobs.colocated as InferenceJobResult;
  const d = a.report.jobs.disagg as InferenceJobResult;
  assert.equal(d.requests.completed, 300);
  assert.equal(d.requests.arrived, 300);
  assert.equal(c.requests.completed, 300);
  assert.equal(d.devices, 8);
  assert.equal(d.disaggregation!.kvTransfer.count, 300);
  assert.match(d.disaggregation!.link, /NVLink 4.*same node/);
  // llama3-70b bf16: 2 (K,V) × 80 layers × 8 KV heads × 128 × 2 bytes / TP 4 = 81,920 bytes per token per GPU
  assert.equal(d.disaggregation!.kvTransferBytes, d.requests.inputTokens * 81920 * 4);
  const md = renderSummaryMd(a.report);
  assert.match(md, /## Inference comparison/);
  assert.match(md, /\| disagg \| colocated \|/);
  assert.match(md, /\| KV transfer \|/);
});

test('replicas with disaggregation: a positioned inconsistent error', async () => {
  const dir = tempDir();
  const file = join(dir, 's.yaml');
  writeFileSync(file, SCENARIO.replace('    disaggregation:', '    replicas: 2\n    disaggregation:'));
  await assert.rejects(runScenarioFile(file), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    const i = e.issues.find((x) => x.path === 'workloads[1].replicas');
    assert.ok(i !== undefined, e.message);
    assert.equal(i.code, 'inconsistent');
    assert.ok(i.line > 0);
    return true;
  });
});
