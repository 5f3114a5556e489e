/**
 * Splitting text into the commands a person would type one by one: a multi-line paste or
 * the CLI's standard input runs line by line, except that a line whose command is not
 * finished (an open quote, a here-document still waiting for its delimiter, a trailing `|`,
 * `&&` or `\`, an open `if`/`for`/`(`) takes the following lines with it, as bash's
 * secondary prompt (`> `) would.
 */
import { parse } from './parser.ts';

/** Whether `text` is a complete command (more lines are needed when it is not). */
export function isComplete(text: string): boolean {
  if (/(^|[^\\])(\\\\)*\\\n?$/.test(text)) return false;
  const r = parse(text, false);
  return r.ok || r.error.kind !== 'eof';
}

/** Splits a script into complete commands, each possibly spanning several lines. */
export function splitCommands(script: string): string[] {
  const lines = script.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [];
  let acc: string | undefined;
  for (const line of lines) {
    acc = acc === undefined ? line : acc + '\n' + line;
    if (isComplete(acc + '\n')) {
      out.push(acc);
      acc = undefined;
    }
  }
  // What is left is cut off; running it reports what bash reports at end of input.
  if (acc !== undefined) out.push(acc);
  return out;
}
