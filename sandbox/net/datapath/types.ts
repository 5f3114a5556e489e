/**
 * The datapath's own state, kept on the world (`world.datapath`): the event queue ordered by
 * virtual time, the open sockets, the taps that `tcpdump`/`pwru` read, and the packet walks
 * (traces) of the most recent commands. Plain data only, so a world snapshot copies it.
 */
import type { DnsMessage, EthernetFrame, Ipv4, Ipv4Packet, UdpDatagram } from '../../wire/index.ts';
import type { AppSpec, NetWorld } from '../types.ts';
import type { Errno } from '../../core/index.ts';

/**
 * One hop of a packet's walk; the sandbox API exports it as TraceHop (api/types.ts). It is
 * declared here, in the lowest layer that produces it, so nothing imports upward.
 */
export interface Hop {
  /** Virtual time in microseconds. */
  t: number;
  /** Namespace and device the packet is at. */
  netns: string;
  dev?: string;
  /** The kernel function the step stands for (ip_local_out, br_forward, kfree_skb ...). */
  event: string;
  /** The packet at this point (`10.244.1.2:41234 > 10.96.0.10:80 tcp SYN`). */
  packet: string;
  /** What was decided: the route, the rule, the drop reason. */
  detail?: string;
  /**
   * The rule a netfilter step matched, as `iptables -S` prints it (`-A KUBE-SEP-X -p tcp ...
   * -j DNAT --to-destination 10.244.1.3:80`), kept as it was when the packet passed: the
   * packet-walk picture quotes it as evidence even if the rule is gone since.
   */
  rule?: string;
}

/** TCP states (RFC 9293 3.3.2) as `ss` names them. */
export type TcpState =
  | 'SYN-SENT' | 'SYN-RECV' | 'ESTAB' | 'FIN-WAIT-1' | 'FIN-WAIT-2' | 'CLOSE-WAIT' | 'LAST-ACK'
  | 'CLOSING' | 'TIME-WAIT' | 'CLOSED';

/** One TCP endpoint (client or accepted server connection). */
export interface TcpSocket {
  kind: 'tcp';
  id: number;
  netns: number;
  state: TcpState;
  laddr: Ipv4;
  lport: number;
  raddr: Ipv4;
  rport: number;
  /** Initial send sequence, next to send, oldest unacknowledged (RFC 9293 3.3.1). */
  iss: number;
  sndNxt: number;
  sndUna: number;
  /** Initial receive sequence and next expected. */
  irs: number;
  rcvNxt: number;
  /** Bytes received in order, not yet read by the owner. */
  rx: string;
  /** The peer sent FIN. */
  peerFin: boolean;
  /** Error reported to the owner (ECONNREFUSED, EHOSTUNREACH ...). */
  error?: Errno;
  /** ICMP that caused `error` (address of the router that sent it). */
  errorFrom?: Ipv4;
  /** Accepted from a listener: the app that serves it. */
  serve?: AppSpec;
  /** Bytes the app has not yet parsed (requests in progress). */
  appBuf: string;
  /** Timestamp option clock offset (RFC 7323: a random per-connection offset in Linux). */
  tsOffset: number;
  /** Last TSval seen from the peer (echoed as TSecr). */
  tsRecent: number;
  /** Peer MSS we advertise (route MTU - 40). */
  mss: number;
  /** Next IP id for this flow (DF packets of a connected socket count from a random start). */
  ipId: number;
  /** SYN retransmissions so far, and the current retransmission timeout. */
  retries: number;
  rto: number;
  /** Trace the socket's packets are recorded in. */
  trace: number;
  /**
   * A proxying server's upstream connection (the ingress controller's): `pending`
   * is written once connected; when the upstream closes or fails, the app `app` turns what it
   * answered into the reply to the downstream connection `peer` (TcpApp.relay).
   */
  proxy?: { peer: number; app: string; params: Record<string, string>; pending: string; client: { laddr: Ipv4; lport: number; raddr: Ipv4; rport: number } };
  /** A delayed ACK is owed (the peer's FIN, acknowledged later or by our own FIN). */
  delack?: boolean;
  /** Credentials of the owning process (`-m owner`); root when absent. */
  owner?: { uid: number; gid: number };
}

/** A UDP socket: a client of `nc -u`, `dig`, or an app's server side. */
export interface UdpSocket {
  kind: 'udp';
  id: number;
  netns: number;
  laddr: Ipv4;
  lport: number;
  raddr?: Ipv4;
  rport?: number;
  /** Datagrams received; `payload` keeps a decoded payload (a DNS message for dig) as it came. */
  rx: { from: Ipv4; port: number; data: string; payload?: UdpDatagram['payload'] }[];
  error?: Errno;
  /** ICMP errors about this socket's datagrams (IP_RECVERR: who sent them, when), for traceroute. */
  icmpErrors?: { from: Ipv4; type: number; code: number; t: number }[];
  trace: number;
  /**
   * A forwarding server's upstream query (DNS forwarders: CoreDNS's `forward`,
   * a router's dnsmasq): the first datagram back is sent on, unchanged, from `laddr:lport` to the
   * original client `raddr:rport` (in this namespace), and the socket is closed. See udpRelay.
   * `appendTo`: the upstream answered a lookup the server made for itself (CoreDNS
   * completing an ExternalName CNAME); the client gets `appendTo` with the upstream's answer
   * records appended instead. `tcp`: the client asked over TCP on that socket; the
   * answer goes back on it, length-prefixed (RFC 1035 4.2.2), not as a datagram.
   */
  relay?: {
    laddr: Ipv4; lport: number; raddr: Ipv4; rport: number; onError?: UdpDatagram['payload']; appendTo?: DnsMessage; tcp?: number;
    /** A caching forwarder (CoreDNS's cache plugin, net/apps/dns-cache.ts CacheSpec): where the answer is kept. */
    cache?: { key: string; maxTtl: number; config: string };
  };
}

/** A ping (ICMP echo) socket. */
export interface PingSocket {
  kind: 'ping';
  id: number;
  netns: number;
  echoId: number;
  /** Bound with SO_BINDTODEVICE (`oif`) or bind(2) to a source address (`ping -I`). */
  bind?: { oif?: number; src?: Ipv4 };
  /** Echo replies: sequence, who answered, its TTL, virtual ms received. */
  replies: { seq: number; from: Ipv4; ttl: number; t: number; bytes: number }[];
  /** ICMP errors about our echoes (unreachable, time exceeded). */
  errors: { seq: number; from: Ipv4; type: number; code: number; t: number; mtu?: number }[];
  trace: number;
}

/**
 * SCTP association states (RFC 4960 4) under the names iproute2's ss prints
 * (`sctp_sstate_name`: ESTAB, COOKIE_WAIT, SHUTDOWN_PENDING ...).
 */
export type SctpState =
  | 'COOKIE_WAIT' | 'COOKIE_ECHOED' | 'ESTAB' | 'SHUTDOWN_PENDING' | 'SHUTDOWN_SENT' | 'SHUTDOWN_RECEIVED' | 'ACK_SENT' | 'CLOSED';

/** One end of an SCTP association (a one-to-one style socket: one peer address, one stream). */
export interface SctpSocket {
  kind: 'sctp';
  id: number;
  netns: number;
  state: SctpState;
  laddr: Ipv4;
  lport: number;
  raddr: Ipv4;
  rport: number;
  /** Our verification tag (the peer puts it on its packets) and the peer's (RFC 4960 5.1). */
  localTag: number;
  peerTag: number;
  /** TSN our next DATA chunk gets; the highest TSN sent and not yet acknowledged (none: undefined). */
  nextTsn: number;
  unacked?: number;
  /** Stream sequence number of our next message on stream 0. */
  ssn: number;
  /** Cumulative TSN received in order from the peer (what a SACK or SHUTDOWN acknowledges). */
  peerCum: number;
  /** A SACK is owed for data received (sent alone when the delayed-SACK timer fires, else bundled). */
  sackOwed: boolean;
  /** Messages received, not yet read by the owner (a client), or not yet served (an app). */
  rx: string;
  /** The owner closed or shut down its sending side: SHUTDOWN once all our data is acknowledged. */
  closing: boolean;
  /** The peer shut down (SHUTDOWN or ABORT received): reads see end of file. */
  peerDone: boolean;
  /** Messages written before the association was up (sent on COOKIE ACK). */
  pending: string[];
  error?: Errno;
  /** Accepted from a listener: the app that serves it. */
  serve?: AppSpec;
  /** INIT retransmissions so far and the current retransmission timeout. */
  retries: number;
  rto: number;
  trace: number;
}

/** Any socket. */
export type Socket = TcpSocket | UdpSocket | PingSocket | SctpSocket;

/** Something the datapath does later: a frame arriving at a device, or a socket timer. */
export type NetEvent =
  | { kind: 'rx'; t: number; seq: number; netns: number; ifindex: number; frame: EthernetFrame; trace: number }
  | { kind: 'tcp-timer'; t: number; seq: number; socket: number }
  | { kind: 'app'; t: number; seq: number; socket: number; data: string; fin: boolean }
  /** An SCTP socket's T1-init timer, delayed-SACK timer, or its app's answer coming due. */
  | { kind: 'sctp'; t: number; seq: number; socket: number; what: 'init-timer' | 'sack-timer' | 'app'; data?: string; close?: boolean }
  | { kind: 'arp-timer'; t: number; seq: number; netns: number; ifindex: number; ip: Ipv4 }
  | {
    kind: 'tunnel-xmit'; t: number; seq: number; netns: number; ifindex: number; frame: EthernetFrame; trace: number;
    /** The route's next hop, for a tunnel whose outer destination comes from the route (ipip's tunl0). */
    nexthop?: Ipv4;
  };

/** Packets waiting for a neighbour to resolve (the kernel's arp_queue, 3 packets by default... we keep the last few). */
export interface ArpWait {
  netns: number;
  ifindex: number;
  ip: Ipv4;
  /** ARP requests sent so far (ucast/mcast_solicit: 3 before FAILED). */
  probes: number;
  queue: { pkt: Ipv4Packet; trace: number }[];
}

/** One captured frame, as a tap records it. */
export interface TapRecord {
  /** Virtual ms when it crossed the device. */
  t: number;
  frame: EthernetFrame;
  /** Direction relative to the device (tcpdump -Q in/out). */
  dir: 'in' | 'out';
  /** World-wide capture order (frames at one virtual instant keep the order they crossed). */
  n: number;
}

/** A capture point on one device (what a running `tcpdump -i DEV` reads). */
export interface Tap {
  id: number;
  netns: number;
  ifindex: number;
  records: TapRecord[];
  /**
   * False for a packet socket that does not ask for promiscuous mode (arping, traceroute's
   * raw socket); tcpdump's captures set it, which makes a bridge pass up every frame.
   */
  promisc?: boolean;
}

/** The packet walk of one command. */
export interface TraceRecord {
  id: number;
  command: string;
  hops: Hop[];
}

/** Everything the datapath keeps on the world. */
export interface DatapathState {
  queue: NetEvent[];
  /** Tie-breaker so events at the same time run in the order they were scheduled. */
  seq: number;
  sockets: Map<number, Socket>;
  nextSocket: number;
  /** `netns|laddr|lport|raddr|rport` -> TCP socket id. */
  tcpIndex: Map<string, number>;
  arpWaits: ArpWait[];
  taps: Tap[];
  nextTap: number;
  /** Most recent commands' walks, oldest first (at most TRACE_KEEP). */
  traces: TraceRecord[];
  nextTrace: number;
}

/** How many commands' walks the world keeps. */
export const TRACE_KEEP = 20;
/** Hops one walk keeps at most (state.ts hop). */
export const TRACE_HOP_LIMIT = 20_000;

/** The world as the datapath sees it: net's view plus the datapath state (fabric's World has both). */
export interface DpWorld extends NetWorld {
  datapath?: DatapathState;
}
