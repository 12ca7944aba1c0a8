/**
 * report.html in a real browser: headless Chromium (Debian's /usr/bin/chromium) through playwright-core.
 * Without Chromium the test is skipped locally and fails in CI (process.env.CI), saying how to install it.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderHtml } from '../../src/report/html.ts';
import { makeReport } from '../fixtures/report-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const SHOT = '/tmp/report-shot.png';

const dir = mkdtempSync(join(tmpdir(), 'clustersim-browser-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('report.html renders in Chromium: no errors, every chart interactive, a screenshot', { timeout: 60_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    const message = `${CHROMIUM} not found; install it with: apt-get install -y chromium`;
    if (process.env.CI) assert.fail(message);
    t.skip(message);
    return;
  }
  const file = join(dir, 'report.html');
  writeFileSync(file, await renderHtml(makeReport(), { scenarioText: 'name: quickstart\nseed: 1\n' }));
  const url = pathToFileURL(file).href;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('request', (r) => { if (!/^(file|data):/.test(r.url())) requests.push(r.url()); });
    await page.goto(url);
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
    await still.goto(url);
    const statics = await still.$$eval('[data-chart]', (els) => els.map((el) => `${el.getAttribute('data-rendered')} ${el.querySelectorAll(':scope > svg').length}`));
    assert.deepEqual(statics, ['static 1', 'static 1', 'static 1', 'static 1']);
    await ctx.close();
  } finally {
    await browser.close();
  }
});
