// Escaping of strings from files: HTML, JSON inside <script>, inlined libraries, Markdown.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, inlineScript, jsonForScript } from '../../../harness/render/escape.ts';

const NASTY =
  '</script><script>window.__pwned=1</script> <img src=x onerror=window.__pwned=1> & "q" \'s\' \u2028\u2029';

describe('escape', () => {
  it('escapeHtml leaves no markup', () => {
    const e = escapeHtml(NASTY);
    expect(e).not.toMatch(/[<>"']/);
    expect(e).toContain('&lt;/script&gt;&lt;script&gt;');
    expect(e).toContain('&amp; &quot;q&quot; &#39;s&#39;');
  });

  it('jsonForScript cannot end a script element and parses back to the same value', () => {
    const value = { name: NASTY, nested: ['<!--', '-->', '&amp;'] };
    const j = jsonForScript(value);
    expect(j).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(j)).toEqual(value);
  });

  it('inlineScript breaks up </script and <!-- and drops source maps', () => {
    const code = 'var a = "</script>"; var b = "<!--"; var c = /<\\/SCRIPT>/i;\n//# sourceMappingURL=x.js.map';
    const out = inlineScript(code);
    expect(out).not.toMatch(/<\/script/i);
    expect(out).not.toContain('<!--');
    expect(out).not.toContain('sourceMappingURL');
    // Inside string literals the escapes mean the same characters.
    expect(runInNewContext(`${out}; [a, b]`)).toEqual(['</script>', '<!--']);
  });

  it('escapeMarkdown escapes table pipes, emphasis and HTML', () => {
    expect(escapeMarkdown('a|b *c* _d_ `e` [f](g) <img> & x\ny')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) &lt;img&gt; &amp; x y',
    );
  });
});
