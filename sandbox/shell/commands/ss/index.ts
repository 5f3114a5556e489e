/**
 * ss (iproute2 6.1, ss(8)): the namespace's sockets. Tables: -t TCP, -u UDP, -S SCTP, -x unix
 * (the sandbox has no unix sockets, so that table is always empty); without one, TCP and UDP.
 * An SCTP association is one row (ss's per-address sub-rows of multi-homing are not modelled).
 * States: by default the connected ones (not LISTEN, not UNCONN, and, as ss's default
 * filter, not TIME-WAIT or SYN-RECV); -l only the listening (LISTEN, and UNCONN for UDP);
 * -a both. -n numeric ports (else /etc/services names), -p the owning process as
 * `users:(("name",pid=N,fd=M))` (only processes this machine can see: a container sees its
 * own), -4/-6, -H no header, a `sport`/`dport` filter (`sport = :80`, `dport :8080`).
 * Formats and errors checked against ss in network namespaces (tests/fixtures/node-tools/).
 * What ss can show that the sandbox does not model (-e, -i, -m, -o, -s, -E ...) is said so.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { formatIpv4 } from '../../../wire/index.ts';
import { datapathOf } from '../../../net/datapath/state.ts';
import type { Listener } from '../../../net/types.ts';
import { listenerUser } from '../ps/processes.ts';
import { renderSs, type SsRow } from './columns.ts';
import { SS_USAGE } from './usage.ts';

/** /etc/services names of the ports the sandbox's programs use (netbase 6.4). */
const SERVICES: Readonly<Record<number, string>> = { 22: 'ssh', 53: 'domain', 80: 'http', 443: 'https', 6443: 'sun-sr-https', 8080: 'http-alt', 9090: 'websm' };
/** Long options and the short letter they stand for. */
const LONG: Readonly<Record<string, string>> = {
  tcp: 't', udp: 'u', sctp: 'S', unix: 'x', listening: 'l', all: 'a', numeric: 'n', processes: 'p', ipv4: '4', ipv6: '6',
  'no-header': 'H', help: 'h', version: 'V', resolve: 'r', extended: 'e', info: 'i', memory: 'm', options: 'o', summary: 's', events: 'E',
};
/** Options ss has whose output the sandbox does not model (it says so instead of inventing it). */
const NOT_MODELLED = 'eimosEbZzKTMw0dOfADFN';
const KNOWN = 'tuSxlanp46HhVr' + NOT_MODELLED;

/**
 * listen(2) backlogs the programs pass (Send-Q of a LISTEN socket): Go's net package passes
 * somaxconn (4096 on kernels >= 5.4), nginx 511, Python's socketserver 5.
 */
const BACKLOG: Readonly<Record<string, number>> = { 'python-http': 5, nginx: 511, 'ingress-nginx': 511 };
/** SCTP listeners' backlogs: agnhost's SCTP library listens with syscall.SOMAXCONN (ishidawataru/sctp). */
const SCTP_BACKLOG: Readonly<Record<string, number>> = { 'agnhost-netexec-sctp': 128 };
/**
 * Programs not written in Go. A Go server listening on a wildcard address opens one IPv6
 * socket that also takes IPv4 (net/ipsock_posix.go favoriteAddrFamily: AF_INET6 for a
 * wildcard listen when v4-mapped addresses work), which ss prints as `*:PORT` with peer
 * `*:*` and leaves out under -4: the kubelet, the API server, kube-proxy, CoreDNS, agnhost.
 */
const NOT_GO: ReadonlySet<string> = new Set(['python-http', 'nginx', 'ingress-nginx', 'dns-resolver', 'nc-listen']);

interface SsOpts {
  flags: Set<string>;
  sport?: number;
  dport?: number;
}

function parse(ctx: CommandContext): SsOpts | number {
  const flags = new Set<string>();
  const args = ctx.argv.slice(1);
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-') && args[i] !== '-'; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const f = LONG[a.slice(2)];
      if (!f) {
        ctx.stderr.write(`ss: unrecognized option '${a}'\n${SS_USAGE}`);
        return 255;
      }
      flags.add(f);
      continue;
    }
    for (const c of a.slice(1)) {
      if (!KNOWN.includes(c)) {
        ctx.stderr.write(`ss: invalid option -- '${c}'\n${SS_USAGE}`);
        return 255;
      }
      flags.add(c);
    }
  }
  const o: SsOpts = { flags };
  const rest = args.slice(i);
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k]!;
    if (w !== 'sport' && w !== 'dport') return notModelled(ctx, `the filter "${rest.join(' ')}"`);
    let v = rest[++k];
    if (v === '=' || v === '==' || v === 'eq') v = rest[++k];
    const m = /^:(\d{1,5})$/.exec(v ?? '');
    if (!m) return notModelled(ctx, `the filter "${rest.join(' ')}"`);
    o[w] = Number(m[1]);
  }
  return o;
}

function notModelled(ctx: CommandContext, what: string): number {
  ctx.stderr.write(`packetwalk: ss ${what} is not simulated (ss -t/-u/-S/-x, -l/-a, -n, -p, -4/-6, -H, sport/dport are)\n`);
  return 1;
}

const port = (p: number, numeric: boolean): string => (numeric ? String(p) : SERVICES[p] ?? String(p));

function run(ctx: CommandContext): number {
  const o = parse(ctx);
  if (typeof o === 'number') return o;
  const f = o.flags;
  if (f.has('h')) {
    ctx.stdout.write(SS_USAGE);
    return 0;
  }
  if (f.has('V')) {
    ctx.stdout.write('ss utility, iproute2-6.1.0\n');
    return 0;
  }
  const odd = [...NOT_MODELLED].find((c) => f.has(c));
  if (odd) return notModelled(ctx, `-${odd}`);
  const any = f.has('t') || f.has('u') || f.has('S') || f.has('x');
  const tables = { tcp: !any || f.has('t'), udp: !any || f.has('u'), sctp: f.has('S'), unix: !any || f.has('x') };
  // ss shows Netid when more than one socket table is dumped (unix alone is three: stream, dgram, seqpacket).
  const showNetid = Number(tables.tcp) + Number(tables.udp) + Number(tables.sctp) + (tables.unix ? 3 : 0) > 1;
  const listening = f.has('l') || f.has('a');
  const connected = !f.has('l') || f.has('a');
  const numeric = f.has('n');
  const rows: SsRow[] = [];
  const ns = ctx.netns;
  if (f.has('6')) return print(ctx, rows, showNetid, f.has('H'));
  const keep = (lport: number, rport: number) => (o.sport === undefined || o.sport === lport) && (o.dport === undefined || o.dport === rport);
  const user = (l: Listener): string => {
    if (!f.has('p')) return '';
    const u = listenerUser(ctx.world, ctx.machine, l, ns.listeners);
    return u ? ` users:(("${u.comm}",pid=${u.pid},fd=${u.fd}))` : '';
  };
  const addr = (a: number) => `${formatIpv4(a)}:`;
  for (const proto of ['tcp', 'udp', 'sctp'] as const) {
    if (!tables[proto]) continue;
    if (listening) {
      for (const l of ns.listeners) {
        if (l.proto !== proto || !keep(l.port, 0)) continue;
        const dual = l.addr === 0 && !NOT_GO.has(l.serve.app);
        if (dual && f.has('4')) continue;
        const backlog = proto === 'tcp' ? String(BACKLOG[l.serve.app] ?? 4096) : proto === 'sctp' ? String(SCTP_BACKLOG[l.serve.app] ?? 128) : '0';
        rows.push([proto, proto === 'udp' ? 'UNCONN' : 'LISTEN', '0', backlog, dual ? '*:' : addr(l.addr), port(l.port, numeric), dual ? '*:' : addr(0), '*', user(l)]);
      }
    }
    for (const s of datapathOf(ctx.world).sockets.values()) {
      if (s.netns !== ns.id || s.kind !== proto) continue;
      if (s.kind === 'tcp') {
        if (s.state === 'CLOSED' || !keep(s.lport, s.rport)) continue;
        const hidden = s.state === 'TIME-WAIT' || s.state === 'SYN-RECV';
        if (!connected || (hidden && !f.has('a'))) continue;
        rows.push(['tcp', s.state, '0', '0', addr(s.laddr), port(s.lport, numeric), addr(s.raddr), port(s.rport, numeric), '']);
      } else if (s.kind === 'sctp') {
        if (s.state === 'CLOSED' || !connected || !keep(s.lport, s.rport)) continue;
        rows.push(['sctp', s.state, '0', '0', addr(s.laddr), port(s.lport, numeric), addr(s.raddr), port(s.rport, numeric), '']);
      } else if (s.kind === 'udp') {
        const est = s.raddr !== undefined && s.rport !== undefined;
        if (!keep(s.lport, s.rport ?? 0) || (est ? !connected : !listening)) continue;
        rows.push(['udp', est ? 'ESTAB' : 'UNCONN', '0', '0', addr(s.laddr), port(s.lport, numeric), addr(s.raddr ?? 0), est ? port(s.rport!, numeric) : '*', '']);
      }
    }
  }
  return print(ctx, rows, showNetid, f.has('H'));
}

function print(ctx: CommandContext, rows: SsRow[], showNetid: boolean, noHeader: boolean): number {
  // Rows without a process are padded to the column like the others (ss pads every cell).
  ctx.stdout.write(renderSs(rows, showNetid, noHeader));
  return 0;
}

/** The `ss` binary. */
export const ss: CommandSpec = { name: 'ss', run };
