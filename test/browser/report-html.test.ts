/**
 * report.html in a real browser: headless Chromium (Debian's /usr/bin/chromium) through playwright-core.
 * Without Chromium the test is skipped locally and fails in CI (process.env.CI), saying how to install it.
 * Screenshots go to test-output/browser/ in the repository root (git-ignored), kept for a person or a CI
 * artifact step to look at.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runScenarioFile, writeRunReports } from '../../src/pipeline.ts';
import { renderHtml } from '../../src/report/html.ts';
import { contentSecurityPolicy, HYDRATE_SCRIPT } from '../../src/report/html-script.ts';
import { makeReport } from '../fixtures/report-fixture.ts';
import { makeTimeline } from '../fixtures/timeline-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const OUTPUT = join(import.meta.dirname, '..', '..', 'test-output', 'browser');
const SHOT = join(OUTPUT, 'fixture.png');
mkdirSync(OUTPUT, { recursive: true });

const dir = mkdtempSync(join(tmpdir(), 'clustersim-browser-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Opened { page: Page; errors: string[]; requests: string[] }

/** Opens a page that records every console error or warning, uncaught page error and network request. */
async function open(browser: Browser, file: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!/^(file|data):/.test(r.url())) requests.push(r.url()); });
  await page.goto(pathToFileURL(file).href);
  return { page, errors, requests };
}

function cspOf(html: string): string {
  return /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
}

function skipWithoutChromium(t: { skip: (m: string) => void }): boolean {
  if (existsSync(CHROMIUM)) return false;
  const message = `${CHROMIUM} not found; install it with: apt-get install -y chromium`;
  if (process.env.CI) assert.fail(message);
  t.skip(message);
  return true;
}

test('report.html renders in Chromium: no errors, every chart interactive, a screenshot', { timeout: 60_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const file = join(dir, 'report.html');
  const html = await renderHtml(makeReport(), { scenarioText: 'name: quickstart\nseed: 1\n' });
  writeFileSync(file, html);
  // The charts must become interactive under a CSP that forbids eval: vega runs through vega-interpreter.
  assert.match(cspOf(html), /script-src 'sha256-/);
  assert.doesNotMatch(cspOf(html), /unsafe-eval/);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const { page, errors, requests } = await open(browser, file);
    // A string, because the project compiles without the DOM library; the asserts below say what failed.
    await page.waitForFunction(
      "[...document.querySelectorAll('[data-chart]')].every((el) => el.getAttribute('data-rendered') === 'interactive')",
      null, { timeout: 15_000 },
    ).catch(() => undefined);
    const charts = await page.$$eval('[data-chart]', (els) => els.map((el) => ({
      id: el.getAttribute('data-chart'),
      rendered: el.getAttribute('data-rendered'),
      liveSvgs: el.querySelectorAll(':scope > .chart-live svg').length,
      children: el.children.length,
      width: el.getBoundingClientRect().width,
    })));
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
    assert.deepEqual(charts.map((c) => c.id), ['step-breakdown', 'memory', 'energy', 'cost']);
    for (const c of charts) {
      assert.equal(c.rendered, 'interactive', `chart ${c.id} became interactive`);
      assert.equal(c.liveSvgs, 1, `chart ${c.id} has one live SVG`);
      assert.equal(c.children, 1, `chart ${c.id} dropped its static SVG`);
      assert.ok(c.width > 300, `chart ${c.id} has a width`);
    }
    assert.equal(await page.title(), 'quickstart <script>alert(1)</script> | *x* · clustersim report');
    const png = await page.screenshot({ path: SHOT, fullPage: true });
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(png.length > 20_000);

    // With scripts off the static SVGs stay.
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const still = await ctx.newPage();
    await still.goto(pathToFileURL(file).href);
    const statics = await still.$$eval('[data-chart]', (els) => els.map((el) => `${el.getAttribute('data-rendered')} ${el.querySelectorAll(':scope > svg').length}`));
    assert.deepEqual(statics, ['static 1', 'static 1', 'static 1', 'static 1']);
    await ctx.close();
  } finally {
    await browser.close();
  }
});

/**
 * The control for the test above: the same page with vega's eval path (parse without { ast: true }, no
 * interpreter) and a script that throws, both admitted by hash. The CSP must block the eval, so every
 * chart stays static, and the recorder must see both the console error and the page error; otherwise
 * the empty error list above would prove nothing.
 */
test('under the CSP vega without the interpreter fails, and the test sees console and page errors', { timeout: 60_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const html = await renderHtml(makeReport(), { scenarioText: 'name: quickstart\n' });
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 3);
  const evalHydrate = HYDRATE_SCRIPT
    .replace('vega.parse(JSON.parse(specEl.textContent), null, { ast: true })', 'vega.parse(JSON.parse(specEl.textContent))')
    .replace(", expr: interpreter }", ' }');
  assert.ok(!evalHydrate.includes('ast: true') && !evalHydrate.includes('expr: interpreter'), 'the eval variant was made');
  const thrower = "throw new Error('control page error');";
  const controlCsp = contentSecurityPolicy([scripts[0]!, scripts[1]!, evalHydrate, thrower]);
  assert.doesNotMatch(controlCsp, /unsafe-eval/);
  const control = html
    .replace(cspOf(html), controlCsp)
    .replace(`<script>${HYDRATE_SCRIPT}</script>`, `<script>${evalHydrate}</script>\n<script>${thrower}</script>`);
  assert.ok(control.includes(thrower) && control.includes(controlCsp));
  const file = join(dir, 'control.html');
  writeFileSync(file, control);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const { page, errors } = await open(browser, file);
    // Both failures happen while the page loads; give the events a moment to reach this process.
    for (let i = 0; i < 50 && !(errors.some((e) => e.startsWith('page error')) && errors.some((e) => e.includes('stays static'))); i++) {
      await page.waitForTimeout(100);
    }
    assert.ok(errors.includes('page error: control page error'), errors.join('\n'));
    for (const id of ['step-breakdown', 'memory', 'energy', 'cost']) {
      assert.ok(errors.some((e) => e.startsWith(`console error: clustersim: chart ${id} stays static: EvalError`)), `${id}: ${errors.join('\n')}`);
    }
    const rendered = await page.$$eval('[data-chart]', (els) => els.map((el) => el.getAttribute('data-rendered')));
    assert.deepEqual(rendered, ['static', 'static', 'static', 'static']);
  } finally {
    await browser.close();
  }
});

/**
 * The pipeline Gantt chart of a long step (16 stages × 64 micro-batches, over the bar cap, so reduced):
 * it turns interactive under the CSP like the other charts, a bar's tooltip names its pass and
 * micro-batch, and the page stays under 2 MB.
 */
test('the pipeline Gantt chart turns interactive, its bars have tooltips, the page stays under 2 MB', { timeout: 60_000 }, async (t) => {
  if (skipWithoutChromium(t)) return;
  const file = join(dir, 'gantt.html');
  const html = await renderHtml(makeReport(), { scenarioText: 'name: gantt\n', timelines: [makeTimeline({ stages: 16, micro: 64 })] });
  writeFileSync(file, html);
  assert.ok(statSync(file).size < 2 * 1024 * 1024, `report.html is ${statSync(file).size} bytes`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const { page, errors, requests } = await open(browser, file);
    const charts = await chartStates(page);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
    assert.deepEqual(charts.at(-1), { id: 'pipeline-0', rendered: 'interactive', liveSvgs: 1 });
    // vega's default tooltip handler puts the tooltip in the view's title attribute on hover
    await page.hover('#chart-pipeline-0 .chart-live svg path[fill="#f59e0b"]');
    await page.waitForFunction("document.querySelector('#chart-pipeline-0 .chart-live').title !== ''", null, { timeout: 5_000 }).catch(() => undefined);
    const tooltip = await page.$eval('#chart-pipeline-0 .chart-live', (el) => el.getAttribute('title') ?? '');
    assert.match(tooltip, /pass or stream: backward/);
    assert.match(tooltip, /micro-batch: \d+/);
    await (await page.$('#chart-pipeline-0'))!.screenshot({ path: join(OUTPUT, 'gantt.png') });
  } finally {
    await browser.close();
  }
});

/** Every chart container of the page: its id, whether it went interactive, and its live SVG. */
async function chartStates(page: Page) {
  await page.waitForFunction(
    "[...document.querySelectorAll('[data-chart]')].every((el) => el.getAttribute('data-rendered') === 'interactive')",
    null, { timeout: 20_000 },
  ).catch(() => undefined);
  return page.$$eval('[data-chart]', (els) => els.map((el) => ({
    id: el.getAttribute('data-chart'),
    rendered: el.getAttribute('data-rendered'),
    liveSvgs: el.querySelectorAll(':scope > .chart-live svg').length,
  })));
}

// Rendered through the real pipeline (phases 1-7), as `clustersim run` writes them.
for (const { scenario, devices, charts: expected } of [
  { scenario: 'quickstart', devices: 32, charts: ['step-breakdown', 'memory', 'power-over-time', 'energy', 'cost', 'break-even'] },
  { scenario: 'llama3-70b-16k-h100', devices: 16_384, charts: ['step-breakdown', 'memory', 'power-over-time', 'energy', 'cost', 'break-even'] },
]) {
  test(`scenarios/${scenario}.yaml: report.html draws every chart in Chromium, no errors, a screenshot, under 2 MB`, { timeout: 90_000 }, async (t) => {
    if (skipWithoutChromium(t)) return;
    const outcome = await runScenarioFile(join('scenarios', `${scenario}.yaml`));
    assert.equal(outcome.report.cluster.devices, devices);
    const out = join(dir, scenario);
    await writeRunReports(outcome, out);
    const file = join(out, 'report.html');
    const bytes = statSync(file).size;
    assert.ok(bytes < 2 * 1024 * 1024, `report.html is ${bytes} bytes, over 2 MB`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const { page, errors, requests } = await open(browser, file);
      const charts = await chartStates(page);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
      assert.deepEqual(charts.map((c) => c.id), expected);
      for (const c of charts) {
        assert.equal(c.rendered, 'interactive', `chart ${c.id} became interactive`);
        assert.equal(c.liveSvgs, 1, `chart ${c.id} has one live SVG`);
      }
      const shot = join(OUTPUT, `${scenario}.png`);
      const png = await page.screenshot({ path: shot, fullPage: true });
      assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      assert.ok(statSync(shot).size > 20_000, `${shot} was written`);
    } finally {
      await browser.close();
    }
  });
}
