/**
 * Builtins over variables: export, unset, set (listing only), readonly is left out
 * (bash(1) "SHELL BUILTIN COMMANDS"). Invalid names get bash's "not a valid identifier".
 */
import type { Builtin } from '../frame.ts';
import { isName } from '../frame.ts';
import { errPrefix } from '../messages.ts';

/** Quotes a value as `declare -p` and `export -p` print it. */
const dq = (v: string) => '"' + v.replace(/(["\\$`])/g, '\\$1') + '"';

/** `export [-p] [-n] NAME[=value]...` */
export const exportBuiltin: Builtin = {
  name: 'export',
  binary: false,
  run(ctx, sh) {
    const f = sh.frame;
    let args = ctx.argv.slice(1);
    let unexport = false;
    while (args[0]?.startsWith('-') && args[0] !== '-') {
      const opt = args[0];
      if (opt === '--') { args = args.slice(1); break; }
      if (!/^-[pnf]+$/.test(opt)) {
        ctx.stderr.write(`${errPrefix(f)}export: ${opt.slice(0, 2)}: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p\n`);
        return 2;
      }
      if (opt.includes('n')) unexport = true;
      args = args.slice(1);
    }
    if (args.length === 0) {
      for (const n of [...f.exported].sort()) {
        const v = f.vars.get(n);
        ctx.stdout.write(v === undefined ? `declare -x ${n}\n` : `declare -x ${n}=${dq(v)}\n`);
      }
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (!isName(name)) {
        ctx.stderr.write(`${errPrefix(f)}export: \`${a}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      if (eq >= 0) f.vars.set(name, a.slice(eq + 1));
      if (unexport) f.exported.delete(name);
      else f.exported.add(name);
    }
    return status;
  },
};

/** `unset [-v] NAME...` */
export const unset: Builtin = {
  name: 'unset',
  binary: false,
  run(ctx, sh) {
    const f = sh.frame;
    let status = 0;
    for (const a of ctx.argv.slice(1)) {
      if (a === '-v' || a === '-f') continue;
      if (!isName(a)) {
        ctx.stderr.write(`${errPrefix(f)}unset: \`${a}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      f.vars.delete(a);
      f.exported.delete(a);
    }
    return status;
  },
};

/** `set` without arguments lists the variables; options are accepted and ignored. */
export const set: Builtin = {
  name: 'set',
  binary: false,
  run(ctx, sh) {
    const f = sh.frame;
    const args = ctx.argv.slice(1);
    if (args.length === 0) {
      for (const [n, v] of [...f.vars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        ctx.stdout.write(`${n}=${/^[A-Za-z0-9_./:@%+,-]*$/.test(v) ? v : "'" + v.replace(/'/g, "'\\''") + "'"}\n`);
      }
      return 0;
    }
    // `set -- a b` sets the positional parameters; -e/-x/-o pipefail are not modelled.
    const dd = args.indexOf('--');
    if (dd >= 0) f.args = args.slice(dd + 1);
    return 0;
  },
};

/**
 * `read [-r] [-p PROMPT] [NAME...]`: one line of standard input split on IFS into the
 * names (the last takes the rest; REPLY without names). Without -r a backslash escapes the
 * next character and joins continued lines. Status 1 at end of input (a last line without
 * a newline is still assigned), so `while read x` loops end.
 */
export const read: Builtin = {
  name: 'read',
  binary: false,
  run(ctx, sh) {
    const f = sh.frame;
    const args = ctx.argv.slice(1);
    let raw = false;
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      if (a === '-r') raw = true;
      else if (a === '-p') ctx.stderr.write(args[++i] ?? '');
      else if (/^-[sest]/.test(a)) { if (/^-[t]$/.test(a)) i++; }
      else if (a.startsWith('-') && a !== '-') {
        ctx.stderr.write(`${errPrefix(f)}read: ${a.slice(0, 2)}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n`);
        return 2;
      } else if (!isName(a)) {
        ctx.stderr.write(`${errPrefix(f)}read: \`${a}': not a valid identifier\n`);
        return 1;
      } else names.push(a);
    }
    let line = sh.readLine();
    if (line === undefined) {
      for (const n of names.length ? names : ['REPLY']) f.vars.set(n, '');
      return 1;
    }
    let complete = line.endsWith('\n');
    if (!raw) {
      while (/(^|[^\\])(\\\\)*\\\n$/.test(line)) {
        const more = sh.readLine();
        line = line.slice(0, -2) + (more ?? '');
        complete = more?.endsWith('\n') ?? false;
        if (more === undefined) break;
      }
    }
    const text = line.replace(/\n$/, '');
    if (names.length === 0) {
      f.vars.set('REPLY', raw ? text : text.replace(/\\(.)/g, '$1'));
      return complete ? 0 : 1;
    }
    // Split on unescaped blanks; each character is [char, escaped] so `\ ` stays in a field.
    const chars: [string, boolean][] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i] ?? '';
      if (!raw && c === '\\' && i + 1 < text.length) chars.push([text[++i] ?? '', true]);
      else chars.push([c, false]);
    }
    const blank = (k: number) => !chars[k]?.[1] && (chars[k]?.[0] === ' ' || chars[k]?.[0] === '\t');
    let k = 0;
    names.forEach((n, idx) => {
      while (k < chars.length && blank(k)) k++;
      let end = k;
      if (idx === names.length - 1) {
        end = chars.length;
        while (end > k && blank(end - 1)) end--;
      } else while (end < chars.length && !blank(end)) end++;
      f.vars.set(n, chars.slice(k, end).map(([c]) => c).join(''));
      k = end;
    });
    return complete ? 0 : 1;
  },
};
