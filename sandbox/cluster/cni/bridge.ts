/**
 * The CNI bridge plugin (containernetworking/plugins plugins/main/bridge). ADD creates the
 * bridge on first use (`bridge`, default `cni0`; with `isGateway` the range's gateway goes on
 * it, and a bridge already holding another IPv4 address is an error), runs the IPAM plugin
 * the config names, makes a veth pair whose host end is `veth` + 8 random hex digits
 * (ip.RandomVethName) enslaved to the bridge (hairpin with `hairpinMode`), and configures
 * CNI_IFNAME in the container's namespace: the address, the IPAM routes via the gateway, and
 * with `isDefaultGateway` a default route. MACs follow the reference lab: the pod's `0a:58:`
 * + its IP in hex (what the plugin used to assign), the host end `6a:58:` + IP. DEL removes
 * the container's interface (the host end goes with it) and releases the address; CHECK
 * looks the interface up. `ipMasq` is not implemented (flannel's delegate sets it false).
 */
import type { World } from '../../fabric/world.ts';
import { addAddress } from '../../net/addr.ts';
import { addLink, deleteLink, linkByName, setMaster } from '../../net/link.ts';
import { setLinkUp } from '../../net/link-state.ts';
import { addRoute } from '../../net/route.ts';
import type { BridgeLink, Netns } from '../../net/types.ts';
import { broadcastOf, formatCidr, formatIpv4, networkOf, parseCidr, parseIpv4, randomMac } from '../../wire/index.ts';
import { randomHex } from '../ids.ts';
import { cniError, parseResult, type CniResult, type CniRoute } from './result.ts';
import { confVersion, type Cni, type CniPlugin, type PluginCall } from './plugin-types.ts';

/** The bridge's default name (and the one flannel's delegate config leaves in place). */
export const BRIDGE = 'cni0';

/** `prefix` + the four octets of `ip` in hex (`0a:58:0a:f4:01:02`). */
export const macFromIp = (prefix: string, ip: string): string =>
  `${prefix}:${ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join(':')}`;

interface BridgeConf {
  bridge: string;
  isGateway: boolean;
  isDefaultGateway: boolean;
  hairpinMode: boolean;
  mtu: number | undefined;
  ipamType: string;
}

function readConf(conf: Record<string, unknown>): Cni<BridgeConf> {
  const ipam = conf.ipam && typeof conf.ipam === 'object' ? (conf.ipam as Record<string, unknown>) : {};
  const c: BridgeConf = {
    bridge: typeof conf.bridge === 'string' && conf.bridge ? conf.bridge : BRIDGE,
    isDefaultGateway: conf.isDefaultGateway === true,
    isGateway: conf.isGateway === true || conf.isDefaultGateway === true,
    hairpinMode: conf.hairpinMode === true,
    mtu: typeof conf.mtu === 'number' && conf.mtu > 0 ? conf.mtu : undefined,
    ipamType: typeof ipam.type === 'string' ? ipam.type : '',
  };
  if (c.hairpinMode && conf.promiscMode === true) return { ok: false, error: cniError('cannot set hairpin mode and promiscuous mode at the same time') };
  return { ok: true, value: c };
}

/** setupBridge: the existing bridge, or a new one (up, with the config's MTU). */
function ensureBridge(world: World, ns: Netns, c: BridgeConf, gw: string | undefined): Cni<BridgeLink> {
  const existing = linkByName(ns, c.bridge);
  if (existing) return existing.kind === 'bridge' ? { ok: true, value: existing } : { ok: false, error: cniError(`failed to create bridge "${c.bridge}": "${c.bridge}" already exists but is not a bridge`) };
  const made = addLink(world, ns, { kind: 'bridge', name: c.bridge, mac: gw ? macFromIp('0a:58', gw) : randomMac(world.rng), ...(c.mtu ? { mtu: c.mtu } : {}) });
  if (!made.ok) return { ok: false, error: cniError(`failed to create bridge "${c.bridge}": ${goErrno(made.errno)}`) };
  setLinkUp(world, ns, made.value, true);
  return { ok: true, value: made.value as BridgeLink };
}

/** ensureAddr: the gateway address on the bridge, or the plugin's error when it has another one. */
function ensureGatewayAddr(ns: Netns, br: BridgeLink, gwCidr: string): Cni<void> {
  const want = parseCidr(gwCidr)!;
  const v4 = ns.addrs.filter((a) => a.family === 'inet' && a.ifindex === br.ifindex);
  if (v4.some((a) => a.addr === want.addr && a.len === want.len)) return { ok: true, value: undefined };
  if (v4.length > 0) return { ok: false, error: cniError(`failed to set bridge addr: "${br.name}" already has an IP address different from ${gwCidr}`) };
  addAddress(ns, { family: 'inet', ifindex: br.ifindex, addr: want.addr, len: want.len, brd: broadcastOf(want), scope: 'global' });
  return { ok: true, value: undefined };
}

/** Go's syscall.Errno text for the errnos link creation returns. */
const goErrno = (e: string): string => (e === 'EEXIST' ? 'file exists' : e === 'EINVAL' ? 'invalid argument' : e === 'ERANGE' ? 'numerical result out of range' : e.toLowerCase());

const netnsError = (path: string) => cniError(`failed to open netns "${path}": failed to Statfs "${path}": no such file or directory`);

function add(call: PluginCall): Cni<CniResult> {
  const rc = readConf(call.conf);
  if (!rc.ok) return rc;
  const c = rc.value;
  if (!call.netns) return { ok: false, error: netnsError(call.netnsPath) };
  const podNs = call.netns;
  let hostVeth = `veth${randomHex(call.world.rng, 8)}`;
  while (linkByName(call.hostNs, hostVeth)) hostVeth = `veth${randomHex(call.world.rng, 8)}`;
  if (linkByName(podNs, call.ifname)) return { ok: false, error: cniError(`container veth name ("${call.ifname}") peer provided ("${hostVeth}") already exists`) };
  let ipam: CniResult | undefined;
  if (c.ipamType) {
    const r = call.delegate('ADD', c.ipamType, call.conf);
    if (!r.ok) return r;
    ipam = parseResult(r.value);
    if (!ipam || ipam.ips.length === 0) return { ok: false, error: cniError('IPAM plugin returned missing IP config') };
  }
  const undo = <T>(e: Cni<T>): Cni<T> => { if (c.ipamType) call.delegate('DEL', c.ipamType, call.conf); return e; };
  const ipc = ipam?.ips[0];
  const cidr = ipc ? parseCidr(ipc.address) : undefined;
  const ip = cidr ? formatIpv4(cidr.addr) : undefined;
  const gw = cidr ? (ipc?.gateway ?? formatIpv4((networkOf(cidr) + 1) >>> 0)) : undefined;
  const br = ensureBridge(call.world, call.hostNs, c, gw);
  if (!br.ok) return undo(br);
  if (c.isGateway && cidr && gw) {
    const g = ensureGatewayAddr(call.hostNs, br.value, `${gw}/${cidr.len}`);
    if (!g.ok) return undo(g);
  }
  const mtu = c.mtu ?? br.value.mtu;
  const made = addLink(call.world, call.hostNs, {
    kind: 'veth', name: hostVeth, mac: ip ? macFromIp('6a:58', ip) : randomMac(call.world.rng), mtu,
    peerName: call.ifname, peerNetns: podNs, peerMac: ip ? macFromIp('0a:58', ip) : randomMac(call.world.rng), peerMtu: mtu,
  });
  if (!made.ok) return undo({ ok: false, error: cniError(`failed to make veth pair: ${goErrno(made.errno)}`) });
  const host = made.value;
  setMaster(call.world, call.hostNs, host, br.value);
  if (host.port) host.port.hairpin = c.hairpinMode;
  setLinkUp(call.world, call.hostNs, host, true);
  const eth = linkByName(podNs, call.ifname)!;
  const routes: CniRoute[] = [...(ipam?.routes ?? [])];
  if (c.isDefaultGateway && gw && !routes.some((r) => r.dst === '0.0.0.0/0')) routes.push({ dst: '0.0.0.0/0', gw });
  if (cidr && gw) {
    addAddress(podNs, { family: 'inet', ifindex: eth.ifindex, addr: cidr.addr, len: cidr.len, brd: broadcastOf(cidr), scope: 'global' });
  }
  setLinkUp(call.world, podNs, eth, true);
  for (const r of routes) {
    const dst = parseCidr(r.dst);
    const via = parseIpv4(r.gw ?? gw ?? '');
    if (!dst || via === undefined) continue;
    addRoute(podNs, { table: 254, type: 'unicast', dst: { addr: networkOf(dst), len: dst.len }, via, dev: eth.ifindex, proto: 'boot', scope: 'global' });
  }
  const version = confVersion(call.conf);
  return {
    ok: true,
    value: {
      cniVersion: version,
      interfaces: [
        { name: br.value.name, mac: br.value.mac },
        { name: host.name, mac: host.mac },
        { name: eth.name, mac: eth.mac, sandbox: call.netnsPath },
      ],
      ips: ipc && cidr ? [{ interface: 2, address: formatCidr(cidr), ...(gw ? { gateway: gw } : {}) }] : [],
      routes,
      dns: ipam?.dns ?? {},
    },
  };
}

function del(call: PluginCall): Cni<void> {
  const rc = readConf(call.conf);
  if (!rc.ok) return rc;
  // Delete may be called many times: a missing namespace or interface is not an error.
  const eth = call.netns ? linkByName(call.netns, call.ifname) : undefined;
  if (call.netns && eth) deleteLink(call.world, call.netns, eth);
  if (rc.value.ipamType) {
    const r = call.delegate('DEL', rc.value.ipamType, call.conf);
    if (!r.ok) return r;
  }
  return { ok: true, value: undefined };
}

function check(call: PluginCall): Cni<void> {
  const rc = readConf(call.conf);
  if (!rc.ok) return rc;
  if (rc.value.ipamType) {
    const r = call.delegate('CHECK', rc.value.ipamType, call.conf);
    if (!r.ok) return r;
  }
  const prev = parseResult(call.conf.prevResult);
  if (!prev) return { ok: false, error: cniError('Required prevResult missing') };
  if (!call.netns) return { ok: false, error: netnsError(call.netnsPath) };
  const want = prev.interfaces.find((i) => i.sandbox === call.netnsPath);
  if (!want || !linkByName(call.netns, want.name)) return { ok: false, error: cniError(`Interface name ${want?.name ?? call.ifname} not found`) };
  return { ok: true, value: undefined };
}

/** The bridge plugin. */
export const bridgePlugin: CniPlugin = { type: 'bridge', add, del, check };
