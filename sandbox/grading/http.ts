/**
 * The HTTP probe: a real request through the datapath of a copy of the world, as curl would
 * send it (GET with a Host header), so an ingress controller's routing by host and path, a
 * Service's targetPort and every rule on the way take part. Used by `http` checks and by
 * predictions that ask what the server saw.
 */
import type { World } from '../fabric/world.ts';
import type { Netns } from '../net/types.ts';
import { formatIpv4, type Ipv4 } from '../wire/index.ts';
import { tcpConnect, tcpWrite } from '../net/socket-tcp.ts';
import { runUntil } from '../fabric/time.ts';
import { startTrace } from '../net/datapath/state.ts';
import { parseResponse } from '../wire/http-response.ts';
import { probe, type ProbeOutcome } from './reach.ts';

/** How long the request may take in virtual time (curl -m 5). */
const REQUEST_MS = 5_000;

/** An HTTP probe's outcome: the connection's, and the answer's status and body when one came. */
export interface HttpOutcome extends ProbeOutcome {
  status?: number;
  body?: string;
}

/** Sends `GET path` with `Host: host` from `ns` to ip:port and reads the answer. */
export function httpProbe(world: World, ns: Netns, ip: Ipv4, port: number, host: string, path: string): HttpOutcome {
  const trace = startTrace(world, `check http ${formatIpv4(ip)}:${port}`);
  const c = tcpConnect(world, ns, ip, port, trace);
  if (!c.ok) return probe(world, ns, ip, port, 'tcp');
  const s = c.value;
  runUntil(world, () => s.state !== 'SYN-SENT', world.clock.ms + REQUEST_MS);
  if (s.state !== 'ESTAB') return probe(world, ns, ip, port, 'tcp');
  tcpWrite(world, s, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n`);
  runUntil(world, () => parseResponse(s.rx, false).complete || s.peerFin || s.state === 'CLOSED', world.clock.ms + REQUEST_MS);
  const r = parseResponse(s.rx, false);
  if (r.status === 0) return { connected: true, trace, where: `${formatIpv4(ip)}:${port} accepted the connection`, rule: 'but sent no HTTP answer' };
  return { connected: true, trace, status: r.status, body: r.body };
}
