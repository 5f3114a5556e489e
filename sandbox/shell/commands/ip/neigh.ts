/**
 * `ip neigh` (ip-neighbour(8)): show (dev, nud, address filters), add, replace, change,
 * del, flush. The table lives in net/neigh.ts; states are shown as aged at virtual now.
 */
import { formatIpv4, parseIpv4, parseMac, type Mac } from '../../../wire/index.ts';
import type { NudState } from '../../../net/types.ts';
import { neighAdd, neighDel, neighState } from '../../../net/neigh.ts';
import { devByName, failWith, flushNotPermitted, invarg, kernelError, matches, noDevice, notPermitted, out, type IpRun } from './common.ts';

/** `ip neigh ...`. */
export function ipNeigh(run: IpRun, args: string[]): number {
  const [sub, ...rest] = args;
  if (sub === undefined) return neighShow(run, [], false);
  if (matches(sub, 'add')) return neighModify(run, rest, 'add');
  if (matches(sub, 'change') || sub === 'chg') return neighModify(run, rest, 'change');
  if (matches(sub, 'replace')) return neighModify(run, rest, 'replace');
  if (matches(sub, 'delete')) return neighModify(run, rest, 'del');
  if (matches(sub, 'show') || matches(sub, 'lst') || matches(sub, 'list')) return neighShow(run, rest, false);
  if (matches(sub, 'flush')) return neighShow(run, rest, true);
  if (matches(sub, 'help')) return failWith(run, 255, 'Usage: ip neigh { add | del | change | replace }\n                { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }\n                [ dev DEV ] [ router ] [ extern_learn ] [ protocol PROTO ]\n\n       ip neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]');
  return failWith(run, 255, `Command "${sub}" is unknown, try "ip neigh help".`);
}

const NUD: Record<string, NudState | 'all' | 'none'> = {
  permanent: 'PERMANENT', reachable: 'REACHABLE', stale: 'STALE', delay: 'DELAY', probe: 'PROBE',
  incomplete: 'INCOMPLETE', failed: 'FAILED', noarp: 'NOARP', all: 'all', none: 'none',
};

function neighShow(run: IpRun, args: string[], flush: boolean): number {
  let dev: number | undefined;
  let to: { addr: number; len: number } | undefined;
  const states = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'dev') {
      const v = args[++i] ?? '';
      const d = devByName(run, v);
      if (!d) return noDevice(run, v);
      dev = d.ifindex;
    } else if (a === 'nud') {
      const v = args[++i] ?? '';
      const s = NUD[v.toLowerCase()];
      if (!s) return invarg(run, 'nud state is bad', v);
      states.add(s);
    } else if (a === 'proxy' || a === 'unused' || a === 'vrf' || a === 'master') {
      if (a !== 'proxy' && a !== 'unused') i++;
    } else {
      const text = a === 'to' ? (args[++i] ?? '') : a;
      // get_prefix() reads `all`, `any` and `default` as 0/0 (iproute2 lib/utils.c).
      if (text === 'all' || text === 'any' || text === 'default') {
        to = { addr: 0, len: 0 };
        continue;
      }
      const [ip, l] = text.split('/');
      const addr = parseIpv4(ip ?? '');
      if (addr === undefined) return failWith(run, 1, `Error: any valid prefix is expected rather than "${text}".`);
      to = { addr, len: l === undefined ? 32 : Number(l) };
    }
  }
  if (run.opts.family === 'inet6') return 0;
  const now = run.ctx.world.clock.ms;
  const mask = (n: number) => (to!.len === 0 ? 0 : (0xffffffff << (32 - to!.len)) >>> 0) & n;
  const shown = run.ns.neigh.filter((n) => {
    const st = neighState(n, now);
    if (dev !== undefined && n.ifindex !== dev) return false;
    if (to && mask(n.ip) !== mask(to.addr)) return false;
    if (states.has('all')) return true;
    return states.size === 0 ? st !== 'NOARP' : states.has(st);
  });
  if (flush) {
    if (args.length === 0) return failWith(run, 255, 'Flush requires arguments.');
    const denied = flushNotPermitted(run, 1, shown.filter((n) => n.state !== 'PERMANENT' && n.state !== 'NOARP').length);
    if (denied !== undefined) return denied;
    for (const n of shown) if (n.state !== 'PERMANENT' && n.state !== 'NOARP') neighDel(run.ns, n.ifindex, n.ip);
    return 0;
  }
  for (const n of shown) {
    const devText = dev === undefined ? `dev ${run.ns.links.get(n.ifindex)?.name ?? '?'} ` : '';
    const ll = n.lladdr !== undefined && neighState(n, now) !== 'INCOMPLETE' && neighState(n, now) !== 'FAILED' ? `lladdr ${n.lladdr} ` : '';
    out(run, `${formatIpv4(n.ip)} ${devText}${ll}${neighState(n, now)} \n`);
  }
  return 0;
}

function neighModify(run: IpRun, args: string[], mode: 'add' | 'change' | 'replace' | 'del'): number {
  let ip: number | undefined;
  let lladdr: Mac | undefined;
  let devName: string | undefined;
  let state: NudState = 'PERMANENT';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'lladdr') {
      const v = args[++i] ?? '';
      const m = parseMac(v);
      if (!m) return failWith(run, 1, `"${v}" is invalid lladdr.`);
      lladdr = m;
    } else if (a === 'nud') {
      const v = args[++i] ?? '';
      const s = NUD[v.toLowerCase()];
      if (!s || s === 'all' || s === 'none') return invarg(run, 'nud state is bad', v);
      state = s;
    } else if (a === 'dev') devName = args[++i];
    else if (a === 'proxy' || a === 'router' || a === 'extern_learn' || a === 'use' || a === 'managed') continue;
    else if (a === 'protocol') i++;
    else {
      const text = a === 'to' ? (args[++i] ?? '') : a;
      if (ip !== undefined) return failWith(run, 255, `Error: either "to" is duplicate, or "${text}" is a garbage.`);
      ip = parseIpv4(text);
      if (ip === undefined) return failWith(run, 1, `Error: any valid address is expected rather than "${text}".`);
    }
  }
  if (ip === undefined || devName === undefined) return failWith(run, 255, 'Device and destination are required arguments.');
  const dev = devByName(run, devName);
  if (!dev) return noDevice(run, devName);
  const denied = notPermitted(run);
  if (denied !== undefined) return denied;
  if (mode === 'del') {
    const r = neighDel(run.ns, dev.ifindex, ip);
    return r.ok ? 0 : kernelError(run, r.errno);
  }
  if (lladdr === undefined && (state === 'PERMANENT' || state === 'NOARP' || state === 'REACHABLE' || state === 'STALE')) {
    return failWith(run, 2, 'Error: No link layer address given.');
  }
  const r = neighAdd(run.ns, dev.ifindex, ip, lladdr, state, mode, run.ctx.world.clock.ms);
  return r.ok ? 0 : kernelError(run, r.errno);
}
