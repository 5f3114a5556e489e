/**
 * What an application behind a listening socket is. The state holds only the app's name and
 * parameters (`Listener.serve`), so a world snapshot stays plain data; the behaviour is found
 * by name in the tables (./index.ts). A TCP app reads the bytes a connection has received so
 * far and answers when a request is complete; a UDP app answers one datagram with one datagram.
 */
import type { Ipv4, UdpDatagram } from '../../wire/index.ts';
import { formatIpv4 } from '../../wire/index.ts';
import type { Result } from '../../core/index.ts';
import type { NetWorld } from '../types.ts';
import type { UdpSocket } from '../datapath/types.ts';

/** What an app knows about the connection or datagram it serves. */
export interface AppContext {
  params: Readonly<Record<string, string>>;
  /** The address and port the client reached (after DNAT). */
  local: { addr: Ipv4; port: number };
  /** The client as this socket sees it (after SNAT/MASQUERADE). */
  remote: { addr: Ipv4; port: number };
  /** Wall-clock time of the simulated world (for Date headers). */
  now: Date;
  /**
   * The world the request arrived in, for apps that answer from cluster state (CoreDNS reads
   * the API objects through it).
   */
  world?: NetWorld;
  /** World id of the namespace the app runs in (forwarders and proxies open sockets there). */
  netns?: number;
  /** TCP: id of the server-side socket being served (a proxy answers on it later). */
  socket?: number;
  /**
   * UDP: sends `payload` to `upstream:port` from a fresh socket of the app's namespace and
   * answers `client` when the upstream answers (a forwarder: dnsmasq's `server=`). Given by
   * the socket layer, so an app needs no import of it.
   */
  udpRelay?(upstream: Ipv4, port: number, payload: UdpDatagram['payload'], client: NonNullable<UdpSocket['relay']>): Result;
}

/** A TCP app's answer: bytes to send in separate writes, then whether to close. */
export interface TcpAppReply {
  /** Each string is one write (one segment when it fits the MSS), in order. */
  writes: string[];
  close: boolean;
  /** How many buffered bytes the request used. */
  consumed: number;
}

/** A TCP server behaviour. */
export interface TcpApp {
  proto: 'tcp';
  /** Called with the bytes received and not yet consumed; undefined while the request is incomplete. */
  respond(ctx: AppContext, buffered: string): TcpAppReply | undefined;
  /**
   * A proxy's upstream connection ended (closed by the upstream, or failed with `error`):
   * the reply to send on the downstream connection. Only apps that open upstream
   * connections (TcpSocket.proxy) implement it.
   */
  relay?(ctx: AppContext, upstreamAnswer: string, error: string | undefined): TcpAppReply;
}

/** A UDP server behaviour: one answer (or none) per datagram. */
export interface UdpApp {
  proto: 'udp';
  respond(ctx: AppContext, payload: UdpDatagram['payload']): UdpDatagram['payload'] | undefined;
}

/**
 * An SCTP server behaviour: the messages received so far on an association (one DATA chunk
 * each, concatenated) in, the messages to send back and whether to close after them out.
 */
export interface SctpApp {
  proto: 'sctp';
  /** Outbound streams the program asks for (SCTP_INITMSG sinit_num_ostreams); the kernel's 10 when absent. */
  ostreams?: number;
  respond(ctx: AppContext, received: string): { writes: string[]; close: boolean } | undefined;
}

/** Any app. */
export type App = TcpApp | UdpApp | SctpApp;

/** `addr:port` as servers print peers. */
export const formatEndpoint = (e: { addr: Ipv4; port: number }): string => `${formatIpv4(e.addr)}:${e.port}`;

/** RFC 7231 IMF-fixdate (`Mon, 23 Nov 2026 16:49:17 GMT`), as Python's email.utils formats it. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}
