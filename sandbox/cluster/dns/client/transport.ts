/**
 * The datapath transport: every DNS query is a real UDP datagram from the client's namespace
 * (a socket bound to an ephemeral port) to server:53, walking routing, netfilter (kube-proxy's
 * DNAT to a CoreDNS pod) and the wires, answered by whatever listens there. A refused port
 * comes back as ICMP port unreachable (ECONNREFUSED on the socket); silence is a timeout.
 */
import { parseIpv4, type DnsMessage } from '../../../wire/index.ts';
import type { World } from '../../../fabric/world.ts';
import type { Netns } from '../../../net/types.ts';
import { udpOpen, udpSend } from '../../../net/socket-udp.ts';
import { tcpClose, tcpConnect, tcpWrite } from '../../../net/socket-tcp.ts';
import { frameDns, unframeDns } from '../../../wire/dns-wire.ts';
import { freeSocket } from '../../../net/socket.ts';
import { runUntil, waitFor, type Waiter } from '../../../fabric/time.ts';
import { startTrace } from '../../../net/datapath/state.ts';
import type { DnsExchange, DnsTransport } from './types.ts';

/** A transport sending from `ns`; it waits for the answer as the process `io` (the command's context). */
export function datapathTransport(world: World, ns: Netns, command: string, io: Waiter, bind?: { addr: number; port: number }): DnsTransport {
  return {
    async query(server: string, msg: DnsMessage, timeoutMs: number): Promise<DnsExchange> {
      const dst = parseIpv4(server);
      if (dst === undefined) return { kind: 'unreachable' };
      const trace = startTrace(world, command);
      // `bind`: the query's source address and port (dig -b ADDR[#PORT]).
      const s = udpOpen(world, ns, trace, bind?.addr ?? 0, bind?.port ?? 0);
      const start = world.clock.ms;
      const sent = udpSend(world, s, dst, 53, { kind: 'dns', message: msg });
      if (!sent.ok) {
        freeSocket(world, s.id);
        return { kind: 'unreachable' };
      }
      await waitFor(world, io, () => s.rx.some((r) => r.payload?.kind === 'dns') || s.error !== undefined, start + timeoutMs);
      freeSocket(world, s.id);
      const got = s.rx.find((r) => r.payload?.kind === 'dns');
      if (got && got.payload?.kind === 'dns') return { kind: 'answer', msg: got.payload.message, ms: world.clock.ms - start };
      if (s.error === 'ECONNREFUSED') return { kind: 'refused' };
      return { kind: 'timeout' };
    },
  };
}

/**
 * DNS over TCP from `ns` (dig +tcp/+vc): connect to server:53, send the query with its two-byte
 * length prefix (RFC 1035 4.2.2), read one length-prefixed answer, close. A reset is a refused
 * connection; no answer before the timeout is a timeout.
 */
export function tcpDatapathTransport(world: World, ns: Netns, command: string, io: Waiter): DnsTransport {
  return {
    async query(server: string, msg: DnsMessage, timeoutMs: number): Promise<DnsExchange> {
      const dst = parseIpv4(server);
      if (dst === undefined) return { kind: 'unreachable' };
      const trace = startTrace(world, command);
      const start = world.clock.ms;
      const c = tcpConnect(world, ns, dst, 53, trace);
      if (!c.ok) return { kind: 'unreachable' };
      const s = c.value;
      const deadline = start + timeoutMs;
      const wait = (done: () => boolean) => waitFor(world, io, done, deadline);
      await wait(() => s.state !== 'SYN-SENT');
      if (s.state !== 'ESTAB') {
        const refused = s.error === 'ECONNREFUSED';
        if (s.state === 'SYN-SENT') tcpClose(world, s);
        return refused ? { kind: 'refused' } : { kind: 'timeout' };
      }
      tcpWrite(world, s, frameDns(msg));
      await wait(() => unframeDns(s.rx) !== undefined || s.peerFin || s.state === 'CLOSED');
      const got = unframeDns(s.rx);
      tcpClose(world, s);
      // The FIN exchange of the close runs before the command prints (within the millisecond).
      runUntil(world, () => false, world.clock.ms + 1);
      if (got?.msg) return { kind: 'answer', msg: got.msg, ms: world.clock.ms - start };
      return { kind: 'timeout' };
    },
  };
}
