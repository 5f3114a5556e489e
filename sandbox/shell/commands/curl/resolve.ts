/**
 * Name resolution as curl gets it from glibc's getaddrinfo: /etc/hosts first (files before
 * dns in nsswitch.conf), then the resolv.conf nameservers with the search list and ndots
 * (res_nsearch): NXDOMAIN or an empty answer tries the next name; a refused, unreachable or
 * silent server ends the lookup. Each query waits `timeout` (5 s) for `attempts` (2) tries.
 * The DNS datagrams are real packets through the datapath (cluster/dns/client/transport.ts).
 */
import type { CommandContext } from '../../types.ts';
import { parseIpv4, type Ipv4 } from '../../../wire/index.ts';
import { parseResolvConf } from '../../../cluster/dns/resolv-conf.ts';
import { makeQuery, searchOrder } from '../../../cluster/dns/client/stub.ts';
import { datapathTransport } from '../../../cluster/dns/client/transport.ts';

/**
 * The outcome of a lookup: an address (and `canon`, the canonical name glibc reports as
 * h_name / ai_canonname: the first name of the /etc/hosts line, or the owner of the DNS A
 * record without its final dot), no such name, or out of time.
 */
export type Resolution = { ok: true; addr: Ipv4; canon?: string } | { ok: false; why: 'timeout' | 'nxdomain' | 'failure' };

/** The address /etc/hosts gives `name` and the line's canonical name, if any. */
function fromHosts(text: string, name: string): { addr: Ipv4; canon: string } | undefined {
  for (const raw of text.split('\n')) {
    const words = raw.replace(/#.*/, '').trim().split(/\s+/);
    const a = parseIpv4(words[0] ?? '');
    if (a !== undefined && words.slice(1).some((w) => w.toLowerCase() === name)) return { addr: a, canon: words[1]! };
  }
  return undefined;
}

/** Resolves `host` from the shell's machine and namespace, giving up at virtual `deadline`. */
export async function resolveHost(ctx: CommandContext, host: string, deadline: number): Promise<Resolution> {
  const literal = parseIpv4(host);
  if (literal !== undefined) return { ok: true, addr: literal };
  if (host === 'localhost') return { ok: true, addr: 0x7f000001 };
  const hosted = fromHosts(ctx.machine.files.get('/etc/hosts') ?? '', host);
  if (hosted !== undefined) return { ok: true, addr: hosted.addr, canon: hosted.canon };
  const rc = parseResolvConf(ctx.machine.files.get('/etc/resolv.conf') ?? '');
  const servers = rc.nameservers.length > 0 ? rc.nameservers : ['127.0.0.1'];
  const opt = (n: string, d: number) => Number(rc.options.find((o) => o.name === n)?.value ?? d);
  const timeoutMs = opt('timeout', 5) * 1000;
  const attempts = opt('attempts', 2);
  const transport = datapathTransport(ctx.world, ctx.netns, ctx.argv.join(' '), ctx);
  let servfail = false;
  for (const name of searchOrder(host, rc)) {
    let answered = false;
    for (let a = 0; a < attempts && !answered; a++) {
      for (const server of servers) {
        const left = deadline - ctx.world.clock.ms;
        if (left <= 0 || ctx.interrupted()) return { ok: false, why: 'timeout' };
        const x = await transport.query(server, makeQuery(ctx.world.rng, name, 'A', false), Math.min(timeoutMs, left));
        if (x.kind === 'refused' || x.kind === 'unreachable') continue;
        if (x.kind === 'timeout') continue;
        answered = true;
        const a4 = x.msg.answers.find((r) => r.type === 'A');
        if (x.msg.rcode === 'NOERROR' && a4) {
          const addr = parseIpv4(a4.data);
          if (addr !== undefined) return { ok: true, addr, canon: a4.name.replace(/\.$/, '') };
        }
        // SERVFAIL for one candidate moves on to the next (res_nsearch's got_servfail) and
        // makes the whole lookup a temporary failure if nothing else answers.
        if (x.msg.rcode !== 'NXDOMAIN' && x.msg.rcode !== 'NOERROR') servfail = true;
        break;
      }
      if (!answered && ctx.world.clock.ms >= deadline) return { ok: false, why: 'timeout' };
    }
    // No server answered at all: glibc's res_nsearch stops (TRY_AGAIN / ECONNREFUSED).
    if (!answered) return { ok: false, why: 'failure' };
  }
  return { ok: false, why: servfail ? 'failure' : 'nxdomain' };
}
