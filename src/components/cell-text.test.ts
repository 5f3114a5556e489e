import { describe, expect, it } from 'vitest';
import { commandFromHtml, decodeEntities } from './cell-text.ts';

describe('commandFromHtml', () => {
  it('reads plain text children', () => {
    expect(commandFromHtml('ip route')).toEqual({ ok: true, text: 'ip route' });
  });
  it('unwraps paragraphs into lines and decodes entities', () => {
    expect(commandFromHtml('<p>echo a &amp;&amp; echo b</p>\n<p>curl -s &quot;http://x&quot; &gt; /dev/null</p>'))
      .toEqual({ ok: true, text: 'echo a && echo b\ncurl -s "http://x" > /dev/null' });
  });
  it('rejects markdown that swallowed characters, saying how to fix it', () => {
    const result = commandFromHtml('echo <em>a</em>');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('<em>');
  });
  it('rejects an empty cell', () => {
    expect(commandFromHtml('<p> </p>').ok).toBe(false);
  });
});

describe('decodeEntities', () => {
  it('decodes named and numeric entities', () => {
    expect(decodeEntities('&lt;&#39;&#x41;&unknown;')).toBe("<'A&unknown;");
  });
});
