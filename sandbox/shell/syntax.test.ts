/**
 * The tokenizer, the parser and the script splitter: quoting, expansions kept as parts,
 * here-documents, operators, syntax errors named as bash names them, and incomplete input.
 */
import { describe, expect, it } from 'vitest';
import { lex } from './lexer.ts';
import { parse } from './parser.ts';
import { isComplete, splitCommands } from './script.ts';

const words = (src: string) => {
  const r = lex(src);
  if (!r.ok) throw new Error('incomplete');
  return r.tokens.map((t) => (t.t === 'word' ? t.raw : t.t === 'nl' ? '\\n' : t.t === 'redir' ? `${t.fd ?? ''}${t.op}` : t.op));
};

describe('lexer', () => {
  it('splits words and operators, keeping quotes inside words', () => {
    expect(words(`echo "a b"'c'd|grep -v x&&ls;true||false`)).toEqual(['echo', `"a b"'c'd`, '|', 'grep', '-v', 'x', '&&', 'ls', ';', 'true', '||', 'false']);
  });
  it('reads redirections with fd numbers and dups', () => {
    expect(words('cmd 2>&1 >/dev/null 2>>err <in &>all')).toEqual(['cmd', '2>&', '1', '>', '/dev/null', '2>>', 'err', '<', 'in', '&>', 'all']);
  });
  it('keeps expansions as parts with their quoting', () => {
    const r = lex(`"$HOME x" $(echo "a)b") \${X:-d} '$Y' $((1+2))`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const parts = r.tokens.map((t) => (t.t === 'word' ? t.parts.map((p) => p.k + (('quoted' in p && p.quoted) ? '*' : '')) : []));
    expect(parts).toEqual([['param*', 'lit*'], ['cmdsub'], ['param'], ['lit*'], ['arith']]);
  });
  it('skips comments and joins backslash-newline', () => {
    expect(words('echo a \\\nb # not this')).toEqual(['echo', 'a', 'b']);
  });
  it('reads here-document bodies after the line ends', () => {
    const r = lex('cat <<EOF | wc -l\none\n  two\nEOF\necho after');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const redir = r.tokens.find((t) => t.t === 'redir');
    expect(redir?.t === 'redir' && redir.heredoc).toMatchObject({ delim: 'EOF', quoted: false, body: 'one\n  two\n' });
    expect(r.tokens.filter((t) => t.t === 'word').map((t) => (t.t === 'word' ? t.raw : ''))).toEqual(['cat', 'EOF', 'wc', '-l', 'echo', 'after']);
  });
  it('strips tabs for <<- and marks quoted delimiters', () => {
    const r = lex("cat <<-'END'\n\tx $Y\n\tEND\n");
    expect(r.ok && r.tokens.find((t) => t.t === 'redir')).toMatchObject({ heredoc: { delim: 'END', quoted: true, body: 'x $Y\n' } });
  });
  it('reports what is missing', () => {
    expect(lex(`echo 'abc`)).toEqual({ ok: false, incomplete: { want: "'", heredoc: false } });
    expect(lex(`echo "abc`)).toEqual({ ok: false, incomplete: { want: '"', heredoc: false } });
    expect(lex(`echo $(ls`)).toEqual({ ok: false, incomplete: { want: ')', heredoc: false } });
    expect(lex(`cat <<EOF\nabc`)).toEqual({ ok: false, incomplete: { want: 'EOF', heredoc: true } });
  });
});

describe('parser', () => {
  it('builds and-or lists of pipelines', () => {
    const r = parse('a | b && ! c || d; e &');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.list).toHaveLength(2);
    expect(r.list[0]?.first.commands).toHaveLength(2);
    expect(r.list[0]?.rest.map((x) => [x.op, x.pipeline.bang])).toEqual([['&&', true], ['||', false]]);
    expect(r.list[1]?.background).toBe(true);
  });
  it('separates assignments from words', () => {
    const r = parse('A=1 B="x y" cmd C=2');
    const cmd = r.ok ? r.list[0]?.first.commands[0] : undefined;
    expect(cmd?.type === 'simple' && [cmd.assigns.map((a) => a.name), cmd.words.map((w) => w.raw)]).toEqual([['A', 'B'], ['cmd', 'C=2']]);
  });
  it('parses compound commands', () => {
    for (const src of ['if a; then b; elif c; then d; else e; fi', 'for i in 1 2; do echo $i; done', 'while false; do :; done', '(a; b) > f', '{ a; b; } 2>&1', 'for x; do :; done']) {
      expect(parse(src).ok, src).toBe(true);
    }
  });
  it('names the unexpected token as bash does', () => {
    const cases: [string, string][] = [['echo a | | b', '|'], ['; ls', ';'], ['ls &&& x', '&'], ['if true; then fi', 'fi'], ['done', 'done'], ['( )', ')'], ['echo >\n', 'newline'], ['cat < |', '|']];
    for (const [src, tok] of cases) expect(parse(src), src).toEqual({ ok: false, error: { kind: 'token', token: tok } });
  });
  it('reports an unexpected end of input', () => {
    for (const src of ['ls |', 'a &&', 'if true; then', 'for i in 1; do', '(ls', '{ ls']) {
      const r = parse(src);
      expect(!r.ok && r.error.kind, src).toBe('eof');
    }
  });
  it('takes a here-document cut off at the end as it is', () => {
    const r = parse('cat <<EOF\nabc');
    expect(r.ok && r.heredocEof).toBe('EOF');
  });
});

describe('script splitting (multi-line paste, CLI stdin)', () => {
  it('splits complete lines and keeps unfinished ones together', () => {
    const script = 'echo one\ncat <<EOF\nbody\nEOF\nfor i in 1 2; do\n  echo $i\ndone\nls |\n  wc -l\necho "multi\nline"\necho a \\\n  b\n';
    expect(splitCommands(script)).toEqual([
      'echo one', 'cat <<EOF\nbody\nEOF', 'for i in 1 2; do\n  echo $i\ndone', 'ls |\n  wc -l', 'echo "multi\nline"', 'echo a \\\n  b',
    ]);
  });
  it('says when more input is needed', () => {
    expect(isComplete('echo hi')).toBe(true);
    expect(isComplete('echo a | | b')).toBe(true);
    expect(isComplete("echo 'x")).toBe(false);
    expect(isComplete('cat <<EOF')).toBe(false);
    expect(isComplete('echo \\')).toBe(false);
  });
  it('keeps a last unfinished command so running it reports the error', () => {
    expect(splitCommands("echo ok\necho 'open")).toEqual(['echo ok', "echo 'open"]);
  });
});
