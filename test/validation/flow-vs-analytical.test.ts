/**
 * The consistency bar: on every SC21 Table 1 row (scenarios/validation/training/sc21-row*.yaml)
 * the flow-fidelity step time (DES replay of every pipeline stage, data-parallel collectives on the
 * fabric topology) and the analytical one (closed forms, step.ts) agree within 5%.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import type { TrainingJobResult } from '../../src/metrics/result-types.ts';
import { runScenarioFile } from '../../src/pipeline.ts';

const dir = new URL('../../scenarios/validation/training/', import.meta.url);
const catalog = loadCatalog();
const rows = readdirSync(dir).filter((f) => /^sc21-row\d+-.*\.yaml$/.test(f)).sort();

test('all ten SC21 rows are there', () => assert.equal(rows.length, 10));

for (const f of rows) {
  test(`${f}: flow and analytical step times within 5%`, async () => {
    const file = new URL(f, dir).pathname;
    const step = async (fidelity: 'analytical' | 'flow') => ((await runScenarioFile(file, { catalog, fidelity })).report.jobs.train as TrainingJobResult).stepSeconds;
    const an = await step('analytical');
    const flow = await step('flow');
    assert.ok(Math.abs(flow / an - 1) <= 0.05, `flow ${flow.toFixed(3)} s vs analytical ${an.toFixed(3)} s (${((flow / an - 1) * 100).toFixed(1)}%)`);
  });
}
