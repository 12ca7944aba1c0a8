import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { escapeHtml, escapeJsonForScript, escapeMd, escapeScriptSource } from '../../src/report/escape.ts';

test('escapeHtml turns every markup character into an entity', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(escapeHtml('plain text 1.5 µs'), 'plain text 1.5 µs');
});

test('escapeMd escapes table, emphasis, code, link and HTML characters', () => {
  assert.equal(escapeMd('a | b'), 'a \\| b');
  assert.equal(escapeMd('*x* _y_ `z` ~w~'), '\\*x\\* \\_y\\_ \\`z\\` \\~w\\~');
  assert.equal(escapeMd('[t](u)'), '\\[t\\](u)');
  assert.equal(escapeMd('<script>alert(1)</script> & "q"'), '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;');
  assert.equal(escapeMd('back\\slash'), 'back\\\\slash');
});

test('escapeMd keeps a value on one line and out of block syntax', () => {
  assert.equal(escapeMd('line one\n| x |\nline two'), 'line one \\| x \\| line two');
  assert.equal(escapeMd('# heading'), '\\# heading');
  assert.equal(escapeMd('- item'), '\\- item');
  assert.equal(escapeMd('1. item'), '1\\. item');
  // a version number is not a list item and reads unchanged
  assert.equal(escapeMd('0.1.0'), '0.1.0');
});

test('escapeJsonForScript leaves JSON that parses back to the same value and cannot close a script', () => {
  const value = { s: '</script><!-- & \u2028 >' };
  const text = escapeJsonForScript(JSON.stringify(value));
  assert.doesNotMatch(text, /<|>|&/);
  assert.deepEqual(JSON.parse(text), value);
});

test('escapeScriptSource rewrites </script and <!-- inside JavaScript literals', () => {
  const src = 'var a = "</script>", b = "<!--", c = "</SCRIPT";';
  const out = escapeScriptSource(src);
  assert.doesNotMatch(out, /<\/script|<!--/i);
  // the escaped literals still mean the same to a JavaScript engine
  assert.deepEqual(JSON.parse(runInNewContext(`${out}; JSON.stringify([a, b, c])`)), ['</script>', '<!--', '</SCRIPT']);
});
