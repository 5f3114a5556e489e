/**
 * awk, as Debian's and Ubuntu's default (mawk) behaves and words its errors. Supported:
 * `-F fs`, `-v var=value`, `-f progfile`, `var=value` operands; patterns (expressions,
 * /re/, ranges, BEGIN, END); fields ($0, $N, $NF, assignment rebuilding $0), NR NF FNR FS
 * OFS ORS FILENAME SUBSEP RSTART RLENGTH ENVIRON; arrays and `in`; print/printf with
 * > >> redirection to files; if/while/do/for/for-in, next, exit, delete, break, continue;
 * length substr index split sub gsub match sprintf tolower toupper int and the math
 * functions. Not supported (reported as the syntax error mawk prints at that token):
 * user-defined functions and getline; `| cmd` output pipes.
 */
import type { CommandSpec } from '../../types.ts';
import { AwkSyntax } from './lexer.ts';
import { parseAwk, type Program } from './parser.ts';
import { Awk, AwkRuntime } from './interp.ts';
import { readInputs, cwdOf } from '../../text-io.ts';
import { ERRNO_TEXT, readFile, resolvePath, writeFile } from '../../fs.ts';

const ESC: Record<string, string> = { t: '\t', n: '\n', '\\': '\\', '/': '/', '"': '"' };
/** More `{` than `}` outside strings and regexes (roughly: enough for the message). */
const unclosed = (prog: string) => {
  const bare = prog.replace(/"(\\.|[^"\\])*"/g, '');
  return (bare.match(/\{/g) ?? []).length > (bare.match(/\}/g) ?? []).length;
};
const unescape = (s: string) => s.replace(/\\(.)/g, (all, c: string) => ESC[c] ?? all);

const MAWK_HELP = `Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a "--" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with "-W".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider "\\n" a space.
    -W usage         show this message and exit.
`;

/** `awk [-F fs] [-v var=value] [-f file | 'program'] [file | var=value]...` */
export const awk: CommandSpec = {
  name: 'awk',
  run(ctx) {
    const name = ctx.argv[0]?.split('/').pop() ?? 'awk';
    const args = ctx.argv.slice(1);
    const assigns: [string, string][] = [];
    let fs: string | undefined;
    let progText: string | undefined;
    const usage = `usage: ${name} [-F value] [-v var=value] [--] 'program text' [file ...]\nusage: ${name} [-F value] [-v var=value] [-f program-file] [--] [file ...]\n`;
    while (args.length > 0 && args[0]?.startsWith('-') && args[0] !== '-') {
      const a = args.shift() ?? '';
      if (a === '--') break;
      const opt = a.slice(1, 2);
      const glued = a.slice(2);
      const value = glued !== '' ? glued : args.shift();
      if (value === undefined || !'Fvf'.includes(opt) && opt !== 'W') {
        if (value === undefined && 'Fvf'.includes(opt)) ctx.stderr.write(`${name}: option requires an argument -- ${opt}\n${usage}`);
        else ctx.stderr.write(`${name}: not an option ${a}\n`);
        return 2;
      }
      if (opt === 'F') fs = value === 't' ? '\t' : unescape(value);
      else if (opt === 'v') {
        const eq = value.indexOf('=');
        if (eq <= 0) {
          ctx.stderr.write(`${name}: improper assignment: -v ${value}\n`);
          return 2;
        }
        assigns.push([value.slice(0, eq), unescape(value.slice(eq + 1))]);
      } else if (opt === 'f') {
        const r = readFile({ machine: ctx.machine, netns: ctx.netns }, resolvePath(cwdOf(ctx), value));
        if (!r.ok) {
          ctx.stderr.write(`${name}: couldn't open file ${value}\n`);
          return 2;
        }
        progText = r.value;
      }
    }
    if (progText === undefined) progText = args.shift();
    if (progText === undefined) {
      // mawk 1.3.4 (Debian 12, Ubuntu 22.04) prints its help and succeeds when given no program.
      ctx.stderr.write(MAWK_HELP);
      return 0;
    }
    let prog: Program;
    try {
      prog = parseAwk(progText);
    } catch (e) {
      if (!(e instanceof AwkSyntax)) throw e;
      // mawk reports an unclosed action at the line after the last one.
      const lines = progText.split('\n').length;
      ctx.stderr.write(e.near === 'end of file' && unclosed(progText)
        ? `${name}: line ${lines + 1}: missing } near end of file\n`
        : `${name}: line 1: ${e.message ?? `syntax error at or near ${e.near}`}\n`);
      return 2;
    }
    const place = { machine: ctx.machine, netns: ctx.netns };
    const files = new Set<string>();
    let writeError: string | undefined;
    const interp = new Awk(prog, {
      out: (t) => ctx.stdout.write(t),
      redirect(op, target, text) {
        if (target === '/dev/stdout' || target === '-') return ctx.stdout.write(text);
        if (target === '/dev/stderr') return ctx.stderr.write(text);
        if (op === '|') {
          writeError ??= `${name}: output pipes are not supported by this simulator`;
          return;
        }
        const path = resolvePath(cwdOf(ctx), target);
        // `>` truncates only on the first write to a file in a run, as in awk.
        const append = op === '>>' || files.has(path);
        files.add(path);
        const r = writeFile(place, path, text, append);
        if (!r.ok) writeError ??= `${name}: cannot open "${target}" for output (${ERRNO_TEXT[r.errno]})`;
      },
    }, ctx.env);
    if (fs !== undefined) interp.vars.set('FS', fs);
    for (const [k, v] of assigns) interp.vars.set(k, { sn: v });
    // Operands of the form var=value are assignments done when reached (kept simple: before input).
    const operands = args.filter((a) => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a);
      if (m) interp.vars.set(m[1] ?? '', { sn: unescape(m[2] ?? '') });
      return !m;
    });
    const needsInput = prog.rules.length > 0 || prog.end.length > 0;
    const inputs = needsInput
      ? readInputs(ctx, name, operands, (file, reason) => `${name}: cannot open ${file} (${reason})`)
      : [];
    if (inputs.some((i) => i.text === undefined)) return 2;
    try {
      const status = interp.run(inputs.map((i) => ({ name: i.name, text: i.text ?? '' })));
      if (writeError) {
        ctx.stderr.write(writeError + '\n');
        return 2;
      }
      return status;
    } catch (e) {
      if (!(e instanceof AwkRuntime)) throw e;
      const nr = interp.str(interp.vars.get('NR'));
      const fnr = interp.str(interp.vars.get('FNR'));
      ctx.stderr.write(`${name}: run time error: ${e.message}\n\tFILENAME="${interp.str(interp.vars.get('FILENAME'))}" FNR=${fnr} NR=${nr}\n`);
      return 2;
    }
  },
};
