// The cost tables in summary.md and report.html: cost per unit of work, what was left out, and the owned-versus-
// cloud cost per year by item; job names and notes come from the scenario and are escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BreakEvenResult, Report } from '../../src/metrics/result-types.ts';
import { breakEvenChartDescription, breakEvenItemRows, breakEvenText } from '../../src/report/break-even.ts';
import { unitCostRows } from '../../src/report/cost-tables.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderSummaryMd } from '../../src/report/summary-md.ts';
import { makeReport } from '../fixtures/report-fixture.ts';

const HOSTILE_JOB = 'pre|train <b>x</b>';

function withCosts(): Report {
  const r = makeReport();
  const curve = Array.from({ length: 21 }, (_, i) => ({ utilisation: i / 20, ownedUsdPerYear: 100 + 10 * (i / 20), cloudUsdPerYear: 300 * (i / 20) }));
  const breakEven: BreakEvenResult = {
    utilisation: 100 / 290, verdict: 'break-even', years: 3, ownedUsdPerYearAt0: 100, ownedUsdPerYearAt100: 110, cloudUsdPerYearAt100: 300, curve,
    prices: [{ name: 'p', value: 1, unit: 'USD', source: 's', date: '2026' }],
    cloudPricing: 'on-demand', cloudCommitted: false,
    ownedByItemUsdPerYear: { depreciation: 80, financing: 12, idleElectricity: 8, busyElectricity: 10 },
    cloudByItemUsdPerYear: { compute: 300 },
  };
  r.cost = {
    ...r.cost, breakEven,
    notes: ['optics and cables of <NDR> not counted'],
    unitCosts: { usdPerGpuHour: 2.99, trainingRuns: [{ job: HOSTILE_JOB, usd: 5_000_000, gpuHours: 1_600_000, days: 52, usdPerGpuHour: 3.125 }], inference: [{ job: 'serve', usdPerMillionTokens: 0.42 }] },
  };
  return r;
}

test('unit costs: a row per GPU-hour, training run and inference job', () => {
  const rows = unitCostRows(withCosts());
  assert.deepEqual(rows.map((r) => r[0]), ['GPU-hour', `training run: ${HOSTILE_JOB}`, 'million output tokens: serve']);
  assert.match(rows[1]![2]!, /52 days, 1,600,000 GPU-hours at 3\.13 USD each/);
  assert.deepEqual(unitCostRows(makeReport()), []);
});

test('owned-versus-cloud items per year, labelled', () => {
  const rows = breakEvenItemRows(withCosts().cost.breakEven!);
  assert.deepEqual(rows.map((r) => r[0]), ['purchase, depreciation', 'purchase, cost of capital', 'electricity with the devices idle', 'electricity a working year adds (at 100%)', 'device-hours (on-demand, at 100%)']);
});

test('summary.md and report.html print the tables with scenario text escaped', async () => {
  const r = withCosts();
  const md = renderSummaryMd(r);
  assert.match(md, /\| Unit of work \| Cost \| How it is counted \|/);
  assert.ok(md.includes('training run: pre\\|train &lt;b&gt;x&lt;/b&gt;'), 'job name escaped in Markdown');
  assert.match(md, /Optics and cables of &lt;NDR&gt; not counted\./);
  assert.match(md, /\| purchase, cost of capital \| 12 USD \|  \|/);
  const html = await renderHtml(r, { scenarioText: 'name: x' });
  assert.ok(html.includes('training run: pre|train &lt;b&gt;x&lt;/b&gt;'), 'job name escaped in HTML');
  assert.ok(!html.includes('<b>x</b>'));
  assert.match(html, /cost per year by item: owned at 0% utilisation, cloud at 100%/);
});

test('the words and the chart description follow the pricing term and the direction of the crossing', () => {
  const b = withCosts().cost.breakEven!;
  assert.equal(breakEvenText(b), 'Owned vs cloud break-even at 34.5% utilisation');
  assert.match(breakEvenChartDescription(b), /rented per device-hour used \(on-demand\).*34\.5%, above which owning is cheaper/);
  const flat = { ...b, cloudPricing: 'reserved-1y', cloudCommitted: true, curve: b.curve.map((p) => ({ ...p, cloudUsdPerYear: 105 })), utilisation: 0.5 };
  assert.equal(breakEvenText(flat), 'Owned vs reserved-1y cloud break-even at 50.0% utilisation (owned cheaper below it)');
  assert.match(breakEvenChartDescription(flat), /on reserved-1y terms \(every hour of the term paid, so a flat line\).*below which owning is cheaper/);
});
