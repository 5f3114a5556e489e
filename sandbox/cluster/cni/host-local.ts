/**
 * host-local IPAM as containernetworking/plugins implements it (plugins/ipam/host-local),
 * with its state where the plugin keeps it: on the node's disk (backend/disk), never in
 * memory. Under `<dataDir>/<network name>/` (dataDir /var/lib/cni/networks) one file per
 * reserved address holding the container id, a CRLF and the interface name (no final
 * newline), `last_reserved_ip.<range set index>` holding the last address handed out, and the
 * empty `lock` file the store flocks. So a learner who removes a leaked reservation's file
 * frees that address, as on a real node.
 *
 * A range defaults to the subnet minus its network address and broadcast (RangeStart =
 * network + 1, RangeEnd = broadcast - 1, gateway = network + 1); the allocator skips the
 * gateway, starts after `last_reserved_ip` and walks the range set wrapping around
 * (allocator.go RangeIter), so a freed address comes back only after the walk has wrapped.
 */
import { broadcastOf, formatIpv4, networkOf, parseCidr, parseIpv4, inCidr, type Cidr } from '../../wire/index.ts';
import { cniError, type CniError, type CniResult, type CniRoute } from './result.ts';
import { confName, confVersion, type CniPlugin, type PluginCall } from './plugin-types.ts';

/** The store's default directory (disk.go defaultDataDir). */
export const DATA_DIR = '/var/lib/cni/networks';

/** One range of a range set, with its defaults filled in (range.go Canonicalize). */
export interface IpRange {
  subnet: Cidr;
  start: number;
  end: number;
  gateway: number;
}

/** host-local's `ipam` section, canonicalised (config.go LoadIPAMConfig). */
export interface HostLocalConf {
  /** The IPv4 range set (the plugin allows one per family). */
  ranges: IpRange[];
  routes: CniRoute[];
  dataDir: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: CniError };
const bad = <T>(msg: string): Parsed<T> => ({ ok: false, error: cniError(msg) });

/** Canonicalises one range entry, with range.go's messages for a bad one. */
function parseRange(r: Record<string, unknown>): Parsed<IpRange> {
  const subnet = typeof r.subnet === 'string' ? parseCidr(r.subnet) : undefined;
  if (!subnet) return bad(`invalid CIDR address: ${String(r.subnet ?? '')}`);
  if (subnet.len > 30) return bad(`Network ${r.subnet as string} too small to allocate from`);
  const net = networkOf(subnet);
  if (net !== subnet.addr) return bad(`Network has host bits set. For a subnet mask of length ${subnet.len} the network address is ${formatIpv4(net)}`);
  const ip = (k: string, dflt: number): Parsed<number> => {
    if (r[k] === undefined) return { ok: true, value: dflt };
    const a = typeof r[k] === 'string' ? parseIpv4(r[k]) : undefined;
    if (a === undefined) return bad(`invalid IP address: ${String(r[k])}`);
    const name = k === 'rangeStart' ? 'RangeStart' : k === 'rangeEnd' ? 'RangeEnd' : 'gateway';
    if (!inCidr(a, subnet)) return bad(`${name} ${r[k] as string} not in network ${r.subnet as string}`);
    return { ok: true, value: a };
  };
  const start = ip('rangeStart', (net + 1) >>> 0);
  const end = ip('rangeEnd', (broadcastOf(subnet) - 1) >>> 0);
  const gw = ip('gateway', (net + 1) >>> 0);
  if (!start.ok) return start;
  if (!end.ok) return end;
  if (!gw.ok) return gw;
  return { ok: true, value: { subnet: { addr: net, len: subnet.len }, start: start.value, end: end.value, gateway: gw.value } };
}

/** Reads the `ipam` section: `ranges` (or the old single `subnet`), `routes`, `dataDir`. */
export function parseHostLocalConf(ipam: unknown): Parsed<HostLocalConf> {
  if (!ipam || typeof ipam !== 'object') return bad("IPAM config missing 'ipam' key");
  const o = ipam as Record<string, unknown>;
  let sets = Array.isArray(o.ranges) ? (o.ranges as unknown[]) : [];
  if (typeof o.subnet === 'string') sets = [[{ subnet: o.subnet, rangeStart: o.rangeStart, rangeEnd: o.rangeEnd, gateway: o.gateway }], ...sets];
  if (sets.length === 0) return bad('no IP ranges specified');
  const first = sets[0];
  if (!Array.isArray(first) || first.length === 0) return bad('invalid range set 0: empty range set');
  const ranges: IpRange[] = [];
  for (const r of first) {
    const p = parseRange((r && typeof r === 'object' ? r : {}) as Record<string, unknown>);
    if (!p.ok) return { ok: false, error: cniError(`invalid range set 0: ${p.error.msg}`) };
    ranges.push(p.value);
  }
  const routes = (Array.isArray(o.routes) ? o.routes : []).filter((x): x is CniRoute => !!x && typeof (x as CniRoute).dst === 'string')
    .map((x) => ({ dst: x.dst, ...(x.gw ? { gw: x.gw } : {}) }));
  return { ok: true, value: { ranges, routes, dataDir: typeof o.dataDir === 'string' ? o.dataDir : DATA_DIR } };
}

/** RangeSet.String(): `start-end` per range, joined with commas (`10.244.1.1-10.244.1.254`). */
export const rangeSetString = (ranges: readonly IpRange[]): string =>
  ranges.map((r) => `${formatIpv4(r.start)}-${formatIpv4(r.end)}`).join(',');

/** The store's directory for `network` (`/var/lib/cni/networks/cbr0`). */
export const storeDir = (conf: Pick<HostLocalConf, 'dataDir'>, network: string): string => `${conf.dataDir}/${network}`;

/** The reservations on disk: address -> `id\r\nifname`. */
function reservations(files: ReadonlyMap<string, string>, dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, content] of files) {
    if (!path.startsWith(dir + '/')) continue;
    const name = path.slice(dir.length + 1);
    if (parseIpv4(name) !== undefined) out.set(name, content);
  }
  return out;
}

/** The file's owner: the container id and ifname the file names (disk.go's line format). */
const owner = (content: string): { id: string; ifname: string } => {
  const [id = '', ifname = ''] = content.split('\r\n');
  return { id: id.trim(), ifname: ifname.trim() };
};

/** The address and gateway ADD hands the main plugin. */
export interface Allocation {
  address: string;
  gateway: string;
}

/** ADD: reserves the next free address of the range set for `id`/`ifname` (allocator.Get). */
export function hostLocalAdd(files: Map<string, string>, network: string, conf: HostLocalConf, id: string, ifname: string): Parsed<Allocation> {
  const dir = storeDir(conf, network);
  const held = reservations(files, dir);
  const inSet = (a: number) => conf.ranges.some((r) => a >= r.start && a <= r.end);
  for (const [ip, content] of held) {
    const o = owner(content);
    if (o.id === id && o.ifname === ifname && inSet(parseIpv4(ip)!)) {
      return { ok: false, error: cniError(`failed to allocate for range 0: ${ip} has been allocated to ${id}, duplicate allocation is not allowed`) };
    }
  }
  files.set(`${dir}/lock`, files.get(`${dir}/lock`) ?? '');
  const last = parseIpv4(files.get(`${dir}/last_reserved_ip.0`)?.trim() ?? '');
  // The walk: every address of every range in order, starting after the last reserved one.
  const walk: { ip: number; r: IpRange }[] = [];
  for (const r of conf.ranges) for (let a = r.start; a <= r.end && walk.length < 65536; a++) walk.push({ ip: a >>> 0, r });
  const at = last === undefined ? -1 : walk.findIndex((w) => w.ip === last);
  for (let k = 1; k <= walk.length; k++) {
    const w = walk[(at + k + walk.length) % walk.length]!;
    const ip = formatIpv4(w.ip);
    if (w.ip === w.r.gateway || held.has(ip)) continue;
    files.set(`${dir}/${ip}`, `${id}\r\n${ifname}`);
    files.set(`${dir}/last_reserved_ip.0`, ip);
    return { ok: true, value: { address: `${ip}/${w.r.subnet.len}`, gateway: formatIpv4(w.r.gateway) } };
  }
  return { ok: false, error: cniError(`failed to allocate for range 0: no IP addresses available in range set: ${rangeSetString(conf.ranges)}`) };
}

/** DEL: removes every reservation of `id`/`ifname` (ReleaseByID); `last_reserved_ip` stays. */
export function hostLocalDel(files: Map<string, string>, network: string, conf: Pick<HostLocalConf, 'dataDir'>, id: string, ifname: string): void {
  const dir = storeDir(conf, network);
  for (const [ip, content] of reservations(files, dir)) {
    const o = owner(content);
    if (o.id === id && o.ifname === ifname) files.delete(`${dir}/${ip}`);
  }
}

/** CHECK: the address `id` holds, or host-local's error when it holds none. */
export function hostLocalCheck(files: ReadonlyMap<string, string>, network: string, conf: Pick<HostLocalConf, 'dataDir'>, id: string, ifname: string): Parsed<string> {
  for (const [ip, content] of reservations(files, storeDir(conf, network))) {
    const o = owner(content);
    if (o.id === id && o.ifname === ifname) return { ok: true, value: ip };
  }
  return bad(`host-local: Failed to find address added by container ${id}`);
}

/** The first host address of `subnet`, the range's default gateway (`10.244.1.1`). */
export function gatewayOf(subnet: string): string {
  const c = parseCidr(subnet)!;
  return formatIpv4((networkOf(c) + 1) >>> 0);
}

const ipamOf = (call: PluginCall) => parseHostLocalConf(call.conf.ipam);

/** The host-local plugin: ADD prints the address, gateway and routes; DEL and CHECK by container id. */
export const hostLocalPlugin: CniPlugin = {
  type: 'host-local',
  add(call) {
    const conf = ipamOf(call);
    if (!conf.ok) return conf;
    const a = hostLocalAdd(call.machine.files, confName(call.conf), conf.value, call.containerId, call.ifname);
    if (!a.ok) return a;
    const result: CniResult = { cniVersion: confVersion(call.conf), interfaces: [], ips: [{ address: a.value.address, gateway: a.value.gateway }], routes: conf.value.routes, dns: {} };
    return { ok: true, value: result };
  },
  del(call) {
    const conf = ipamOf(call);
    if (!conf.ok) return conf;
    hostLocalDel(call.machine.files, confName(call.conf), conf.value, call.containerId, call.ifname);
    return { ok: true, value: undefined };
  },
  check(call) {
    const conf = ipamOf(call);
    if (!conf.ok) return conf;
    const r = hostLocalCheck(call.machine.files, confName(call.conf), conf.value, call.containerId, call.ifname);
    return r.ok ? { ok: true, value: undefined } : r;
  },
};
