/**
 * host-local IPAM as containernetworking/plugins implements it (plugins/ipam/host-local):
 * a range is the subnet minus its network address, its broadcast and the gateway (.1); an
 * allocation starts after `last_reserved_ip` and walks the range, wrapping around, taking the
 * first free address. So a freed address is not the next one handed out: it comes back only
 * after the allocator has wrapped past the end of the range.
 *
 * The plugin's state lives on the node's disk (plugins/ipam/host-local/backend/disk): under
 * /var/lib/cni/networks/<network name>/ one file per address holding the container id, a
 * CRLF, and the interface name (`id + LineBreak + ifname`, no final newline), the file
 * `last_reserved_ip.<range set index>` holding the last address handed out, and the empty
 * `lock` file the store flocks. hostLocalFiles() derives those files from the state.
 */
import { broadcastOf, formatIpv4, networkOf, parseCidr, parseIpv4 } from '../../wire/index.ts';
import type { HostLocalState } from '../types.ts';

/** A fresh state for `subnet` (`10.244.1.0/24`). */
export const hostLocalState = (subnet: string): HostLocalState => ({ subnet, allocated: new Map() });

/** The gateway of the range (the first host address), what the bridge plugin puts on cni0. */
export function gatewayOf(subnet: string): string {
  const c = parseCidr(subnet)!;
  return formatIpv4((networkOf(c) + 1) >>> 0);
}

/**
 * Reserves the next address for `containerId` (allocator.Get with the range iterator);
 * undefined when the range is exhausted ("no IP addresses available in range set").
 */
export function allocate(s: HostLocalState, containerId: string): string | undefined {
  const c = parseCidr(s.subnet)!;
  const first = (networkOf(c) + 1) >>> 0;
  const last = (broadcastOf(c) - 1) >>> 0;
  const gw = first;
  const size = last - first + 1;
  const startAfter = s.lastReserved === undefined ? undefined : parseIpv4(s.lastReserved);
  let cur = startAfter === undefined || startAfter < first || startAfter > last ? first : startAfter + 1;
  for (let i = 0; i < size; i++, cur++) {
    if (cur > last) cur = first;
    const ip = formatIpv4(cur >>> 0);
    if (cur === gw || s.allocated.has(ip)) continue;
    s.allocated.set(ip, containerId);
    s.lastReserved = ip;
    return ip;
  }
  return undefined;
}

/** Releases whatever `containerId` holds (allocator.Release); `last_reserved_ip` stays. */
export function release(s: HostLocalState, containerId: string): void {
  for (const [ip, id] of [...s.allocated]) if (id === containerId) s.allocated.delete(ip);
}

/** flannel's delegate network name (`"name": "cbr0"` in 10-flannel.conflist). */
export const NETWORK_NAME = 'cbr0';

/** The disk store's directory for `network` (defaultDataDir + network). */
export const dataDir = (network = NETWORK_NAME): string => `/var/lib/cni/networks/${network}`;

/**
 * The files the disk store holds for state `s` (path -> content), the interface name being
 * the one the runtime passed (CNI_IFNAME, `eth0` for every pod the kubelet starts).
 */
export function hostLocalFiles(s: HostLocalState, ifname = 'eth0', network = NETWORK_NAME): Map<string, string> {
  const dir = dataDir(network);
  const files = new Map<string, string>([[`${dir}/lock`, '']]);
  for (const [ip, id] of s.allocated) files.set(`${dir}/${ip}`, `${id.trim()}\r\n${ifname}`);
  if (s.lastReserved !== undefined) files.set(`${dir}/last_reserved_ip.0`, s.lastReserved);
  return files;
}

/**
 * Makes `files` (a machine's files) hold exactly hostLocalFiles(s) under the store's
 * directory: called after every ADD and DEL, as the plugin writes and removes them then.
 */
export function syncHostLocalFiles(files: Map<string, string>, s: HostLocalState, ifname = 'eth0', network = NETWORK_NAME): void {
  const want = hostLocalFiles(s, ifname, network);
  const prefix = `${dataDir(network)}/`;
  for (const path of [...files.keys()]) if (path.startsWith(prefix) && !want.has(path)) files.delete(path);
  for (const [path, content] of want) files.set(path, content);
}
