/**
 * `bridge fdb` (bridge/fdb.c): show [dev X] [br B] [brport P], add/append/replace/del.
 * Dump order is the kernel's: device by device in ifindex order; for each, its bridge's
 * entries on that port (newest first, as br_fdb_dump walks the hash chain) and then the
 * device's own ("self") list; a bridge prints its own list first, a VXLAN device its table.
 */
import { formatIpv4, parseIpv4, parseMac, type Mac } from '../../../wire/index.ts';
import type { BridgeLink, FdbEntry, Link } from '../../../net/types.ts';
import { linkByName } from '../../../net/link.ts';
import { masterOf } from '../../../net/link-peers.ts';
import { bridgeFdbAdd, bridgeFdbDel, selfMulticastMacs, vxlanFdbAdd, vxlanFdbDel, type FdbAddMode } from '../../../net/fdb.ts';
import { matches } from '../ip/common.ts';
import type { BridgeRun } from './types.ts';

const stateWord = (e: FdbEntry) => (e.state === 'dynamic' ? '' : e.state);

/** `bridge fdb ...`. */
export function bridgeFdb(br: BridgeRun, args: string[]): number {
  const [sub, ...rest] = args;
  if (sub === undefined || matches(sub, 'show') || matches(sub, 'list') || matches(sub, 'lst')) return fdbShow(br, sub === undefined ? [] : rest);
  if (matches(sub, 'add')) return fdbModify(br, rest, 'add');
  if (matches(sub, 'append')) return fdbModify(br, rest, 'append');
  if (matches(sub, 'replace')) return fdbModify(br, rest, 'replace');
  if (matches(sub, 'delete')) return fdbModify(br, rest, 'del');
  br.ctx.stderr.write(`Command "${sub}" is unknown, try "bridge fdb help".\n`);
  return 255;
}

function fdbShow(br: BridgeRun, args: string[]): number {
  const ns = br.ctx.netns;
  let dev: Link | undefined;
  let bridge: Link | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = args[++i] ?? '';
    const l = linkByName(ns, v);
    if (a === 'dev' || a === 'brport' || a === 'br') {
      if (!l) { br.ctx.stderr.write(`Cannot find device "${v}"\n`); return 255; }
      if (a === 'br') bridge = l;
      else dev = l;
    } else if (a === 'vlan' || a === 'state') continue;
    else { br.ctx.stderr.write(`Unknown bridge fdb show argument "${a}"\n`); return 255; }
  }
  const lines: string[] = [];
  for (const l of [...ns.links.values()].sort((a, b) => a.ifindex - b.ifindex)) {
    if (dev && l !== dev) continue;
    if (bridge && l !== bridge && l.master !== bridge.ifindex) continue;
    const devPart = dev ? '' : `dev ${l.name} `;
    const master = masterOf(ns, l);
    // Learned entries older than the ageing time are gone (br_fdb_cleanup would have run).
    const now = br.ctx.world.clock.ms;
    const alive = (b: BridgeLink, e: FdbEntry) => e.state !== 'dynamic' || now - e.updated <= b.ageingTime * 1000;
    const masterLines = (b: BridgeLink) =>
      [...b.fdb].reverse().filter((e) => e.port === l.ifindex && alive(b, e)).map((e) => `${e.mac} ${devPart}master ${b.name} ${stateWord(e)}`);
    const selfLines = () => selfMulticastMacs(ns, l).map((m) => `${m} ${devPart}self permanent`);
    if (l.kind === 'vxlan') {
      for (const e of l.fdb) lines.push(`${e.mac} ${devPart}${e.dst !== undefined ? `dst ${formatIpv4(e.dst)} ` : ''}self ${stateWord(e)}`);
    } else if (l.kind === 'bridge') {
      lines.push(...selfLines(), ...masterLines(l));
    } else {
      if (master) lines.push(...masterLines(master));
      lines.push(...selfLines());
    }
  }
  for (const s of lines) br.ctx.stdout.write(s + '\n');
  return 0;
}

function fdbModify(br: BridgeRun, args: string[], mode: FdbAddMode | 'del'): number {
  const ns = br.ctx.netns;
  let mac: Mac | undefined;
  let devName: string | undefined;
  let dst: number | undefined;
  let master = false;
  let self = false;
  let state: 'permanent' | 'static' = 'permanent';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'dev') devName = args[++i];
    else if (a === 'dst') {
      const v = args[++i] ?? '';
      dst = parseIpv4(v);
      if (dst === undefined) { br.ctx.stderr.write(`Error: inet address is expected rather than "${v}".\n`); return 1; }
    } else if (a === 'master') master = true;
    else if (a === 'self') self = true;
    else if (a === 'static') state = 'static';
    else if (a === 'permanent' || a === 'local') state = 'permanent';
    else if (a === 'dynamic' || a === 'temp' || a === 'router' || a === 'use' || a === 'extern_learn' || a === 'sticky') continue;
    else if (a === 'vlan' || a === 'port' || a === 'dst_port' || a === 'vni' || a === 'via' || a === 'src_vni') i++;
    else if (mac === undefined) {
      mac = parseMac(a);
      if (!mac) { br.ctx.stderr.write(`Invalid mac address ${a}\n`); return 255; }
    } else { br.ctx.stderr.write(`Error: either "dev" is duplicate, or "${a}" is a garbage.\n`); return 255; }
  }
  if (mac === undefined || devName === undefined) { br.ctx.stderr.write('Device and address are required arguments.\n'); return 255; }
  const link = linkByName(ns, devName);
  if (!link) { br.ctx.stderr.write(`Cannot find device "${devName}"\n`); return 1; }
  const now = br.ctx.world.clock.ms;
  // bridge(8) returns -1 from its handlers: every kernel refusal exits 255.
  const fail = (errno: string) => { br.ctx.stderr.write(`RTNETLINK answers: ${errno}\n`); return 255; };
  if (link.kind === 'vxlan') {
    const r = mode === 'del' ? vxlanFdbDel(link, mac, dst) : vxlanFdbAdd(link, mac, dst, mode, now);
    return r.ok ? 0 : fail(r.errno === 'EEXIST' ? 'File exists' : 'No such file or directory');
  }
  // rtnl_fdb_add: no flag or `master` goes to the bridge the port belongs to; `self` alone
  // to the device's own address list (not modelled beyond accepting it).
  const bridge = link.kind === 'bridge' ? link : masterOf(ns, link);
  if ((master || !self) && bridge) {
    const r = mode === 'del' ? bridgeFdbDel(bridge, mac, link.ifindex) : bridgeFdbAdd(bridge, mac, link.ifindex, state, mode === 'replace', now);
    return r.ok ? 0 : fail(r.errno === 'EEXIST' ? 'File exists' : 'No such file or directory');
  }
  return fail('Operation not supported');
}
