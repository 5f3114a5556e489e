/**
 * Build-time helpers for the MDX components: reading a cell's command from its children, so
 * authors can write `<Cell on="node-1">ip route</Cell>`. MDX renders children as HTML; a
 * command must come through as plain text, so markup inside it (markdown that turned `*` or
 * `_` into emphasis, a link) is an authoring error, reported with how to fix it.
 */

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the HTML entities MDX emits in text. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return entities[name.toLowerCase()] ?? whole;
  });
}

export type CommandText = { ok: true; text: string } | { ok: false; error: string };

/** The command lines in a cell's rendered children (paragraph wrappers allowed, nothing else). */
export function commandFromHtml(html: string): CommandText {
  const unwrapped = html.replace(/<\/?p>/g, '\n');
  const tag = /<([a-z][a-z0-9-]*)\b/i.exec(unwrapped);
  if (tag) {
    return {
      ok: false,
      error: `the command was parsed as markdown (it contains <${tag[1]}>); write it as a JavaScript string so it stays literal: {\`...\`} or the cmd="..." prop`,
    };
  }
  const text = decodeEntities(unwrapped)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
  if (text === '') return { ok: false, error: 'the cell has no command: write it between <Cell> and </Cell>' };
  return { ok: true, text };
}
