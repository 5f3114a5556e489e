/**
 * tcpdump 4.99's one-line decodes (print-ether.c, print-arp.c, print-ip.c, print-tcp.c,
 * print-udp.c, print-icmp.c, print-otv.c, print-domain.c, print-http.c), checked against the
 * reference lab's captures: `IP a.p > b.q: Flags [S.], seq N, ack M, win W, options [...],
 * length L: HTTP: first line`, relative sequence numbers after a flow's first ACK-bearing
 * segment (tcp_seq_hash), OTV (VXLAN on 8472) followed by the inner frame on its own line,
 * `-e` MAC headers with `(oui Unknown)` and `Broadcast` unless -n, `-v` IP header details
 * with TCP `cksum 0xPART (incorrect -> 0xFULL)` as offloaded checksums look.
 */
import type { ArpPacket, EthernetFrame, IcmpMessage, Ipv4Packet, TcpSegment, UdpDatagram, DnsMessage } from '../../../wire/index.ts';
import { sctpText } from './sctp.ts';
import { BROADCAST_MAC, ZERO_MAC, formatIpv4, frameLength, ipv4Length, l4Length, udpPayloadLength } from '../../../wire/index.ts';
import { tcpChecksums } from './checksum.ts';

/** Printing switches. */
export interface PrintOptions {
  /** -n: numeric hosts (and no OUI names); -nn: numeric ports too. */
  n: number;
  e: boolean;
  v: boolean;
}

/** Per-capture memory: the ISNs of flows (tcp_seq_hash). */
export type SeqState = Map<string, { seq: number; ack: number }>;

/** Port names tcpdump takes from /etc/services (Debian's netbase), for the ports the cluster uses. */
const SERVICES: Record<number, string> = {
  22: 'ssh', 53: 'domain', 80: 'http', 123: 'ntp', 443: 'https', 2379: 'etcd-client', 4789: 'vxlan', 6443: 'sun-sr-https',
  8080: 'http-alt', 8472: 'otv', 9090: 'websm', 10250: '10250',
};

const HTTP_PORTS = new Set([80, 8080, 3128]);
const HTTP_WORDS = /^(GET|PUT|POST|HEAD|DELETE|OPTIONS|TRACE|CONNECT|PATCH) \S+ HTTP\/\d\.\d$|^HTTP\/\d\.\d \d{3}( .*)?$/;

function macText(m: string, o: PrintOptions): string {
  if (o.n > 0) return m;
  return m === BROADCAST_MAC ? 'Broadcast' : `${m} (oui Unknown)`;
}

const port = (p: number, o: PrintOptions): string => (o.n >= 2 ? String(p) : SERVICES[p] ?? String(p));

function arpText(a: ArpPacket, o: PrintOptions): string {
  return a.op === 'request'
    // print-arp.c shows the target's hardware address when the asker filled it in (arping does).
    ? `Request who-has ${formatIpv4(a.targetIp)}${a.targetMac !== ZERO_MAC ? ` (${macText(a.targetMac, o)})` : ''} tell ${formatIpv4(a.senderIp)}, length 28`
    : `Reply ${formatIpv4(a.senderIp)} is-at ${o.n > 0 ? a.senderMac : `${a.senderMac} (oui Unknown)`}, length 28`;
}

function tcpFlags(t: TcpSegment): string {
  const f = t.flags;
  const s = `${f.fin ? 'F' : ''}${f.syn ? 'S' : ''}${f.rst ? 'R' : ''}${f.psh ? 'P' : ''}${f.ack ? '.' : ''}`;
  return s === '' ? 'none' : s;
}

function tcpText(p: Ipv4Packet, t: TcpSegment, o: PrintOptions, seqs: SeqState): string {
  let seq = t.seq;
  let ack = t.ack;
  if (t.flags.ack) {
    // print-tcp.c: the first segment with ACK of a conversation seeds the hash (printed
    // absolute); later ones print relative to the ISNs remembered there.
    const fwd = `${p.src}:${t.sport}>${p.dst}:${t.dport}`;
    const rev = `${p.dst}:${t.dport}>${p.src}:${t.sport}`;
    const known = seqs.get(fwd);
    const knownRev = seqs.get(rev);
    if (known) {
      seq = (seq - known.seq) >>> 0;
      ack = (ack - known.ack) >>> 0;
    } else if (knownRev) {
      seq = (seq - knownRev.ack) >>> 0;
      ack = (ack - knownRev.seq) >>> 0;
    } else {
      seqs.set(fwd, { seq: t.seq, ack: (t.ack - 1) >>> 0 });
    }
  }
  const len = t.data.length;
  let out = `Flags [${tcpFlags(t)}]`;
  if (o.v) {
    const [part, full] = tcpChecksums(p, t);
    const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
    out += `, cksum ${hex(part)} (incorrect -> ${hex(full)})`;
  }
  if (len > 0) out += `, seq ${seq}:${(seq + len) >>> 0}`;
  else if (t.flags.syn || t.flags.fin || t.flags.rst) out += `, seq ${seq}`;
  if (t.flags.ack) out += `, ack ${ack}`;
  out += `, win ${t.window}`;
  const opts = t.options;
  const parts: string[] = [];
  if (opts) {
    if (opts.mss !== undefined) parts.push(`mss ${opts.mss}`);
    if (opts.sackOk) parts.push('sackOK');
    if (opts.ts) parts.push(...(opts.mss === undefined ? ['nop', 'nop'] : []), `TS val ${opts.ts.val} ecr ${opts.ts.ecr}`);
    if (opts.wscale !== undefined) parts.push('nop', `wscale ${opts.wscale}`);
  } else parts.push('nop', 'nop', 'TS val 0 ecr 0');
  if (parts.length) out += `, options [${parts.join(',')}]`;
  out += `, length ${len}`;
  if (len > 0 && (HTTP_PORTS.has(t.sport) || HTTP_PORTS.has(t.dport))) {
    const first = t.data.split('\r\n')[0] ?? '';
    out += HTTP_WORDS.test(first) ? `: HTTP: ${first}` : ': HTTP';
  }
  return out;
}

function dnsText(m: DnsMessage, len: number): string {
  const q = m.questions[0];
  const qs = q ? ` ${q.type}? ${q.name.endsWith('.') ? q.name : `${q.name}.`}` : '';
  const au = m.additional.length + (m.edns ? 1 : 0);
  if (!m.response) return `${m.id}${m.recursionDesired ? '+' : ''}${au ? ` [${au}au]` : ''}${qs} (${len})`;
  const rc = m.rcode === 'NOERROR' ? '' : m.rcode === 'NXDOMAIN' ? ' NXDomain' : m.rcode === 'SERVFAIL' ? ' ServFail' : ' Refused';
  const ans = m.answers.map((r) => ` ${r.type} ${r.data}`).join(',');
  return `${m.id}${rc}${m.authoritative ? '*' : ''}${m.recursionAvailable ? '' : '-'} ${m.answers.length}/${m.authority.length}/${au}${ans} (${len})`;
}

function udpText(u: UdpDatagram, o: PrintOptions, seqs: SeqState, indent: string): string {
  const len = udpPayloadLength(u.payload);
  if (u.payload.kind === 'vxlan') {
    const inner = frameText(u.payload.inner, o, seqs, indent);
    return `OTV, flags [I] (0x08), overlay 0, instance ${u.payload.vni}\n${inner}`;
  }
  if (u.payload.kind === 'dns') return dnsText(u.payload.message, len);
  return `UDP, length ${len}`;
}

/**
 * An ICMP message; with -v an error is followed by the packet it quotes (print-icmp.c: "\n\t"
 * then ip_print of the quote, ICMP_ERRTYPE), as the reference lab's tcpdump -v shows.
 */
function icmpText(m: IcmpMessage, o: PrintOptions, seqs: SeqState): string {
  const line = icmpLine(m);
  return o.v && m.quoted && (m.type === 3 || m.type === 11) ? `${line}\n\t${ipText(m.quoted, o, seqs)}` : line;
}

function icmpLine(m: IcmpMessage): string {
  const len = l4Length(m);
  if (m.type === 8 || m.type === 0) return `ICMP echo ${m.type === 8 ? 'request' : 'reply'}, id ${m.echoId ?? 0}, seq ${m.echoSeq ?? 0}, length ${len}`;
  const q = m.quoted;
  if (m.type === 3 && q) {
    const qp = q.payload;
    if (m.code === 3 && (qp.proto === 'tcp' || qp.proto === 'udp')) return `ICMP ${formatIpv4(q.dst)} ${qp.proto} port ${qp.dport} unreachable, length ${len}`;
    if (m.code === 1) return `ICMP host ${formatIpv4(q.dst)} unreachable, length ${len}`;
    if (m.code === 0) return `ICMP net ${formatIpv4(q.dst)} unreachable, length ${len}`;
    if (m.code === 13) return `ICMP host ${formatIpv4(q.dst)} unreachable - admin prohibited filter, length ${len}`;
    // print-icmp.c ICMP_UNREACH_NEEDFRAG with the RFC 1191 next-hop MTU.
    if (m.code === 4 && m.mtu !== undefined) return `ICMP ${formatIpv4(q.dst)} unreachable - need to frag (mtu ${m.mtu}), length ${len}`;
    return `ICMP ${formatIpv4(q.dst)} unreachable - code ${m.code}, length ${len}`;
  }
  if (m.type === 11) return `ICMP time exceeded in-transit, length ${len}`;
  return `ICMP type-#${m.type}, length ${len}`;
}

/** An IPv4 packet's line(s) after the link header. */
export function ipText(p: Ipv4Packet, o: PrintOptions, seqs: SeqState, indent = ''): string {
  const m = p.payload;
  if (m.proto === 'sctp') {
    // print-sctp.c prints the addresses itself, ports always as numbers.
    const line = `${formatIpv4(p.src)}.${m.sport} > ${formatIpv4(p.dst)}.${m.dport}: ${sctpText(m)}`;
    const lead = o.e ? '' : 'IP ';
    if (!o.v) return `${lead}${line}`;
    return `${lead}(tos 0x${(p.tos ?? 0).toString(16)}, ttl ${p.ttl}, id ${p.id}, offset 0, flags [${p.df ? 'DF' : 'none'}], proto SCTP (132), length ${ipv4Length(p)})\n    ${line}`;
  }
  const ends = (a: number, pt?: number) => (pt === undefined ? formatIpv4(a) : `${formatIpv4(a)}.${port(pt, o)}`);
  const addrs = m.proto === 'icmp' || m.proto === 'ipip' ? `${ends(p.src)} > ${ends(p.dst)}` : `${ends(p.src, m.sport)} > ${ends(p.dst, m.dport)}`;
  // print-ip.c ip_demux_print: IPPROTO_IPV4 prints the inner packet as a packet of its own.
  const body = m.proto === 'tcp' ? tcpText(p, m, o, seqs) : m.proto === 'udp' ? udpText(m, o, seqs, indent)
    : m.proto === 'ipip' ? ipText(m.inner, o, seqs, indent) : icmpText(m, o, seqs);
  const lead = o.e ? '' : 'IP ';
  if (!o.v) return `${lead}${addrs}: ${body}`;
  const proto = m.proto === 'tcp' ? 'TCP (6)' : m.proto === 'udp' ? 'UDP (17)' : m.proto === 'ipip' ? 'IPIP (4)' : 'ICMP (1)';
  return `${lead}(tos 0x${(p.tos ?? 0).toString(16)}, ttl ${p.ttl}, id ${p.id}, offset 0, flags [${p.df ? 'DF' : 'none'}], proto ${proto}, length ${ipv4Length(p)})\n    ${addrs}: ${body}`;
}

/** A frame as tcpdump prints it after the timestamp (no trailing newline). */
export function frameText(f: EthernetFrame, o: PrintOptions, seqs: SeqState, indent = ''): string {
  const p = f.payload;
  const link = o.e
    ? `${macText(f.src, o)} > ${macText(f.dst, o)}, ethertype ${p.kind === 'arp' ? 'ARP (0x0806)' : 'IPv4 (0x0800)'}, length ${frameLength(f)}: `
    : '';
  if (p.kind === 'arp') return `${link}${o.e ? '' : 'ARP, '}${arpText(p, o)}`;
  return `${link}${ipText(p, o, seqs, indent)}`;
}
