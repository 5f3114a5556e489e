/**
 * Applications behind listening sockets, registered by name. The state holds only the name
 * and parameters (`Listener.serve`), so a world snapshot stays plain data; the behaviour
 * lives here. A TCP app reads the bytes a connection has received so far and answers when a
 * request is complete; a UDP app answers one datagram with one datagram. Later components
 * (nginx, whoami, agnhost, coredns) register themselves the same way with `registerApp`.
 */
import type { Ipv4, UdpDatagram } from '../wire/index.ts';
import { formatIpv4 } from '../wire/index.ts';
import type { NetWorld } from './types.ts';

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
   * The world the datagram arrived in, for apps that answer from cluster state (CoreDNS reads
   * the API objects through it). Set for UDP apps (added by H7).
   */
  world?: NetWorld;
  /** World id of the namespace the app runs in (added by K2 for forwarders and proxies). */
  netns?: number;
  /** TCP: id of the server-side socket being served (a proxy answers on it later). */
  socket?: number;
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

/** Any app. */
export type App = TcpApp | UdpApp;

const registry = new Map<string, App>();

/** Registers (or replaces) the behaviour named `name`. */
export function registerApp(name: string, app: App): void {
  registry.set(name, app);
}

/** The behaviour named `name`, if registered. */
export const appByName = (name: string): App | undefined => registry.get(name);

/** `addr:port` as servers print peers. */
export const formatEndpoint = (e: { addr: Ipv4; port: number }): string => `${formatIpv4(e.addr)}:${e.port}`;

/** RFC 7231 IMF-fixdate (`Mon, 23 Nov 2026 16:49:17 GMT`), as Python's email.utils formats it. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}
