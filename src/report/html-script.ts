/**
 * The scripts inlined into report.html and the Content-Security-Policy that admits exactly them.
 *
 * The page works without scripts: every chart is a static SVG rendered in Node. Where scripts run, the
 * vega runtime (vega.min.js from node_modules, inlined) replaces each static chart by an interactive view
 * of the same compiled Vega spec, then marks the container data-rendered="interactive".
 *
 * CSP: scripts are admitted by their sha256 hashes (stricter than 'unsafe-inline': injected markup could
 * not run a script even if escaping failed), styles inline only, images only data: URLs, no connections.
 * No 'unsafe-eval': vega would compile its expressions with Function(), so the page parses each spec with
 * { ast: true } and evaluates the expression ASTs with vega-interpreter (inlined too, see below).
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
  var interpreter = window.vegaInterpreter;
  if (!vega || !interpreter) return;
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
      var runtime = vega.parse(JSON.parse(specEl.textContent), null, { ast: true });
      var view = new vega.View(runtime, { renderer: 'svg', expr: interpreter });
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

const INTERPRETER_IMPORT = /^import \{ ([\w, ]+) \} from 'vega-util';\n/m;
const INTERPRETER_EXPORT = /^export \{ (\w+) as expressionInterpreter \};\n/m;

/**
 * vega-interpreter, made into a classic script that sets window.vegaInterpreter. The package ships only an
 * ES module whose one import is from vega-util; vega's browser bundle re-exports all of vega-util, so the
 * import becomes a read of window.vega and the export an assignment. A module script would need the
 * bundle to be a module too. If a new release changes that shape this throws instead of inlining code
 * that would fail in the browser.
 */
export async function loadVegaInterpreter(): Promise<string> {
  const req = createRequire(import.meta.url);
  const source = await readFile(req.resolve('vega-interpreter'), 'utf8');
  const imported = INTERPRETER_IMPORT.exec(source);
  const exported = INTERPRETER_EXPORT.exec(source);
  const body = source.replace(INTERPRETER_IMPORT, '').replace(INTERPRETER_EXPORT, '').replace(/^\/\/# sourceMappingURL=.*$/m, '');
  if (!imported || !exported || /^\s*(?:import|export)\b/m.test(body)) {
    throw new Error('vega-interpreter no longer has the one vega-util import and one export this page expects');
  }
  const names = imported[1]!.split(',').map((n) => n.trim());
  const bindings = names.map((n) => `var ${n} = vega.${n};`).join('\n');
  return escapeScriptSource(`(function (vega) {
'use strict';
if (!vega) return;
${bindings}
${body.trim()}
window.vegaInterpreter = ${exported[1]};
})(window.vega);`);
}

export function scriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(inlineScripts: string[]): string {
  return [
    "default-src 'none'",
    `script-src ${inlineScripts.map(scriptHash).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
