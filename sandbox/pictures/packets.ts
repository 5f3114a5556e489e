/**
 * Which packet each hop of a walk belongs to. The datapath records hops as text (state.ts
 * `summarize`), not packet objects, so identity is recovered from the walk itself:
 * - a datapath hop's summary names its packet while that packet is in flight (the same
 *   summary later, after the first was delivered or dropped, is a new packet);
 * - netfilter hops (`ipt_do_table`, `nf_conntrack_in`, `nf_nat_manip_pkt`) and the protocol
 *   hops after delivery belong to the packet last seen in their namespace;
 * - after NAT rewrote a packet, its next hop in that namespace continues it under the new summary;
 * - an outer VXLAN packet's parent is the inner one (`vxlan_xmit_one` just before), and after
 *   `vxlan_rcv` the inner packet continues under its old summary;
 * - an ARP request's parent is the packet queued for it; an ARP reply's is the request; a
 *   reply's (swapped addresses) is the request it answers; an ICMP error's is what it is about.
 */
import type { Hop } from '../net/datapath/types.ts';
import type { PacketPicture } from './types.ts';

/** Hops that netfilter records on the packet in hand (they carry netfilter's own summary format). */
export const NETFILTER_EVENTS = new Set(['ipt_do_table', 'nf_conntrack_in', 'nf_nat_manip_pkt']);

/** Hops about the packet in hand that summarise something else (the answer, the ARP target). */
const FOLLOWERS = new Set(['icmp_echo', 'ping_rcv', 'tcp_conn_request', 'tcp_v4_send_reset', 'tcp_reset', 'sctp_sf_do_5_1B_init', 'sctp_sf_do_5_1D_ce',
  'sctp_sf_tabort_8_4_8', 'sctp_sf_abort', 'app', 'arp_process', 'icmp_unreach']);

/** Addresses of a summary: `10.244.0.3:4123 > 10.96.0.10:53 udp` -> ['10.244.0.3', '10.96.0.10']. */
export function endpoints(summary: string): [string, string] | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?::\d+)? > (\d+\.\d+\.\d+\.\d+)(?::\d+)? /.exec(summary);
  return m ? [m[1]!, m[2]!] : undefined;
}

function kindOf(summary: string, reply: boolean): PacketPicture['kind'] {
  if (summary.startsWith('arp ')) return 'arp';
  if (/ udp vxlan /.test(summary)) return 'encap';
  if (/ icmp (unreachable|time exceeded)/.test(summary)) return 'icmp';
  return reply ? 'reply' : 'request';
}

/** The packet id of every hop (same order as `hops`), and the packets. */
export function assignPackets(hops: readonly Hop[]): { ids: number[]; packets: PacketPicture[] } {
  const packets: PacketPicture[] = [];
  const ids: number[] = [];
  const live = new Map<string, number>();
  const current = new Map<string, number>();
  const natted = new Set<string>();
  // Every summary a packet went by (NAT gives it a second one), for finding a reply's request.
  const names: { key: string; id: number; kind: PacketPicture['kind'] }[] = [];
  let lastEncap: { netns: string; packet: number } | undefined;
  const newPacket = (label: string, index: number, parent: number | undefined, reply: boolean): number => {
    const id = packets.length + 1;
    const p: PacketPicture = { id, kind: kindOf(label, reply), label, first: index };
    if (parent !== undefined) p.parent = parent;
    packets.push(p);
    return id;
  };
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i]!;
    const here = current.get(h.netns);
    let id: number | undefined;
    if (NETFILTER_EVENTS.has(h.event) || (FOLLOWERS.has(h.event) && here !== undefined)) {
      id = here;
      if (h.event === 'nf_nat_manip_pkt') natted.add(h.netns);
    }
    if (id === undefined) {
      const key = h.packet;
      id = live.get(key);
      if (id === undefined && natted.has(h.netns) && here !== undefined) {
        id = here;
        live.set(key, id);
        names.push({ key, id, kind: packets[id - 1]!.kind });
      }
      if (id === undefined) {
        let parent: number | undefined;
        let reply = false;
        if (h.event === 'ip_local_out' && lastEncap?.netns === h.netns) parent = lastEncap.packet;
        else if (key.startsWith('arp who-has')) parent = here;
        else if (key.startsWith('arp ')) parent = arpRequestFor(key, packets);
        else if (/ icmp (unreachable|time exceeded)/.test(key)) parent = here;
        else {
          parent = answered(key, names);
          // An answer to an answer (the handshake's ACK) goes the request's way again.
          reply = parent !== undefined && packets[parent - 1]!.kind !== 'reply';
        }
        id = newPacket(key, i, parent, reply);
        live.set(key, id);
        names.push({ key, id, kind: packets[id - 1]!.kind });
      }
      natted.delete(h.netns);
    }
    if (id === undefined) id = newPacket(h.packet, i, undefined, false);
    ids.push(id);
    current.set(h.netns, id);
    if (h.event === 'vxlan_xmit_one') lastEncap = { netns: h.netns, packet: id };
    else if (h.event === 'ip_local_out') lastEncap = undefined;
    // A packet that arrived or died is no longer in flight (ARP floods reach many; keep them).
    if ((h.event === 'ip_local_deliver' || h.event === 'kfree_skb') && !h.packet.startsWith('arp ')) {
      for (const [k, v] of live) if (v === id && k === h.packet) live.delete(k);
    }
  }
  return { ids, packets };
}

/** The ARP request an `arp X is-at M` answers. */
function arpRequestFor(reply: string, packets: readonly PacketPicture[]): number | undefined {
  const ip = /^arp (\S+) is-at/.exec(reply)?.[1];
  for (let i = packets.length - 1; i >= 0; i--) if (packets[i]!.label.startsWith(`arp who-has ${ip} `)) return packets[i]!.id;
  return undefined;
}

/** The latest packet going the other way between the same two addresses (a reply's request). */
function answered(summary: string, names: readonly { key: string; id: number; kind: PacketPicture['kind'] }[]): number | undefined {
  const e = endpoints(summary);
  if (!e) return undefined;
  for (let i = names.length - 1; i >= 0; i--) {
    const n = names[i]!;
    if (n.kind === 'arp' || n.kind === 'encap') continue;
    const q = endpoints(n.key);
    if (q && q[0] === e[1] && q[1] === e[0]) return n.id;
  }
  return undefined;
}
