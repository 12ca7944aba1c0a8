// Preemption by swap end to end (issue 5): KV blocks of a preempted decode go to host memory over the node's
// host link (node profile `host`, PCIe Gen5 on a DGX H100) and come back, costing that time, instead of being
// recomputed. A replica with little KV room (Llama 3 70B on tp 2: ~9k tokens a GPU) and long outputs forces
// preemptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceJobResult } from '../../src/metrics/result-types.ts';
import { runScenarioFile } from '../../src/pipeline.ts';
import { tempDir } from '../cli/helpers.ts';

function scenario(preemption: string, node = 'dgx-h100'): string {
  return `name: swap-test
seed: 3
cluster:
  nodes: [{ profile: ${node}, count: 1 }]
workloads:
  - name: serve
    kind: inference
    model: llama3-70b
    parallelism: { tp: 2 }
    scheduler: { name: continuous, preemption: ${preemption} }
    source:
      synthetic:
        arrivals: { kind: constant, rate: 20 }
        prompt: { kind: fixed, tokens: 512 }
        output: { kind: fixed, tokens: 1024 }
        count: 60
report: { formats: [json] }
`;
}

async function run(preemption: string): Promise<{ job: InferenceJobResult; assumptions: string[] }> {
  const dir = tempDir();
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, scenario(preemption));
  const out = await runScenarioFile(file);
  return { job: out.report.jobs.serve as InferenceJobResult, assumptions: out.report.assumptions.map((a) => a.name) };
}

test('swap and recompute both finish every request under preemption; swap names its host-link bandwidth and costs different time', async () => {
  const swap = await run('swap');
  const recompute = await run('recompute');
  for (const r of [swap, recompute]) {
    assert.equal(r.job.requests.completed, 60);
    assert.ok(r.job.requests.preemptions > 0, 'the KV cache runs out, so sequences are preempted');
  }
  assert.ok(swap.assumptions.includes('KV swap bandwidth per GPU (inference)'));
  assert.ok(!recompute.assumptions.includes('KV swap bandwidth per GPU (inference)'));
  assert.notEqual(swap.job.e2e.p99, recompute.job.e2e.p99, 'the two policies cost different time');
});

test('swap on a node profile without a host block is refused, naming the field and the fix', async () => {
  const dir = tempDir();
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, scenario('swap', 'dgx-a100-80gb'));
  await assert.rejects(runScenarioFile(file), (e: Error) => /does not describe its host side/.test(e.message) && /preemption: recompute/.test(e.message));
});
