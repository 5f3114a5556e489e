/**
 * Forwarding databases: a Linux bridge's MAC table (net/bridge/br_fdb.c) and a VXLAN
 * device's remote table (drivers/net/vxlan: `bridge fdb append MAC dev vxlan dst IP`).
 * - Bridge: each port's own MAC is a permanent local entry; source MACs of frames entering a
 *   port are learned (dynamic) and expire after `ageingTime` seconds without traffic; entries
 *   are kept newest first in dump order (hlist_add_head), so `bridge fdb show` prints them so.
 * - VXLAN: entries map an inner MAC to a VTEP; the all-zeros MAC is the default destination
 *   used for unknown and broadcast frames (vxlan_xmit's fallback to the all-zeros entry).
 * - The "self permanent" multicast lines of `bridge fdb show` are the device's multicast
 *   address list (ndo_dflt_fdb_dump); they are derived from state by `selfMulticastMacs`.
 */
import { fail, ok, type Result } from '../core/index.ts';
import type { Ipv4, Mac } from '../wire/index.ts';
import type { BridgeLink, FdbEntry, Link, Netns, VxlanLink } from './types.ts';
import { expandIpv6 } from './ipv6.ts';

export { expandIpv6 } from './ipv6.ts';

/** Adds a permanent local entry unless a local entry for that MAC already exists (fdb_add_local). */
export function fdbAddLocal(br: BridgeLink, mac: Mac, port: number): void {
  const i = br.fdb.findIndex((e) => e.mac === mac);
  if (i >= 0 && br.fdb[i]!.state === 'permanent') return;
  if (i >= 0) br.fdb.splice(i, 1);
  br.fdb.push({ mac, port, state: 'permanent', updated: 0 });
}

/** Removes the permanent local entry of `mac` on `port` (a port's MAC changed). */
export function fdbRemoveLocal(br: BridgeLink, mac: Mac, port: number): void {
  br.fdb = br.fdb.filter((e) => !(e.mac === mac && e.port === port && e.state === 'permanent'));
}

/** Removes every entry of a port, local ones included (the port left the bridge). */
export function fdbDeletePort(br: BridgeLink, port: number): void {
  br.fdb = br.fdb.filter((e) => e.port !== port);
}

/** Removes the learned entries of a port (it went down: br_fdb_delete_by_port without do_all). */
export function fdbFlushPort(br: BridgeLink, port: number): void {
  br.fdb = br.fdb.filter((e) => !(e.port === port && e.state === 'dynamic'));
}

/** Whether a learned entry has outlived the bridge's ageing time at virtual `now` (ms). */
const expired = (br: BridgeLink, e: FdbEntry, now: number): boolean =>
  e.state === 'dynamic' && now - e.updated > br.ageingTime * 1000;

/** Drops the learned entries that aged out (br_fdb_cleanup). */
export function fdbAge(br: BridgeLink, now: number): void {
  br.fdb = br.fdb.filter((e) => !expired(br, e, now));
}

/**
 * Learns `mac` as reachable through `port` at virtual time `now` (br_fdb_update): refreshes
 * an existing dynamic entry in place (moving it to the new port), never overrides a local
 * or static entry, and ignores multicast sources.
 */
export function fdbLearn(br: BridgeLink, mac: Mac, port: number, now: number): void {
  if (parseInt(mac.slice(0, 2), 16) & 1) return;
  const e = br.fdb.find((x) => x.mac === mac);
  if (e && e.state !== 'dynamic') return;
  if (e) {
    e.port = port;
    e.updated = now;
    return;
  }
  br.fdb.push({ mac, port, state: 'dynamic', updated: now });
}

/**
 * The entry for `mac` (br_fdb_find_rcu); with virtual `now`, a learned entry older than the
 * ageing time counts as gone (the kernel's gc would have removed it).
 */
export function fdbLookup(br: BridgeLink, mac: Mac, now?: number): FdbEntry | undefined {
  const e = br.fdb.find((x) => x.mac === mac);
  return e && (now === undefined || !expired(br, e, now)) ? e : undefined;
}

/**
 * Every VTEP a VXLAN frame for `mac` goes to: the entries for that MAC, else those of the
 * all-zeros default entry (unknown and broadcast destinations are replicated to each);
 * empty when neither exists (the frame is dropped).
 */
export function vxlanFdbTargets(vx: VxlanLink, mac: Mac): FdbEntry[] {
  const hit = vx.fdb.filter((e) => e.mac === mac);
  return hit.length > 0 ? hit : vx.fdb.filter((e) => e.mac === '00:00:00:00:00:00');
}

/** The first VTEP for `mac` (see vxlanFdbTargets), or undefined when the frame would be dropped. */
export const vxlanFdbLookup = (vx: VxlanLink, mac: Mac): FdbEntry | undefined => vxlanFdbTargets(vx, mac)[0];

/** How `bridge fdb add|append|replace` treats an existing entry. */
export type FdbAddMode = 'add' | 'append' | 'replace';

/**
 * Adds a static entry to a VXLAN device (`bridge fdb add|append|replace MAC dev vx dst IP`).
 * `add` fails EEXIST when the MAC has an entry; `append` adds another VTEP for the same MAC
 * (EEXIST for the same dst twice); `replace` overwrites the MAC's first entry.
 */
export function vxlanFdbAdd(vx: VxlanLink, mac: Mac, dst: Ipv4 | undefined, mode: FdbAddMode, now: number): Result {
  const same = vx.fdb.filter((e) => e.mac === mac);
  const entry: FdbEntry = { mac, port: vx.ifindex, state: 'permanent', updated: now, ...(dst === undefined ? {} : { dst }) };
  if (mode === 'add' && same.length > 0) return fail('EEXIST');
  if (mode === 'append' && same.some((e) => e.dst === dst)) return fail('EEXIST');
  if (mode === 'replace' && same[0]) {
    Object.assign(same[0], entry);
    return ok(undefined);
  }
  vx.fdb.push(entry);
  return ok(undefined);
}

/** Deletes a VXLAN entry (all VTEPs of `mac`, or only `dst`); ENOENT when absent. */
export function vxlanFdbDel(vx: VxlanLink, mac: Mac, dst?: Ipv4): Result {
  const keep = vx.fdb.filter((e) => !(e.mac === mac && (dst === undefined || e.dst === dst)));
  if (keep.length === vx.fdb.length) return fail('ENOENT');
  vx.fdb = keep;
  return ok(undefined);
}

/**
 * Adds a static entry to a bridge for a port (`bridge fdb add MAC dev PORT master [static]`):
 * EEXIST when the MAC has a non-learned entry (add), replaces otherwise.
 */
export function bridgeFdbAdd(br: BridgeLink, mac: Mac, port: number, state: 'permanent' | 'static', replace: boolean, now: number): Result {
  const i = br.fdb.findIndex((e) => e.mac === mac);
  if (i >= 0 && br.fdb[i]!.state !== 'dynamic' && !replace) return fail('EEXIST');
  if (i >= 0) br.fdb.splice(i, 1);
  br.fdb.push({ mac, port, state, updated: now });
  return ok(undefined);
}

/** Deletes a bridge entry of `mac` on `port`; ENOENT when absent. */
export function bridgeFdbDel(br: BridgeLink, mac: Mac, port: number): Result {
  const i = br.fdb.findIndex((e) => e.mac === mac && e.port === port);
  if (i < 0) return fail('ENOENT');
  br.fdb.splice(i, 1);
  return ok(undefined);
}

/**
 * The device's multicast address list as `bridge fdb show` prints it ("self permanent"), in
 * the order the kernel adds them: all-nodes 33:33:00:00:00:01 (IPv6 device init); for an up
 * bridge the multicast-router groups 01:00:5e:00:00:6a / 33:33:00:00:00:6a (br_multicast_open);
 * all-hosts 01:00:5e:00:00:01 when up (ip_mc_up); a solicited-node group per IPv6 address.
 * Loopback and VXLAN devices print none (lo has no multicast list, vxlan dumps its own table).
 */
export function selfMulticastMacs(ns: Netns, link: Link): Mac[] {
  if (link.kind === 'loopback' || link.kind === 'vxlan') return [];
  const out: Mac[] = ['33:33:00:00:00:01'];
  if (link.up && link.kind === 'bridge') out.push('01:00:5e:00:00:6a', '33:33:00:00:00:6a');
  if (link.up) out.push('01:00:5e:00:00:01');
  for (const a of ns.addrs) {
    if (a.family !== 'inet6' || a.ifindex !== link.ifindex || a.addr === '::1') continue;
    const sn = solicitedNodeMac(a.addr);
    if (sn && !out.includes(sn)) out.push(sn);
  }
  return out;
}

/** 33:33:ff + the low 24 bits of an IPv6 address (RFC 4291 2.7.1, RFC 2464 7). */
function solicitedNodeMac(addr: string): Mac | undefined {
  const groups = expandIpv6(addr);
  if (!groups) return undefined;
  const g6 = groups[6]!;
  const g7 = groups[7]!;
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `33:33:ff:${hex(g6 & 0xff)}:${hex(g7 >> 8)}:${hex(g7 & 0xff)}`;
}
