/**
 * `-m recent`: lists of recently seen addresses, per network namespace (libxt_recent.c for
 * the options and their printing, net/netfilter/xt_recent.c for the kernel side). kube-proxy
 * writes it for `sessionAffinity: ClientIP`: `--set` in each KUBE-SEP chain records the client
 * in a list named after the endpoint's chain, and `--rcheck --seconds N --reap` in the
 * KUBE-SVC chain sends a recorded client back to the same endpoint.
 *
 * State is plain data on the namespace's netfilter state (`nf.recent`: list name -> entries),
 * so a world snapshot copies it. As in the kernel, each entry keeps at most
 * ip_pkt_list_tot (20) time stamps and each list at most ip_list_tot (100) entries, the
 * least recently updated going first.
 */
import { formatIpv4, parseIpv4, type Ipv4 } from '../../wire/index.ts';
import type { ClockState } from '../../core/index.ts';
import type { NetfilterState, RecentEntry, RecentMatch } from './types.ts';

/** xt_recent module parameters' defaults. */
export const IP_PKT_LIST_TOT = 20;
export const IP_LIST_TOT = 100;

/** The options `-m recent` takes, with their number of values. */
export const RECENT_OPTIONS: Record<string, number> = {
  '--set': 0, '--rcheck': 0, '--update': 0, '--remove': 0, '--seconds': 1, '--reap': 0, '--hitcount': 1,
  '--rttl': 0, '--name': 1, '--mask': 1, '--rsource': 0, '--rdest': 0,
};

/** A fresh `-m recent` before its options (libxt_recent recent_init: name DEFAULT, source side). */
export const newRecent = (): RecentMatch => ({
  module: 'recent', name: 'DEFAULT', seconds: 0, reap: false, hitcount: 0, rttl: false, mask: 0xffffffff, side: 'source', neg: false,
});

const COMMANDS = ['--set', '--rcheck', '--update', '--remove'] as const;

/** Applies one option; an error message as libxt_recent reports it, or undefined. */
export function parseRecentOption(m: RecentMatch, opt: string, args: string[], neg: boolean): string | undefined {
  const v = args[0] ?? '';
  const cmd = COMMANDS.find((c) => c === opt);
  if (cmd) {
    if (m.command !== undefined) {
      return `--${m.command}` === cmd
        ? `recent: option "${cmd}" can only be used once.\n`
        : `recent: option "--${m.command}" cannot be used together with "${cmd}".\n`;
    }
    m.command = cmd.slice(2) as RecentMatch['command'];
    m.neg = neg;
    return undefined;
  }
  if (neg) return `recent: option "${opt}" cannot be inverted.\n`;
  switch (opt) {
    case '--seconds': case '--hitcount': {
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      const min = opt === '--seconds' ? 1 : 0;
      if (!(n >= min && n <= 0xffffffff)) return `recent: bad value for option "${opt}", or out of range (${min}-4294967295).\n`;
      if (opt === '--seconds') m.seconds = n; else m.hitcount = n;
      return undefined;
    }
    case '--reap': m.reap = true; return undefined;
    case '--rttl': m.rttl = true; return undefined;
    case '--name': m.name = v; return undefined;
    case '--mask': {
      const a = parseInetAton(v);
      if (a === undefined) return `recent: bad value for option "--mask", or out of range.\n`;
      m.mask = a;
      return undefined;
    }
    case '--rsource': m.side = 'source'; return undefined;
    default: m.side = 'dest'; return undefined;
  }
}

/** inet_aton's forms (`1.2.3` is 1.2.0.3), as xtables_numeric_to_ipmask accepts them. */
function parseInetAton(text: string): Ipv4 | undefined {
  const parts = text.split('.');
  if (parts.length === 4) return parseIpv4(text);
  if (parts.length < 1 || parts.length > 4 || !parts.every((p) => /^\d+$/.test(p))) return undefined;
  const nums = parts.map(Number);
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return undefined;
  return (nums.reduce((a, n, i) => a + n * 2 ** (24 - 8 * i), 0) + last) >>> 0;
}

/** libxt_recent final check; an error message or undefined. */
export function finishRecent(m: RecentMatch): string | undefined {
  if (m.command === undefined) return "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'";
  if (m.reap && m.seconds === 0) return 'recent: option "--reap" also requires "--seconds".\n';
  return undefined;
}

/**
 * What the kernel's recent_mt_check refuses with EINVAL (iptables then prints
 * `RULE_APPEND failed (Invalid argument)`): `--seconds`/`--hitcount` with `--set`/`--remove`,
 * an empty or over-long name, a hit count above ip_pkt_list_tot.
 */
export function recentKernelRejects(m: RecentMatch): boolean {
  if ((m.command === 'set' || m.command === 'remove') && (m.seconds || m.hitcount)) return true;
  if (m.name === '' || m.name.length > 199 || m.name.includes('/') || m.name === '.' || m.name === '..') return true;
  return m.hitcount > 255;
}

/** ` -m recent ...` as iptables-save prints it (recent_save). */
export function saveRecent(m: RecentMatch): string {
  let s = ' -m recent';
  if (m.neg) s += ' !';
  s += ` --${m.command ?? 'set'}`;
  if (m.seconds) s += ` --seconds ${m.seconds}`;
  if (m.reap) s += ' --reap';
  if (m.hitcount) s += ` --hitcount ${m.hitcount}`;
  if (m.rttl) s += ' --rttl';
  s += ` --name ${m.name} --mask ${formatIpv4(m.mask)} ${m.side === 'source' ? '--rsource' : '--rdest'}`;
  return s;
}

/** ` recent: CHECK ...` as `iptables -L` prints it (recent_print). */
export function printRecent(m: RecentMatch): string {
  let s = m.neg ? ' ! recent:' : ' recent:';
  s += ` ${m.command === 'rcheck' ? 'CHECK' : (m.command ?? 'set').toUpperCase()}`;
  if (m.seconds) s += ` seconds: ${m.seconds}`;
  if (m.reap) s += ' reap';
  if (m.hitcount) s += ` hit_count: ${m.hitcount}`;
  if (m.rttl) s += ' TTL-Match';
  s += ` name: ${m.name} side: ${m.side === 'source' ? 'source' : 'dest'} mask: ${formatIpv4(m.mask)}`;
  return s;
}

/** The packet facts recent_mt reads. */
export interface RecentPacket {
  src: Ipv4;
  dst: Ipv4;
  ttl: number;
}

/**
 * Evaluates the match and updates the list (recent_mt): returns whether the rule matches.
 * A missing entry matches only `--set` (which creates it); `--rcheck`/`--update` need a stamp
 * within `--seconds` (and `--hitcount` of them); `--update` and `--set` add a stamp;
 * `--reap` drops the list's least recently updated entry once its newest stamp is older than
 * `--seconds`.
 */
export function recentHolds(nf: NetfilterState, clock: ClockState, m: RecentMatch, pkt: RecentPacket): boolean {
  const lists = (nf.recent ??= new Map<string, RecentEntry[]>());
  let list = lists.get(m.name);
  if (!list) { list = []; lists.set(m.name, list); }
  const addr = ((m.side === 'source' ? pkt.src : pkt.dst) & m.mask) >>> 0;
  const now = clock.ms;
  const idx = list.findIndex((e) => e.addr === addr && (!m.rttl || e.ttl === pkt.ttl));
  let ret = m.neg;
  if (idx < 0) {
    if (m.command !== 'set') return ret;
    if (list.length >= IP_LIST_TOT) list.shift();
    list.push({ addr, ttl: pkt.ttl, stamps: [now] });
    return !ret;
  }
  const e = list[idx]!;
  if (m.command === 'set') ret = !ret;
  else if (m.command === 'remove') { list.splice(idx, 1); return !ret; }
  else {
    const since = now - m.seconds * 1000;
    let hits = 0;
    for (const t of e.stamps) {
      if (m.seconds && t < since) continue;
      if (!m.hitcount || ++hits >= m.hitcount) { ret = !ret; break; }
    }
    // recent_entry_reap looks at the least recently updated entry of the list (not the one
    // matched), sparing it when it is about to be updated.
    const oldest = list[0]!;
    const updating = m.command === 'update' && ret;
    if (m.reap && !(oldest === e && updating) && oldest.stamps[oldest.stamps.length - 1]! < since) list.shift();
  }
  const at = list.indexOf(e);
  if (at >= 0 && (m.command === 'set' || (m.command === 'update' && ret))) touch(list, at, e, now, pkt.ttl);
  return ret;
}

/** recent_entry_update: a new stamp (oldest dropped past ip_pkt_list_tot), moved to the LRU tail. */
function touch(list: RecentEntry[], idx: number, e: RecentEntry, now: number, ttl: number): void {
  e.stamps.push(now);
  if (e.stamps.length > IP_PKT_LIST_TOT) e.stamps.shift();
  e.ttl = ttl;
  list.splice(idx, 1);
  list.push(e);
}

/**
 * `/proc/net/xt_recent/NAME` (recent_seq_show): one line per entry, oldest first, stamps in
 * jiffies (HZ 250, counted from INITIAL_JIFFIES = -300 s as the kernel does).
 */
export function formatRecentList(nf: NetfilterState, name: string): string | undefined {
  const list = nf.recent?.get(name);
  if (!list) return undefined;
  const jiffies = (ms: number): number => (4294892296 + Math.floor(ms / 4)) >>> 0;
  return list.map((e) => {
    const last = e.stamps[e.stamps.length - 1]!;
    return `src=${formatIpv4(e.addr)} ttl: ${e.ttl} last_seen: ${jiffies(last)} oldest_pkt: ${e.stamps.length} ${e.stamps.map(jiffies).join(', ')}\n`;
  }).join('');
}
