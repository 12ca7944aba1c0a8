/**
 * The SC21 validation scenarios (scenarios/validation/training/sc21-row*.yaml) run through the training
 * model with the inline fixture profiles (A100 80GB, DGX A100, NVLink3, HDR 200): predicted hardware
 * TFLOP/s per GPU against the paper's, within the file's tolerance, both fidelities. The scenario files
 * are read as YAML and mapped by hand, so this checks the model, not the scenario loader.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { simulateTraining, trainingIssues } from '../../src/workload/training/index.ts';
import { a100Cluster, job, model } from './fixtures.ts';

const dir = new URL('../../scenarios/validation/training/', import.meta.url);
const files = readdirSync(dir).filter((f) => /^sc21-row[1-4]-.*\.yaml$/.test(f)).sort();

test('there are four SC21 validation scenarios (rows 1-4)', () => assert.equal(files.length, 4));

for (const f of files) {
  test(`${f}: predicted hardware TFLOP/s per GPU within tolerance`, () => {
    const s = parse(readFileSync(new URL(f, dir), 'utf8'));
    const w = s.workloads[0];
    assert.equal(s.reference.metric, `jobs.${w.name}.hardwareTflopsPerGpu`);
    const j = job(model(w.model), {
      precision: w.precision,
      parallelism: w.parallelism,
      global: w.batch.global,
      micro: w.batch.micro,
      seq: w.batch.sequenceLength,
      attention: w.attention,
      overlapGradReduce: w.overlapGradReduce,
      ...(w.overlapTpComm !== undefined ? { overlapTpComm: w.overlapTpComm } : {}),
    });
    const cluster = a100Cluster(s.cluster.nodes[0].count);
    assert.deepEqual(trainingIssues(j, cluster), []);
    for (const fidelity of ['analytical', 'flow'] as const) {
      const r = simulateTraining(j, cluster, { fidelity }).result;
      const err = (r.hardwareTflopsPerGpu / s.reference.measured - 1) * 100;
      assert.ok(Math.abs(err) <= s.reference.tolerancePercent, `${fidelity}: predicted ${r.hardwareTflopsPerGpu.toFixed(1)} vs ${s.reference.measured} (${err.toFixed(1)}%)`);
    }
  });
}
