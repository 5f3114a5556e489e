/**
 * How `ip link` / `ip addr` print a link (iproute2 6.1 ip/ipaddress.c print_linkinfo,
 * print_link_flags, print_link_stats; ip/iplink_{vxlan,bridge,bridge_slave}.c for -d).
 * Everything printed is derived from the namespace's state; the constant attributes of -d
 * (gso/tso sizes, bridge timers and multicast settings) are the kernel's defaults as the
 * reference lab captured them on kernel 6.18.
 */
import type { Link, Netns } from '../../../net/types.ts';
import { hasCarrier, operState, portForwarding } from '../../../net/link-state.ts';
import { masterOf } from '../../../net/link-peers.ts';
import { formatIpv4 } from '../../../wire/index.ts';
import type { IpRun } from './common.ts';

/** The `<...>` flag words (print_link_flags order), without the brackets. */
export function linkFlags(run: IpRun, ns: Netns, link: Link, withMdown: boolean): string {
  const w = run.ctx.world;
  const carrier = hasCarrier(w, ns, link);
  const f: string[] = [];
  if (link.up && !carrier) f.push('NO-CARRIER');
  if (link.kind === 'loopback') f.push('LOOPBACK');
  // drivers/net/dummy.c dummy_setup: IFF_NOARP set, IFF_MULTICAST cleared (kube-ipvs0 shows it).
  else if (link.kind === 'dummy') f.push('BROADCAST', 'NOARP');
  // An ipip tunnel has no link layer: dev->flags = IFF_NOARP (ipip_tunnel_setup).
  else if (link.kind === 'ipip') f.push('NOARP');
  else f.push('BROADCAST', 'MULTICAST');
  if (link.up) f.push('UP');
  if (carrier) f.push('LOWER_UP');
  // M-DOWN: the device named by IFLA_LINK (a veth's peer in this namespace) is down.
  if (withMdown && link.kind === 'veth' && link.peer.netns === ns.id && !ns.links.get(link.peer.ifindex)?.up) f.push('M-DOWN');
  return f.join(',');
}

/** `eth0@if5` / `vb@va`: a veth shows its peer by name in this namespace, by index elsewhere. */
export function linkLabel(ns: Netns, link: Link): string {
  // A tunnel without a lower device (IFLA_LINK 0) prints `@NONE` (print_linkinfo).
  if (link.kind === 'ipip') return `${link.name}@NONE`;
  if (link.kind !== 'veth') return link.name;
  if (link.peer.netns === ns.id) return `${link.name}@${ns.links.get(link.peer.ifindex)?.name ?? 'NONE'}`;
  return `${link.name}@if${link.peer.ifindex}`;
}

/**
 * The netnsid this namespace gives a peer namespace: ids are allocated from 0 as peers
 * first appear (peernet2id_alloc when a veth's other end is reported), which we take as
 * the order of the lowest ifindex peering with each namespace.
 */
export function netnsIdOf(ns: Netns, peerNs: number): number {
  const order: number[] = [];
  for (const l of [...ns.links.values()].sort((a, b) => a.ifindex - b.ifindex)) {
    const ref = l.kind === 'veth' ? l.peer : l.kind === 'ether' ? l.wire : undefined;
    if (ref && ref.netns !== ns.id && !order.includes(ref.netns)) order.push(ref.netns);
  }
  const i = order.indexOf(peerNs);
  return i < 0 ? order.length : i;
}

/** ` link-netns NAME` when the peer namespace is named on this machine, else ` link-netnsid N`. */
function linkNetns(run: IpRun, ns: Netns, link: Link): string {
  const ref = link.kind === 'veth' ? link.peer : undefined;
  if (!ref || ref.netns === ns.id) return '';
  for (const [name, id] of run.ctx.machine.namedNetns) if (id === ref.netns) return ` link-netns ${name}`;
  return ` link-netnsid ${netnsIdOf(ns, ref.netns)}`;
}

const qdiscOf = (link: Link): string => (link.up || link.everUp ? 'noqueue' : 'noop');

/** The first line (`5: veth3f6a1b2c@if2: <...> mtu 1450 qdisc noqueue master cni0 state UP ...`). */
export function linkHeader(run: IpRun, ns: Netns, link: Link, withMode: boolean): string {
  const master = masterOf(ns, link);
  return `${link.ifindex}: ${linkLabel(ns, link)}: <${linkFlags(run, ns, link, true)}> mtu ${link.mtu} qdisc ${qdiscOf(link)}` +
    `${master ? ` master ${master.name}` : ''} state ${operState(run.ctx.world, ns, link)} ${withMode ? 'mode DEFAULT ' : ''}group default qlen ${link.txqlen}`;
}

/** The kernel's byte form of a bridge id: priority `8000.` then the MAC without leading zeros. */
const bridgeId = (mac: string) => `8000.${mac.split(':').map((b) => parseInt(b, 16).toString(16)).join(':')}`;

/** The constant tail of `-d` (IFLA_GSO_* etc.), numtxqueues as the kernel gives this kind. */
function detailTail(link: Link): string {
  const queues = link.kind === 'veth' ? 2 : 1;
  const tso = link.kind === 'vxlan' && link.dev === undefined ? 65536 : 524280;
  return `addrgenmode eui64 numtxqueues ${queues} numrxqueues ${queues} gso_max_size 65536 gso_max_segs 65535 tso_max_size ${tso} tso_max_segs 65535 gro_max_size 65536 `;
}

/** The `-d` lines after `link/ether ...` (the kind, bridge_slave, and the constant tail). */
function detailLines(run: IpRun, ns: Netns, link: Link): string {
  const port = link.port !== undefined;
  // ip_tunnel_newlink: max_mtu = IP_MAX_MTU - the 20-byte outer header.
  const minmax = link.kind === 'loopback' ? 'minmtu 0 maxmtu 0' : link.kind === 'ipip' ? 'minmtu 68 maxmtu 65515' : 'minmtu 68 maxmtu 65535';
  let s = ` promiscuity ${port ? 1 : 0}  allmulti ${port ? 1 : 0} ${minmax} `;
  let kind = '';
  switch (link.kind) {
    case 'veth': kind = 'veth '; break;
    case 'dummy': kind = 'dummy '; break;
    case 'bridge': {
      const id = bridgeId(link.mac);
      kind = `bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time ${link.ageingTime * 100} stp_state ${link.stp ? 1 : 0} priority 32768 vlan_filtering 0 bridge_id ${id} designated_root ${id} root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00 tcn_timer    0.00 topology_change_timer    0.00 gc_timer  ${gcTimer(run)} group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 `;
      break;
    }
    case 'vxlan': {
      const dev = link.dev === undefined ? undefined : ns.links.get(link.dev);
      kind = `vxlan id ${link.vni}${link.remote === undefined ? '' : ` remote ${formatIpv4(link.remote)}`}${link.local === undefined ? '' : ` local ${formatIpv4(link.local)}`}${dev ? ` dev ${dev.name}` : ''} srcport 0 0 dstport ${link.dstport}${link.learning ? '' : ' nolearning'} ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx `;
      break;
    }
    case 'ipip':
      // ip/link_iptnl.c iptunnel_print: any for unset addresses, ttl 0 is inherit; the
      // fallback device has path-MTU discovery off.
      kind = `ipip any remote ${link.remote === undefined ? 'any' : formatIpv4(link.remote)} local ${link.local === undefined ? 'any' : formatIpv4(link.local)} ttl inherit nopmtudisc `;
      break;
    default: break;
  }
  if (port) {
    const br = masterOf(ns, link);
    const id = br ? bridgeId(br.mac) : '';
    const p = link.port!;
    const portNo = [...ns.links.values()].filter((l) => l.master === link.master && l.ifindex <= link.ifindex).length;
    kind += `\n    bridge_slave state ${portForwarding(run.ctx.world, ns, link) ? 'forwarding' : 'disabled'} priority 32 cost 2 hairpin ${p.hairpin ? 'on' : 'off'} guard off root_block off fastleave off learning ${p.learning ? 'on' : 'off'} flood ${p.flood ? 'on' : 'off'} port_id 0x${(0x8000 + portNo).toString(16)} port_no 0x${portNo.toString(16)} designated_port ${0x8000 + portNo} designated_cost 0 designated_bridge ${id} designated_root ${id} hold_timer    0.00 message_age_timer    0.00 forward_delay_timer    0.00 topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off `;
  }
  if (kind === '') return s + detailTail(link);
  s += `\n    ${kind}${detailTail(link)}`;
  return s;
}

/** The bridge's garbage-collection timer: counts down from 300 s in virtual time. */
function gcTimer(run: IpRun): string {
  const left = 300 - ((run.ctx.world.clock.ms / 1000) % 300);
  return left.toFixed(2).padStart(6, ' ');
}

/** `    link/ether MAC brd ff:ff:ff:ff:ff:ff[ link-netns X][ -d details]`. */
export function linkLayerLine(run: IpRun, ns: Netns, link: Link): string {
  const kind = link.kind === 'loopback' ? 'loopback' : link.kind === 'ipip' ? 'ipip' : 'ether';
  const brd = link.kind === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff';
  // An ipip device's link-layer address is its 4-byte local address (0.0.0.0 for any).
  let s = link.kind === 'ipip'
    ? `    link/ipip ${link.local === undefined ? '0.0.0.0' : formatIpv4(link.local)} brd ${link.remote === undefined ? '0.0.0.0' : formatIpv4(link.remote)}`
    : `    link/${kind} ${link.mac} brd ${brd}${linkNetns(run, ns, link)}`;
  if (run.opts.details) s += detailLines(run, ns, link);
  return s;
}

/** The `-s` block (print_link_stats64, iproute2 6.1 layout). */
export function statsLines(link: Link): string[] {
  const st = link.stats;
  const col = (v: number, w: number) => String(v).padStart(w);
  return [
    '    RX:  bytes packets errors dropped  missed   mcast           ',
    `    ${col(st.rxBytes, 10)} ${col(st.rxPackets, 7)} ${col(0, 6)} ${col(st.rxDropped, 7)} ${col(0, 7)} ${col(0, 7)} `,
    '    TX:  bytes packets errors dropped carrier collsns           ',
    `    ${col(st.txBytes, 10)} ${col(st.txPackets, 7)} ${col(0, 6)} ${col(st.txDropped, 7)} ${col(0, 7)} ${col(0, 7)} `,
  ];
}

/** `ip -br link` line: name, state, MAC, flags. */
export function briefLink(run: IpRun, ns: Netns, link: Link): string {
  // An ipip device's address is its 4-byte `local` (print_linkinfo_brief prints it as an IPv4 address).
  const addr = link.kind === 'ipip' ? (link.local === undefined ? '0.0.0.0' : formatIpv4(link.local)) : link.mac;
  return `${linkLabel(ns, link).padEnd(16)} ${operState(run.ctx.world, ns, link).padEnd(14)} ${addr} <${linkFlags(run, ns, link, true)}> `;
}
