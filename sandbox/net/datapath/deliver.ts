/**
 * Local delivery (ip_local_deliver_finish): the transport protocol's receive function finds
 * the socket. ICMP echo requests are answered by the kernel itself; ICMP errors are handed
 * to the socket whose packet they quote (icmp_unreach -> tcp_v4_err / udp_err / ping_err);
 * UDP to a VXLAN device's port is decapsulated; UDP nobody listens to earns a port
 * unreachable (__udp4_lib_rcv), TCP nobody listens to a reset (tcp_v4_send_reset), SCTP an
 * ABORT (socket-sctp.ts).
 */
import type { DpWorld as World } from './types.ts';
import type { Ipv4Packet } from '../../wire/index.ts';
import type { Netns } from '../types.ts';
import { getSysctl } from './lookups.ts';
import { echoReply, icmpSend } from './output.ts';
import { hop, summarize } from './state.ts';
import { vxlanForPort, vxlanRcv } from './vxlan.ts';
import { ipipRcv } from './ipip.ts';
import { tcpReceive, tcpIcmpError } from '../socket-tcp.ts';
import { sctpReceive } from '../socket-sctp.ts';
import { pingReceive, pingIcmpError, udpReceive, udpIcmpError } from '../socket-udp.ts';

/** Hands a packet addressed to this namespace to its protocol. */
export function localDeliver(world: World, ns: Netns, pkt: Ipv4Packet, trace: number): void {
  const m = pkt.payload;
  switch (m.proto) {
    case 'icmp':
      if (m.type === 8) {
        hop(world, trace, ns, undefined, 'icmp_echo', summarize(pkt));
        echoReply(world, ns, pkt, m, trace, getSysctl(ns, 'net.ipv4.icmp_echo_ignore_all') === '1');
      } else if (m.type === 0) {
        pingReceive(world, ns, pkt, m, trace);
      } else if ((m.type === 3 || m.type === 11) && m.quoted) {
        const q = m.quoted.payload;
        hop(world, trace, ns, undefined, 'icmp_unreach', summarize(pkt), `about ${summarize(m.quoted)}`);
        if (m.type === 3 && m.code === 4 && m.mtu !== undefined) learnPmtu(world, ns, m.quoted.dst, m.mtu);
        if (q.proto === 'tcp') tcpIcmpError(world, ns, pkt.src, m.quoted, q, m.type, m.code);
        else if (q.proto === 'udp') udpIcmpError(world, ns, pkt.src, m.quoted, q, m.type, m.code);
        else if (q.proto === 'icmp') pingIcmpError(world, ns, pkt.src, q, m.type, m.code, m.mtu);
      }
      return;
    case 'tcp':
      tcpReceive(world, ns, pkt, m, trace);
      return;
    case 'sctp':
      sctpReceive(world, ns, pkt, m, trace);
      return;
    case 'ipip':
      ipipRcv(world, ns, pkt, m.inner, trace);
      return;
    case 'udp': {
      if (m.payload.kind === 'vxlan') {
        const vx = vxlanForPort(ns, m.dport, m.payload.vni);
        if (vx && vx.up) {
          vxlanRcv(world, ns, vx, pkt, m.payload, trace);
          return;
        }
      }
      if (!udpReceive(world, ns, pkt, m, trace)) {
        hop(world, trace, ns, undefined, 'kfree_skb', summarize(pkt), `SKB_DROP_REASON_NO_SOCKET: nothing listens on udp port ${m.dport}`);
        icmpSend(world, ns, pkt, 3, 3, trace);
      }
      return;
    }
  }
}

/**
 * icmp_unreach -> ipv4_update_pmtu: a "fragmentation needed" lowers the path MTU towards the
 * quoted destination for net.ipv4.route.mtu_expires (600 s); never below min_pmtu (552).
 */
function learnPmtu(world: World, ns: Netns, dst: number, mtu: number): void {
  (ns.pmtu ??= new Map()).set(dst, { mtu: Math.max(552, mtu), expires: world.clock.ms + 600_000 });
}
