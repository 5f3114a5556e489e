/**
 * Input for the text utilities: each FILE operand read from the machine's files (relative
 * to the shell's $PWD), `-` or no operand meaning standard input, with the coreutils
 * message for a file that cannot be read (`cat: x: No such file or directory`).
 */
import type { CommandContext } from './types.ts';
import { ERRNO_TEXT, readFile, resolvePath } from './fs.ts';

/** One input: its name as given (`-` for stdin) and its text, or undefined when unreadable. */
export interface Input {
  name: string;
  text: string | undefined;
}

/** The shell's working directory as the command sees it. */
export const cwdOf = (ctx: CommandContext) => ctx.env.get('PWD') ?? '/';

/** How a tool words an unreadable file; the default is `tool: NAME: reason` (cat, wc, grep). */
export type ReadError = (name: string, reason: string, errno: keyof typeof ERRNO_TEXT) => string;

/** Reads the operands (stdin when none); prints the tool's message for each failure. */
export function readInputs(ctx: CommandContext, tool: string, operands: string[], message?: ReadError): Input[] {
  const names = operands.length === 0 ? ['-'] : operands;
  return names.map((name) => {
    if (name === '-') return { name, text: ctx.stdin };
    const r = readFile({ machine: ctx.machine, netns: ctx.netns }, resolvePath(cwdOf(ctx), name));
    if (r.ok) return { name, text: r.value };
    const reason = ERRNO_TEXT[r.errno];
    const text = message ? message(name, reason, r.errno) : `${tool}: ${name}: ${reason}`;
    if (text !== '') ctx.stderr.write(text + '\n');
    return { name, text: undefined };
  });
}

/** Splits text into lines without their newlines (a last line without one still counts). */
export function linesOf(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The usage hint coreutils prints after an option error. */
export const tryHelp = (tool: string) => `Try '${tool} --help' for more information.\n`;
