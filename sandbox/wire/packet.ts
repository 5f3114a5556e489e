/**
 * Packet values: what crosses a wire or a socket. Plain data (no classes) so packets can be
 * copied, traced and snapshotted. Lengths follow the real header sizes so that MTU, tcpdump
 * `length` and counters in bytes come out as on a real node.
 */
import type { Ipv4 } from './ipv4.ts';
import type { Mac } from './mac.ts';
import { sctpLength, type SctpPacket } from './sctp.ts';

/** An Ethernet II frame (14-byte header). */
export interface EthernetFrame {
  src: Mac;
  dst: Mac;
  payload: ArpPacket | Ipv4Packet;
}

/** ARP over Ethernet for IPv4 (RFC 826), 28 bytes. */
export interface ArpPacket {
  kind: 'arp';
  op: 'request' | 'reply';
  senderMac: Mac;
  senderIp: Ipv4;
  targetMac: Mac;
  targetIp: Ipv4;
}

/** IP protocol numbers as /etc/protocols names them. */
export type IpProto = 'icmp' | 'tcp' | 'udp' | 'sctp';

/** An IPv4 packet (20-byte header, no options). */
export interface Ipv4Packet {
  kind: 'ipv4';
  src: Ipv4;
  dst: Ipv4;
  ttl: number;
  /** Identification field, as tcpdump -v prints it. */
  id: number;
  /** Don't-fragment bit. */
  df: boolean;
  /** The TOS byte (absent: 0); the kernel's ICMP errors carry 0xc0, IPTOS_PREC_INTERNETCONTROL. */
  tos?: number;
  payload: IcmpMessage | UdpDatagram | TcpSegment | SctpPacket | IpipPayload;
}

/** IP-in-IP (RFC 2003, protocol 4): the payload is a whole inner IPv4 packet, no extra header. */
export interface IpipPayload {
  proto: 'ipip';
  inner: Ipv4Packet;
}

/** ICMP (RFC 792): echo, destination unreachable, time exceeded. */
export interface IcmpMessage {
  proto: 'icmp';
  /** 0 echo reply, 3 unreachable, 8 echo request, 11 time exceeded. */
  type: number;
  code: number;
  /** Echo identifier and sequence (types 0 and 8). */
  echoId?: number;
  echoSeq?: number;
  /** Payload bytes after the 8-byte header (56 for a default ping). */
  dataLength: number;
  /** For errors: the offending packet, of which quotedLength() bytes travel in the error. */
  quoted?: Ipv4Packet;
  /** Type 3 code 4 (fragmentation needed): the next-hop MTU (RFC 1191 section 4). */
  mtu?: number;
}

/** UDP (RFC 768), 8-byte header. */
export interface UdpDatagram {
  proto: 'udp';
  sport: number;
  dport: number;
  payload: VxlanPayload | DnsPayload | RawPayload;
}

/** TCP flags as tcpdump names them. */
export interface TcpFlags {
  syn?: boolean;
  ack?: boolean;
  fin?: boolean;
  rst?: boolean;
  psh?: boolean;
}

/** TCP (RFC 9293); options are not modelled beyond their length, which tcpdump prints. */
export interface TcpSegment {
  proto: 'tcp';
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: TcpFlags;
  window: number;
  /** Application bytes carried (HTTP text). */
  data: string;
  /** Options as Linux sends them (tcpdump prints them); absent means the usual 12-byte timestamp block. */
  options?: TcpOptions;
}

/**
 * The TCP options Linux puts on its segments: a SYN carries `mss,sackOK,TS,nop,wscale`
 * (20 bytes), later segments `nop,nop,TS` (12 bytes), a RST none (RFC 7323, RFC 2018).
 */
export interface TcpOptions {
  mss?: number;
  sackOk?: boolean;
  /** Timestamps option (RFC 7323): TSval and TSecr. */
  ts?: { val: number; ecr: number };
  wscale?: number;
}

/** Bytes of the options as Linux lays them out (padded with nops to 4-byte words). */
export function tcpOptionsLength(o: TcpOptions): number {
  const raw = (o.mss !== undefined ? 4 : 0) + (o.sackOk ? 2 : 0) + (o.ts ? 10 : 0) + (o.wscale !== undefined ? 3 : 0);
  return Math.ceil(raw / 4) * 4;
}

/** VXLAN (RFC 7348), 8-byte header, carrying an inner Ethernet frame. */
export interface VxlanPayload {
  kind: 'vxlan';
  vni: number;
  inner: EthernetFrame;
}

/** A DNS message (RFC 1035), carried as its decoded form. */
export interface DnsPayload {
  kind: 'dns';
  message: DnsMessage;
}

/** Opaque application bytes. */
export interface RawPayload {
  kind: 'raw';
  data: string;
}

/** DNS resource record types the cluster answers. */
export type DnsType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'NS' | 'SOA' | 'TXT' | 'MX';

/** One question (RFC 1035 4.1.2). */
export interface DnsQuestion {
  name: string;
  type: DnsType;
}

/** One resource record; `data` is the presentation form (`10.96.0.10`, `0 100 80 web.x.svc.cluster.local.`). */
export interface DnsRecord {
  name: string;
  type: DnsType;
  ttl: number;
  data: string;
}

/** A DNS query or response. */
export interface DnsMessage {
  id: number;
  response: boolean;
  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED. */
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';
  authoritative: boolean;
  recursionDesired: boolean;
  recursionAvailable: boolean;
  questions: DnsQuestion[];
  /**
   * EDNS(0) OPT pseudo-record (RFC 6891) when present: the advertised UDP payload size and a
   * DNS cookie (RFC 7873, client part as hex) that dig sends and CoreDNS echoes.
   */
  edns?: { udpSize: number; cookie?: string };
  answers: DnsRecord[];
  authority: DnsRecord[];
  additional: DnsRecord[];
}

/** Bytes of an IPv4 packet on the wire (header + payload). */
export function ipv4Length(p: Ipv4Packet): number {
  return 20 + l4Length(p.payload);
}

/**
 * Bytes of `q` an ICMP error quotes: all of it up to 576 bytes for the whole error, i.e. 548
 * after the error's IP and ICMP headers (RFC 1812 4.3.2.3; Linux icmp.c `room`).
 */
export function quotedLength(q: Ipv4Packet): number {
  return Math.min(ipv4Length(q), 576 - 20 - 8);
}

/** Bytes of a transport message including its header. */
export function l4Length(m: Ipv4Packet['payload']): number {
  switch (m.proto) {
    case 'icmp':
      return 8 + (m.quoted ? quotedLength(m.quoted) : m.dataLength);
    case 'udp':
      return 8 + udpPayloadLength(m.payload);
    case 'ipip':
      return ipv4Length(m.inner);
    case 'sctp':
      return sctpLength(m);
    case 'tcp':
      // 20-byte header + options (12 bytes of timestamps when not given, as Linux sends)
      return 20 + (m.options ? tcpOptionsLength(m.options) : 12) + m.data.length;
  }
}

/** Bytes of a UDP payload. */
export function udpPayloadLength(p: UdpDatagram['payload']): number {
  switch (p.kind) {
    case 'vxlan':
      return 8 + frameLength(p.inner);
    case 'dns':
      return dnsLength(p.message);
    case 'raw':
      return p.data.length;
  }
}

/** Bytes of an Ethernet frame without FCS (14-byte header + payload). */
export function frameLength(f: EthernetFrame): number {
  return 14 + (f.payload.kind === 'arp' ? 28 : ipv4Length(f.payload));
}

/** Approximate wire size of a DNS message (header, names, fixed fields), for lengths and MTU. */
export function dnsLength(m: DnsMessage): number {
  const name = (n: string) => n.replace(/\.$/, '').length + 2;
  const rr = (r: DnsRecord) => name(r.name) + 10 + r.data.length;
  return 12 + m.questions.reduce((s, q) => s + name(q.name) + 4, 0) +
    [...m.answers, ...m.authority, ...m.additional].reduce((s, r) => s + rr(r), 0);
}
