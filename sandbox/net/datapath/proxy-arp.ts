/**
 * Proxy ARP (net/ipv4/arp.c arp_process with arp_fwd_proxy; ip-sysctl.rst `proxy_arp`): a
 * request for an address that is not ours is answered with the receiving device's own MAC
 * when proxy_arp is on for that device (`conf.all` OR the device, IN_DEV_ORCONF) and the
 * kernel would forward a packet for that address (ip_route_input: forwarding on, a unicast
 * route) out of a different device. Calico relies on it: each pod's only gateway,
 * 169.254.1.1, exists nowhere; the host end of the pod's veth answers for it because the
 * node's default route leaves by eth0.
 *
 * The reply is sent at once: Calico sets `neigh.<dev>.proxy_delay` to 0 on its veths, and the
 * simulator does not model the random delay (up to 0.8 s) of the kernel default. Medium ids
 * (`medium_id`) and private VLAN proxying (`proxy_arp_pvlan`) are not modelled.
 */
import type { ArpPacket, EthernetFrame } from '../../wire/index.ts';
import { formatIpv4 } from '../../wire/index.ts';
import type { Link, Netns } from '../types.ts';
import { effectiveConf } from '../sysctl.ts';
import { getSysctl, routeLookup } from './lookups.ts';
import type { DpWorld as World } from './types.ts';
import { hop } from './state.ts';

/** Whether `ns` answers an ARP request for `arp.targetIp` that arrived on `dev` (arp_fwd_proxy). */
export function proxiesFor(ns: Netns, dev: Link, arp: ArpPacket): boolean {
  if (arp.op !== 'request' || !effectiveConf(ns, dev.name, 'proxy_arp')) return false;
  // ip_route_input_slow: without forwarding on the input device the answer is unreachable.
  // (the datapath's forwarding switch is net.ipv4.ip_forward, as receive.ts reads it).
  if (getSysctl(ns, 'net.ipv4.ip_forward') !== '1') return false;
  const t = arp.targetIp;
  // arp_process ignores loopback and multicast targets before any route lookup.
  if ((t >>> 24) === 127 || (t >>> 28) === 0xe) return false;
  const r = routeLookup(ns, t);
  return r.ok && r.value.type === 'unicast' && r.value.dev !== dev.ifindex;
}

/** The proxy reply: the target address, owned by `dev`'s MAC, sent back to the asker. */
export function proxyArpReply(world: World, ns: Netns, dev: Link, frame: EthernetFrame, arp: ArpPacket, trace: number):
  { frame: EthernetFrame } {
  hop(world, trace, ns, dev.name, 'arp_process', `arp who-has ${formatIpv4(arp.targetIp)}`, `proxy_arp on ${dev.name}: answering with ${dev.mac}`);
  const reply: ArpPacket = { kind: 'arp', op: 'reply', senderMac: dev.mac, senderIp: arp.targetIp, targetMac: arp.senderMac, targetIp: arp.senderIp };
  return { frame: { src: dev.mac, dst: frame.src, payload: reply } };
}
