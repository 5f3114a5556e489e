/**
 * BusyBox's nslookup (networking/nslookup.c, the resolver of its own since 1.28), the applet in
 * the busybox image. Unlike BIND's it sends every query at once and prints each reply in
 * order: a name without a dot is tried under every search domain and never bare (a name with
 * one, `kubernetes.default`, only as given: the classic "** server can't find" in pods), for A
 * and then AAAA; an IPv4 address asks for its PTR. An explicit server skips resolv.conf's search
 * list. Exit status 1 when any query failed. Formats and behaviour checked against Debian's
 * busybox 1.35.0 (golden/bb-*.txt, captured by tests/fixtures/busybox-nslookup/capture.sh).
 */
import type { CommandContext } from '../../types.ts';
import type { DnsMessage, DnsRecord, DnsType } from '../../../wire/index.ts';
import { formatIpv4 } from '../../../wire/index.ts';
import { parseResolvConf } from '../../../cluster/dns/resolv-conf.ts';
import { makeQuery, reverseName, unmodelledType } from '../../../cluster/dns/client/stub.ts';
import type { DnsExchange, DnsTransport } from '../../../cluster/dns/client/types.ts';
import { resolveHost } from '../curl/resolve.ts';
import { BUSYBOX_BANNER } from '../busybox-banner.ts';

const USAGE = `${BUSYBOX_BANNER}

Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]

Query DNS about HOST

QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any
`;

/** The long options, matched by any prefix of their names as index_in_substrings does. */
const OPTIONS = ['type', 'querytype', 'port', 'retry', 'debug', 'timeout'] as const;
/** The applet's query types; ANY is not simulated (stub.ts unmodelledType). */
const TYPES: Record<string, DnsType | undefined> = { soa: 'SOA', ns: 'NS', a: 'A', aaaa: 'AAAA', cname: 'CNAME', mx: 'MX', txt: 'TXT', ptr: 'PTR', srv: 'SRV', any: undefined };
const TIMED_OUT = ';; connection timed out; no servers could be reached\n\n';

const bare = (name: string): string => (name.length > 1 ? name.replace(/\.$/, '') : name);

/** One answer record in the applet's words (parse_reply). */
function recordText(r: DnsRecord): string {
  const owner = bare(r.name);
  const words = r.data.split(' ');
  switch (r.type) {
    case 'A': case 'AAAA': return `Name:\t${owner}\nAddress: ${r.data}\n`;
    case 'CNAME': return `${owner}\tcanonical name = ${bare(r.data)}\n`;
    case 'NS': return `${owner}\tnameserver = ${bare(r.data)}\n`;
    case 'PTR': return `${owner}\tname = ${bare(r.data)}\n`;
    case 'TXT': return `${owner}\ttext = "${r.data.replace(/^"|"$/g, '')}"\n`;
    case 'SRV': return `${owner}\tservice = ${words.slice(0, 3).join(' ')} ${bare(words[3] ?? '')}\n`;
    case 'MX': return `${owner}\tmail exchanger = ${words[0]} ${bare(words[1] ?? '')}\n`;
    case 'SOA': {
      const [origin = '', mail = '', serial, refresh, retry, expire, minimum] = words;
      return `${owner}\n\torigin = ${bare(origin)}\n\tmail addr = ${bare(mail)}\n\tserial = ${serial}\n\trefresh = ${refresh}\n\tretry = ${retry}\n\texpire = ${expire}\n\tminimum = ${minimum}\n`;
    }
    default: return '';
  }
}

interface Parsed { types: DnsType[]; debug: boolean; timeoutS: number; retry: number; host: string; server?: string }

/** The command line, or the exit status after printing why it was refused. */
function parseArgs(ctx: CommandContext): Parsed | number {
  const types: DnsType[] = [];
  let debug = false;
  let timeoutS = 5;
  let retry = 2;
  const positional: string[] = [];
  for (const arg of ctx.argv.slice(1)) {
    if (arg === '--help') {
      ctx.stdout.write(USAGE);
      return 0;
    }
    if (!arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const [key = '', value] = arg.slice(1).split(/=(.*)/s);
    const option = key === '' ? undefined : OPTIONS.find((o) => o.startsWith(key));
    if (option === undefined || (option !== 'debug' && value === undefined)) {
      ctx.stderr.write(USAGE);
      return 1;
    }
    if (option === 'debug') debug = true;
    else if (option === 'type' || option === 'querytype') {
      const name = value!.toLowerCase();
      if (!(name in TYPES)) {
        ctx.stderr.write(`nslookup: invalid query type "${value}"\n`);
        return 1;
      }
      const type = TYPES[name];
      if (type === undefined) {
        ctx.stderr.write(`nslookup: ${unmodelledType(name)}\n`);
        return 1;
      }
      types.push(type);
    } else {
      const n = Number(value);
      if (!/^\d+$/.test(value!)) {
        ctx.stderr.write(`nslookup: invalid number '${value}'\n`);
        return 1;
      }
      if (option === 'port' && n !== 53) {
        ctx.stderr.write('nslookup: packetwalk: servers on ports other than 53 are not simulated\n');
        return 1;
      }
      if (option === 'timeout') timeoutS = n;
      if (option === 'retry') retry = n;
    }
  }
  if (positional.length < 1 || positional.length > 2) {
    ctx.stderr.write(USAGE);
    return 1;
  }
  return { types, debug, timeoutS, retry, host: positional[0]!, ...(positional[1] !== undefined ? { server: positional[1] } : {}) };
}

/** add_query_with_search: a name with a dot as it is, one without under each search domain. */
function withSearch(name: string, type: DnsType, searches: readonly string[]): { name: string; type: DnsType }[] {
  if (type === 'PTR' || searches.length === 0 || name.includes('.')) return [{ name, type }];
  return searches.map((domain) => ({ name: `${name}.${domain}`, type }));
}

/** Runs the applet over `transport`. */
export async function runBusyboxNslookup(ctx: CommandContext, transport: DnsTransport): Promise<number> {
  const args = parseArgs(ctx);
  if (typeof args === 'number') return args;
  const rc = parseResolvConf(ctx.machine.files.get('/etc/resolv.conf') ?? '');
  let server = rc.nameservers[0] ?? '127.0.0.1';
  if (args.server !== undefined) {
    const resolved = await resolveHost(ctx, args.server, ctx.world.clock.ms + args.timeoutS * 1000);
    if (!resolved.ok) {
      ctx.stderr.write(`nslookup: bad address '${args.server}'\n`);
      return 1;
    }
    server = formatIpv4(resolved.addr);
  }
  // An explicit server is used without reading resolv.conf, search list included.
  const searches = args.server === undefined ? rc.searches : [];
  const ptr = reverseName(args.host);
  const queries = args.types.length > 0
    ? args.types.flatMap((type) => withSearch(args.host, type, searches))
    : ptr ? [{ name: ptr.replace(/\.$/, ''), type: 'PTR' as const }]
      : [...withSearch(args.host, 'A', searches), ...withSearch(args.host, 'AAAA', searches)];

  const replies: (DnsExchange & { kind: 'answer' } | undefined)[] = [];
  for (const [i, q] of queries.entries()) {
    if (ctx.interrupted()) return 130;
    const x = await transport.query(server, makeQuery(ctx.world.rng, q.name, q.type, false), args.timeoutS * 1000);
    if (x.kind === 'answer') {
      replies.push(x);
      continue;
    }
    if (i > 0) {
      // Sent together, a later query missing its reply is named at the end.
      replies.push(undefined);
      continue;
    }
    if (x.kind === 'refused' || x.kind === 'unreachable') {
      const why = x.kind === 'refused' ? 'Connection refused' : 'Network is unreachable';
      if (queries.length > 1 || x.kind === 'unreachable') {
        // The ICMP error is on the socket before the next query is written: the write fails.
        ctx.stderr.write(`nslookup: write to '${server}': ${why}\n`);
      } else {
        // One query: each retry's read fails, and the applet waits out its timeout.
        for (let n = 0; n < Math.max(1, args.retry); n++) ctx.stderr.write(`nslookup: read: ${why}\n`);
        await ctx.sleep(args.timeoutS * 1000);
      }
    }
    ctx.stdout.write(TIMED_OUT);
    return 1;
  }

  let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  let failed = false;
  for (const [i, reply] of replies.entries()) {
    if (reply === undefined) continue;
    const msg: DnsMessage = reply.msg;
    if (args.debug) out += `Query #${i} completed in ${Math.round(reply.ms)}ms:\n`;
    if (msg.rcode !== 'NOERROR') {
      failed = true;
      out += `** server can't find ${queries[i]!.name}: ${msg.rcode}\n\n`;
      continue;
    }
    if (!msg.authoritative) out += 'Non-authoritative answer:\n';
    else if (args.debug) out += 'authoritative answer:\n';
    out += `${msg.answers.map(recordText).join('')}\n`;
  }
  for (const [i, reply] of replies.entries()) {
    if (reply !== undefined) continue;
    failed = true;
    out += `*** Can't find ${queries[i]!.name}: No answer\n`;
  }
  ctx.stdout.write(out);
  return failed ? 1 : 0;
}
