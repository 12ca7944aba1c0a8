/**
 * The training issue's accuracy bar on the development set: every training row of validation-dev.md
 * (SC21 Table 1 rows 1–10, hardware TFLOP/s per GPU; Korthikanti et al. 2022 Table 5 rows 20–27,
 * iteration time, both recomputation modes) within 10%, and the median absolute error at most 5% — what
 * `clustersim accuracy scenarios/validation/training` prints.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median } from 'simple-statistics';
import { accuracyCases } from '../../src/cli/commands/accuracy.ts';

test('all 18 training rows within 10%, median |error| ≤ 5%', async () => {
  const cases = await accuracyCases(new URL('../../scenarios/validation/training/', import.meta.url).pathname);
  assert.equal(cases.length, 18);
  assert.equal(cases.filter((c) => c.name.startsWith('sc21-row')).length, 10);
  for (const c of cases) {
    assert.equal(c.tolerancePercent, 10, c.name);
    assert.ok(c.errorPercent !== null && Math.abs(c.errorPercent) <= 10, `${c.name}: ${c.errorPercent?.toFixed(1)}%`);
  }
  const m = median(cases.map((c) => Math.abs(c.errorPercent!)));
  assert.ok(m <= 5, `median |error| ${m.toFixed(2)}%`);
});
