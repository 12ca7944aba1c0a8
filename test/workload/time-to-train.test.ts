// Time to train (src/workload/training/time-to-train.ts) as worked examples with hand-computed answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeToTrain, type StepAt } from '../../src/workload/training/time-to-train.ts';

const STEP: Record<number, StepAt> = { 2: { stepSeconds: 1, computeUtilisation: 0.2 }, 4: { stepSeconds: 2, computeUtilisation: 0.3 }, 8: { stepSeconds: 3, computeUtilisation: 0.4 }, 16: { stepSeconds: 5, computeUtilisation: 0.5 } };

test('three phases of 1,000-token sequences on 16 devices', () => {
  // 4 seq/step until 10,000: ⌈10,000/4,000⌉ = 3 steps, 12,000 tokens, 3 × 2 s = 6 s
  // 8 seq/step until 50,000: ⌈(50,000 − 12,000)/8,000⌉ = ⌈4.75⌉ = 5 steps, 40,000 tokens (52,000 in all), 15 s
  // 16 seq/step until 100,000: (100,000 − 52,000)/16,000 = 3 steps exactly, 48,000 tokens, 15 s
  const calls: number[] = [];
  const r = timeToTrain({
    spec: { tokens: 100_000, phases: [{ untilTokens: 10_000, globalSequences: 4 }, { untilTokens: 50_000, globalSequences: 8 }, { untilTokens: 100_000, globalSequences: 16 }] },
    sequenceLength: 1000,
    devices: 16,
    stepFor: (g) => (calls.push(g), STEP[g]!),
  });
  assert.deepEqual(r.phases.map((p) => [p.globalSequences, p.tokensPerStep, p.steps, p.tokens, p.stepSeconds, p.seconds, p.computeUtilisation]), [
    [4, 4000, 3, 12_000, 2, 6, 0.3],
    [8, 8000, 5, 40_000, 3, 15, 0.4],
    [16, 16_000, 3, 48_000, 5, 15, 0.5],
  ]);
  assert.deepEqual(
    { targetTokens: r.targetTokens, tokens: r.tokens, steps: r.steps, wallSeconds: r.wallSeconds, days: r.days, gpuHours: r.gpuHours },
    { targetTokens: 100_000, tokens: 100_000, steps: 11, wallSeconds: 36, days: 36 / 86_400, gpuHours: (16 * 36) / 3600 },
  );
  assert.deepEqual([r.energyKWh, r.kgCO2e, r.costUsd], [null, null, null]);
  assert.deepEqual(calls, [4, 8, 16]);
});

test('an overshoot counts toward the next phase, and can swallow a short one', () => {
  // 4 seq/step until 1,000: 1 step trains 4,000 tokens, past the next phase's 3,000 too, so it takes 0 steps;
  // the main batch then needs ⌈(10,000 − 4,000)/4,000⌉ = 2 steps; the repeated batch size is simulated once.
  const calls: number[] = [];
  const r = timeToTrain({
    spec: { tokens: 10_000, phases: [{ untilTokens: 1000, globalSequences: 4 }, { untilTokens: 3000, globalSequences: 2 }, { untilTokens: 10_000, globalSequences: 4 }] },
    sequenceLength: 1000,
    devices: 8,
    stepFor: (g) => (calls.push(g), STEP[g]!),
  });
  assert.deepEqual(r.phases.map((p) => [p.steps, p.tokens, p.seconds]), [[1, 4000, 2], [0, 0, 0], [2, 8000, 4]]);
  assert.deepEqual([r.steps, r.tokens, r.wallSeconds], [3, 12_000, 6]);
  assert.deepEqual(calls, [4, 2]);
});

test('no ramp-up: Llama 3 405B main batch, 15.6T tokens at 16M tokens per step', () => {
  // 2048 × 8192 = 16,777,216 tokens per step; ⌈15.6e12 / 16,777,216⌉ = ⌈929,832.46⌉ = 929,833 steps.
  const r = timeToTrain({
    spec: { tokens: 15.6e12, phases: [{ untilTokens: 15.6e12, globalSequences: 2048 }] },
    sequenceLength: 8192,
    devices: 16_384,
    stepFor: () => ({ stepSeconds: 6, computeUtilisation: 0.4 }),
  });
  assert.equal(r.steps, 929_833);
  assert.equal(r.tokens, 929_833 * 16_777_216);
  assert.equal(r.wallSeconds, 929_833 * 6);
  assert.ok(Math.abs(r.days - 64.571736) < 1e-6, String(r.days));
});

test('a step time that is not a positive number is an error, not a silent infinity', () => {
  const spec = { tokens: 10, phases: [{ untilTokens: 10, globalSequences: 1 }] };
  assert.throws(() => timeToTrain({ spec, sequenceLength: 1, devices: 1, stepFor: () => ({ stepSeconds: 0, computeUtilisation: 0 }) }), /step time at global batch 1 is 0/);
  assert.throws(() => timeToTrain({ spec, sequenceLength: 0, devices: 1, stepFor: () => ({ stepSeconds: 1, computeUtilisation: 0 }) }), /positive sequence length/);
});
