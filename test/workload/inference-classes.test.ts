// Request classes (tenants) of an inference job (issue 5): priority admission and preemption in the
// schedulers on hand-built cases, merging class sources, per-class metrics through the pipeline, the schema's
// exactly-one-of source / classes, and scenarios/inference-two-tenants.yaml end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceJobResult } from '../../src/metrics/result-types.ts';
import { runScenarioFile } from '../../src/pipeline.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { ChunkedPrefillScheduler, ContinuousScheduler, StaticScheduler, type ReplicaScheduler } from '../../src/workload/inference/scheduler/index.ts';
import type { BatchEntry, InferenceRequest } from '../../src/workload/inference/types.ts';
import { tempDir } from '../cli/helpers.ts';
import { inferenceHeader } from '../fixtures/inference-scenario.ts';

const req = (id: number, priority: number | undefined, promptTokens = 4, outputTokens = 3): InferenceRequest => ({
  id, arrivalSeconds: 0, promptTokens, outputTokens, tenant: priority === undefined ? 'default' : `p${priority}`, session: -1, ...(priority !== undefined ? { priority } : {}),
});

/** runs `s` to completion; the ids in the order of their first token */
function firstTokenOrder(s: ReplicaScheduler): number[] {
  const order: number[] = [];
  for (let it = 0; it < 1000; it++) {
    const entries = s.nextIteration(it);
    if (entries.length === 0) return order;
    order.push(...s.completeIteration(entries, it).firstTokens);
  }
  assert.fail('did not finish');
}

const roomy = { kvBlocks: 1000, blockTokens: 16, kvBytesPerTokenPerGpu: 1 };

test('admission is by priority first, then arrival (FIFO within a class), for every scheduler', () => {
  const makers: [string, () => ReplicaScheduler][] = [
    ['continuous', () => new ContinuousScheduler(roomy, { maxSeqs: 1, maxBatchedTokens: 64 })],
    ['chunked-prefill', () => new ChunkedPrefillScheduler(roomy, { maxSeqs: 1, maxBatchedTokens: 64 })],
    ['static', () => new StaticScheduler(roomy, { maxBatch: 1 })],
  ];
  for (const [name, make] of makers) {
    const s = make();
    // arrival order: low, high, low, top, high
    for (const r of [req(0, 0), req(1, 1), req(2, 0), req(3, 2), req(4, 1)]) assert.ok(s.enqueue(r, 0));
    assert.deepEqual(firstTokenOrder(s), [3, 1, 4, 0, 2], name);
    // one class: plain arrival order
    const one = make();
    for (let i = 0; i < 5; i++) one.enqueue(req(i, undefined), 0);
    assert.deepEqual(firstTokenOrder(one), [0, 1, 2, 3, 4], `${name}, one class`);
  }
});

test('when KV blocks run out the lowest-priority running request is preempted, not the latest admitted', () => {
  // 10 blocks of 1 token, no watermark at this size; each request holds at most 3 + 5 - 1 = 7 tokens.
  const tiny = { kvBlocks: 10, blockTokens: 1, kvBytesPerTokenPerGpu: 1 };
  const run = (laterPriority: number): { victimFree: number; entries: BatchEntry[][] } => {
    const s = new ContinuousScheduler(tiny, { maxSeqs: 4, maxBatchedTokens: 64 });
    const entries: BatchEntry[][] = [];
    const step = (t: number) => {
      const e = s.nextIteration(t);
      entries.push(e);
      s.completeIteration(e, t);
    };
    s.enqueue(req(0, 0, 3, 5), 0); // admitted first, priority 0
    step(0);
    s.enqueue(req(1, laterPriority, 3, 5), 1); // admitted second
    for (let t = 1; t < 4; t++) step(t);
    return { victimFree: s.preemptions, entries };
  };
  // Iteration 4 needs 5 + 6 = 11 blocks of the 10: one of the two must go.
  const prio = run(1);
  assert.equal(prio.victimFree, 1);
  assert.deepEqual(prio.entries[3]!.map((e) => e.requestId), [1], 'the priority-0 request, though admitted first, is the victim');
  const same = run(0);
  assert.equal(same.victimFree, 1);
  assert.deepEqual(same.entries[3]!.map((e) => e.requestId), [0], 'equal priorities: the most recently admitted is the victim (vLLM)');
});

function scenario(classes: string): string {
  return `${inferenceHeader('classes-test')}    model: llama3-8b
    replicas: 1
    scheduler: { name: continuous, maxSeqs: 16, maxBatchedTokens: 4096 }
${classes}
report: { formats: [json] }
`;
}

const synthetic = (rate: number, count: number, prompt: number) =>
  `{ synthetic: { arrivals: { kind: poisson, rate: ${rate} }, prompt: { kind: fixed, tokens: ${prompt} }, output: { kind: fixed, tokens: 64 }, count: ${count} } }`;

const TWO = `    classes:
      - name: chat
        priority: 1
        source: ${synthetic(20, 150, 512)}
        slo: { ttft: 500 ms, tpot: 50 ms }
      - name: bulk
        source: ${synthetic(40, 300, 2048)}`;

test('per-class metrics: counts add up to the job, each class gets its own percentiles and goodput', async () => {
  const dir = tempDir();
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, scenario(TWO));
  const j = (await runScenarioFile(file)).report.jobs.serve as InferenceJobResult;
  const by = j.byClass!;
  assert.deepEqual(by.map((c) => [c.name, c.priority, c.requests.arrived]), [['chat', 1, 150], ['bulk', 0, 300]]);
  assert.equal(by[0]!.requests.completed + by[1]!.requests.completed, j.requests.completed);
  assert.equal(by[0]!.requests.inputTokens, 150 * 512);
  assert.equal(by[1]!.requests.inputTokens, 300 * 2048);
  assert.equal(by[0]!.ttft.count, by[0]!.requests.completed);
  const sum = by[0]!.throughput.outputTokensPerSecond + by[1]!.throughput.outputTokensPerSecond;
  assert.ok(Math.abs(sum - j.throughput.outputTokensPerSecond) < 1e-6 * j.throughput.outputTokensPerSecond);
  assert.deepEqual(by[0]!.goodput!.slo, { ttftSeconds: 0.5, tpotSeconds: 0.05 });
  assert.ok(by[0]!.goodput!.fraction >= 0 && by[0]!.goodput!.fraction <= 1);
  assert.equal(by[1]!.goodput, null, 'bulk has no objective');
  assert.equal(j.goodput, null, 'the job has no objective of its own');
  // the chat class, admitted first, waits less for its first token
  assert.ok(by[0]!.ttft.p90! < by[1]!.ttft.p90!, `${by[0]!.ttft.p90} vs ${by[1]!.ttft.p90}`);
  assert.match(j.source, /^merge\(chat \(priority 1\): synthetic .* \| bulk \(priority 0\): synthetic/);
});

test('a single-source job has no byClass', async () => {
  const dir = tempDir();
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, scenario(`    source: ${synthetic(5, 20, 256)}`));
  const j = (await runScenarioFile(file)).report.jobs.serve as InferenceJobResult;
  assert.equal(j.byClass, undefined);
  assert.equal(j.requests.completed, 20);
});

async function configIssues(text: string): Promise<string[]> {
  const dir = tempDir();
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, text);
  try {
    await runScenarioFile(file);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.code} ${i.path} ${i.line}`);
    throw e;
  }
  return assert.fail('expected a ConfigError');
}

test('source and classes together, a repeated class name, and a bad class source: positioned errors', async () => {
  const line = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const both = scenario(`    source: ${synthetic(5, 20, 256)}\n${TWO}`);
  // positioned at the value of classes: its first item
  assert.deepEqual(await configIssues(both), [`inconsistent workloads[0].classes ${line(both, 'classes:') + 1}`]);
  const dup = scenario(TWO.replace('name: bulk', 'name: chat'));
  assert.deepEqual(await configIssues(dup), [`inconsistent workloads[0].classes[1].name ${dup.split('\n').lastIndexOf('      - name: chat') + 1}`]);
  const bad = scenario(TWO.replace('kind: poisson, rate: 40', 'kind: poisson'));
  assert.deepEqual(await configIssues(bad), [`inconsistent workloads[0].classes[1].source.synthetic.arrivals.rate ${line(bad, 'count: 300')}`]);
});

test('scenarios/inference-two-tenants.yaml: the interactive class (priority 1) keeps the lower TTFT', async () => {
  // the first 3 minutes of each trace's replay, to keep the test short
  const sets = ['workloads[0].classes[0].source.window.end=3 min', 'workloads[0].classes[1].source.window.end=6 min'];
  const j = (await runScenarioFile('scenarios/inference-two-tenants.yaml', { sets })).report.jobs.serve as InferenceJobResult;
  const [interactive, batch] = j.byClass!;
  assert.deepEqual([interactive!.name, interactive!.priority, batch!.name, batch!.priority], ['interactive', 1, 'batch', 0]);
  assert.ok(interactive!.requests.completed > 100 && batch!.requests.completed > 100);
  assert.equal(interactive!.requests.completed + batch!.requests.completed, j.requests.completed);
  assert.ok(interactive!.ttft.p50! < batch!.ttft.p50!, `p50 ${interactive!.ttft.p50} vs ${batch!.ttft.p50}`);
  assert.ok(interactive!.ttft.p99! < batch!.ttft.p99!, `p99 ${interactive!.ttft.p99} vs ${batch!.ttft.p99}`);
  assert.ok(interactive!.goodput !== null && batch!.goodput !== null);
});

test('priorityPreemption: counted in the report when on; refused for static batching with the fix', async () => {
  const dir = tempDir();
  const on = join(dir, 'on.yaml');
  writeFileSync(on, scenario(TWO).replace('maxBatchedTokens: 4096 }', 'maxBatchedTokens: 4096, priorityPreemption: true }'));
  const r = (await runScenarioFile(on)).report.jobs.serve as InferenceJobResult;
  assert.ok(r.requests.priorityPreemptions !== undefined && r.requests.priorityPreemptions <= r.requests.preemptions);
  const off = join(dir, 'off.yaml');
  writeFileSync(off, scenario(TWO));
  assert.equal(((await runScenarioFile(off)).report.jobs.serve as InferenceJobResult).requests.priorityPreemptions, undefined);
  const stat = scenario(TWO).replace('name: continuous, maxSeqs: 16, maxBatchedTokens: 4096 }', 'name: static, priorityPreemption: true }');
  assert.deepEqual(await configIssues(stat), [`inconsistent workloads[0].scheduler.priorityPreemption ${stat.split('\n').findIndex((l) => l.includes('priorityPreemption')) + 1}`]);
});
