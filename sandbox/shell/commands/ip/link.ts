/**
 * `ip link` (ip-link(8)): show, add (veth, bridge, vxlan, dummy), set, delete. Kernel work
 * goes through net/link.ts and net/link-state.ts; this file only parses and prints.
 */
import { parseIpv4, type Ipv4 } from '../../../wire/index.ts';
import type { BridgeLink, Link, Netns } from '../../../net/types.ts';
import { addLink, deleteLink, linkByName, renameLink, setLinkNetns, setMac, setMaster, setMtu, type LinkSpec } from '../../../net/link.ts';
import { setLinkUp } from '../../../net/link-state.ts';
import { devByName, failWith, kernelError, matches, noDevice, notPermitted, out, type IpRun } from './common.ts';
import { briefLink, linkHeader, linkLayerLine, statsLines } from './format-link.ts';
import { parseLinkArgs, requireDev, type LinkRequest } from './link-parse.ts';
import { applyBridgeSlave, parseBridgeSlave, type PortChanges } from './bridge-slave.ts';

/** `ip link ...`. */
export function ipLink(run: IpRun, args: string[]): number {
  const [sub, ...rest] = args;
  if (sub === undefined) return linkShow(run, []);
  if (matches(sub, 'add')) return linkAdd(run, rest);
  if (matches(sub, 'set') || matches(sub, 'change')) return linkSet(run, rest);
  if (matches(sub, 'replace')) return linkSet(run, rest);
  if (matches(sub, 'delete')) return linkDel(run, rest);
  if (matches(sub, 'show') || matches(sub, 'lst') || matches(sub, 'list')) return linkShow(run, rest);
  if (matches(sub, 'help')) return linkUsage(run);
  return failWith(run, 255, `Command "${sub}" is unknown, try "ip link help".`);
}

function linkUsage(run: IpRun): number {
  return failWith(run, 255, 'Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME\n' +
    '\t\t    [ txqueuelen PACKETS ]\n\t\t    [ address LLADDR ]\n\t\t    [ broadcast LLADDR ]\n\t\t    [ mtu MTU ]\n' +
    '\t\t    type TYPE [ ARGS ]\n\n       ip link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]\n\n' +
    '       ip link set { DEVICE | dev DEVICE | group DEVGROUP }\n\t\t      [ { up | down } ]\n\t\t      [ address LLADDR ]\n' +
    '\t\t      [ mtu MTU ]\n\t\t      [ netns { PID | NAME } ]\n\t\t      [ master DEVICE ][ nomaster ]\n\n' +
    '       ip link show [ DEVICE | group GROUP ] [up] [master DEV] [type TYPE]\n\nTYPE := { bridge | dummy | veth | vxlan }');
}

/** Filters of `ip link show` / `ip addr show` (ipaddr_list_flush_or_save). */
export interface ShowFilter {
  dev?: Link;
  up: boolean;
  master?: number;
  type?: string;
}

/** Parses the link filter words; returns the filter or the exit status. */
export function parseShowFilter(run: IpRun, args: string[], missingDev: (name: string) => number): ShowFilter | number {
  const f: ShowFilter = { up: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'up') f.up = true;
    else if (a === 'master') {
      const m = devByName(run, args[++i] ?? '');
      if (!m) return failWith(run, 1, `Device "${args[i] ?? ''}" does not exist.`);
      f.master = m.ifindex;
    } else if (a === 'type') f.type = args[++i];
    else if (a === 'scope' || a === 'label' || a === 'to' || a === 'group') i++;
    else if (a === 'dynamic' || a === 'permanent' || a === 'primary' || a === 'secondary') continue;
    else {
      const name = a === 'dev' ? (args[++i] ?? '') : a;
      if (f.dev) return failWith(run, 255, `Error: either "dev" is duplicate, or "${name}" is a garbage.`);
      const d = devByName(run, name);
      if (!d) return missingDev(name);
      f.dev = d;
    }
  }
  return f;
}

/** The links a filter selects, in ifindex order. */
export function filteredLinks(run: IpRun, f: ShowFilter): Link[] {
  return [...run.ns.links.values()]
    .sort((a, b) => a.ifindex - b.ifindex)
    .filter((l) => (!f.dev || l === f.dev) && (!f.up || l.up) && (f.master === undefined || l.master === f.master) &&
      (f.type === undefined || kindName(l) === f.type || (f.type === 'bridge_slave' && l.master !== undefined)));
}

const kindName = (l: Link) => (l.kind === 'ether' ? 'ether' : l.kind === 'loopback' ? 'loopback' : l.kind);

function linkShow(run: IpRun, args: string[]): number {
  const f = parseShowFilter(run, args, (name) => failWith(run, 1, `Device "${name}" does not exist.`));
  if (typeof f === 'number') return f;
  for (const l of filteredLinks(run, f)) out(run, linkBlock(run, run.ns, l, true));
  return 0;
}

/** One link as `ip link` prints it (all its lines, newline-terminated; -o joins them with `\`). */
export function linkBlock(run: IpRun, ns: Netns, l: Link, withMode: boolean): string {
  if (run.opts.brief) return briefLink(run, ns, l) + '\n';
  const lines = [linkHeader(run, ns, l, withMode), ...linkLayerLine(run, ns, l).split('\n')];
  if (run.opts.stats > 0) lines.push(...statsLines(l));
  return run.opts.oneline ? lines.join('\\') + '\n' : lines.join('\n') + '\n';
}

function linkAdd(run: IpRun, args: string[]): number {
  const req = parseLinkArgs(run, args, true);
  if (typeof req === 'number') return req;
  if (req.type === undefined) return failWith(run, 2, 'Not enough information: "type" argument is required');
  const ns = req.netns ?? run.ns;
  // Without a name the kernel picks `<kind>%d` (rtnl_newlink: ops->kind + "%d").
  const name = req.name ?? req.dev ?? defaultName(ns, req.type);
  if (name.length > 15) return failWith(run, 2, 'Error: Attribute failed policy validation.');
  const spec = kindSpec(run, ns, req, name);
  if (typeof spec === 'number') return spec;
  const denied = notPermitted(run);
  if (denied !== undefined) return denied;
  const r = addLink(run.ctx.world, ns, spec);
  if (!r.ok) return kernelError(run, r.errno);
  const link = r.value;
  if (req.txqlen !== undefined) link.txqlen = req.txqlen;
  if (req.master !== undefined && req.master !== null) {
    const br = run.ns.links.get(req.master);
    if (br?.kind === 'bridge' && ns === run.ns) setMaster(run.ctx.world, ns, link, br);
  }
  if (req.up) setLinkUp(run.ctx.world, ns, link, true);
  return 0;
}

/** The LinkSpec for `type KIND ARGS`, or the exit status after an error. */
function kindSpec(run: IpRun, ns: Netns, req: LinkRequest, name: string): LinkSpec | number {
  const base = { name, ...(req.mac ? { mac: req.mac } : {}), ...(req.mtu !== undefined ? { mtu: req.mtu } : {}) };
  switch (req.type) {
    case 'veth': {
      if (req.typeArgs.length === 0) return { ...base, kind: 'veth', peerName: nextVethName(ns, run.ns, name), peerNetns: run.ns };
      if (req.typeArgs[0] !== 'peer') return failWith(run, 255, 'Usage: ip link <options> type veth [peer <options>]\nTo get <options> type \'ip link add help\'');
      const p = parseLinkArgs({ ...run, ns }, req.typeArgs.slice(1), true);
      if (typeof p === 'number') return p;
      const peerName = p.name ?? p.dev;
      if (peerName !== undefined && peerName.length > 15) return failWith(run, 2, 'Error: Attribute failed policy validation.');
      // veth_newlink: the peer lives in the caller's namespace unless `peer ... netns` says otherwise.
      const peerNs = p.netns ?? run.ns;
      return {
        ...base, kind: 'veth', peerName: peerName ?? nextVethName(ns, peerNs, name), peerNetns: peerNs, ...(p.mac ? { peerMac: p.mac } : {}), ...(p.mtu !== undefined ? { peerMtu: p.mtu } : {}),
      };
    }
    case 'bridge':
    case 'dummy':
      return { ...base, kind: req.type };
    case 'vxlan':
      return vxlanSpec(run, ns, req.typeArgs, base);
    default:
      // Kinds a real kernel has but this sandbox does not model are said so, not denied.
      if (UNMODELLED_KINDS.includes(req.type ?? '')) return failWith(run, 2, `ip: link type "${req.type}" is not modelled by this sandbox (bridge, dummy, veth, vxlan are)`);
      // The kernel checks the capability before it looks the kind up.
      return notPermitted(run) ?? failWith(run, 2, 'Error: Unknown device type.');
  }
}

/** Link kinds of a real kernel (ip-link(8) TYPE list) that the sandbox does not model. */
const UNMODELLED_KINDS = ['vlan', 'macvlan', 'macvtap', 'ipvlan', 'ipvtap', 'bond', 'team', 'wireguard', 'geneve', 'gre', 'gretap', 'ipip', 'sit', 'vti', 'ip6tnl', 'vrf', 'ifb', 'nlmon', 'can', 'bareudp', 'macsec', 'xfrm', 'netkit'];

/** The lowest free `<kind>N` name (dev_alloc_name). */
function defaultName(ns: Netns, kind: string): string {
  for (let i = 0; ; i++) if (!linkByName(ns, `${kind}${i}`)) return `${kind}${i}`;
}

/** The kernel's default name for an unnamed veth peer (`veth%d`, lowest free). */
function nextVethName(a: Netns, b: Netns, taken: string): string {
  for (let i = 0; ; i++) if (`veth${i}` !== taken && !linkByName(a, `veth${i}`) && !linkByName(b, `veth${i}`)) return `veth${i}`;
}

/** vxlan_parse_opt (ip/iplink_vxlan.c) for the options a CNI plugin and a learner use. */
function vxlanSpec(run: IpRun, ns: Netns, args: string[], base: { name: string }): LinkSpec | number {
  let vni: number | undefined;
  let local: Ipv4 | undefined;
  let remote: Ipv4 | undefined;
  let dev: number | undefined;
  let dstport: number | undefined;
  let learning = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = args[i + 1];
    if (matches(a, 'id') || matches(a, 'vni')) {
      i++;
      if (v === undefined || !/^\d+$/.test(v) || Number(v) >= 1 << 24) return failWith(run, 255, `Error: argument "${v ?? ''}" is wrong: id\n`);
      vni = Number(v);
    } else if (a === 'local') {
      i++;
      const ip = v === undefined ? undefined : parseIpv4(v);
      if (ip === undefined) return failWith(run, 255, `Error: argument "${v ?? ''}" is wrong: local\n`);
      local = ip;
    } else if (a === 'remote') {
      i++;
      const ip = v === undefined ? undefined : parseIpv4(v);
      if (ip === undefined) return failWith(run, 255, `Error: argument "${v ?? ''}" is wrong: remote\n`);
      remote = ip;
    } else if (matches(a, 'dev')) {
      i++;
      const d = v === undefined ? undefined : linkByName(ns, v);
      if (!d) return noDevice(run, v ?? '');
      dev = d.ifindex;
    } else if (a === 'dstport') {
      i++;
      if (v === undefined || !/^\d+$/.test(v) || Number(v) > 65535) return failWith(run, 255, `Error: argument "${v ?? ''}" is wrong: dstport\n`);
      dstport = Number(v);
    } else if (a === 'nolearning') learning = false;
    else if (a === 'learning') learning = true;
    else if (['ttl', 'tos', 'group', 'srcport', 'port', 'ageing', 'maxaddress', 'df', 'flowlabel'].includes(a)) i += a === 'srcport' || a === 'port' ? 2 : 1;
    else if (matches(a, 'help')) return failWith(run, 255, 'Usage: ... vxlan id VNI [ local ADDR ] [ dev PHYS_DEV ] [ dstport PORT ] [ [no]learning ]');
    else return failWith(run, 255, `vxlan: unknown command "${a}"?`);
  }
  if (vni === undefined) return failWith(run, 255, 'vxlan: missing virtual network identifier');
  if (dstport === undefined) {
    // iplink_vxlan.c warns when the port is left to the kernel's non-IANA default (8472).
    run.ctx.stderr.write('vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\n' +
      "Use 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message\n");
  }
  return { ...base, kind: 'vxlan', vni, learning, ...(local !== undefined ? { local } : {}), ...(remote !== undefined ? { remote } : {}), ...(dev !== undefined ? { dev } : {}), ...(dstport ? { dstport } : {}) };
}

function linkSet(run: IpRun, args: string[]): number {
  const req = parseLinkArgs(run, args, false);
  if (typeof req === 'number') return req;
  // iplink_modify parses the kind's options before it sends anything to the kernel.
  const slave = req.type === 'bridge_slave' ? parseBridgeSlave(run, req.typeArgs) : [];
  if (typeof slave === 'number') return slave;
  const link = requireDev(run, req);
  if (typeof link === 'number') return link;
  const denied = notPermitted(run);
  if (denied !== undefined) return denied;
  const w = run.ctx.world;
  // do_setlink's order: netns first, then name, mtu, address, master, flags (up/down).
  if (req.netns && req.netns !== run.ns) {
    const r = setLinkNetns(w, run.ns, link, req.netns);
    if (!r.ok) return kernelError(run, r.errno, r.detail);
    return 0;
  }
  if (req.name !== undefined && req.name !== link.name) {
    const r = renameLink(run.ns, link, req.name);
    if (!r.ok) return kernelError(run, r.errno);
  }
  if (req.mtu !== undefined) {
    const r = setMtu(run.ns, link, req.mtu);
    if (!r.ok) return kernelError(run, r.errno, r.detail);
  }
  if (req.txqlen !== undefined) link.txqlen = req.txqlen;
  if (req.mac !== undefined) {
    const r = setMac(run.ns, link, req.mac);
    if (!r.ok) return kernelError(run, r.errno === 'EADDRNOTAVAIL' ? 'EADDRNOTAVAIL' : 'EOPNOTSUPP');
  }
  if (req.master !== undefined) {
    const br = req.master === null ? undefined : run.ns.links.get(req.master);
    if (br && br.kind !== 'bridge') return kernelError(run, 'EOPNOTSUPP');
    const r = setMaster(w, run.ns, link, br as BridgeLink | undefined);
    if (!r.ok) return kernelError(run, r.errno, r.detail);
  }
  if (req.type === 'bridge_slave') {
    const errno = applyBridgeSlave(link, slave as PortChanges);
    if (errno) return kernelError(run, errno);
  }
  if (req.up !== undefined) setLinkUp(w, run.ns, link, req.up);
  return 0;
}

function linkDel(run: IpRun, args: string[]): number {
  const req = parseLinkArgs(run, args, false);
  if (typeof req === 'number') return req;
  const link = requireDev(run, req);
  if (typeof link === 'number') return link;
  const denied = notPermitted(run);
  if (denied !== undefined) return denied;
  const r = deleteLink(run.ctx.world, run.ns, link);
  if (!r.ok) return kernelError(run, r.errno);
  return 0;
}
