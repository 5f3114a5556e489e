/**
 * socat (1.8, socat(1)): `socat [-t SECS] [-T SECS] ADDRESS ADDRESS` relaying between two
 * addresses. Modelled: STDIO (`-`, `STDIO`, `STDIN`/`STDOUT`) and SCTP client addresses
 * (`SCTP:host:port`, `SCTP-CONNECT:…`, `SCTP4:…`, `SCTP4-CONNECT:…`), e.g.
 * `echo hostname | socat - SCTP:svc:9999`. Piped input is sent as one message; at its end
 * socat shuts down the sending side (SCTP SHUTDOWN once acknowledged) and keeps copying the
 * other way until the peer ends or -t (0.5 s) passes. Without piped input it waits for the
 * peer (or Ctrl-C). Errors are socat's log lines (`Y/M/D h:m:s socat[PID] E …`, exit 1).
 * Other address types and options exist in socat but are not simulated, and say so.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { randomInt, wallDate } from '../../../core/index.ts';
import { formatIpv4 } from '../../../wire/index.ts';
import { startTrace } from '../../../net/datapath/state.ts';
import { sctpClose, sctpConnect, sctpWrite } from '../../../net/socket-sctp.ts';
import { freeSocket } from '../../../net/socket.ts';
import { waitFor } from '../../../fabric/time.ts';
import { resolveHost } from '../curl/resolve.ts';
import { parseAddress, type SocatAddress } from './address.ts';

/** strerror(3) texts socat appends. */
const STRERROR: Record<string, string> = {
  ECONNREFUSED: 'Connection refused', ETIMEDOUT: 'Connection timed out', ENETUNREACH: 'Network is unreachable',
  EHOSTUNREACH: 'No route to host', ECONNRESET: 'Connection reset by peer', EPERM: 'Operation not permitted',
};

interface Run {
  ctx: CommandContext;
  pid: number;
}

/** One of socat's log lines on stderr: `2026/12/07 18:00:00 socat[42] E text`. */
function log(r: Run, text: string): void {
  const d = wallDate(r.ctx.world.clock);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  r.ctx.stderr.write(`${stamp} socat[${r.pid}] E ${text}\n`);
}

const notSimulated = (ctx: CommandContext, what: string): number => {
  ctx.stderr.write(`packetwalk: socat ${what} is not simulated\n`);
  return 1;
};

export const socat: CommandSpec = {
  name: 'socat',
  async run(ctx) {
    // A fresh process's pid, as the process table would hand out (its value is not modelled).
    const r: Run = { ctx, pid: randomInt(ctx.world.rng, 10, 999) };
    const args = ctx.argv.slice(1);
    let linger = 0.5;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-' || !a.startsWith('-') || a.startsWith('-:') || a.startsWith('-,')) break;
      if (a === '-t' || a === '-T') {
        const v = args[++i];
        if (v === undefined || !/^\d+(\.\d+)?$/.test(v)) return notSimulated(ctx, `option ${a} ${v ?? ''}`.trimEnd());
        if (a === '-t') linger = Number(v);
        continue;
      }
      return notSimulated(ctx, `option ${a}`);
    }
    const addrs = args.slice(i);
    if (addrs.length !== 2) {
      log(r, `exactly 2 addresses required (there are ${addrs.length}); use option "-?" for help`);
      return 1;
    }
    const parsed = addrs.map(parseAddress);
    for (const p of parsed) {
      if ('error' in p) {
        if (p.unknown) log(r, p.error);
        else ctx.stderr.write(`packetwalk: ${p.error}\n`);
        return 1;
      }
    }
    const [a, b] = parsed as [SocatAddress, SocatAddress];
    const net = a.kind === 'sctp' ? a : b.kind === 'sctp' ? b : undefined;
    if (!net || net.kind !== 'sctp' || (a.kind === 'sctp' && b.kind === 'sctp')) return notSimulated(ctx, 'without exactly one STDIO and one SCTP address');
    return relay(r, net.host, net.port, linger);
  },
};

/** Connects, sends piped input as one message, copies what comes back to stdout. */
async function relay(r: Run, host: string, port: number, linger: number): Promise<number> {
  const { ctx } = r;
  const world = ctx.world;
  const res = await resolveHost(ctx, host, world.clock.ms + 20_000);
  if (!res.ok) {
    log(r, `getaddrinfo("${host}", "NULL", {0x20,2,1,132}, {}): Name does not resolve`);
    return 1;
  }
  const conn = sctpConnect(world, ctx.netns, res.addr, port, startTrace(world, ctx.argv.join(' ')));
  const target = `AF=2 ${formatIpv4(res.addr)}:${port}, 16`;
  if (!conn.ok) {
    log(r, `connect(5, ${target}): ${STRERROR[conn.errno] ?? conn.errno}`);
    return 1;
  }
  const s = conn.value;
  await waitFor(world, ctx, () => s.state !== 'COOKIE_WAIT' && s.state !== 'COOKIE_ECHOED', Infinity);
  if (s.state === 'COOKIE_WAIT' || s.state === 'COOKIE_ECHOED' || s.state === 'CLOSED') {
    // Interrupted while connecting, or refused (ABORT) / timed out (INIT retransmissions spent).
    const error = s.state === 'CLOSED' ? s.error : undefined;
    sctpClose(world, s);
    freeSocket(world, s.id);
    if (!error) return 130;
    log(r, `connect(5, ${target}): ${STRERROR[error] ?? error}`);
    return 1;
  }
  let shown = 0;
  const flush = () => {
    if (s.rx.length > shown) {
      ctx.stdout.write(s.rx.slice(shown));
      shown = s.rx.length;
    }
  };
  if (ctx.stdin !== '') {
    sctpWrite(world, s, ctx.stdin);
    // End of input: shutdown(SHUT_WR) starts the SCTP shutdown; -t bounds the wait for the rest.
    sctpClose(world, s);
    await waitFor(world, ctx, () => { flush(); return s.peerDone && s.state === 'CLOSED'; }, world.clock.ms + linger * 1000);
  } else {
    await waitFor(world, ctx, () => { flush(); return s.peerDone; }, Infinity);
    sctpClose(world, s);
    await waitFor(world, ctx, () => s.state === 'CLOSED', world.clock.ms + linger * 1000);
  }
  flush();
  freeSocket(world, s.id);
  // The kernel sends the association's last chunk (SHUTDOWN COMPLETE) as socat exits; let it
  // cross the wire, as it has long before anyone looks at the path's conntrack tables.
  await waitFor(world, ctx, () => false, world.clock.ms + 1);
  return s.error === 'ECONNRESET' ? 1 : 0;
}
