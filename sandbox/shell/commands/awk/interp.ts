/**
 * Runs a parsed awk program over records (POSIX awk "Expressions", "Variables and Special
 * Variables"): values are numbers, strings, or "strnums" (field text that looks numeric,
 * compared as numbers); fields split on FS (a blank FS splits on runs of blanks and trims,
 * one character splits on itself, more is a regular expression); assigning a field rebuilds
 * $0 with OFS.
 */
import type { Expr, Program, Stmt } from './parser.ts';
import { numToStr, sprintf } from './format.ts';
import { compile } from '../../regex.ts';

/** An awk value; `{ sn }` is a strnum, undefined an uninitialised variable. */
export type Val = number | string | { sn: string } | undefined;

/** Raised for run-time errors (`division by zero`); the command prints mawk's message. */
export class AwkRuntime {
  message: string;
  constructor(message: string) {
    this.message = message;
  }
}

class Next {}
class Exit {
  code: number;
  constructor(code: number) {
    this.code = code;
  }
}
class Loop {
  kind: 'break' | 'continue';
  constructor(kind: 'break' | 'continue') {
    this.kind = kind;
  }
}

const NUM_RE = /^[ \t\n]*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?[ \t\n]*$/;
const looksNumeric = (s: string) => NUM_RE.test(s);

/** Output sink per redirection target. */
export interface AwkIo {
  out(text: string): void;
  redirect(op: '>' | '>>' | '|', target: string, text: string): void;
}

/** Interpreter state for one run. */
export class Awk {
  vars = new Map<string, Val>();
  arrays = new Map<string, Map<string, Val>>();
  private fields: string[] = [''];
  private nf = 0;
  private exitCode = 0;
  private readonly reCache = new Map<string, RegExp>();
  private readonly prog: Program;
  private readonly io: AwkIo;

  constructor(prog: Program, io: AwkIo, env: ReadonlyMap<string, string>) {
    this.prog = prog;
    this.io = io;
    for (const [k, v] of Object.entries({ FS: ' ', OFS: ' ', ORS: '\n', RS: '\n', NR: 0, FNR: 0, SUBSEP: '\x1c', CONVFMT: '%.6g', OFMT: '%.6g', FILENAME: '', RSTART: 0, RLENGTH: -1 })) this.vars.set(k, v);
    this.arrays.set('ENVIRON', new Map([...env].map(([k, v]) => [k, { sn: v }])));
  }

  // ---- conversions ----
  num(v: Val): number {
    if (v === undefined) return 0;
    if (typeof v === 'number') return v;
    const s = typeof v === 'string' ? v : v.sn;
    const m = /^[ \t\n]*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)/.exec(s);
    return m ? Number(m[1]) : 0;
  }
  str(v: Val, fmt = 'CONVFMT'): string {
    if (v === undefined) return '';
    if (typeof v === 'number') return numToStr(v, String(this.vars.get(fmt) ?? '%.6g'));
    return typeof v === 'string' ? v : v.sn;
  }
  private truthy(v: Val): boolean {
    if (v === undefined) return false;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string') return v !== '';
    return looksNumeric(v.sn) ? this.num(v) !== 0 : v.sn !== '';
  }
  regex(src: string): RegExp {
    let re = this.reCache.get(src);
    if (!re) {
      const c = compile(src, true);
      if (!c.ok) throw new AwkRuntime(`regular expression compile failed (${c.message.toLowerCase()})\n${src}`);
      re = c.re;
      this.reCache.set(src, re);
    }
    return re;
  }

  // ---- records and fields ----
  setRecord(line: string): void {
    this.fields = [line];
    this.split();
  }
  private split(): void {
    const rec = this.fields[0] ?? '';
    const fs = this.str(this.vars.get('FS'));
    let parts: string[];
    if (fs === ' ') parts = rec.split(/[ \t\n]+/).filter((p) => p !== '');
    else if (rec === '') parts = [];
    else if ([...fs].length === 1 && fs !== '\\') parts = rec.split(fs);
    else parts = rec.split(this.regex(fs));
    this.fields = [rec, ...parts];
    this.nf = parts.length;
  }
  private rebuild(): void {
    this.fields[0] = this.fields.slice(1, this.nf + 1).map((f) => f ?? '').join(this.str(this.vars.get('OFS')));
  }
  getField(i: number): Val {
    if (i < 0) throw new AwkRuntime(`negative field index $${i}`);
    if (i > this.nf) return '';
    return { sn: this.fields[i] ?? '' };
  }
  setField(i: number, v: string): void {
    if (i === 0) return this.setRecord(v);
    while (this.fields.length <= i) this.fields.push('');
    this.fields[i] = v;
    if (i > this.nf) this.nf = i;
    this.rebuild();
  }

  // ---- variables ----
  private getVar(name: string): Val {
    if (name === 'NF') return this.nf;
    return this.vars.get(name);
  }
  private setVar(name: string, v: Val): void {
    if (this.arrays.has(name)) throw new AwkRuntime(`can't assign to ${name}; it's an array name.`);
    if (name === 'NF') {
      this.nf = Math.max(0, Math.trunc(this.num(v)));
      this.fields.length = this.nf + 1;
      this.rebuild();
      return;
    }
    this.vars.set(name, v);
  }
  private array(name: string): Map<string, Val> {
    let a = this.arrays.get(name);
    if (!a) {
      a = new Map();
      this.arrays.set(name, a);
    }
    return a;
  }
  private key(subs: Expr[]): string {
    return subs.map((s) => this.str(this.eval(s))).join(this.str(this.vars.get('SUBSEP')));
  }
  private assignTo(target: Expr, v: Val): Val {
    if (target.k === 'var') this.setVar(target.name, v);
    else if (target.k === 'field') this.setField(Math.trunc(this.num(this.eval(target.e))), this.str(v));
    else if (target.k === 'idx') this.array(target.name).set(this.key(target.subs), v);
    return v;
  }

  // ---- expressions ----
  private compare(a: Val, b: Val, op: string): boolean {
    const numA = typeof a === 'number' || a === undefined || (typeof a === 'object' && looksNumeric(a.sn));
    const numB = typeof b === 'number' || b === undefined || (typeof b === 'object' && looksNumeric(b.sn));
    let c: number;
    if (numA && numB) c = Math.sign(this.num(a) - this.num(b));
    else {
      const x = this.str(a);
      const y = this.str(b);
      c = x < y ? -1 : x > y ? 1 : 0;
    }
    return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '==' ? c === 0 : c !== 0;
  }
  private matches(e: Expr, text: string): boolean {
    const src = e.k === 're' ? e.v : this.str(this.eval(e));
    return this.regex(src).test(text);
  }
  eval(e: Expr): Val {
    switch (e.k) {
      case 'num': return e.v;
      case 'str': return e.v;
      case 're': return Number(this.matches(e, this.str(this.getField(0))));
      case 'var': return this.getVar(e.name);
      case 'field': return this.getField(Math.trunc(this.num(this.eval(e.e))));
      case 'idx': {
        const a = this.array(e.name);
        const k = this.key(e.subs);
        if (!a.has(k)) a.set(k, undefined);
        return a.get(k);
      }
      case 'in': return Number(this.array(e.arr).has(this.key(e.subs)));
      case 'assign': {
        const v = this.eval(e.e);
        if (e.op === '=') return this.assignTo(e.target, typeof v === 'object' ? { sn: v.sn } : v);
        const cur = this.num(this.eval(e.target));
        return this.assignTo(e.target, this.arith(e.op.slice(0, 1), cur, this.num(v)));
      }
      case 'incdec': {
        const cur = this.num(this.eval(e.target));
        const next = e.op === '++' ? cur + 1 : cur - 1;
        this.assignTo(e.target, next);
        return e.prefix ? next : cur;
      }
      case 'cond': return this.truthy(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case 'un': {
        const v = this.eval(e.e);
        return e.op === '!' ? Number(!this.truthy(v)) : e.op === '-' ? -this.num(v) : this.num(v);
      }
      case 'match': return Number(this.matches(e.re, this.str(this.eval(e.a))) !== e.neg);
      case 'concat': return this.str(this.eval(e.a)) + this.str(this.eval(e.b));
      case 'bin': {
        if (e.op === '&&') return Number(this.truthy(this.eval(e.a)) && this.truthy(this.eval(e.b)));
        if (e.op === '||') return Number(this.truthy(this.eval(e.a)) || this.truthy(this.eval(e.b)));
        const a = this.eval(e.a);
        const b = this.eval(e.b);
        if (['<', '<=', '>', '>=', '==', '!='].includes(e.op)) return Number(this.compare(a, b, e.op));
        return this.arith(e.op, this.num(a), this.num(b));
      }
      case 'call': return this.call(e.name, e.args);
    }
  }
  private arith(op: string, a: number, b: number): number {
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/':
        if (b === 0) throw new AwkRuntime('division by zero');
        return a / b;
      case '%':
        if (b === 0) throw new AwkRuntime('division by zero in %');
        return a % b;
      default: return Math.pow(a, b);
    }
  }
  private call(name: string, args: Expr[]): Val {
    const s = (i: number) => this.str(args[i] ? this.eval(args[i]) : this.getField(0));
    const n = (i: number) => this.num(args[i] ? this.eval(args[i]) : undefined);
    switch (name) {
      case 'length': {
        const a = args[0];
        if (a?.k === 'var' && this.arrays.has(a.name)) return this.array(a.name).size;
        return [...s(0)].length;
      }
      case 'substr': {
        const str = [...s(0)];
        const start = Math.round(n(1));
        const len = args.length > 2 ? Math.round(n(2)) : Infinity;
        const from = Math.max(1, start);
        const to = Math.min(str.length + 1, start + len);
        return to > from ? str.slice(from - 1, to - 1).join('') : '';
      }
      case 'index': return s(0).indexOf(s(1)) + 1;
      case 'tolower': return s(0).toLowerCase();
      case 'toupper': return s(0).toUpperCase();
      case 'int': return Math.trunc(n(0));
      case 'sqrt': return Math.sqrt(n(0));
      case 'log': return Math.log(n(0));
      case 'exp': return Math.exp(n(0));
      case 'sin': return Math.sin(n(0));
      case 'cos': return Math.cos(n(0));
      case 'atan2': return Math.atan2(n(0), n(1));
      case 'rand': return 0.5;
      case 'srand': return 0;
      case 'sprintf': return sprintf(s(0), args.slice(1).map((a) => this.eval(a)), (v) => this.num(v), (v) => this.str(v));
      case 'split': {
        const target = args[1];
        if (target?.k !== 'var') throw new AwkRuntime('split: second argument must be an array');
        const text = s(0);
        const fs = args[2] ? (args[2].k === 're' ? args[2].v : s(2)) : this.str(this.vars.get('FS'));
        const parts = text === '' ? [] : fs === ' ' ? text.split(/[ \t\n]+/).filter((p) => p !== '') : fs.length === 1 ? text.split(fs) : text.split(this.regex(fs));
        const arr = this.array(target.name);
        arr.clear();
        parts.forEach((p, i) => arr.set(String(i + 1), { sn: p }));
        return parts.length;
      }
      case 'match': {
        const re = args[1]?.k === 're' ? args[1].v : s(1);
        const m = this.regex(re).exec(s(0));
        this.vars.set('RSTART', m ? m.index + 1 : 0);
        this.vars.set('RLENGTH', m ? m[0].length : -1);
        return m ? m.index + 1 : 0;
      }
      case 'sub':
      case 'gsub': {
        const target = args[2] ?? { k: 'field' as const, e: { k: 'num' as const, v: 0 } };
        const src = args[0]?.k === 're' ? args[0].v : s(0);
        const re = new RegExp(this.regex(src).source, name === 'gsub' ? 'g' : '');
        const repl = s(1);
        let count = 0;
        const text = this.str(this.eval(target));
        const out = text.replace(re, (m) => {
          count++;
          return repl.replace(/\\\\|\\&|&/g, (r) => (r === '&' ? m : r === '\\&' ? '&' : '\\'));
        });
        if (count > 0) this.assignTo(target, out);
        return count;
      }
      default: throw new AwkRuntime(`function ${name} never defined`);
    }
  }

  // ---- statements ----
  private exec(s: Stmt): void {
    switch (s.k) {
      case 'expr': this.eval(s.e); return;
      case 'print':
      case 'printf': {
        let text: string;
        if (s.k === 'print') {
          const parts = s.args.length === 0 ? [this.getField(0)] : s.args.map((a) => this.eval(a));
          text = parts.map((p) => this.str(p, 'OFMT')).join(this.str(this.vars.get('OFS'))) + this.str(this.vars.get('ORS'));
        } else {
          const [f, ...rest] = s.args.map((a) => this.eval(a));
          text = sprintf(this.str(f), rest, (v) => this.num(v), (v) => this.str(v));
        }
        if (s.redir) this.io.redirect(s.redir.op, this.str(this.eval(s.redir.e)), text);
        else this.io.out(text);
        return;
      }
      case 'if':
        if (this.truthy(this.eval(s.c))) this.exec(s.a);
        else if (s.b) this.exec(s.b);
        return;
      case 'while':
      case 'do':
      case 'for':
        this.loop(s);
        return;
      case 'forin':
        for (const k of [...this.array(s.arr).keys()]) {
          this.setVar(s.v, looksNumeric(k) ? { sn: k } : k);
          try {
            this.exec(s.body);
          } catch (e) {
            if (!(e instanceof Loop)) throw e;
            if (e.kind === 'break') break;
          }
        }
        return;
      case 'block':
        for (const x of s.body) this.exec(x);
        return;
      case 'next': throw new Next();
      case 'break':
      case 'continue': throw new Loop(s.k);
      case 'exit': throw new Exit(s.e ? Math.trunc(this.num(this.eval(s.e))) : this.exitCode);
      case 'delete':
        if (s.subs) this.array(s.arr).delete(this.key(s.subs));
        else this.array(s.arr).clear();
        return;
    }
  }
  private loop(s: Stmt & { k: 'while' | 'do' | 'for' }): void {
    if (s.k === 'for' && s.init) this.eval(s.init);
    for (let guard = 0; ; guard++) {
      if (guard > 1_000_000) throw new AwkRuntime('loop stopped after 1000000 iterations (simulator limit)');
      if (s.k !== 'do' && s.c && !this.truthy(this.eval(s.c))) return;
      try {
        this.exec(s.body);
      } catch (e) {
        if (!(e instanceof Loop)) throw e;
        if (e.kind === 'break') return;
      }
      if (s.k === 'for' && s.step) this.eval(s.step);
      if (s.k === 'do' && !this.truthy(this.eval(s.c))) return;
    }
  }

  /** Runs BEGIN, every record of every input, and END; returns the exit status. */
  run(inputs: { name: string; text: string }[] | undefined): number {
    const ranges = new Map<number, boolean>();
    try {
      try {
        for (const b of this.prog.begin) for (const s of b) this.exec(s);
        const needInput = this.prog.rules.length > 0 || this.prog.end.length > 0;
        for (const input of needInput ? inputs ?? [] : []) {
          this.vars.set('FILENAME', input.name === '-' ? '' : input.name);
          this.vars.set('FNR', 0);
          const recs = input.text.split('\n');
          if (recs[recs.length - 1] === '') recs.pop();
          for (const rec of recs) {
            this.vars.set('NR', this.num(this.vars.get('NR')) + 1);
            this.vars.set('FNR', this.num(this.vars.get('FNR')) + 1);
            this.setRecord(rec);
            try {
              this.prog.rules.forEach((r, idx) => {
                let hit: boolean;
                if (r.range) {
                  const on = ranges.get(idx) ?? false;
                  hit = on || this.truthy(this.eval(r.range[0]));
                  ranges.set(idx, hit && !this.truthy(this.eval(r.range[1])));
                } else hit = !r.pattern || this.truthy(this.eval(r.pattern));
                if (!hit) return;
                if (r.body) for (const s of r.body) this.exec(s);
                else this.io.out(this.str(this.getField(0)) + this.str(this.vars.get('ORS')));
              });
            } catch (e) {
              if (!(e instanceof Next)) throw e;
            }
          }
        }
      } catch (e) {
        if (!(e instanceof Exit)) throw e;
        this.exitCode = e.code;
      }
      for (const b of this.prog.end) for (const s of b) this.exec(s);
    } catch (e) {
      if (e instanceof Exit) return e.code;
      throw e;
    }
    return this.exitCode;
  }
}
