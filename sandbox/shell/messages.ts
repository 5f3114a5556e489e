/**
 * The shell's own messages, worded as each flavour words them (bash, dash, busybox ash): the
 * prefix before any message, syntax errors, a command that is not found, and `time`'s
 * report. Builtins use errPrefix for theirs.
 */
import type { SyntaxError } from './parser.ts';
import type { Frame } from './frame.ts';

/** The text before a shell's message: `bash: `, dash's `sh: 1: `, ash's `sh: `. */
export function errPrefix(f: Frame): string {
  if (f.flavour === 'dash') return `sh: ${f.line ?? 1}: `;
  if (f.flavour === 'ash') return 'sh: ';
  return f.interactive || f.argv0 !== 'sh' ? 'bash: ' : 'sh: ';
}

/** The syntax error message of each flavour. */
export function syntaxMessage(f: Frame, e: SyntaxError): string {
  const p = errPrefix(f);
  if (e.kind === 'eof') {
    const quote = e.want === "'" || e.want === '"';
    if (f.flavour === 'dash') return `${p}Syntax error: ${quote ? 'Unterminated quoted string' : 'end of file unexpected'}`;
    if (f.flavour === 'ash') return `${p}syntax error: ${quote ? 'unterminated quoted string' : 'unexpected end of file'}`;
    if (e.want && !e.heredoc) return `${p}unexpected EOF while looking for matching \`${e.want}'`;
    return `${p}syntax error: unexpected end of file`;
  }
  if (f.flavour === 'dash') return `${p}Syntax error: "${e.token}" unexpected`;
  if (f.flavour === 'ash') return `${p}syntax error: unexpected "${e.token}"`;
  return `${p}syntax error near unexpected token \`${e.token}'`;
}

/** A command that is not a builtin nor a binary here: bash names paths differently. */
export function notFound(f: Frame, name: string): string {
  if (f.flavour === 'bash') return name.includes('/') ? `${errPrefix(f)}${name}: No such file or directory` : `${errPrefix(f)}${name}: command not found`;
  return `${errPrefix(f)}${name}: not found`;
}

/** bash's `time` report (TIMEFORMAT default): elapsed virtual time; simulated programs use no CPU. */
export function timeReport(ms: number): string {
  const t = (v: number) => `${Math.floor(v / 60000)}m${((v % 60000) / 1000).toFixed(3)}s`;
  return `\nreal\t${t(ms)}\nuser\t${t(0)}\nsys\t${t(0)}\n`;
}
