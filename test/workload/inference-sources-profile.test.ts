// Scenario keys for a rate that changes over the day (arrivals kind: profile) and empirical lengths from a
// trace's columns (length kind: empirical), end to end through the pipeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InferenceJobResult } from '../../src/metrics/result-types.ts';
import { runScenarioFile } from '../../src/pipeline.ts';
import { tempDir } from '../cli/helpers.ts';
import { inferenceHeader } from '../fixtures/inference-scenario.ts';

const TRACE = resolve('data/traces/azure-llm-2023-conv.csv');

function scenario(arrivals: string, prompt: string, output: string): string {
  return `${inferenceHeader('profile-test')}    model: llama3-8b
    source:
      synthetic:
        arrivals: ${arrivals}
        prompt: ${prompt}
        output: ${output}
        count: 200
report: { formats: [json] }
`;
}

async function run(text: string) {
  const file = join(tempDir(), 'scenario.yaml');
  writeFileSync(file, text);
  return runScenarioFile(file);
}

test('a rate profile: 0.2/s for the first 100 s then 10/s puts the 200 arrivals mostly after 100 s; mean rate normalised', async () => {
  const out = await run(scenario('{ kind: profile, period: 200 s, profile: [{ at: 0 s, rate: 0.2 }, { at: 100 s, rate: 10 }] }', '{ kind: fixed, tokens: 100 }', '{ kind: fixed, tokens: 10 }'));
  const w = out.scenario.workloads[0]!;
  assert.ok(w.kind === 'inference' && w.source.kind === 'synthetic');
  assert.equal(w.source.arrivals.ratePerSecond, (100 * 0.2 + 100 * 10) / 200);
  const j = out.report.jobs.serve as InferenceJobResult;
  assert.equal(j.requests.completed, 200);
  // ~20 arrivals in [0, 100 s), then 180 more at 10/s: done by about 118 s
  assert.ok(j.simulatedSeconds > 105 && j.simulatedSeconds < 140, `simulated ${j.simulatedSeconds}`);
});

test('profile keys are checked: rate with kind profile, times not starting at 0', async () => {
  await assert.rejects(run(scenario('{ kind: profile, rate: 3, profile: [{ at: 0 s, rate: 1 }] }', '{ kind: fixed, tokens: 1 }', '{ kind: fixed, tokens: 1 }')), /takes its rates from profile/);
  await assert.rejects(run(scenario('{ kind: profile, profile: [{ at: 5 s, rate: 1 }] }', '{ kind: fixed, tokens: 1 }', '{ kind: fixed, tokens: 1 }')), /must start at 0/);
  await assert.rejects(run(scenario('{ kind: poisson }', '{ kind: fixed, tokens: 1 }', '{ kind: fixed, tokens: 1 }')), /needs rate/);
});

test('empirical lengths from the conversation trace: mean input tokens per request near the trace mean', async () => {
  const out = await run(scenario('{ kind: poisson, rate: 5 }', `{ kind: empirical, trace: ${TRACE} }`, `{ kind: empirical, trace: ${TRACE} }`));
  const j = out.report.jobs.serve as InferenceJobResult;
  assert.equal(j.requests.completed, 200);
  assert.match(j.source, /empirical azure-llm-2023-conv.csv/);
  // the conversation trace's mean ContextTokens is 1,154.7 over its 19,366 rows (awk over the CSV); 200 draws land near it
  const mean = j.requests.inputTokens / 200;
  assert.ok(mean > 700 && mean < 1700, `mean prompt ${mean}`);
});
