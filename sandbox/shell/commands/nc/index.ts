/**
 * nc (netcat-openbsd 1.219, Debian's `nc`): `nc [-v] [-z] [-u] [-w SECS] [-q SECS] HOST PORT...`.
 * With -z it only connects (port scan): `Connection to H P port [tcp/http-alt] succeeded!`
 * with -v, `nc: connect to H port P (tcp) failed: Connection refused` always; -w bounds the
 * connect (`timed out: Operation now in progress`). Without -z it sends stdin and prints
 * what comes back until the peer closes (or -w/-q seconds of silence after stdin ends):
 * `printf 'GET / HTTP/1.0\r\n\r\n' | nc web 80`. -u sends one datagram and prints answers.
 * -p PORT and -s ADDR bind the client's source port and address; -l [-p] PORT listens for one
 * connection and prints what it sends (listen.ts).
 * Texts checked against netcat-openbsd in a network namespace.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import type { Ipv4 } from '../../../wire/index.ts';
import { startTrace } from '../../../net/datapath/state.ts';
import { tcpClose, tcpConnect, tcpWrite } from '../../../net/socket-tcp.ts';
import { udpOpen, udpSend } from '../../../net/socket-udp.ts';
import { freeSocket } from '../../../net/socket.ts';
import { waitFor } from '../../../fabric/time.ts';
import { resolveHost } from '../curl/resolve.ts';
import { parseIpv4 } from '../../../wire/index.ts';
import { isLocalAddress } from '../../../net/addr.ts';
import { listen } from './listen.ts';

const STRERROR: Record<string, string> = {
  ECONNREFUSED: 'Connection refused', EHOSTUNREACH: 'No route to host', ENETUNREACH: 'Network is unreachable',
  ETIMEDOUT: 'Connection timed out', EPERM: 'Operation not permitted', EACCES: 'Permission denied', EINVAL: 'Invalid argument',
};
const SERVICES: Record<number, string> = { 22: 'ssh', 53: 'domain', 80: 'http', 443: 'https', 8080: 'http-alt', 6443: 'sun-sr-https' };
const USAGE = 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n';

interface NcArgs {
  v: boolean;
  z: boolean;
  u: boolean;
  /** -l: listen for one connection instead of connecting. */
  l: boolean;
  w?: number;
  q?: number;
  /** -p: source port (the port to listen on with -l). */
  p?: number;
  /** -s: source address, as given and parsed. */
  s?: string;
  src?: Ipv4;
  host?: string;
  ports: number[];
}

function parse(argv: string[]): NcArgs | string {
  const a: NcArgs = { v: false, z: false, u: false, l: false, ports: [] };
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (!w.startsWith('-') || w === '-') {
      pos.push(w);
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      const c = w[j]!;
      if (c === 'v' || c === 'z' || c === 'u' || c === 'l') a[c] = true;
      else if (c === 'n' || c === 'N' || c === '4') continue;
      else if (c === 'p' || c === 's') {
        const v = w.slice(j + 1) || argv[++i];
        if (v === undefined) return `nc: option requires an argument -- '${c}'\n${USAGE}`;
        if (c === 's') a.s = v;
        else {
          // strtonum(optarg, 0, PORT_MAX) as for the destination ports.
          if (!/^\d+$/.test(v)) return `nc: port number invalid: ${v}`;
          if (Number(v) > 65535) return `nc: port number too large: ${v}`;
          a.p = Number(v);
        }
        break;
      }
      else if (c === 'w' || c === 'q') {
        const v = w.slice(j + 1) || argv[++i];
        if (v === undefined || !/^\d+$/.test(v)) return `nc: ${c === 'w' ? 'timeout' : 'quit timer'} invalid: ${v ?? ''}`;
        a[c] = Number(v);
        break;
      } else return `nc: invalid option -- '${c}'\n${USAGE}`;
    }
  }
  // `nc -l [-p] PORT` and `nc -l -p PORT`: the only operand may be the port.
  if (a.l) {
    const port = pos.length === 1 ? pos[0] : pos[1];
    if (port !== undefined) {
      if (!/^\d+$/.test(port)) return `nc: port number invalid: ${port}`;
      if (Number(port) > 65535 || Number(port) < 1) return `nc: port number too ${Number(port) < 1 ? 'small' : 'large'}: ${port}`;
      a.p = Number(port);
    }
    if (a.p === undefined) return USAGE.trimEnd();
    return a;
  }
  a.host = pos[0];
  for (const p of pos.slice(1)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(p);
    if (!m) return `nc: port number invalid: ${p}`;
    // OpenBSD netcat's build_ports: strtonum(port, 1, PORT_MAX) names what is wrong and the port.
    const [lo, hi] = [Number(m[1]), Number(m[2] ?? m[1])];
    for (const n of [lo, hi]) {
      if (n > 65535) return `nc: port number too large: ${n === lo ? m[1] : m[2]}`;
      if (n < 1) return `nc: port number too small: ${n === lo ? m[1] : m[2]}`;
    }
    for (let n = Math.min(lo, hi); n <= Math.max(lo, hi); n++) a.ports.push(n);
  }
  if (a.host === undefined || a.ports.length === 0) return USAGE.trimEnd();
  return a;
}

export const nc: CommandSpec = {
  name: 'nc',
  async run(ctx) {
    const a = parse(ctx.argv.slice(1));
    if (typeof a === 'string') {
      ctx.stderr.write(`${a}\n`);
      return 1;
    }
    if (a.l) return listen(ctx, { port: a.p!, u: a.u, v: a.v });
    let src: Ipv4 | undefined;
    if (a.s !== undefined) {
      src = parseIpv4(a.s);
      if (src === undefined) {
        ctx.stderr.write(`nc: getaddrinfo: Name or service not known\n`);
        return 1;
      }
      if (!isLocalAddress(ctx.netns, src)) {
        ctx.stderr.write('nc: bind failed: Cannot assign requested address\n');
        return 1;
      }
    }
    if (src !== undefined) a.src = src;
    const res = await resolveHost(ctx, a.host!, ctx.world.clock.ms + 20_000);
    if (!res.ok) {
      ctx.stderr.write(`nc: getaddrinfo for host "${a.host}" port ${a.ports[0]}: ${res.why === 'nxdomain' ? 'Name or service not known' : 'Temporary failure in name resolution'}\n`);
      return 1;
    }
    if (a.u) return udp(ctx, a, res.addr);
    let status = 1;
    for (const port of a.ports) {
      if ((await tcp(ctx, a, res.addr, port)) === 0) status = 0;
      if (ctx.interrupted()) break;
    }
    return status;
  },
};

async function tcp(ctx: CommandContext, a: NcArgs, dst: Ipv4, port: number): Promise<number> {
  const world = ctx.world;
  const host = a.host!;
  const fail = (why: string) => {
    ctx.stderr.write(`nc: connect to ${host} port ${port} (tcp) ${why}\n`);
    return 1;
  };
  const r = tcpConnect(world, ctx.netns, dst, port, startTrace(world, ctx.argv.join(' ')), { ...(a.src !== undefined ? { src: a.src } : {}), ...(a.p !== undefined ? { sport: a.p } : {}) });
  if (!r.ok) return fail(`failed: ${STRERROR[r.errno] ?? r.errno}`);
  const s = r.value;
  const deadline = a.w !== undefined ? world.clock.ms + a.w * 1000 : Infinity;
  await waitFor(world, ctx, () => s.state !== 'SYN-SENT', deadline);
  if (s.state === 'SYN-SENT') {
    freeSocket(world, s.id);
    return fail('timed out: Operation now in progress');
  }
  if (s.state === 'CLOSED') {
    freeSocket(world, s.id);
    return fail(`failed: ${STRERROR[s.error ?? 'ECONNREFUSED'] ?? s.error}`);
  }
  if (a.v) ctx.stderr.write(`Connection to ${host} ${port} port [tcp/${SERVICES[port] ?? '*'}] succeeded!\n`);
  if (!a.z && ctx.stdin !== '') tcpWrite(world, s, ctx.stdin);
  if (!a.z) {
    // Read until the peer closes; once stdin is done, -q/-w bound the wait for more.
    const quiet = a.q ?? a.w;
    let shown = 0;
    const flush = () => {
      if (s.rx.length > shown) {
        ctx.stdout.write(s.rx.slice(shown));
        shown = s.rx.length;
      }
    };
    await waitFor(world, ctx, () => { flush(); return s.peerFin || s.state === 'CLOSED'; }, quiet !== undefined ? world.clock.ms + quiet * 1000 : Infinity);
    flush();
  }
  tcpClose(world, s);
  const closed = () => s.state === 'CLOSED' || s.state === 'TIME-WAIT';
  await waitFor(world, ctx, closed, world.clock.ms + 5);
  if (closed()) freeSocket(world, s.id);
  return 0;
}

async function udp(ctx: CommandContext, a: NcArgs, dst: Ipv4): Promise<number> {
  const world = ctx.world;
  const port = a.ports[0]!;
  const s = udpOpen(world, ctx.netns, startTrace(world, ctx.argv.join(' ')));
  const sent = udpSend(world, s, dst, port, { kind: 'raw', data: a.z ? '' : ctx.stdin });
  if (!sent.ok) {
    freeSocket(world, s.id);
    ctx.stderr.write(`nc: connect to ${a.host} port ${port} (udp) failed: ${STRERROR[sent.errno] ?? sent.errno}\n`);
    return 1;
  }
  if (a.z) {
    // UDP "scans" cannot know: nc reports success unless an error is already queued.
    if (a.v) ctx.stderr.write(`Connection to ${a.host} ${port} port [udp/${SERVICES[port] ?? '*'}] succeeded!\n`);
    freeSocket(world, s.id);
    return 0;
  }
  let shown = 0;
  await waitFor(world, ctx, () => {
    for (; shown < s.rx.length; shown++) ctx.stdout.write(s.rx[shown]!.data);
    return s.error !== undefined;
  }, a.w !== undefined ? world.clock.ms + a.w * 1000 : Infinity);
  freeSocket(world, s.id);
  return 0;
}
