/**
 * host (BIND 9.18): `host [-V] [-t type] name [server]`. Formats checked against captures in
 * ../dig/golden/host-*.txt: `NAME has address IP`, `NAME is an alias for TARGET.`,
 * `NAME has SRV record ...`, `REV domain name pointer TARGET.`, and
 * `Host NAME not found: 3(NXDOMAIN)` with status 1. Without -t it asks A, then AAAA and MX
 * of the name found (printing the alias only once); two tries per query.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import type { DnsMessage, DnsRecord, DnsType } from '../../../wire/index.ts';
import { parseResolvConf } from '../../../cluster/dns/resolv-conf.ts';
import { DNS_TYPES, reverseName, searchOrder, unmodelledType } from '../../../cluster/dns/client/stub.ts';
import { datapathTransport } from '../../../cluster/dns/client/transport.ts';
import type { DnsTransport } from '../../../cluster/dns/client/types.ts';
import { queryWithRetries } from '../dig/index.ts';
import { DIG_VERSION } from '../dig/format.ts';

const bare = (n: string) => n.replace(/\.$/, '');

function line(r: DnsRecord): string {
  const n = bare(r.name);
  switch (r.type) {
    case 'A': return `${n} has address ${r.data}\n`;
    case 'AAAA': return `${n} has IPv6 address ${r.data}\n`;
    case 'CNAME': return `${n} is an alias for ${r.data}\n`;
    case 'PTR': return `${n} domain name pointer ${r.data}\n`;
    case 'SRV': return `${n} has SRV record ${r.data}\n`;
    case 'NS': return `${n} name server ${r.data}\n`;
    case 'TXT': return `${n} descriptive text "${r.data}"\n`;
    case 'MX': return `${n} mail is handled by ${r.data}\n`;
    default: return `${n} has ${r.type} record ${r.data}\n`;
  }
}

/** Runs host over `transport`. */
export async function runHost(ctx: CommandContext, transport: DnsTransport): Promise<number> {
  let type: DnsType | undefined;
  const pos: string[] = [];
  const argv = ctx.argv.slice(1);
  // host.c's pre_parse_args reads the options before the first name (ISC's getopt stops
  // there); -V among them prints `host <PACKAGE_VERSION>` on stderr and exits 0.
  for (let i = 0; i < argv.length && argv[i]!.startsWith('-'); i++) {
    if (argv[i] === '-V') {
      ctx.stderr.write(`host ${DIG_VERSION}\n`);
      return 0;
    }
    if (argv[i] === '-t') i++;
  }
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === '-t') {
      const t = (argv[++i] ?? '').toUpperCase() as DnsType;
      const unmodelled = unmodelledType(t);
      if (unmodelled) {
        ctx.stderr.write(`host: ${unmodelled}\n`);
        return 1;
      }
      if (!DNS_TYPES.includes(t)) {
        ctx.stderr.write(`host: invalid type: ${argv[i] ?? ''}\n`);
        return 1;
      }
      type = t;
    } else pos.push(w);
  }
  const name = pos[0];
  if (name === undefined) {
    ctx.stderr.write('Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] [-p port] hostname [server]\n');
    return 1;
  }
  const rc = parseResolvConf(ctx.machine.files.get('/etc/resolv.conf') ?? '');
  const server = pos[1] ?? rc.nameservers[0] ?? '127.0.0.1';
  if (pos[1] !== undefined) ctx.stdout.write(`Using domain server:\nName: ${server}\nAddress: ${server}#53\nAliases: \n\n`);
  const rev = reverseName(name);
  const qtype: DnsType = rev ? 'PTR' : type ?? 'A';
  const ask = async (n: string, t: DnsType): Promise<DnsMessage | undefined> => {
    const x = await queryWithRetries(ctx, transport, server, n, t, 2, 5000, false);
    return x.kind === 'answer' ? x.msg : undefined;
  };
  let found: DnsMessage | undefined;
  for (const n of rev ? [rev] : searchOrder(name, rc)) {
    found = await ask(n, qtype);
    if (!found) {
      ctx.stdout.write(';; no servers could be reached\n');
      return 1;
    }
    if (found.rcode !== 'NXDOMAIN') break;
  }
  if (!found || found.rcode !== 'NOERROR') {
    const code = found?.rcode === 'SERVFAIL' ? '2(SERVFAIL)' : found?.rcode === 'REFUSED' ? '5(REFUSED)' : '3(NXDOMAIN)';
    ctx.stdout.write(`Host ${rev ? bare(rev) : name} not found: ${code}\n`);
    return 1;
  }
  let out = found.answers.map(line).join('');
  if (type !== undefined && found.answers.length === 0) out += `${bare(found.questions[0]?.name ?? name)} has no ${type} record\n`;
  if (type === undefined && !rev && found.answers.some((r) => r.type === 'A')) {
    const owner = found.questions[0]?.name ?? `${name}.`;
    for (const t of ['AAAA', 'MX'] as DnsType[]) {
      const m = await ask(owner, t);
      if (m) out += m.answers.filter((r) => r.type === t).map(line).join('');
    }
  }
  ctx.stdout.write(out);
  return 0;
}

/** The host binary. */
export const host: CommandSpec = {
  name: 'host',
  run: (ctx) => runHost(ctx, datapathTransport(ctx.world, ctx.netns, ctx.argv.join(' '), ctx)),
};
