// Acceptance (issue 6): owned versus cloud for 1,024 H100 over three years. The break-even utilisation is
// printed (summary.md) and charted (report.html), and every price the comparison used shows its source and date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenarioFile } from '../../src/pipeline.ts';
import { escapeHtml, escapeMd } from '../../src/report/escape.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderSummaryMd } from '../../src/report/summary-md.ts';

const DATE = /^(\d{4}(-\d{2}(-\d{2})?)?|undated)$/;

test('owned-vs-cloud-h100-1024: 3 years, an annuity at 8%, switches counted, every price dated and sourced', async () => {
  const { report, scenarioText } = await runScenarioFile('scenarios/owned-vs-cloud-h100-1024.yaml');
  assert.equal(report.cluster.devices, 1024);
  const b = report.cost.breakEven!;
  assert.equal(b.years, 3);
  assert.equal(b.verdict, 'break-even');
  assert.ok(b.utilisation! > 0 && b.utilisation! < 1);
  // a = P·CRF(8%, 3) + idle electricity, P = 128 nodes × 8 × 27,500 + 48 switches × 36,000 (the profiles' prices)
  const P = 128 * 8 * 27_500 + 48 * 36_000;
  const crf = 0.08 / (1 - 1.08 ** -3);
  const o = b.ownedByItemUsdPerYear!;
  assert.ok(Math.abs(o.depreciation! + o.financing! - P * crf) < 1e-6 * P);
  // Every price: a date as the profiles write them (the scenario's own cite theirs under cost.sources) and a source.
  for (const p of b.prices) {
    assert.match(p.date, DATE, `${p.name}: date ${p.date}`);
    assert.ok(p.source.length >= 12 && !p.source.startsWith('scenario'), `${p.name}: source ${p.source}`);
  }
  const names = b.prices.map((p) => p.name).join('; ');
  for (const want of [/purchase price per node/, /switch purchase price \(48 switches\)/, /cloud price per device-hour/, /cost of capital/, /electricity price/]) assert.match(names, want);
  // Printed with each price's date and source, and charted.
  const md = renderSummaryMd(report);
  assert.match(md, /^Owned vs cloud break-even at \d+\.\d% utilisation \(owned: .* over 3 years/m);
  for (const p of b.prices) assert.ok(md.includes(`| ${escapeMd(p.date)} | ${escapeMd(p.source)} |`), `summary.md row for ${p.name}`);
  const html = await renderHtml(report, { scenarioText });
  assert.match(html, /data-chart="break-even"/);
  for (const p of b.prices) assert.ok(html.includes(`<td>${escapeHtml(p.date)}</td><td>${escapeHtml(p.source)}</td>`), `report.html row for ${p.name}`);
  // The training run's cost, from its time to train on 15T tokens.
  const run = report.cost.unitCosts!.trainingRuns[0]!;
  assert.equal(run.job, 'pretrain');
  assert.ok(run.usd > 0 && run.gpuHours > 0);
});
