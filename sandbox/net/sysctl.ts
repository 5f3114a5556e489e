/**
 * Sysctls of a namespace (sysctl(8), proc(5), Documentation/networking/ip-sysctl.rst):
 * values are stored only once written (`ns.sysctl`), everything else reads as the kernel
 * default below. Decisions, documented:
 * - `net.bridge.*` exist only where the namespace's kernel has br_netfilter
 *   (`ns.kernelModules`): the module registers them in every netns of that kernel with its
 *   defaults (bridge-nf-call-iptables = 1, net/bridge/br_netfilter_hooks.c); without it
 *   /proc/sys/net/bridge does not exist, so reading or writing them is ENOENT. Kubernetes
 *   nodes load it (kubeadm's prerequisites), a plain router does not.
 * - IPv4 devconf: `net.ipv4.conf.{all,default,<dev>}.*` exist for every device; a device's
 *   value reads as `default` until written (the kernel copies `default` at creation).
 * - Writing `net.ipv4.ip_forward` sets `conf.*.forwarding` too (devinet_sysctl_forward).
 * - Keys use sysctl's dotted form; a dot inside a device name is a '/' there
 *   (`net.ipv4.conf.flannel/1.rp_filter` = /proc/sys/net/ipv4/conf/flannel.1/rp_filter).
 */
import { fail, ok, type Result } from '../core/index.ts';
import type { Netns } from './types.ts';

/** Per-device IPv4 settings and their kernel defaults (IPV4_DEVCONF defaults in devinet.c). */
const CONF_DEFAULTS: Readonly<Record<string, string>> = {
  accept_local: '0', accept_redirects: '1', accept_source_route: '0', arp_accept: '0', arp_announce: '0',
  arp_filter: '0', arp_ignore: '0', arp_notify: '0', forwarding: '0', ignore_routes_with_linkdown: '0',
  log_martians: '0', promote_secondaries: '0', proxy_arp: '0', route_localnet: '0', rp_filter: '0',
  secure_redirects: '1', send_redirects: '1', shared_media: '1', src_valid_mark: '0',
};

/**
 * Per-device neighbour (ARP) parameters, `net.ipv4.neigh.<dev>.*`, and their defaults as a
 * real 6.x kernel lists them (neigh_sysctl_register). Only proxy_delay changes behaviour here
 * (proxy-arp.ts answers at once; Calico writes 0 on its veths).
 */
const NEIGH_DEFAULTS: Readonly<Record<string, string>> = {
  anycast_delay: '100', app_solicit: '0', base_reachable_time_ms: '30000', delay_first_probe_time: '5', gc_stale_time: '60',
  interval_probe_time_ms: '5000', locktime: '100', mcast_resolicit: '0', mcast_solicit: '3', proxy_delay: '80', proxy_qlen: '64',
  retrans_time_ms: '1000', ucast_solicit: '3', unres_qlen: '101', unres_qlen_bytes: '212992',
};

/** Where `conf.all` differs from the per-device default (IPV4_DEVCONF_ALL in devinet.c). */
const ALL_OVERRIDES: Readonly<Record<string, string>> = { accept_redirects: '0' };

/** The sysctls br_netfilter registers (brnf_table in br_netfilter_hooks.c) and their defaults. */
const BR_NETFILTER_DEFAULTS: Readonly<Record<string, string>> = {
  'net.bridge.bridge-nf-call-arptables': '1',
  'net.bridge.bridge-nf-call-ip6tables': '1',
  'net.bridge.bridge-nf-call-iptables': '1',
  'net.bridge.bridge-nf-filter-pppoe-tagged': '0',
  'net.bridge.bridge-nf-filter-vlan-tagged': '0',
  'net.bridge.bridge-nf-pass-vlan-input-dev': '0',
};

/** Namespace-wide sysctls and their defaults. */
const GLOBAL_DEFAULTS: Readonly<Record<string, string>> = {
  'net.core.somaxconn': '4096',
  'net.ipv4.icmp_echo_ignore_all': '0',
  'net.ipv4.ip_default_ttl': '64',
  'net.ipv4.ip_forward': '0',
  'net.ipv4.ip_local_port_range': '32768\t60999',
  'net.ipv4.ip_nonlocal_bind': '0',
  'net.ipv4.ping_group_range': '1\t0',
  'net.ipv4.tcp_syn_retries': '6',
  'net.ipv6.conf.all.disable_ipv6': '0',
  'net.ipv6.conf.all.forwarding': '0',
  'net.netfilter.nf_conntrack_max': '262144',
  'net.netfilter.nf_conntrack_tcp_timeout_established': '432000',
};

/** Values that are lists of integers (written with spaces, stored and printed with tabs). */
const INTEGER_VALUE = /^-?\d+(\s+-?\d+)*$/;

/** Device names as they appear in a key (dots become slashes). */
const keyName = (dev: string) => dev.replaceAll('.', '/');

/** Every key this namespace has, sorted as `sysctl -a` lists them, with its value. */
export function listSysctl(ns: Netns): [key: string, value: string][] {
  const keys = new Set([...Object.keys(GLOBAL_DEFAULTS), ...(hasBrNetfilter(ns) ? Object.keys(BR_NETFILTER_DEFAULTS) : [])]);
  const devs = ['all', 'default', ...[...ns.links.values()].map((l) => keyName(l.name))];
  for (const d of devs) for (const k of Object.keys(CONF_DEFAULTS)) keys.add(`net.ipv4.conf.${d}.${k}`);
  for (const l of ns.links.values()) for (const k of Object.keys(NEIGH_DEFAULTS)) keys.add(`net.ipv4.neigh.${keyName(l.name)}.${k}`);
  for (const k of ns.sysctl.keys()) if (isKnown(ns, k)) keys.add(k);
  return [...keys].sort().map((k) => [k, getSysctl(ns, k) ?? '']);
}

/** Whether the kernel of `ns` has br_netfilter loaded (or built in). */
export const hasBrNetfilter = (ns: Netns): boolean => ns.kernelModules.includes('br_netfilter');

function isKnown(ns: Netns, key: string): boolean {
  if (key in GLOBAL_DEFAULTS) return true;
  if (key in BR_NETFILTER_DEFAULTS) return hasBrNetfilter(ns);
  const n = /^net\.ipv4\.neigh\.([^.]+)\.([a-z_]+)$/.exec(key);
  if (n) return n[2]! in NEIGH_DEFAULTS && [...ns.links.values()].some((l) => keyName(l.name) === n[1]);
  const m = /^net\.ipv4\.conf\.([^.]+)\.([a-z_]+)$/.exec(key);
  if (!m || !(m[2]! in CONF_DEFAULTS)) return false;
  const dev = m[1]!;
  return dev === 'all' || dev === 'default' || [...ns.links.values()].some((l) => keyName(l.name) === dev);
}

/** The value of `key` (dotted form), or undefined when this namespace has no such sysctl. */
export function getSysctl(ns: Netns, key: string): string | undefined {
  const k = normalizeKey(key);
  if (!isKnown(ns, k)) return undefined;
  const set = ns.sysctl.get(k);
  if (set !== undefined) return set;
  const m = /^net\.ipv4\.conf\.([^.]+)\.([a-z_]+)$/.exec(k);
  if (m) {
    if (m[2] === 'forwarding') return getSysctl(ns, 'net.ipv4.ip_forward');
    if (m[1] !== 'all' && m[1] !== 'default') return getSysctl(ns, `net.ipv4.conf.default.${m[2]}`);
    return (m[1] === 'all' ? ALL_OVERRIDES[m[2]!] : undefined) ?? CONF_DEFAULTS[m[2]!];
  }
  const n = /^net\.ipv4\.neigh\.[^.]+\.([a-z_]+)$/.exec(k);
  if (n) return NEIGH_DEFAULTS[n[1]!];
  return GLOBAL_DEFAULTS[k] ?? BR_NETFILTER_DEFAULTS[k];
}

/**
 * Writes `key` (`sysctl -w`, `echo V > /proc/sys/...`). ENOENT when there is no such key,
 * EINVAL when the value is not the integer (list) the kernel expects.
 */
export function setSysctl(ns: Netns, key: string, value: string): Result {
  const k = normalizeKey(key);
  if (!isKnown(ns, k)) return fail('ENOENT', k);
  const v = value.trim();
  if (!INTEGER_VALUE.test(v)) return fail('EINVAL', k);
  const stored = v.split(/\s+/).join('\t');
  ns.sysctl.set(k, stored);
  if (k === 'net.ipv4.ip_forward' || k === 'net.ipv4.conf.all.forwarding') {
    // devinet_sysctl_forward: ip_forward and conf/all/forwarding are one switch for all devices.
    for (const key2 of [...ns.sysctl.keys()]) if (/^net\.ipv4\.conf\.[^.]+\.forwarding$/.test(key2)) ns.sysctl.delete(key2);
    ns.sysctl.set('net.ipv4.ip_forward', stored);
  }
  return ok(undefined);
}

/**
 * The effective per-device value the kernel uses for a devconf setting: rp_filter is the
 * max of `all` and the device (IN_DEV_RPFILTER); the booleans route_localnet, accept_local,
 * log_martians, proxy_arp are `all` OR device (IN_DEV_ORCONF); others the device's value.
 */
export function effectiveConf(ns: Netns, dev: string, setting: string): number {
  const all = Number(getSysctl(ns, `net.ipv4.conf.all.${setting}`) ?? 0);
  const own = Number(getSysctl(ns, `net.ipv4.conf.${keyName(dev)}.${setting}`) ?? all);
  if (setting === 'rp_filter' || setting === 'arp_ignore' || setting === 'arp_announce') return Math.max(all, own);
  if (['route_localnet', 'accept_local', 'log_martians', 'proxy_arp', 'src_valid_mark'].includes(setting)) return all || own ? 1 : 0;
  return own;
}

/**
 * A key as sysctl(8) reads it: slash-separated input (`net/ipv4/ip_forward`) is converted
 * by swapping '/' and '.', as sysctl does, so `net/ipv4/conf/flannel.1/rp_filter` works.
 */
export function normalizeKey(key: string): string {
  return key.includes('/') && !/^net\.ipv4\.conf\.[^.]+\//.test(key)
    ? key.replace(/^\/+/, '').split('').map((c) => (c === '/' ? '.' : c === '.' ? '/' : c)).join('')
    : key;
}

/** The /proc/sys file of a key (`net.ipv4.ip_forward` -> /proc/sys/net/ipv4/ip_forward). */
export function procSysPath(key: string): string {
  return '/proc/sys/' + key.split('').map((c) => (c === '.' ? '/' : c === '/' ? '.' : c)).join('');
}

/** The key of a /proc/sys path, or undefined when the path is not under /proc/sys. */
export function sysctlFromPath(path: string): string | undefined {
  const m = /^\/proc\/sys\/(.+?)\/?$/.exec(path);
  if (!m) return undefined;
  return m[1]!.split('').map((c) => (c === '/' ? '.' : c === '.' ? '/' : c)).join('');
}

/** The entries of a /proc/sys directory (`ls /proc/sys/net/ipv4`), or undefined when it is none. */
export function sysctlDirEntries(ns: Netns, dirPath: string): string[] | undefined {
  const base = dirPath.replace(/\/+$/, '');
  const prefix = base === '/proc/sys' ? '' : (sysctlFromPath(base) ?? '\0') + '.';
  const names = new Set<string>();
  for (const [k] of listSysctl(ns)) {
    if (!k.startsWith(prefix) || k === prefix.slice(0, -1)) continue;
    names.add(k.slice(prefix.length).split('.')[0]!.replaceAll('/', '.'));
  }
  return names.size === 0 ? undefined : [...names].sort();
}
