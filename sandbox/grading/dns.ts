/**
 * Resolving a DNS name for a reach check (`to: web.default:80`), as curl on the source would:
 * /etc/hosts first, then the source's resolv.conf nameservers with its search list and ndots
 * (glibc res_nsearch: NXDOMAIN or an empty answer tries the next name; a server that refuses
 * or stays silent ends the lookup). The queries are real UDP datagrams through the datapath of
 * the world copy being graded, so a policy or a missing rule in front of CoreDNS fails the
 * lookup the way it fails the learner's curl, and the message says where the query died.
 */
import type { World, Machine } from '../fabric/world.ts';
import type { Netns } from '../net/types.ts';
import { parseIpv4, type Ipv4 } from '../wire/index.ts';
import { udpOpen, udpSend } from '../net/socket-udp.ts';
import { freeSocket } from '../net/socket.ts';
import { runUntil } from '../fabric/time.ts';
import { startTrace } from '../net/datapath/state.ts';
import { parseResolvConf } from '../cluster/dns/resolv-conf.ts';
import { makeQuery, searchOrder } from '../cluster/dns/client/stub.ts';
import { diagnose } from './reach.ts';
import type { Resolved } from './resolve.ts';

/** How long one query waits (resolv.conf's default `timeout:5`). */
const QUERY_MS = 5_000;

/** Is `where` a host name (not an address, not `service/...` or `pod/...`)? */
export const isHostName = (where: string): boolean =>
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\.?$/i.test(where) && parseIpv4(where) === undefined;

function fromHosts(text: string, name: string): Ipv4 | undefined {
  for (const raw of text.split('\n')) {
    const words = raw.replace(/#.*/, '').trim().split(/\s+/);
    const a = parseIpv4(words[0] ?? '');
    if (a !== undefined && words.slice(1).some((w) => w.toLowerCase() === name.toLowerCase())) return a;
  }
  return undefined;
}

/** The address `host` resolves to from `machine`/`ns`, or why it does not resolve. */
export function resolveName(world: World, machine: Machine, ns: Netns, host: string): Resolved<Ipv4> {
  const hosted = fromHosts(machine.files.get('/etc/hosts') ?? '', host);
  if (hosted !== undefined) return { ok: true, value: hosted };
  const rc = parseResolvConf(machine.files.get('/etc/resolv.conf') ?? '');
  const server = rc.nameservers[0] ?? '127.0.0.1';
  const dst = parseIpv4(server);
  if (dst === undefined) return { ok: false, message: `could not resolve ${host}: the nameserver ${server} is not an IPv4 address` };
  for (const name of searchOrder(host, rc)) {
    const trace = startTrace(world, `check: resolve ${name}`);
    const s = udpOpen(world, ns, trace);
    const sent = udpSend(world, s, dst, 53, { kind: 'dns', message: makeQuery(world.rng, name, 'A', false) });
    if (!sent.ok) {
      freeSocket(world, s.id);
      return { ok: false, message: `could not resolve ${host}: the source has no route to its nameserver ${server}` };
    }
    runUntil(world, () => s.rx.some((r) => r.payload?.kind === 'dns') || s.error !== undefined, world.clock.ms + QUERY_MS);
    freeSocket(world, s.id);
    const got = s.rx.find((r) => r.payload?.kind === 'dns')?.payload;
    if (got?.kind !== 'dns') {
      const why = s.error === 'ECONNREFUSED' ? `the query to ${server}:53 was refused (ICMP port unreachable)` : diagnose(world, trace);
      return { ok: false, message: `could not resolve ${host}: no answer to the query for ${name} from ${server}: ${why}` };
    }
    const a = got.message.answers.find((r) => r.type === 'A');
    const addr = got.message.rcode === 'NOERROR' && a ? parseIpv4(a.data) : undefined;
    if (addr !== undefined) return { ok: true, value: addr };
  }
  return { ok: false, message: `could not resolve ${host}: ${server} knows no such name (tried ${searchOrder(host, rc).join(', ')})` };
}
