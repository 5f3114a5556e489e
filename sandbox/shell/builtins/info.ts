/**
 * Builtins that describe the shell: `type`, `history`, and `test`/`[` (XCU test(1), the
 * operators scripts use). `history` numbers lines as bash does (`  1  ip route`).
 */
import type { Builtin } from '../frame.ts';
import { errPrefix } from '../messages.ts';
import { isDir, readFile, resolvePath } from '../fs.ts';

/** `type NAME...` */
export const type: Builtin = {
  name: 'type',
  binary: false,
  run(ctx, sh) {
    let status = 0;
    for (const n of ctx.argv.slice(1)) {
      const l = sh.lookup(n);
      if (!l) {
        ctx.stderr.write(`${errPrefix(sh.frame)}type: ${n}: not found\n`);
        status = 1;
      } else ctx.stdout.write(l.kind === 'builtin' ? `${n} is a shell builtin\n` : `${n} is ${l.path}\n`);
    }
    return status;
  },
};

/** `history [n]` */
export const history: Builtin = {
  name: 'history',
  binary: false,
  run(ctx, sh) {
    const all = sh.history();
    const arg = ctx.argv[1];
    if (arg !== undefined && !/^[0-9]+$/.test(arg)) {
      ctx.stderr.write(`${errPrefix(sh.frame)}history: ${arg}: numeric argument required\n`);
      return 1;
    }
    const start = arg === undefined ? 0 : Math.max(0, all.length - Number(arg));
    for (let i = start; i < all.length; i++) ctx.stdout.write(`${String(i + 1).padStart(5)}  ${all[i]}\n`);
    return 0;
  },
};

/** Evaluates test(1) arguments: 0 true, 1 false, 2 error (with a message). */
function evaluate(args: string[], fileOk: (p: string, op: string) => boolean): number | string {
  if (args[0] === '!') {
    const r = evaluate(args.slice(1), fileOk);
    return typeof r === 'string' ? r : Number(r === 0);
  }
  const [a, b, c] = args;
  if (args.length === 0) return 1;
  if (args.length === 1) return Number(a === '');
  if (args.length === 2) {
    if (a === '-z') return Number((b ?? '') !== '');
    if (a === '-n') return Number((b ?? '') === '');
    if (a && /^-[efdsrwx]$/.test(a)) return Number(!fileOk(b ?? '', a));
    return `${a}: unary operator expected`;
  }
  if (args.length === 3 && a !== undefined && b !== undefined && c !== undefined) {
    switch (b) {
      case '=':
      case '==': return Number(a !== c);
      case '!=': return Number(a === c);
    }
    const ints: Record<string, (x: number, y: number) => boolean> = {
      '-eq': (x, y) => x === y, '-ne': (x, y) => x !== y, '-lt': (x, y) => x < y,
      '-le': (x, y) => x <= y, '-gt': (x, y) => x > y, '-ge': (x, y) => x >= y,
    };
    const cmp = ints[b];
    if (!cmp) return `${b}: binary operator expected`;
    for (const v of [a, c]) if (!/^\s*[-+]?[0-9]+\s*$/.test(v)) return `${v}: integer expression expected`;
    return Number(!cmp(Number(a), Number(c)));
  }
  return 'too many arguments';
}

function testBuiltin(name: 'test' | '['): Builtin {
  return {
    name,
    binary: false,
    run(ctx, sh) {
      let args = ctx.argv.slice(1);
      if (name === '[') {
        if (args[args.length - 1] !== ']') {
          ctx.stderr.write(`${errPrefix(sh.frame)}[: missing \`]'\n`);
          return 2;
        }
        args = args.slice(0, -1);
      }
      const f = sh.frame;
      const r = evaluate(args, (p, op) => {
        const abs = resolvePath(f.cwd, p);
        if (op === '-d') return isDir(f.place, abs);
        const file = readFile(f.place, abs);
        if (op === '-f') return file.ok;
        if (op === '-s') return file.ok && file.value !== '';
        return file.ok || isDir(f.place, abs);
      });
      if (typeof r === 'string') {
        ctx.stderr.write(`${errPrefix(f)}${name}: ${r}\n`);
        return 2;
      }
      return r;
    },
  };
}

/** `test EXPR` and `[ EXPR ]` */
export const test = testBuiltin('test');
export const bracket = testBuiltin('[');
