import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { renderHtml } from '../../src/report/html.ts';
import { HOSTILE_DESCRIPTION, HOSTILE_NAME, makeReport } from '../fixtures/report-fixture.ts';

const SCENARIO_TEXT = 'name: x\ndescription: "</pre><script>alert(3)</script>"\nexpect:\n  - jobs.pretrain.mfu > 0.3\n';
let html = '';

before(async () => {
  html = await renderHtml(makeReport(), { scenarioText: SCENARIO_TEXT });
});

test('no scenario string appears unescaped', () => {
  for (const raw of [HOSTILE_NAME, HOSTILE_DESCRIPTION, '<script>alert', '<img src=x', '<em>quoted', '<sup>', '*bold* <b>', '</pre><script>']) {
    assert.ok(!html.includes(raw), `raw text in page: ${raw}`);
  }
  assert.ok(html.includes('<h1>quickstart &lt;script&gt;alert(1)&lt;/script&gt; | *x*</h1>'));
  assert.ok(html.includes('&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; more'));
  assert.ok(html.includes('&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;'));
});

test('the only scripts are vega, vega-interpreter, the hydration script and one JSON spec per chart', () => {
  const openings = html.match(/<script[^>]*>/gi) ?? [];
  assert.deepEqual(openings.filter((s) => s === '<script>').length, 3);
  const json = openings.filter((s) => s !== '<script>');
  assert.deepEqual(json, ['step-breakdown', 'memory', 'energy', 'cost'].map((id) => `<script type="application/json" id="vega-spec-${id}">`));
  // each embedded spec parses and contains the hostile name only in escaped form
  for (const m of html.matchAll(/<script type="application\/json" id="vega-spec-[^"]+">([^<]*)<\/script>/g)) {
    assert.equal(typeof JSON.parse(m[1]!).marks, 'object');
  }
});

test('the vega runtime is inlined from node_modules', () => {
  const req = createRequire(import.meta.url);
  const vegaMin = readFileSync(join(dirname(req.resolve('vega')), 'vega.min.js'), 'utf8');
  assert.ok(html.includes(vegaMin.slice(0, 2000)));
  assert.ok(html.includes(vegaMin.slice(-2000)));
});

test('vega-interpreter is inlined as a classic script and the charts are parsed for it', () => {
  const req = createRequire(import.meta.url);
  const source = readFileSync(req.resolve('vega-interpreter'), 'utf8');
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const interpreter = scripts[1]!;
  // the module's body, minus its import and export lines, is there unchanged
  const body = source.split('\n').filter((l) => !/^(?:import|export) |^\/\/# sourceMappingURL/.test(l)).join('\n').trim();
  assert.ok(interpreter.includes(body));
  assert.doesNotMatch(interpreter, /^\s*(?:import|export)\b/m);
  assert.match(interpreter, /^var DisallowedObjectProperties = vega\.DisallowedObjectProperties;$/m);
  assert.match(interpreter, /window\.vegaInterpreter = expression;\n\}\)\(window\.vega\);$/);
  assert.match(scripts[2]!, /vega\.parse\(JSON\.parse\(specEl\.textContent\), null, \{ ast: true \}\)/);
  assert.match(scripts[2]!, /expr: interpreter/);
});

test('every chart has a static SVG in a labelled role="img" container and a data table', () => {
  const containers = [...html.matchAll(/<div class="chart-view" data-chart="([^"]+)" data-rendered="static" role="img" aria-label="([^"]+)">(<svg[\s\S]*?<\/svg>)<\/div>/g)];
  assert.deepEqual(containers.map((m) => m[1]), ['step-breakdown', 'memory', 'energy', 'cost']);
  for (const m of containers) assert.ok(m[2]!.length > 30);
  assert.equal((html.match(/<details><summary>Data table: /g) ?? []).length, 4);
});

test('nothing is loaded from the network and the CSP admits exactly the inline scripts', () => {
  assert.doesNotMatch(html, /\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  assert.doesNotMatch(html, /@import|url\(\s*["']?(?:https?:)?\/\//i);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /style-src 'unsafe-inline'/);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 3);
  // script-src is exactly the three hashes: no 'unsafe-eval', no 'unsafe-inline', no host
  const hashes = scripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`);
  assert.ok(csp.split('; ').includes(`script-src ${hashes.join(' ')}`), csp);
  assert.doesNotMatch(csp, /unsafe-eval/);
});

test('the page has the summary cards, a job section, expectations, reference, assumptions and the scenario', () => {
  for (const label of ['Step time', 'Tokens/s', 'MFU', 'Energy', 'Carbon', 'Cost']) assert.ok(html.includes(`<div class="label">${label}</div>`), label);
  assert.ok(html.includes('<h2 id="job-0">Job: pretrain</h2>'));
  assert.match(html, /<span class="badge bad">fail<\/span><\/td><td><code>jobs\.pretrain\.stepSeconds &lt; 2/);
  assert.ok(html.includes('Reference comparison <span class="badge ok">pass</span>'));
  assert.ok(html.includes('<td>H100 SXM bf16 dense peak</td><td>9.894e14</td><td>FLOP/s</td>'));
  assert.ok(html.includes('<pre class="scenario">name: x\n'));
  assert.match(html, /@media print/);
  assert.match(html, /<meta name="viewport"/);
});

test('rendering is deterministic', async () => {
  assert.equal(await renderHtml(makeReport(), { scenarioText: SCENARIO_TEXT }), html);
});

test('with a power timeline the page adds the power-over-time chart, its spec and its table', async () => {
  const row = (t: number, w: number) => ({ tSeconds: t, seconds: 10, watts: { accelerators: w, nodeOverhead: 100, network: 0, storage: 0, facilityOverhead: 20, total: w + 120 }, gridGPerKWh: 367, busyFraction: 1, jobs: [] });
  const page = await renderHtml(makeReport(), { scenarioText: SCENARIO_TEXT, timeseries: { jobs: [], rows: [row(0, 5000), row(10, 2000)] } });
  assert.ok(page.includes('<script type="application/json" id="vega-spec-power-over-time">'));
  assert.ok(page.includes('Power over time'));
  assert.ok(!html.includes('vega-spec-power-over-time'), 'no timeline, no chart');
});
