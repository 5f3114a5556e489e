/**
 * The socket buffer: a packet plus what the kernel knows about it while it walks through a
 * namespace (where it came in, where it goes out, its mark, its conntrack entry). It is the
 * value the datapath hands to netfilter hooks; NAT rewrites `pkt` in place.
 */
import type { Ipv4Packet } from '../wire/index.ts';
import type { Hop } from './datapath/types.ts';

/** Conntrack's view of a packet (the `--ctstate` values). */
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

/** A packet in flight inside one namespace. */
export interface Skb {
  pkt: Ipv4Packet;
  /** Firewall mark (`-j MARK`, KUBE-MARK-MASQ's 0x4000). */
  mark: number;
  /** Input device ifindex (PREROUTING, INPUT, FORWARD). */
  indev?: number;
  /** Output device ifindex (FORWARD, OUTPUT after routing, POSTROUTING). */
  outdev?: number;
  /** Bridge ports when the packet is being bridged (`-m physdev`). */
  physIn?: number;
  physOut?: number;
  /** Conntrack entry id in this namespace, once tracked. */
  ct?: number;
  /**
   * World id of the namespace `ct` belongs to (added by netfilter): an skb that crosses into
   * another namespace (veth, vxlan) is tracked afresh there, as the kernel's skb_scrub_packet
   * drops the entry; one looped back through `lo` keeps it.
   */
  ctNetns?: number;
  /** Conntrack state of this packet. */
  ctState?: CtState;
  /** Whether this packet travels in the reply direction of its entry. */
  ctReply?: boolean;
  /**
   * Credentials of the socket that sent it (`-m owner`); absent for forwarded packets and the
   * kernel's own replies (RST, ICMP errors), which no process owns.
   */
  sk?: { uid: number; gid: number };
  /** Where this packet's walk is recorded (shared by every hop of one command's packets). */
  trace?: Hop[];
}
