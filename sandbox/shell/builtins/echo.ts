/**
 * echo and printf, as bash's builtins behave (bash(1) "echo", printf(1)): echo takes -n,
 * -e and -E (only as leading options, possibly combined like -ne); busybox sh's is the
 * same; dash's takes only -n and always interprets backslash escapes.
 */
import type { Builtin } from '../frame.ts';
import { errPrefix } from '../messages.ts';

/** Backslash escapes of `echo -e` and printf's %b; `\c` stops all output. */
export function escapes(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) { out += c; continue; }
    const n = s[++i] ?? '';
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '\\': '\\' };
    if (n in simple) out += simple[n];
    else if (n === 'c') return { text: out, stop: true };
    else if (n === '0') {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))?.[0] ?? '';
      out += String.fromCharCode(parseInt(m || '0', 8));
      i += m.length;
    } else if (n === 'x') {
      const m = /^[0-9a-fA-F]{0,2}/.exec(s.slice(i + 1))?.[0] ?? '';
      if (m === '') out += '\\x';
      else { out += String.fromCharCode(parseInt(m, 16)); i += m.length; }
    } else out += '\\' + n;
  }
  return { text: out, stop: false };
}

/** `echo [-neE] [arg ...]` */
export const echo: Builtin = {
  name: 'echo',
  binary: false,
  run(ctx, sh) {
    const args = ctx.argv.slice(1);
    let newline = true;
    let interpret = sh.frame.flavour === 'dash';
    // dash's echo knows only -n (and always interprets escapes); bash's and busybox's take -neE.
    const opts = sh.frame.flavour === 'dash' ? /^-n$/ : /^-[neE]+$/;
    while (args.length > 0 && opts.test(args[0] ?? '')) {
      const opt = args.shift() ?? '';
      for (const c of opt.slice(1)) {
        if (c === 'n') newline = false;
        else if (c === 'e') interpret = true;
        else interpret = false;
      }
    }
    let text = args.join(' ');
    if (interpret) {
      const r = escapes(text);
      text = r.text;
      if (r.stop) newline = false;
    }
    ctx.stdout.write(text + (newline ? '\n' : ''));
    return 0;
  },
};

const INT_MAX = 2 ** 31 - 1;
/** The most text one conversion may produce (16 MiB): the simulator's stand-in for memory. */
const OUTPUT_CAP = 2 ** 24;

/**
 * `%.Nf`: toFixed stops at 100 digits; past that the digits of a double are zeros for the
 * numbers people print (integers and short binary fractions), so zeros are appended. A
 * precision past INT_MAX makes printf(3) fail: nothing is printed, as bash does.
 */
function fixed(num: number, prec: number): string {
  if (prec > INT_MAX || prec > OUTPUT_CAP) return '';
  if (!Number.isFinite(num)) return String(num).replace('Infinity', 'inf').replace('NaN', 'nan');
  return prec <= 100 ? num.toFixed(prec) : num.toFixed(100) + '0'.repeat(prec - 100);
}

/** `printf FORMAT [arg ...]`: %s %b %d %i %u %x %o %c %f %%, widths and `-`; the format repeats while args remain. */
export const printf: Builtin = {
  name: 'printf',
  binary: false,
  run(ctx, sh) {
    const [fmt, ...args] = ctx.argv.slice(1);
    if (fmt === undefined) {
      ctx.stderr.write(`${errPrefix(sh.frame)}printf: usage: printf [-v var] format [arguments]\n`);
      return 2;
    }
    let out = '';
    let status = 0;
    let oom = false;
    let i = 0;
    do {
      let used = false;
      const body = escapes(fmt.replace(/%%/g, '\u0000')).text.replace(/%(-?)([0-9]*)(?:\.([0-9]+))?([sbdiuxXocf])/g, (_all, left: string, width: string, prec: string | undefined, conv: string) => {
        used = true;
        const a = args[i++] ?? '';
        let v: string;
        if (conv === 's') v = prec !== undefined ? a.slice(0, Number(prec)) : a;
        else if (conv === 'b') v = escapes(a).text;
        else if (conv === 'c') v = a.slice(0, 1);
        else {
          const n = a === '' ? 0 : Number(a);
          if (Number.isNaN(n)) {
            ctx.stderr.write(`${errPrefix(sh.frame)}printf: ${a}: invalid number\n`);
            status = 1;
          }
          const num = Number.isNaN(n) ? 0 : n;
          v = conv === 'f' ? fixed(num, prec === undefined ? 6 : Number(prec))
            : conv === 'x' ? Math.trunc(num).toString(16) : conv === 'X' ? Math.trunc(num).toString(16).toUpperCase()
            : conv === 'o' ? Math.trunc(num).toString(8) : String(Math.trunc(num));
        }
        const w = Number(width || '0');
        if (w <= v.length) return v;
        // A width past INT_MAX makes printf(3) fail (EOVERFLOW): bash prints nothing for it.
        if (w > INT_MAX) return '';
        // Real bash pads as far as memory goes; the simulator's memory ends at OUTPUT_CAP.
        if (w > OUTPUT_CAP) {
          if (!oom) ctx.stderr.write(`${errPrefix(sh.frame)}xmalloc: cannot allocate ${w + 1} bytes (simulator memory limit)\n`);
          oom = true;
          return '';
        }
        return left ? v.padEnd(w) : v.padStart(w);
      });
      out += body.replace(/\u0000/g, '%');
      if (out.length > OUTPUT_CAP && !oom) {
        ctx.stderr.write(`${errPrefix(sh.frame)}xmalloc: cannot allocate ${out.length + 1} bytes (simulator memory limit)\n`);
        oom = true;
      }
      if (!used || oom) break;
    } while (i < args.length);
    ctx.stdout.write(oom ? out.slice(0, OUTPUT_CAP) : out);
    return oom ? 1 : status;
  },
};
