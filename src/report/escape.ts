/**
 * Escaping for every string that came from a scenario file (names, descriptions, expressions, sources)
 * before it goes into Markdown or HTML. Reports are read in pull requests and browsers, so a scenario
 * must not be able to inject markup, links or script through its text.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Inline Markdown text (a table cell or a paragraph), safe in CommonMark and GitHub-flavoured Markdown.
 * Whitespace runs, newlines included, become one space so a value cannot end a table row or start a block.
 * HTML-significant characters become entities (GitHub renders raw HTML otherwise); emphasis, code, link,
 * table and strikethrough punctuation is backslash-escaped; a leading block marker (#, -, +, =, "1.") is
 * escaped so the text cannot turn into a heading, a list or a rule.
 */
export function escapeMd(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const escaped = oneLine
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
  return escaped.replace(/^([#+=-])/, '\\$1').replace(/^(\d{1,9})([.)])(?= |$)/, '$1\\$2');
}

/**
 * JSON to embed in `<script type="application/json">`: `<`, `>`, `&` and the JavaScript line separators are
 * written as \u escapes, which JSON.parse reads back unchanged, so no `</script>` or `<!--` can appear.
 */
export function escapeJsonForScript(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * JavaScript source to inline in a `<script>` element. `</script` would close the element and `<!--` would
 * switch the HTML parser into its escaped state. Such text can only occur inside string, template or
 * regular-expression literals in minified code, where `\x3C` means the same `<`.
 */
export function escapeScriptSource(source: string): string {
  return source.replace(/<(\/script|!--)/gi, '\\x3C$1');
}
