import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainingIssues } from '../../src/workload/training/index.ts';
import { a100Cluster, h100Cluster, job, model } from './fixtures.ts';

test('a consistent job that fits has no issues', () => {
  const j = job(model('llama3-8b'), { parallelism: { tp: 8, dp: 4 }, global: 128 });
  assert.deepEqual(trainingIssues(j, h100Cluster(4)), []);
});

test('Llama 3 70B on one DGX H100 with tp 8 and no ZeRO does not fit; the hint names the devices that would', () => {
  const issues = trainingIssues(job(model('llama3-70b'), { parallelism: { tp: 8 }, global: 8 }), h100Cluster(1));
  assert.equal(issues.length, 1);
  const [i] = issues;
  assert.equal(i!.code, 'does-not-fit');
  assert.match(i!.message, /needs [\d.]+ GiB per GPU but H100 SXM has 80\.0 GiB: [\d.]+ GiB over \(largest term: optimizer state/);
  assert.match(i!.hint, /parallelism\.zero: 1, parallelism\.tp: 8, parallelism\.pp: 1 and parallelism\.dp: 4 \(32 devices\)/);
});

test('the cheapest single fix is proposed when one is enough', () => {
  // Llama 3 70B on 64 nodes with ZeRO-1 and SP: the state fits (≈51 GiB) but two sequences of 8192 tokens
  // of activations (≈43 GiB) do not; selective recomputation frees nothing under flash attention, micro 1 does.
  const micro2 = trainingIssues(job(model('llama3-70b'), { parallelism: { tp: 8, dp: 64, zero: 1, sequenceParallel: true }, global: 512, micro: 2 }), h100Cluster(64));
  assert.equal(micro2.length, 1);
  // ZeRO-2 (gradients sharded) costs no extra traffic and comes before a smaller micro-batch
  assert.equal(micro2[0]!.hint, 'set parallelism.zero: 2');
  assert.equal(micro2[0]!.path, 'parallelism.zero');
  const noZero = trainingIssues(job(model('llama3-8b'), { parallelism: { tp: 1, dp: 32 }, global: 256, micro: 8 }), h100Cluster(4));
  assert.equal(noZero[0]!.code, 'does-not-fit');
  assert.match(noZero[0]!.hint, /^set /);
});

test('GPT-3 175B does not fit on A100 80GB with tp and dp only: the hint proposes a deeper pipeline', () => {
  const issues = trainingIssues(job(model('gpt3-175b'), { parallelism: { tp: 8, dp: 8, zero: 1, sequenceParallel: true, recompute: 'full' }, global: 1536 }), a100Cluster(8));
  assert.equal(issues[0]!.code, 'does-not-fit');
  assert.equal(issues[0]!.hint, 'set parallelism.pp: 1 -> 4 and parallelism.dp: 8 -> 2');
  // the suggested layout does fit
  assert.deepEqual(trainingIssues(job(model('gpt3-175b'), { parallelism: { tp: 8, dp: 2, pp: 4, zero: 1, sequenceParallel: true, recompute: 'full' }, global: 1536 }), a100Cluster(8)), []);
});

test('pipeline layouts: interleaving needs chunks and a micro-batch count divisible by pp; ZeRO-3 with zero-bubble is not modelled', () => {
  const m = model('llama3-8b');
  const paths = (j: ReturnType<typeof job>) => trainingIssues(j, h100Cluster(8)).map((i) => `${i.code} ${i.path}`);
  assert.deepEqual(paths(job(m, { parallelism: { tp: 8, pp: 4, schedule: 'interleaved', virtualStages: 1 }, global: 8 })), ['inconsistent parallelism.virtualStages']);
  assert.deepEqual(paths(job(m, { parallelism: { tp: 8, pp: 4, schedule: 'interleaved', virtualStages: 2 }, global: 6 })), ['inconsistent batch.global']);
  assert.deepEqual(paths(job(m, { parallelism: { tp: 8, pp: 4, virtualStages: 2 }, global: 8 })), ['inconsistent parallelism.virtualStages']);
  assert.deepEqual(paths(job(m, { parallelism: { tp: 1, pp: 64, dp: 1 }, global: 8 })), ['inconsistent parallelism.pp']);
  const zb = trainingIssues(job(m, { parallelism: { tp: 4, pp: 2, dp: 8, zero: 3, schedule: 'zero-bubble' }, global: 8 }), h100Cluster(8)).filter((i) => i.code === 'not-supported');
  assert.deepEqual(zb.map((i) => i.path), ['parallelism.zero']);
  assert.match(zb[0]!.message, /is not supported yet \(planned: training at scale issue\)$/);
});

test('layout errors: devices, tp beyond NVLink, heads, global batch, missing scale-out, precision', () => {
  const m = model('megatron-sc21-1.7b'); // 24 heads
  const paths = (j: ReturnType<typeof job>, c = a100Cluster(2)) => trainingIssues(j, c).map((i) => `${i.code} ${i.path}`);
  const devices = trainingIssues(job(m, { parallelism: { dp: 32 }, global: 32 }), a100Cluster(2));
  assert.equal(devices[0]!.code, 'does-not-fit');
  assert.match(devices[0]!.message, /needs 32 devices .* the cluster has 16/);
  assert.equal(devices[0]!.hint, 'set parallelism.dp: 16, or use 4 dgx-a100-80gb nodes');
  // 24 heads do not split over 16, and 16 exceeds the 8-GPU NVLink domain
  assert.deepEqual(paths(job(m, { parallelism: { tp: 16 }, global: 8 })), ['inconsistent parallelism.tp', 'inconsistent parallelism.tp']);
  assert.deepEqual(paths(job(m, { parallelism: { dp: 4 }, global: 10 })), ['inconsistent batch.global']);
  const noScaleOut = { ...a100Cluster(2), scaleOut: null };
  assert.deepEqual(paths(job(m, { parallelism: { dp: 16 }, global: 16 }), noScaleOut), ['inconsistent parallelism.dp']);
  assert.deepEqual(paths(job(m, { precision: 'fp8' })), ['not-supported precision']);
});
