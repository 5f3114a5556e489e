/**
 * dig (BIND 9.18): `dig [@server] [-t type] [-x addr] [name [type]]... [+short] [+[no]search]
 * [+noall +answer ...] [+tcp|+vc] [-b addr[#port]] [-v]`, one lookup per name, in turn. Every query is a UDP datagram (a TCP connection with
 * +tcp, RFC 1035 4.2.2 framing) sent through the datapath to the
 * server (the first `nameserver` of /etc/resolv.conf by default: the kube-dns ClusterIP in a
 * pod), three tries of 5 seconds each; exit status 9 when no server answered.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { parseIpv4, type DnsType } from '../../../wire/index.ts';
import { isLocalAddress } from '../../../net/addr.ts';
import { wallDate } from '../../../core/index.ts';
import { parseResolvConf } from '../../../cluster/dns/resolv-conf.ts';
import { absolute, DNS_TYPES, makeQuery, reverseName, searchOrder, unmodelledType } from '../../../cluster/dns/client/stub.ts';
import { datapathTransport, tcpDatapathTransport } from '../../../cluster/dns/client/transport.ts';
import type { DnsExchange, DnsTransport } from '../../../cluster/dns/client/types.ts';
import { banner, defaultDisplay, DIG_VERSION, formatAnswer, type DigDisplay } from './format.ts';

/** Parsed command line. */
/** One lookup: a name, with the type given after it (dig's per-lookup rdtype). */
interface Lookup {
  name: string;
  type?: DnsType;
}

interface DigArgs {
  server?: string;
  /** The names in the order given; each is its own lookup, printed in turn. */
  lookups: Lookup[];
  /** A type given before the first name (or with -t there): every lookup's default. */
  type?: DnsType;
  search: boolean;
  /** +tcp / +vc: query over TCP (dig's `usevc`). */
  tcp: boolean;
  /** -b ADDR[#PORT]: the source address (and port) queries are sent from. */
  bind?: { addr: number; port: number };
  display: DigDisplay;
}

const SECTIONS = ['cmd', 'comments', 'question', 'answer', 'authority', 'additional', 'stats'] as const;
/** The dash options modelled that take a value (the next word). */
const DASH_VALUE = ['-x', '-b', '-t'];

/** `-v` was given: dig prints its version and exits. */
const VERSION = Symbol('version');

/**
 * dig.c's preparse_args looks at every dash option before any is acted on, so an unknown one
 * anywhere fails even after `-v`.
 */
function preparse(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (DASH_VALUE.includes(w)) i++;
    else if (w.startsWith('-') && w !== '-v') return `Invalid option: ${w}`;
  }
  return undefined;
}

function parseArgs(argv: string[]): DigArgs | string | typeof VERSION {
  const early = preparse(argv);
  if (early) return early;
  const a: DigArgs = { lookups: [], search: false, tcp: false, display: defaultDisplay() };
  // dig.c parse_args: a type before the first name sets the default lookup's, one after a name
  // that lookup's own. The +options stay global here (dig scopes them per lookup too).
  const setType = (t: DnsType): void => {
    const current = a.lookups.at(-1);
    if (current) current.type = t;
    else a.type = t;
  };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (w.startsWith('@')) a.server = w.slice(1);
    // parse_args acts on -v where it stands (an invalid +option before it fails first).
    else if (w === '-v') return VERSION;
    else if (w === '-x') {
      const rev = reverseName(argv[++i] ?? '');
      if (!rev) return `Invalid IP address ${argv[i] ?? ''}`;
      a.lookups.push({ name: rev, type: 'PTR' });
    } else if (w === '-b') {
      // dig -b address[#port] (dig(1)).
      const [addr, port] = (argv[++i] ?? '').split('#');
      const ip = parseIpv4(addr ?? '');
      if (ip === undefined || (port !== undefined && !/^\d{1,5}$/.test(port))) return `dig: invalid address ${argv[i] ?? ''}`;
      a.bind = { addr: ip, port: Number(port ?? 0) };
    } else if (w === '-t') {
      const t = (argv[++i] ?? '').toUpperCase();
      const unmodelled = unmodelledType(t);
      if (unmodelled) return unmodelled;
      if (!DNS_TYPES.includes(t as DnsType)) return `invalid type: ${argv[i] ?? ''}`;
      setType(t as DnsType);
    } else if (w.startsWith('+')) {
      const opt = w.slice(1);
      const no = opt.startsWith('no');
      const key = no ? opt.slice(2) : opt;
      if (key === 'short') {
        a.display.short = !no;
      } else if (key === 'search') a.search = !no;
      else if (key === 'tcp' || key === 'vc') a.tcp = !no;
      else if (key === 'all') for (const s of SECTIONS) a.display[s] = !no;
      else if ((SECTIONS as readonly string[]).includes(key)) a.display[key as (typeof SECTIONS)[number]] = !no;
      else return `Invalid option: ${w}`;
    } else if (w.startsWith('-')) return `Invalid option: ${w}`;
    // A word that names a type is the type (`dig SRV _http._tcp.web...`, `dig web SRV`), as dig reads it.
    else if (DNS_TYPES.includes(w.toUpperCase() as DnsType)) setType(w.toUpperCase() as DnsType);
    else {
      const unmodelled = unmodelledType(w);
      if (unmodelled) return unmodelled;
      a.lookups.push({ name: w });
    }
  }
  return a;
}

/** Sends one query with dig's retries; prints each failure as dig does. */
export async function queryWithRetries(ctx: CommandContext, t: DnsTransport, server: string, name: string, type: DnsType, tries: number, timeoutMs: number, edns = true): Promise<DnsExchange> {
  let last: DnsExchange = { kind: 'timeout' };
  for (let i = 0; i < tries; i++) {
    if (ctx.interrupted()) return last;
    last = await t.query(server, makeQuery(ctx.world.rng, name, type, edns), timeoutMs);
    if (last.kind === 'answer') return last;
    const why = last.kind === 'refused' ? 'connection refused' : last.kind === 'unreachable' ? 'network unreachable' : 'timed out';
    ctx.stdout.write(`;; communications error to ${server}#53: ${why}\n`);
  }
  return last;
}

/** Runs dig with a given transport (tests pass one that answers without a datapath). */
export async function runDig(ctx: CommandContext, udp: DnsTransport, tcp: DnsTransport = udp): Promise<number> {
  const args = ctx.argv.slice(1);
  const parsed = parseArgs(args);
  if (parsed === VERSION) {
    // dig.c version(): `DiG <PACKAGE_VERSION>` on stderr, then exit(EXIT_SUCCESS).
    ctx.stderr.write(`DiG ${DIG_VERSION}\n`);
    return 0;
  }
  if (typeof parsed === 'string') {
    ctx.stderr.write(`${parsed}\n`);
    return 1;
  }
  const rc = parseResolvConf(ctx.machine.files.get('/etc/resolv.conf') ?? '');
  const server = parsed.server ?? rc.nameservers[0] ?? '127.0.0.1';
  // No name: the root's NS records.
  const lookups = parsed.lookups.length > 0 ? parsed.lookups : [{ name: '.', type: parsed.type ?? 'NS' }];
  if (parsed.bind && parsed.bind.addr !== 0 && !isLocalAddress(ctx.netns, parsed.bind.addr)) {
    // The socket cannot bind a foreign address (EADDRNOTAVAIL): dig's UDP setup fails.
    ctx.stdout.write(`;; UDP setup with ${server}#53(${server}) for ${lookups[0]!.name} failed: address not available.\n`);
    return 9;
  }
  const transport = parsed.tcp ? tcp : parsed.bind ? udpFrom(ctx, parsed.bind) : udp;
  let out = parsed.display.cmd && !parsed.display.short ? banner(args, parsed.server !== undefined) : '';
  let status = 0;
  for (const lookup of lookups) {
    if (ctx.interrupted()) break;
    const type = lookup.type ?? parsed.type ?? 'A';
    const names = parsed.search && lookup.name !== '.' ? searchOrder(lookup.name, rc) : [absolute(lookup.name)];
    let result: DnsExchange = { kind: 'timeout' };
    for (const [i, n] of names.entries()) {
      result = await queryWithRetries(ctx, transport, server, n, type, 3, 5000);
      if (result.kind !== 'answer') break;
      if (result.msg.rcode !== 'NXDOMAIN' || i === names.length - 1) break;
    }
    // Each lookup prints when it ends, after its own communications errors.
    if (result.kind !== 'answer') {
      ctx.stdout.write(`${out};; no servers could be reached\n`);
      status = 9;
    } else ctx.stdout.write(out + formatAnswer(result.msg, parsed.display, server, result.ms, wallDate(ctx.world.clock), parsed.tcp ? 'TCP' : 'UDP'));
    out = '';
  }
  return status;
}

/** The datapath transport bound to dig -b's source. */
const udpFrom = (ctx: CommandContext, bind: { addr: number; port: number }): DnsTransport =>
  datapathTransport(ctx.world, ctx.netns, ctx.argv.join(' '), ctx, bind);

/** The dig binary. */
export const dig: CommandSpec = {
  name: 'dig',
  run: (ctx) => runDig(ctx, datapathTransport(ctx.world, ctx.netns, ctx.argv.join(' '), ctx),
    tcpDatapathTransport(ctx.world, ctx.netns, ctx.argv.join(' '), ctx)),
};
