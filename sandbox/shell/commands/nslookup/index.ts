/**
 * nslookup, BIND 9.18's: on the nodes (dnsutils) and in images with BIND's tools (netshoot,
 * agnhost); the busybox image has BusyBox's applet (busybox.ts). Formats checked against captures
 * in ../dig/golden/ns-*.txt: a `;; Got recursion not available from S` line for every answer
 * without RA (CoreDNS's authoritative answers), the `Server:`/`Address:` header once the
 * address lookup ends, `Non-authoritative answer:` for forwarded answers, `Name:`/`Address:`
 * pairs, then an AAAA lookup of the name found. Search list and ndots from /etc/resolv.conf.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import type { DnsMessage, DnsType } from '../../../wire/index.ts';
import { parseResolvConf } from '../../../cluster/dns/resolv-conf.ts';
import { DNS_TYPES, reverseName, searchOrder, unmodelledType } from '../../../cluster/dns/client/stub.ts';
import { datapathTransport } from '../../../cluster/dns/client/transport.ts';
import type { DnsTransport } from '../../../cluster/dns/client/types.ts';
import { queryWithRetries } from '../dig/index.ts';
import { DIG_VERSION } from '../dig/format.ts';
import { isBusyboxPod, type Machine } from '../../../fabric/world.ts';
import { runBusyboxNslookup } from './busybox.ts';

const bare = (n: string) => n.replace(/\.$/, '');

/** One answer record as nslookup prints it. */
function recordLine(r: DnsMessage['answers'][number]): string {
  const n = bare(r.name);
  switch (r.type) {
    case 'A': case 'AAAA': return `Name:\t${n}\nAddress: ${r.data}\n`;
    case 'CNAME': return `${n}\tcanonical name = ${r.data}\n`;
    case 'PTR': return `${n}\tname = ${r.data}\n`;
    case 'SRV': return `${n}\tservice = ${r.data}\n`;
    case 'MX': return `${n}\tmail exchanger = ${r.data}\n`;
    case 'NS': return `${n}\tnameserver = ${r.data}\n`;
    case 'TXT': return `${n}\ttext = "${r.data}"\n`;
    default: return `${n}\t${r.type} = ${r.data}\n`;
  }
}

/** Runs nslookup over `transport`. */
export async function runNslookup(ctx: CommandContext, transport: DnsTransport): Promise<number> {
  let type: DnsType = 'A';
  const pos: string[] = [];
  for (const w of ctx.argv.slice(1)) {
    // nslookup.c parse_args: an argument starting `-ver` prints `nslookup <PACKAGE_VERSION>`
    // on stderr and exits 0, where it stands.
    if (/^-ver/i.test(w)) {
      ctx.stderr.write(`nslookup ${DIG_VERSION}\n`);
      return 0;
    }
    const m = /^-(?:type|query|q|querytype)=(.+)$/i.exec(w);
    if (m) {
      const t = m[1]!.toUpperCase() as DnsType;
      const unmodelled = unmodelledType(t);
      if (unmodelled) {
        ctx.stderr.write(`nslookup: ${unmodelled}\n`);
        return 1;
      }
      if (!DNS_TYPES.includes(t)) {
        ctx.stdout.write(`unknown query type: ${m[1]}\n`);
        return 1;
      }
      type = t;
    } else pos.push(w);
  }
  const name = pos[0];
  if (name === undefined) {
    ctx.stderr.write('nslookup: interactive mode is not available here; give a name: nslookup NAME [SERVER]\n');
    return 1;
  }
  const rc = parseResolvConf(ctx.machine.files.get('/etc/resolv.conf') ?? '');
  const server = pos[1] ?? rc.nameservers[0] ?? '127.0.0.1';
  const header = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  const rev = reverseName(name);
  const names = rev ? [rev] : searchOrder(name, rc);
  const qtype: DnsType = rev ? 'PTR' : type;
  const ask = async (n: string, t: DnsType): Promise<DnsMessage | undefined> => {
    const x = await queryWithRetries(ctx, transport, server, n, t, 3, 5000, false);
    if (x.kind !== 'answer') return undefined;
    if (!x.msg.recursionAvailable) ctx.stdout.write(`;; Got recursion not available from ${server}\n`);
    return x.msg;
  };
  let found: DnsMessage | undefined;
  for (const n of names) {
    const m = await ask(n, qtype);
    if (!m) {
      ctx.stdout.write(';; no servers could be reached\n\n');
      return 1;
    }
    found = m;
    if (m.rcode !== 'NXDOMAIN') break;
  }
  if (!found || found.rcode !== 'NOERROR') {
    ctx.stdout.write(`${header}** server can't find ${rev ? bare(rev) : name}: ${found?.rcode ?? 'NXDOMAIN'}\n\n`);
    return 1;
  }
  if (rev) {
    ctx.stdout.write(`${found.answers.map(recordLine).join('')}\n`);
    return 0;
  }
  let out = header;
  if (!found.authoritative) out += 'Non-authoritative answer:\n';
  if (found.answers.length === 0) out += `*** Can't find ${name}: No answer\n`;
  out += found.answers.map(recordLine).join('');
  ctx.stdout.write(out);
  // After addresses, BIND's nslookup asks for the name's IPv6 addresses too.
  if (qtype === 'A' && found.answers.some((r) => r.type === 'A')) {
    const owner = found.questions[0]?.name ?? `${name}.`;
    const six = await ask(owner, 'AAAA');
    if (six) ctx.stdout.write(six.answers.filter((r) => r.type === 'AAAA').map(recordLine).join(''));
  }
  ctx.stdout.write('\n');
  return 0;
}

/** BusyBox's applet answers where BIND's tools are not installed (the busybox image). */
const busyboxApplet = (m: Machine): boolean => isBusyboxPod(m) && !(m.binaries?.includes('dig') ?? false);

/** The nslookup binary. */
export const nslookup: CommandSpec = {
  name: 'nslookup',
  run: (ctx) => (busyboxApplet(ctx.machine) ? runBusyboxNslookup : runNslookup)(ctx, datapathTransport(ctx.world, ctx.netns, ctx.argv.join(' '), ctx)),
};
