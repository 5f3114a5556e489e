/**
 * `ip address` (ip-address(8)): show (also -br, -4/-6, -o), add, del, flush. Addresses and
 * their kernel routes live in net/addr.ts; this file parses and prints.
 */
import { broadcastOf, formatIpv4, maskOf, networkOf, parseIpv4 } from '../../../wire/index.ts';
import type { Address, Inet4Address, Link, Netns, Scope } from '../../../net/types.ts';
import { addAddress, delAddress, delAddress6, isSecondary } from '../../../net/addr.ts';
import { operState } from '../../../net/link-state.ts';
import { devByName, failWith, flushNotPermitted, invarg, kernelError, matches, noDevice, notPermitted, out, type IpRun } from './common.ts';
import { linkHeader, linkLabel, linkLayerLine } from './format-link.ts';
import { filteredLinks, parseShowFilter } from './link.ts';

/** `ip address ...`. */
export function ipAddr(run: IpRun, args: string[]): number {
  const [sub, ...rest] = args;
  if (sub === undefined) return addrShow(run, []);
  if (matches(sub, 'add')) return addrAdd(run, rest, false);
  if (matches(sub, 'change') || sub === 'chg' || matches(sub, 'replace')) return addrAdd(run, rest, true);
  if (matches(sub, 'delete')) return addrDel(run, rest);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) return addrShow(run, rest);
  if (matches(sub, 'flush')) return addrFlush(run, rest);
  if (matches(sub, 'help')) return failWith(run, 255, 'Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]\n                                                      [ CONFFLAG-LIST ]\n       ip address del IFADDR dev IFNAME [mngtmpaddr]\n       ip address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]\n                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]\n       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]\n                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]\n                         [ label LABEL ] [up] [ vrf NAME ] ]');
  return failWith(run, 255, `Command "${sub}" is unknown, try "ip address help".`);
}

/** The addresses of a link that the family option lets through, inet first. */
function addrsOf(run: IpRun, ns: Netns, l: Link): Address[] {
  const mine = ns.addrs.filter((a) => a.ifindex === l.ifindex);
  const fam = run.opts.family;
  return [...mine.filter((a) => a.family === 'inet' && fam !== 'inet6'), ...mine.filter((a) => a.family === 'inet6' && fam !== 'inet')];
}

/** `inet 10.244.1.1/24 brd 10.244.1.255 scope global cni0` (print_addrinfo). */
function addrLine(ns: Netns, l: Link, a: Address): string {
  if (a.family === 'inet6') return `    inet6 ${a.addr}/${a.len} scope ${a.scope} `;
  const brd = a.brd !== undefined ? ` brd ${formatIpv4(a.brd)}` : '';
  return `    inet ${formatIpv4(a.addr)}/${a.len}${brd} scope ${a.scope}${isSecondary(ns, a) ? ' secondary' : ''} ${a.label ?? l.name}`;
}

const LFT = '       valid_lft forever preferred_lft forever';

function addrShow(run: IpRun, args: string[]): number {
  const f = parseShowFilter(run, args, (name) => failWith(run, 1, `Device "${name}" does not exist.`));
  if (typeof f === 'number') return f;
  const ns = run.ns;
  for (const l of filteredLinks(run, f)) {
    const addrs = addrsOf(run, ns, l);
    // With a family selected, links without such an address are not listed.
    if (run.opts.family && run.opts.family !== 'link' && addrs.length === 0) continue;
    if (run.opts.brief) {
      const list = addrs.map((a) => `${a.family === 'inet' ? formatIpv4(a.addr) : a.addr}/${a.len} `).join('');
      out(run, `${linkLabel(ns, l).padEnd(16)} ${operState(run.ctx.world, ns, l).padEnd(14)} ${list}\n`);
      continue;
    }
    if (run.opts.oneline) {
      for (const a of addrs) out(run, `${l.ifindex}: ${l.name}${addrLine(ns, l, a)}\\${LFT}\n`);
      continue;
    }
    const lines = [linkHeader(run, ns, l, false)];
    if (!run.opts.family || run.opts.family === 'link') lines.push(...linkLayerLine(run, ns, l).split('\n'));
    for (const a of addrs) lines.push(addrLine(ns, l, a), LFT);
    out(run, lines.join('\n') + '\n');
  }
  return 0;
}

const SCOPES: Record<string, Scope> = { global: 'global', universe: 'global', link: 'link', host: 'host', '0': 'global', '253': 'link', '254': 'host' };

interface AddrReq { prefix?: { addr: number; len: number }; text?: string; dev?: string; brd?: string; scope?: Scope; label?: string }

function parseAddrArgs(run: IpRun, args: string[]): AddrReq | number {
  const req: AddrReq = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'dev') req.dev = args[++i];
    else if (a === 'peer' || a === 'remote' || matches(a, 'anycast') || a === 'valid_lft' || a === 'preferred_lft' || a === 'metric' || a === 'priority') i++;
    else if (matches(a, 'broadcast') || a === 'brd') req.brd = args[++i];
    else if (a === 'scope') {
      const v = args[++i] ?? '';
      const s = SCOPES[v];
      if (!s) return invarg(run, 'invalid scope value.', v);
      req.scope = s;
    } else if (a === 'label') req.label = args[++i];
    else if (['noprefixroute', 'nodad', 'home', 'mngtmpaddr', 'autojoin', 'noautojoin'].includes(a)) continue;
    else {
      const text = a === 'local' ? (args[++i] ?? '') : a;
      if (req.text !== undefined) return failWith(run, 255, `Error: either "local" is duplicate, or "${text}" is a garbage.`);
      const [ipText, lenText] = text.split('/');
      const ip = parseIpv4(ipText ?? '');
      const len = lenText === undefined ? 32 : /^\d+$/.test(lenText) ? Number(lenText) : NaN;
      if (ip === undefined || !(len >= 0 && len <= 32)) {
        if (text.includes(':')) { req.text = text; continue; }
        return failWith(run, 1, `Error: any valid prefix is expected rather than "${text}".`);
      }
      req.text = text;
      req.prefix = { addr: ip, len };
    }
  }
  return req;
}

function addrAdd(run: IpRun, args: string[], replace: boolean): number {
  const req = parseAddrArgs(run, args);
  if (typeof req === 'number') return req;
  if (req.dev === undefined) return failWith(run, 1, 'Not enough information: "dev" argument is required.');
  const link = devByName(run, req.dev);
  if (!link) return noDevice(run, req.dev);
  const denied = notPermitted(run);
  if (denied !== undefined) return denied;
  if (req.text === undefined) return kernelError(run, 'EOPNOTSUPP');
  if (!req.prefix) {
    // An IPv6 address: kept as written (only link-local/loopback v6 is modelled).
    const [a6, l6] = req.text.split('/');
    const r6 = addAddress(run.ns, { family: 'inet6', ifindex: link.ifindex, addr: (a6 ?? '').toLowerCase(), len: Number(l6 ?? 128), scope: req.scope ?? 'global' });
    return r6.ok ? 0 : kernelError(run, r6.errno);
  }
  const p = req.prefix;
  let brd: number | undefined;
  if (req.brd === '+') brd = broadcastOf(p);
  else if (req.brd === '-') brd = networkOf(p);
  else if (req.brd !== undefined) {
    brd = parseIpv4(req.brd);
    if (brd === undefined) return failWith(run, 1, `Error: inet address is expected rather than "${req.brd}".`);
  }
  const scope = req.scope ?? ((p.addr & maskOf(8)) === 0x7f000000 ? 'host' : 'global');
  const addr: Inet4Address = { family: 'inet', ifindex: link.ifindex, addr: p.addr, len: p.len, scope, ...(brd !== undefined && p.len < 31 ? { brd } : {}), ...(req.label ? { label: req.label } : {}) };
  if (replace) delAddress(run.ns, link.ifindex, p.addr, p.len);
  const r = addAddress(run.ns, addr);
  return r.ok ? 0 : kernelError(run, r.errno, r.detail);
}

function addrDel(run: IpRun, args: string[]): number {
  const req = parseAddrArgs(run, args);
  if (typeof req === 'number') return req;
  if (req.dev === undefined) return failWith(run, 1, 'Not enough information: "dev" argument is required.');
  const link = devByName(run, req.dev);
  if (!link) return noDevice(run, req.dev);
  const denied = notPermitted(run);
  if (denied !== undefined) return denied;
  if (req.text === undefined) return failWith(run, 1, 'Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length (10.1.1.1/32) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!');
  if (!req.prefix) {
    const r6 = delAddress6(run.ns, link.ifindex, (req.text.split('/')[0] ?? '').toLowerCase());
    return r6.ok ? 0 : kernelError(run, r6.errno);
  }
  const r = delAddress(run.ns, link.ifindex, req.prefix.addr, req.text.includes('/') ? req.prefix.len : undefined);
  return r.ok ? 0 : kernelError(run, r.errno, r.detail);
}

function addrFlush(run: IpRun, args: string[]): number {
  const f = parseShowFilter(run, args, (name) => failWith(run, 1, `Device "${name}" does not exist.`));
  if (typeof f === 'number') return f;
  if (!f.dev && args.length === 0) return failWith(run, 1, 'Flush requires arguments.');
  const denied = flushNotPermitted(run, 255, filteredLinks(run, f).reduce((n, l) => n + addrsOf(run, run.ns, l).length, 0));
  if (denied !== undefined) return denied;
  for (const l of filteredLinks(run, f)) {
    for (const a of addrsOf(run, run.ns, l)) {
      if (a.family === 'inet') delAddress(run.ns, l.ifindex, a.addr, a.len);
      else delAddress6(run.ns, l.ifindex, a.addr);
    }
  }
  return 0;
}
