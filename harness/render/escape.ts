/**
 * Escaping of every string that reaches the report from a file (scenario, stack and host names, error
 * texts, fingerprints): HTML text and attributes, JSON inside <script>, and Markdown table cells.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and (quoted) attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * JSON for embedding inside a <script> element: `<`, `>` and `&` become \u escapes (so `</script>` and
 * `<!--` cannot end or alter the script), and so do U+2028/U+2029 (line terminators in older JS parsers).
 * The result is still valid JSON and parses back to the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Makes a JavaScript library safe to inline in a <script> element: breaks up any `</script` and `<!--`
 * sequence (they only occur inside strings or regular expressions, where `<\/` means the same) and drops
 * source-map comments, which would make developer tools request a file.
 */
export function inlineScript(code: string): string {
  return code
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--')
    .replace(/^\/\/# sourceMappingURL=.*$/gm, '');
}

/**
 * Escapes text for a Markdown table cell or list item: backslashes, pipes and emphasis/link/code
 * characters get a backslash, `&`, `<` and `>` become entities (many renderers pass HTML through),
 * newlines become spaces.
 */
export function escapeMarkdown(value: unknown): string {
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/([|*_`[\]])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}
