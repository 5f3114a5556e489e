/**
 * `ipset` (ipset 7.17, ipset(8)) on the namespace the shell stands in: list [-n|-t|-s] [SET]
 * (-L), create (-N, n) NAME TYPE [family inet] [hashsize N] [maxelem N] [range A-B], add (-A),
 * del (-D), test (-T), flush (-F), destroy (-X, x), version (-v). -exist may appear anywhere.
 * Messages and exit statuses are ipset's: 1 for a refused operation, 2 for a usage error.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { hasCapability } from '../../../fabric/capabilities.ts';
import {
  changeMember, createSet, destroySet, findSet, flushSet, formatSet, SET_TYPES, type CreateOptions, type IpSetType,
} from '../../../net/ipset/index.ts';

const PREFIX = 'ipset v7.17: ';
const TRY = "Try `ipset help' for more information.\n";

/** Command words and their aliases (ipset_commands in lib/ipset.c). */
const COMMANDS: Record<string, string> = {
  create: 'create', n: 'create', '-N': 'create', add: 'add', '-A': 'add', del: 'del', '-D': 'del',
  test: 'test', '-T': 'test', destroy: 'destroy', x: 'destroy', '-X': 'destroy', list: 'list', '-L': 'list',
  flush: 'flush', '-F': 'flush', version: 'version', '-v': 'version', '-V': 'version', '--version': 'version', help: 'help', '-h': 'help',
};
const LIST_OPTS: Record<string, 'names' | 'terse' | 'sorted'> = { '-n': 'names', '-name': 'names', '-t': 'terse', '-terse': 'terse', '-s': 'sorted', '-sorted': 'sorted' };

const HELP = `ipset v7.17

Usage: ipset [options] COMMAND

Commands:
create SETNAME TYPENAME [type-specific-options]
        Create a new set
add SETNAME ENTRY
        Add entry to the named set
del SETNAME ENTRY
        Delete entry from the named set
test SETNAME ENTRY
        Test entry in the named set
destroy [SETNAME]
        Destroy a named set or all sets
list [SETNAME]
        List the entries of a named set or all sets
flush [SETNAME]
        Flush a named set or all sets
help [TYPENAME]
        Print help, and settype specific help
version
        Print version information
`;

function fail(ctx: CommandContext, message: string, status = 1): number {
  ctx.stderr.write(`${PREFIX}${message}\n${status === 2 ? TRY : ''}`);
  return status;
}

function parseCreate(words: string[]): CreateOptions | string {
  const o: CreateOptions = {};
  for (let i = 0; i < words.length; i += 2) {
    const key = words[i]!;
    const value = words[i + 1];
    if (value === undefined) return `Syntax error: Missing mandatory argument of option '${key}'`;
    if (key === 'family') {
      if (value !== 'inet') return `Syntax error: unknown family ${value}`;
    } else if (key === 'hashsize' || key === 'maxelem') {
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 0xffffffff) return `Syntax error: '${value}' is out of range 1-4294967295`;
      o[key] = Number(value);
    } else if (key === 'range') {
      const m = /^(\d+)-(\d+)$/.exec(value);
      if (!m || Number(m[1]) > 65535 || Number(m[2]) > 65535) return `Syntax error: cannot parse '${value}' as a port range`;
      const [a, b] = [Number(m[1]), Number(m[2])];
      o.range = { min: Math.min(a, b), max: Math.max(a, b) };
    } else return `Syntax error: Unknown argument ${key}`;
  }
  return o;
}

function run(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const exist = args.includes('-exist') || args.includes('-!');
  const words = args.filter((a) => a !== '-exist' && a !== '-!' && a !== '-q' && a !== '-quiet');
  const listOpts = new Set(words.filter((w) => w in LIST_OPTS).map((w) => LIST_OPTS[w]!));
  const rest = words.filter((w) => !(w in LIST_OPTS));
  if (rest.length === 0) return fail(ctx, 'No command specified.', 2);
  const cmd = COMMANDS[rest[0]!];
  if (!cmd) return fail(ctx, `No command specified: unknown argument ${rest[0]}`, 2);
  if (cmd === 'version') { ctx.stdout.write('ipset v7.17, protocol version: 7\n'); return 0; }
  if (cmd === 'help') { ctx.stdout.write(HELP); return 0; }
  if (!hasCapability(ctx.machine, 'NET_ADMIN')) return fail(ctx, 'Kernel error received: Operation not permitted');
  const ns = ctx.netns;
  const [, name, third, ...more] = rest;
  switch (cmd) {
    case 'list': {
      if (third !== undefined) return fail(ctx, `Unknown argument ${third}`, 2);
      const sets = name === undefined ? ns.ipsets?.sets ?? [] : [findSet(ns, name)];
      if (sets[0] === undefined && name !== undefined) return fail(ctx, 'The set with the given name does not exist');
      const shown = sets.filter((s) => s !== undefined);
      if (listOpts.has('names')) { ctx.stdout.write(shown.map((s) => `${s.name}\n`).join('')); return 0; }
      const text = shown.map((s) => {
        const sorted = listOpts.has('sorted') ? { ...s, members: [...s.members].sort() } : s;
        return formatSet(ns, sorted, listOpts.has('terse'));
      });
      ctx.stdout.write(text.join('\n'));
      return 0;
    }
    case 'create': {
      if (name === undefined) return fail(ctx, 'Syntax error: Missing mandatory argument of command create: setname', 2);
      if (third === undefined) return fail(ctx, 'Syntax error: Missing settype', 2);
      if (!(SET_TYPES as string[]).includes(third)) return fail(ctx, `Syntax error: typename '${third}' is unknown`);
      const o = parseCreate(more);
      if (typeof o === 'string') return fail(ctx, o);
      const r = createSet(ns, ctx.world.rng, name, third as IpSetType, o, exist);
      return r.ok ? 0 : fail(ctx, r.error.message, r.error.status);
    }
    case 'add': case 'del': case 'test': {
      if (name === undefined) return fail(ctx, `Syntax error: Missing mandatory argument of command ${cmd}: setname`, 2);
      if (third === undefined) return fail(ctx, `Syntax error: Missing mandatory argument of command ${cmd}: element`, 2);
      if (more.length) return fail(ctx, `Unknown argument ${more[0]}`, 2);
      const r = changeMember(ns, cmd, name, third, exist);
      if (!r.ok) return fail(ctx, r.error.message, r.error.status);
      if (cmd !== 'test') return 0;
      // ipset test reports on stderr: a hit as a warning (status 0), a miss with status 1.
      ctx.stderr.write(r.value ? `Warning: ${third} is in set ${name}.\n` : `${third} is NOT in set ${name}.\n`);
      return r.value ? 0 : 1;
    }
    case 'flush': case 'destroy': {
      if (third !== undefined) return fail(ctx, `Unknown argument ${third}`, 2);
      const r = cmd === 'flush' ? flushSet(ns, name) : destroySet(ns, name);
      return r.ok ? 0 : fail(ctx, r.error.message, r.error.status);
    }
  }
  return fail(ctx, `No command specified: unknown argument ${rest[0]}`, 2);
}

/** The `ipset` binary. */
export const ipset: CommandSpec = {
  name: 'ipset',
  run,
  complete(words, _partial, place) {
    if (words.length === 0) return ['create', 'add', 'del', 'test', 'destroy', 'list', 'flush', 'version', 'help'];
    if (words.length === 1 && ['list', 'add', 'del', 'test', 'flush', 'destroy', '-L'].includes(words[0]!)) return place.netns.ipsets?.sets.map((s) => s.name) ?? [];
    if (words.length === 2 && words[0] === 'create') return SET_TYPES;
    return [];
  },
};
