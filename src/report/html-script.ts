/**
 * The scripts inlined into report.html and the Content-Security-Policy that admits exactly them.
 *
 * The page works without scripts: every chart is a static SVG rendered in Node. Where scripts run, the
 * vega runtime (vega.min.js from node_modules, inlined) replaces each static chart by an interactive view
 * of the same compiled Vega spec, then marks the container data-rendered="interactive".
 *
 * CSP: scripts are admitted by their sha256 hashes (stricter than 'unsafe-inline': injected markup could
 * not run a script even if escaping failed), styles inline only, images only data: URLs, no connections.
 * 'unsafe-eval' is needed because vega compiles its expressions with Function(); the CSP-safe path
 * (vega-interpreter with parse(spec, config, { ast: true })) needs a package the project does not have.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { escapeScriptSource } from './escape.ts';

/**
 * Hydrates every [data-chart] container from its <script type="application/json" id="vega-spec-ID">.
 * The live view is built in a holder placed after the static SVG, so its width: 'container' signal sees
 * the real width; the static SVG is removed once the live view has rendered.
 */
export const HYDRATE_SCRIPT = `(function () {
  'use strict';
  var vega = window.vega;
  if (!vega) return;
  var charts = document.querySelectorAll('[data-chart]');
  Array.prototype.forEach.call(charts, function (el) {
    var id = el.getAttribute('data-chart');
    var specEl = document.getElementById('vega-spec-' + id);
    if (!specEl) return;
    var holder = document.createElement('div');
    holder.className = 'chart-live';
    el.appendChild(holder);
    function fail(err) {
      if (holder.parentNode === el) el.removeChild(holder);
      el.setAttribute('data-rendered', 'static');
      console.error('clustersim: chart ' + id + ' stays static: ' + err);
    }
    try {
      var view = new vega.View(vega.parse(JSON.parse(specEl.textContent)), { renderer: 'svg' });
      view.initialize(holder).hover().runAsync().then(function () {
        Array.prototype.slice.call(el.childNodes).forEach(function (c) { if (c !== holder) el.removeChild(c); });
        el.setAttribute('data-rendered', 'interactive');
      }, fail);
    } catch (err) { fail(err); }
  });
})();`;

/** The vega browser bundle, ready to inline. Resolved from the installed package, not a CDN. */
export async function loadVegaRuntime(): Promise<string> {
  const req = createRequire(import.meta.url);
  // vega's exports map only exposes its module entry; vega.min.js sits beside it in build/.
  const entry = req.resolve('vega');
  const source = await readFile(join(dirname(entry), 'vega.min.js'), 'utf8');
  return escapeScriptSource(source);
}

export function scriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(inlineScripts: string[]): string {
  return [
    "default-src 'none'",
    `script-src ${inlineScripts.map(scriptHash).join(' ')} 'unsafe-eval'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
