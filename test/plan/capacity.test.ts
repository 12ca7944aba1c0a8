// The capacity planner (issue 5 item 5) on a small synthetic deployment: Llama 3 8B on one H100, 200
// requests of 512 + 32 tokens (each probe simulates in well under half a second).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findCapacity } from '../../src/plan/capacity.ts';
import { runCli, tempFile } from '../cli/helpers.ts';
import { inferenceHeader } from '../fixtures/inference-scenario.ts';

/** One Llama 3 8B replica on an H100, then `rest` (its source or classes and objective) */
const deployment = (name: string, rest: string) => `${inferenceHeader(name)}    model: llama3-8b
    replicas: 1
    parallelism: { tp: 1 }
    scheduler: { name: continuous }
${rest}report: { formats: [json] }
`;

/** a `source:` of 512 + 32 token requests at `rate`, indented by `pad` */
const synthetic = (rate: number, count: number, pad: string) => [
  'source:', '  synthetic:', `    arrivals: { kind: poisson, rate: ${rate} }`, '    prompt: { kind: fixed, tokens: 512 }', '    output: { kind: fixed, tokens: 32 }', `    count: ${count}`,
].map((l) => `${pad}${l}\n`).join('');

function scenario(rate: number, slo = '{ ttft: 300 ms, tpot: 40 ms }'): string {
  return deployment('capacity-test', `${synthetic(rate, 200, '    ')}${slo === '' ? '' : `    slo: ${slo}\n`}`);
}

test('the rate found passes, the bracket above it fails within the tolerance, and the probes agree with it', async () => {
  const r = await findCapacity(tempFile('cap.yaml', scenario(40)), { tolerance: 0.05 });
  assert.equal(r.mode, 'rate');
  assert.ok(r.found && r.sustainedRate !== null && r.failedRate !== null);
  assert.ok(r.probes.length <= 12);
  assert.ok(r.failedRate > r.sustainedRate && (r.failedRate - r.sustainedRate) / r.sustainedRate <= 0.05);
  // 1.1 x the answer lies at or above the failing end of the bracket.
  assert.ok(1.1 * r.sustainedRate >= r.failedRate);
  for (const p of r.probes) {
    if (p.rate <= r.sustainedRate) assert.ok(p.pass, `${p.rate} req/s is below the answer and should pass`);
    if (p.rate >= r.failedRate) assert.ok(!p.pass && p.reasons.length > 0, `${p.rate} req/s is above the bracket and should fail`);
  }
  // The doubling started at the scenario's own rate and went both ways of the answer.
  assert.equal(r.probes[0]!.rate, 40);
  assert.ok(r.probes.some((p) => p.pass) && r.probes.some((p) => !p.pass));
});

test('replicas for a target rate: twice the rate needs at least as many replicas', async () => {
  const file = tempFile('cap.yaml', scenario(40));
  const one = await findCapacity(file, { targetRate: 100 });
  const two = await findCapacity(file, { targetRate: 200 });
  assert.ok(one.replicas !== null && two.replicas !== null);
  assert.ok(one.replicas <= two.replicas, `${one.replicas} replicas for 100 req/s, ${two.replicas} for 200`);
  // The answer passes and one replica fewer (where probed) fails.
  for (const r of [one, two]) {
    assert.ok(r.probes.some((p) => p.replicas === r.replicas && p.pass));
    if (r.replicas! > 1) assert.ok(r.probes.some((p) => p.replicas === r.replicas! - 1 && !p.pass));
  }
  assert.ok(two.replicas > 1, 'one replica does not serve 200 req/s');
});

test('bad input exits 2; a deployment failing even its lowest probe exits 1', async () => {
  const noSlo = await runCli(['capacity', tempFile('noslo.yaml', scenario(40, ''))]);
  assert.equal(noSlo.code, 2, noSlo.stderr);
  assert.match(noSlo.stderr, /no latency objective/);
  const training = await runCli(['capacity', tempFile('train.yaml', readFileSync('scenarios/quickstart.yaml', 'utf8'))]);
  assert.equal(training.code, 2, training.stderr);
  assert.match(training.stderr, /no inference workload/);
  const badPct = await runCli(['capacity', tempFile('cap.yaml', scenario(40)), '--percentile', '97']);
  assert.equal(badPct.code, 2);
  const hopeless = await runCli(['capacity', tempFile('cap.yaml', scenario(40, '{ ttft: 1 ms }')), '--max-probes', '2', '--json']);
  assert.equal(hopeless.code, 1, hopeless.stderr);
  const out = JSON.parse(hopeless.stdout) as { found: boolean; probes: { pass: boolean }[] };
  assert.equal(out.found, false);
  assert.equal(out.probes.length, 2);
  assert.ok(out.probes.every((p) => !p.pass));
});

function twoClasses(jobSlo: string): string {
  const cls = (name: string, priority: number, rate: number, slo: string) =>
    `      - name: ${name}\n        priority: ${priority}\n${synthetic(rate, 150, '        ')}${slo === '' ? '' : `        slo: ${slo}\n`}`;
  return deployment('capacity-classes', `    classes:\n${cls('chat', 1, 20, '{ ttft: 300 ms }')}${cls('batch', 0, 10, '')}${jobSlo === '' ? '' : `    slo: ${jobSlo}\n`}`);
}

test('request classes: the total rate scales with the mix kept, each class held to its own objective (the job’s where it has none)', async () => {
  const r = await findCapacity(tempFile('classes.yaml', twoClasses('{ ttft: 2 s }')), { tolerance: 0.05 });
  assert.equal(r.source, 'classes');
  assert.deepEqual(r.classes!.map((c) => [c.name, c.baseRate, c.slo?.ttftSeconds]), [['chat', 20, 0.3], ['batch', 10, 2]]);
  assert.equal(r.baseRate, 30);
  assert.ok(r.found && r.sustainedRate !== null && r.failedRate !== null, JSON.stringify(r.probes));
  assert.ok((r.failedRate - r.sustainedRate) / r.sustainedRate <= 0.05);
  // a failing probe names the class that missed its objective
  const failing = r.probes.filter((p) => !p.pass);
  assert.ok(failing.length > 0 && failing.every((p) => p.reasons.some((x) => /^(chat|batch): p99 TTFT/.test(x) || /rejected|not completed|queue/.test(x))), JSON.stringify(failing.map((p) => p.reasons)));
  // without any objective on the job or the classes it is an input error
  const none = await runCli(['capacity', tempFile('none.yaml', twoClasses('').replace('        slo: { ttft: 300 ms }\n', ''))]);
  assert.equal(none.code, 2, none.stderr);
  assert.match(none.stderr, /no latency objective/);
});
