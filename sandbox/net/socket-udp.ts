/**
 * UDP sockets (`nc -u`, DNS clients) and ping sockets (ICMP echo, as iputils' ping opens
 * them). A datagram for a port with a socket queues on it; for a port with a UDP listener
 * the app answers from the address and port the client reached; otherwise the caller sends
 * a port unreachable. Echo replies and ICMP errors are matched to ping sockets by echo id
 * (ping_lookup / ping_err); errors about UDP to the socket whose datagram they quote.
 */
import { cacheStore } from './apps/dns-cache.ts';
import { fail, ok, randomInt, wallDate, type Result } from '../core/index.ts';
import type { DpWorld as World } from './datapath/types.ts';
import { formatIpv4, type IcmpMessage, type Ipv4, type Ipv4Packet, type UdpDatagram } from '../wire/index.ts';
import type { Netns } from './types.ts';
import type { PingSocket, UdpSocket } from './datapath/types.ts';
import { ROOT_OWNER, allocSocket, ephemeralPort, findListener, freeSocket, socketById } from './socket.ts';
import { datapathOf, hop, summarize } from './datapath/state.ts';
import { chooseRoute, ipLocalOut } from './datapath/output.ts';
import { nextIpId } from './datapath/ip-id.ts';
import { appByName } from './apps/index.ts';
import { tcpWrite } from './socket-tcp.ts';
import { frameDns } from '../wire/dns-wire.ts';

/** socket(AF_INET, SOCK_DGRAM): unbound until the first send. */
export function udpOpen(world: World, ns: Netns, trace: number, laddr = 0, lport = 0): UdpSocket {
  return allocSocket<UdpSocket>(world, { kind: 'udp', netns: ns.id, laddr, lport, rx: [], trace });
}

/** sendto(2): routes, binds an ephemeral port on first use, sends one datagram. */
export function udpSend(world: World, s: UdpSocket, dst: Ipv4, dport: number, payload: UdpDatagram['payload'], ttl = 64): Result {
  const ns = world.netns.get(s.netns);
  if (!ns) return fail('ENODEV');
  const rt = chooseRoute(ns, dst);
  if (!rt.ok) return rt;
  if (s.lport === 0) s.lport = ephemeralPort(world, ns, 'udp');
  s.raddr = dst;
  s.rport = dport;
  const pkt: Ipv4Packet = {
    kind: 'ipv4', src: s.laddr || rt.value.src, dst, ttl, id: nextIpId(world), df: true,
    payload: { proto: 'udp', sport: s.lport, dport, payload },
  };
  return ipLocalOut(world, ns, pkt, s.trace, undefined, undefined, ROOT_OWNER);
}

/** __udp4_lib_rcv: queue on a socket, or let a listening app answer. False when nobody owns the port. */
export function udpReceive(world: World, ns: Netns, pkt: Ipv4Packet, m: UdpDatagram, trace: number): boolean {
  for (const s of datapathOf(world).sockets.values()) {
    if (s.kind === 'udp' && s.netns === ns.id && s.lport === m.dport && (s.laddr === 0 || s.laddr === pkt.dst)) {
      if (s.relay) { relayAnswer(world, ns, s, m.payload, trace); return true; }
      s.rx.push({ from: pkt.src, port: m.sport, data: m.payload.kind === 'raw' ? m.payload.data : '', payload: m.payload });
      return true;
    }
  }
  const l = findListener(ns, 'udp', pkt.dst, m.dport);
  if (!l) return false;
  const app = appByName(l.serve.app);
  if (!app || app.proto !== 'udp') return true;
  const answer = app.respond(
    {
      params: l.serve.params, local: { addr: pkt.dst, port: m.dport }, remote: { addr: pkt.src, port: m.sport }, now: wallDate(world.clock), world, netns: ns.id,
      udpRelay: (upstream, port, payload, client) => udpRelay(world, ns, upstream, port, payload, client, 0),
    },
    m.payload,
  );
  if (!answer) return true;
  hop(world, trace, ns, undefined, 'app', `${l.serve.app} answers`, `to ${formatIpv4(pkt.src)}:${m.sport}`);
  ipLocalOut(world, ns, {
    kind: 'ipv4', src: pkt.dst, dst: pkt.src, ttl: 64, id: nextIpId(world), df: false,
    payload: { proto: 'udp', sport: m.dport, dport: m.sport, payload: answer },
  }, trace, undefined, undefined, ROOT_OWNER);
  return true;
}

/**
 * A forwarding server sends `payload` upstream from `ns` (a fresh ephemeral port, as CoreDNS's
 * forward plugin and dnsmasq use) and answers the client when the upstream answer comes back
 * (relayAnswer); the app itself returns no answer for the datagram it forwarded. When an ICMP
 * error comes back instead, `onError` (if given) is sent to the client (CoreDNS and dnsmasq
 * answer SERVFAIL when their upstream refuses).
 */
export function udpRelay(
  world: World, ns: Netns, upstream: Ipv4, uport: number, payload: UdpDatagram['payload'],
  client: NonNullable<UdpSocket['relay']>, trace: number,
): Result {
  const s = udpOpen(world, ns, trace);
  s.relay = client;
  const r = udpSend(world, s, upstream, uport, payload);
  if (!r.ok) freeSocket(world, s.id);
  return r;
}

/** The upstream answered: pass it on to the client from the address it asked, then close. */
function relayAnswer(world: World, ns: Netns, s: UdpSocket, answer: UdpDatagram['payload'], trace: number): void {
  const c = s.relay!;
  freeSocket(world, s.id);
  // The server's own lookup (appendTo): its answer records complete the reply it had begun.
  const joined: UdpDatagram['payload'] = c.appendTo && answer.kind === 'dns'
    ? { kind: 'dns', message: { ...c.appendTo, answers: [...c.appendTo.answers, ...answer.message.answers] } }
    : answer;
  // A caching server keeps the answer and hands it on with the cache's TTL (dns-cache.ts).
  const payload: UdpDatagram['payload'] = c.cache && joined.kind === 'dns'
    ? { kind: 'dns', message: cacheStore(ns, c.cache, joined.message, world.clock.ms) }
    : joined;
  hop(world, trace, ns, undefined, 'app', 'forwarder relays the answer', `to ${formatIpv4(c.raddr)}:${c.rport}`);
  if (c.tcp !== undefined) {
    // The client's query came over TCP: the answer goes back on that connection, framed.
    const t = socketById(world, c.tcp);
    if (t?.kind === 'tcp' && payload.kind === 'dns') tcpWrite(world, t, frameDns(payload.message));
    return;
  }
  ipLocalOut(world, ns, {
    kind: 'ipv4', src: c.laddr, dst: c.raddr, ttl: 64, id: nextIpId(world), df: false,
    payload: { proto: 'udp', sport: c.lport, dport: c.rport, payload },
  }, trace, undefined, undefined, ROOT_OWNER);
}

/** udp_err: a port unreachable about our datagram refuses the (connected) socket. */
export function udpIcmpError(world: World, ns: Netns, from: Ipv4, quoted: Ipv4Packet, q: UdpDatagram, type: number, code: number): void {
  for (const s of datapathOf(world).sockets.values()) {
    if (s.kind === 'udp' && s.netns === ns.id && s.lport === q.sport && (s.laddr === 0 || s.laddr === quoted.src)) {
      if (s.relay) {
        if (s.relay.onError) relayAnswer(world, ns, s, s.relay.onError, s.trace);
        else freeSocket(world, s.id);
        continue;
      }
      (s.icmpErrors ??= []).push({ from, type, code, t: world.clock.ms });
      s.error = type === 3 && code === 3 ? 'ECONNREFUSED' : type === 3 ? 'EHOSTUNREACH' : 'ETIMEDOUT';
    }
  }
}

/** socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP) with a random echo identifier. */
export function pingOpen(world: World, ns: Netns, trace: number): PingSocket {
  return allocSocket<PingSocket>(world, { kind: 'ping', netns: ns.id, echoId: randomInt(world.rng, 1, 65535), replies: [], errors: [], trace });
}

/**
 * IP_MTU_DISCOVER (ip(7)): `do` sets DF and refuses packets over the path MTU (EMSGSIZE);
 * `want` sets DF on packets that fit and fragments the others; `dont` never sets DF.
 */
export type PmtuDisc = 'do' | 'want' | 'dont';

/** The path MTU towards `dst` leaving on `devMtu`: the device's, or a smaller one learnt. */
export function pathMtu(world: World, ns: Netns, dst: Ipv4, devMtu: number): number {
  const e = ns.pmtu?.get(dst);
  if (e && e.expires <= world.clock.ms) ns.pmtu!.delete(dst);
  return e && e.expires > world.clock.ms ? Math.min(e.mtu, devMtu) : devMtu;
}

/**
 * Sends echo request `seq` with `size` data bytes to `dst` (ping -s, -t, -M). With `do`, a
 * packet over the path MTU fails with EMSGSIZE and the MTU in `detail` (ip_local_out's
 * ip_fragment refusing a DF packet, reported on the error queue as ping shows it).
 */
export function pingSend(world: World, s: PingSocket, dst: Ipv4, seq: number, size = 56, ttl = 64, pmtudisc: PmtuDisc = 'want'): Result<Ipv4> {
  const ns = world.netns.get(s.netns);
  if (!ns) return fail('ENODEV');
  const rt = chooseRoute(ns, dst);
  if (!rt.ok) return rt;
  const mtu = pathMtu(world, ns, dst, rt.value.dev.mtu);
  const fits = 28 + size <= mtu;
  if (pmtudisc === 'do' && !fits) return fail('EMSGSIZE', String(mtu));
  // `want` over the MTU: the kernel fragments locally without DF; the simulator passes the
  // datagram whole (fragments are not modelled) but clears DF as the fragments would have.
  const pkt: Ipv4Packet = {
    kind: 'ipv4', src: rt.value.src, dst, ttl, id: nextIpId(world), df: pmtudisc === 'do' || (pmtudisc === 'want' && fits),
    payload: { proto: 'icmp', type: 8, code: 0, echoId: s.echoId, echoSeq: seq, dataLength: size },
  };
  const r = ipLocalOut(world, ns, pkt, s.trace, undefined, undefined, ROOT_OWNER);
  return r.ok ? ok(rt.value.src) : r;
}

/** An echo reply arrived: hand it to the ping socket with that id. */
export function pingReceive(world: World, ns: Netns, pkt: Ipv4Packet, m: IcmpMessage, trace: number): void {
  for (const s of datapathOf(world).sockets.values()) {
    if (s.kind === 'ping' && s.netns === ns.id && s.echoId === m.echoId) {
      s.replies.push({ seq: m.echoSeq ?? 0, from: pkt.src, ttl: pkt.ttl, t: world.clock.ms, bytes: 8 + m.dataLength });
      hop(world, trace, ns, undefined, 'ping_rcv', summarize(pkt));
      return;
    }
  }
}

/** ping_err: an ICMP error quoting one of our echo requests. */
export function pingIcmpError(world: World, ns: Netns, from: Ipv4, q: IcmpMessage, type: number, code: number, mtu?: number): void {
  for (const s of datapathOf(world).sockets.values()) {
    if (s.kind === 'ping' && s.netns === ns.id && s.echoId === q.echoId) {
      s.errors.push({ seq: q.echoSeq ?? 0, from, type, code, t: world.clock.ms, ...(mtu === undefined ? {} : { mtu }) });
      return;
    }
  }
}
