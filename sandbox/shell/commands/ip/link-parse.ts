/**
 * iproute2's iplink_parse (ip/iplink.c): the words `ip link add|set` accept before `type`,
 * in iproute2's order of tests, so abbreviations resolve as the real tool does (`a` is
 * `address`, `br` is `broadcast`: `ip link add br type bridge` fails there too).
 */
import { parseMac, type Mac } from '../../../wire/index.ts';
import type { Netns } from '../../../net/types.ts';
import { devByName, duparg2, failWith, invarg, matches, noDevice, type IpRun } from './common.ts';

/** What the common part of `ip link add|set` asked for. */
export interface LinkRequest {
  /** The device (`dev X`, a bare word, or `name X` for add). */
  dev?: string;
  /** `name X` (a rename for set). */
  name?: string;
  up?: boolean;
  mac?: Mac;
  mtu?: number;
  txqlen?: number;
  /** `netns NS`: the namespace. */
  netns?: Netns;
  /** `master BR` (ifindex) or null for `nomaster`. */
  master?: number | null;
  /** `type KIND` and the words after it. */
  type?: string;
  typeArgs: string[];
}

/**
 * check_altifname (lib/utils.c): what iproute2 itself accepts as a device name (1..127
 * characters, no '/', ':' or blank); the kernel's 15-character limit is checked later and
 * refused as "Attribute failed policy validation.".
 */
export const validAltName = (name: string): boolean => name.length > 0 && name.length < 128 && !/[/:\s]/.test(name);

/** Resolves a namespace name of this machine (/run/netns). */
export function namedNetns(run: IpRun, name: string): Netns | undefined {
  const id = run.ctx.machine.namedNetns.get(name);
  return id === undefined ? undefined : run.ctx.world.netns.get(id);
}

/** Parses `args`; returns the request or the exit status after printing the error. */
export function parseLinkArgs(run: IpRun, args: string[], isAdd: boolean): LinkRequest | number {
  const req: LinkRequest = { typeArgs: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = (): string | undefined => args[++i];
    if (a === 'up' || a === 'down') req.up = a === 'up';
    else if (a === 'name') {
      const v = next();
      if (v === undefined) return failWith(run, 255, 'Command line is not complete. Try option "help"');
      if (!validAltName(v)) return invarg(run, '"name" not a valid ifname', v);
      req.name = v;
      if (isAdd && req.dev === undefined) req.dev = v;
    } else if (matches(a, 'link')) {
      const v = next();
      if (v === undefined) return failWith(run, 255, 'Command line is not complete. Try option "help"');
    } else if (matches(a, 'address')) {
      const v = next();
      const mac = v === undefined ? undefined : parseMac(v);
      if (v === undefined) return failWith(run, 255, 'Command line is not complete. Try option "help"');
      if (!mac) return failWith(run, 1, `"${v}" is invalid lladdr.`);
      req.mac = mac;
    } else if (matches(a, 'broadcast') || a === 'brd') {
      const v = next();
      if (v === undefined || !parseMac(v)) return failWith(run, 1, `"${v ?? ''}" is invalid lladdr.`);
    } else if (matches(a, 'txqueuelen') || a === 'qlen' || matches(a, 'txqlen')) {
      const v = next();
      if (v === undefined || !/^\d+$/.test(v)) return invarg(run, 'Invalid "txqueuelen" value\n', v ?? '');
      req.txqlen = Number(v);
    } else if (a === 'mtu') {
      const v = next();
      if (v === undefined || !/^\d+$/.test(v)) return invarg(run, 'Invalid "mtu" value\n', v ?? '');
      req.mtu = Number(v);
    } else if (a === 'netns') {
      const v = next();
      if (v === undefined) return failWith(run, 255, 'Command line is not complete. Try option "help"');
      const ns = namedNetns(run, v);
      if (!ns) return invarg(run, 'Invalid "netns" value\n', v);
      req.netns = ns;
    } else if (['multicast', 'allmulticast', 'promisc', 'trailers', 'arp', 'carrier'].includes(a)) {
      const v = next();
      if (v !== 'on' && v !== 'off') return invarg(run, `Invalid "${a}" value\n`, v ?? '');
    } else if (matches(a, 'master')) {
      const v = next();
      const m = v === undefined ? undefined : devByName(run, v);
      if (!m) return invarg(run, 'Device does not exist\n', v ?? '');
      req.master = m.ifindex;
    } else if (matches(a, 'nomaster')) req.master = null;
    else if (matches(a, 'type')) {
      const v = next();
      if (v === undefined) return failWith(run, 255, 'Command line is not complete. Try option "help"');
      req.type = v;
      req.typeArgs = args.slice(i + 1);
      break;
    } else if (matches(a, 'alias') || a === 'group' || a === 'mode' || a === 'state' || matches(a, 'addrgenmode')) {
      next();
    } else {
      let d = a;
      if (a === 'dev') {
        const v = next();
        if (v === undefined) return failWith(run, 255, 'Command line is not complete. Try option "help"');
        d = v;
      }
      if (req.dev !== undefined) return duparg2(run, 'dev', d);
      if (!validAltName(d)) return invarg(run, '"dev" not a valid ifname', d);
      req.dev = d;
    }
  }
  return req;
}

/** The device a `set`/`del` names, or the exit status after `Cannot find device`. */
export function requireDev(run: IpRun, req: LinkRequest) {
  if (req.dev === undefined) return failWith(run, 255, 'Not enough information: "dev" argument is required.');
  return devByName(run, req.dev) ?? noDevice(run, req.dev);
}
