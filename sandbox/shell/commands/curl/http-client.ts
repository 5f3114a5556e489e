/**
 * The HTTP client steps curl and wget share: connect(2) over the simulated TCP (the SYN walks
 * the datapath and meets an answer, a reset, an ICMP error or silence), then one request and
 * the answer read until the server closes or Content-Length is reached, then close(2) with
 * the closing handshake left to finish as the kernel does after the process exits.
 */
import type { CommandContext } from '../../types.ts';
import type { Ipv4 } from '../../../wire/index.ts';
import { tcpClose, tcpConnect, tcpWrite } from '../../../net/socket-tcp.ts';
import { freeSocket } from '../../../net/socket.ts';
import type { TcpSocket } from '../../../net/datapath/types.ts';
import { waitFor } from '../../../fabric/time.ts';
import { parseResponse, type HttpResponse } from '../../../wire/http-response.ts';

/** strerror(3) texts for the errnos a connect can end with. */
export const STRERROR: Record<string, string> = {
  ECONNREFUSED: 'Connection refused', EHOSTUNREACH: 'No route to host', ENETUNREACH: 'Network is unreachable',
  ETIMEDOUT: 'Connection timed out', EPERM: 'Operation not permitted', EACCES: 'Permission denied', EINVAL: 'Invalid argument',
};

/**
 * How a connect ended: connected; refused at once by routing (`immediate`, tcp_v4_connect's
 * errno) or later by a reset / ICMP error; no answer before `deadline` (`timeout`, the
 * socket still SYN-SENT) or after the kernel's own SYN retries (`ETIMEDOUT`); Ctrl-C.
 */
export type Connected =
  | { kind: 'connected'; sock: TcpSocket }
  | { kind: 'failed'; errno: string; immediate: boolean }
  | { kind: 'timeout' }
  | { kind: 'interrupted' };

/** connect(2) to addr:port from the command's namespace, waiting until `deadline` (virtual ms). */
export async function connectTcp(ctx: CommandContext, addr: Ipv4, port: number, trace: number, deadline: number): Promise<Connected> {
  const world = ctx.world;
  const r = tcpConnect(world, ctx.netns, addr, port, trace);
  if (!r.ok) return { kind: 'failed', errno: r.errno, immediate: true };
  const s = r.value;
  const how = await waitFor(world, ctx, () => s.state !== 'SYN-SENT', deadline);
  if (how === 'interrupted') {
    freeSocket(world, s.id);
    return { kind: 'interrupted' };
  }
  if (s.state === 'SYN-SENT') {
    freeSocket(world, s.id);
    return { kind: 'timeout' };
  }
  if (s.state === 'CLOSED') {
    freeSocket(world, s.id);
    return { kind: 'failed', errno: s.error ?? 'ECONNREFUSED', immediate: false };
  }
  return { kind: 'connected', sock: s };
}

/** What came back for a request: the (possibly partial) response and how the wait ended. */
export interface Exchange {
  how: 'done' | 'timeout' | 'interrupted';
  response?: HttpResponse;
  reset: boolean;
}

/**
 * Writes `request` and reads the answer until it is complete, the peer closes, or
 * `deadline`. `decode` turns the received bytes into HTTP (TLS unwrapping for curl's https).
 */
export async function exchange(ctx: CommandContext, s: TcpSocket, request: string, head: boolean, deadline: number, decode: (rx: string) => string = (rx) => rx): Promise<Exchange> {
  tcpWrite(ctx.world, s, request);
  let resp: HttpResponse | undefined;
  const done = () => {
    resp = parseResponse(decode(s.rx), head);
    return resp.complete || s.peerFin || s.state === 'CLOSED';
  };
  const how = await waitFor(ctx.world, ctx, done, deadline);
  done();
  return { how, reset: s.error === 'ECONNRESET', ...(resp ? { response: resp } : {}) };
}

/** Virtual ms a client spends between the last body byte and close(2). */
const CLIENT_WRAPUP_MS = 0.05;

/**
 * Closes after a complete answer: the client finishes the transfer first (a server that
 * closes right after answering has its FIN in by then, as the lab's captures show), then the
 * closing handshake runs so tcpdump and conntrack see it.
 */
export async function closeAfterTransfer(ctx: CommandContext, s: TcpSocket): Promise<void> {
  const world = ctx.world;
  await waitFor(world, ctx, () => false, world.clock.ms + CLIENT_WRAPUP_MS);
  tcpClose(world, s);
  const closed = () => s.state === 'CLOSED' || s.state === 'TIME-WAIT';
  await waitFor(world, ctx, closed, world.clock.ms + 5);
  if (closed()) freeSocket(world, s.id);
}
