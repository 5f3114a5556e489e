/**
 * `nc -l [-p] PORT` (netcat-openbsd 1.219): listen on *:PORT for one TCP connection, print
 * what the peer sends until it closes, then exit 0 (without -k the listening socket is closed
 * once a connection is accepted, so a second client is refused). Ctrl-C ends the wait. A port
 * already taken fails as nc reports bind(2)'s EADDRINUSE. Standard input is not sent to the
 * peer (the terminal's typing after the command line is not modelled).
 */
import type { CommandContext } from '../../types.ts';
import type { Listener } from '../../../net/types.ts';
import { datapathOf } from '../../../net/datapath/state.ts';
import { waitFor } from '../../../fabric/time.ts';
import type { TcpSocket } from '../../../net/datapath/types.ts';
import { tcpClose } from '../../../net/socket-tcp.ts';

/** What `nc -l` was asked: the port, -u, -v. */
export interface ListenArgs {
  port: number;
  u: boolean;
  v: boolean;
}

/** Runs `nc -l`. */
export async function listen(ctx: CommandContext, a: ListenArgs): Promise<number> {
  const ns = ctx.netns;
  const port = a.port;
  if (a.u) {
    ctx.stderr.write('packetwalk: nc -l -u is not simulated (nc -l for TCP is)\n');
    return 1;
  }
  if (ns.listeners.some((l) => l.proto === 'tcp' && l.port === port)) {
    ctx.stderr.write('nc: Address already in use\n');
    return 1;
  }
  // A listener of its own, told apart from another nc's by the shell command that opened it.
  const tag = `${ctx.world.clock.ms}:${ctx.argv.join(' ')}`;
  const listener: Listener = { proto: 'tcp', addr: 0, port, serve: { app: 'nc-listen', params: { process: 'nc', tag } } };
  ns.listeners.push(listener);
  if (a.v) ctx.stderr.write(`Listening on 0.0.0.0 ${port}\n`);
  let conn: TcpSocket | undefined;
  let shown = 0;
  const find = (): TcpSocket | undefined => {
    for (const s of datapathOf(ctx.world).sockets.values()) {
      if (s.kind === 'tcp' && s.netns === ns.id && s.lport === port && s.serve?.params.tag === tag) return s;
    }
    return undefined;
  };
  const step = (): boolean => {
    if (!conn) {
      conn = find();
      if (conn) {
        // Accepted: without -k the listening socket goes away.
        ns.listeners = ns.listeners.filter((l) => l !== listener);
        if (a.v) ctx.stderr.write(`Connection received on ${conn.raddr >>> 24}.${(conn.raddr >>> 16) & 255}.${(conn.raddr >>> 8) & 255}.${conn.raddr & 255} ${conn.rport}\n`);
      }
    }
    // An accepted connection's bytes wait in appBuf for its program (nc-listen never consumes them).
    if (conn && conn.appBuf.length > shown) {
      ctx.stdout.write(conn.appBuf.slice(shown));
      shown = conn.appBuf.length;
    }
    return conn !== undefined && (conn.peerFin || conn.state === 'CLOSED');
  };
  await waitFor(ctx.world, ctx, step, Infinity);
  ns.listeners = ns.listeners.filter((l) => l !== listener);
  // nc exits: its end of the connection is closed too.
  if (conn && conn.state !== 'CLOSED') tcpClose(ctx.world, conn);
  return 0;
}
