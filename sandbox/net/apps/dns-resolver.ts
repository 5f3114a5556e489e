/**
 * `dns-resolver`: a small recursive resolver as the outside world offers one (a public
 * resolver on the internet, a router's dnsmasq on the LAN). Params:
 * - `records`: `name=addr` pairs separated by spaces or commas: the A records it knows
 *   (`example.com=93.184.215.14`); names are matched without case and without the final dot.
 * - `forward`: an upstream resolver's address. Names it does not know are sent there with a
 *   real UDP query from this machine (AppContext.udpRelay) and the answer is passed back, as dnsmasq does
 *   with its `server=` line; without `forward` they get NXDOMAIN.
 * Answers carry RA (recursion available) and no AA, as a recursive resolver's do (RFC 1035
 * 4.1.1); a known name asked for another type gets NOERROR with no answer (NODATA).
 */
import { parseIpv4, type DnsMessage, type UdpDatagram } from '../../wire/index.ts';
import type { AppContext, UdpApp } from './app.ts';

/** TTL of the answers (a public resolver's cache hands out what is left; 300 is typical). */
export const RESOLVER_TTL = 300;

/** The A records of a `records` parameter: lower-case name without final dot -> address. */
export function parseRecords(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of (text ?? '').split(/[\s,]+/)) {
    const [name, addr] = pair.split('=');
    if (name && addr && parseIpv4(addr) !== undefined) out.set(name.toLowerCase().replace(/\.$/, ''), addr);
  }
  return out;
}

/** The answer to `q` from `records` alone (undefined: not known here). */
export function resolveLocally(q: DnsMessage, records: Map<string, string>): DnsMessage | undefined {
  const question = q.questions[0];
  if (!question) return { ...q, response: true, rcode: 'REFUSED', recursionAvailable: true, answers: [], authority: [], additional: [] };
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const addr = records.get(name);
  if (addr === undefined) return undefined;
  return {
    id: q.id, response: true, rcode: 'NOERROR', authoritative: false, recursionDesired: q.recursionDesired, recursionAvailable: true,
    questions: q.questions, ...(q.edns ? { edns: { udpSize: 1232 } } : {}),
    answers: question.type === 'A' ? [{ name: question.name, type: 'A', ttl: RESOLVER_TTL, data: addr }] : [],
    authority: [], additional: [],
  };
}

/** One query: answered here, forwarded upstream (undefined now, answered later), or NXDOMAIN. */
export function resolverRespond(ctx: AppContext, payload: UdpDatagram['payload']): UdpDatagram['payload'] | undefined {
  if (payload.kind !== 'dns' || payload.message.response) return undefined;
  const q = payload.message;
  const known = resolveLocally(q, parseRecords(ctx.params.records));
  if (known) return { kind: 'dns', message: known };
  const upstream = ctx.params.forward ? parseIpv4(ctx.params.forward) : undefined;
  if (upstream !== undefined && ctx.udpRelay) {
    const servfail: UdpDatagram['payload'] = { kind: 'dns', message: { ...q, response: true, rcode: 'SERVFAIL', recursionAvailable: true, answers: [], authority: [], additional: [] } };
    const client = { laddr: ctx.local.addr, lport: ctx.local.port, raddr: ctx.remote.addr, rport: ctx.remote.port, onError: servfail };
    return ctx.udpRelay(upstream, 53, payload, client).ok ? undefined : servfail;
  }
  return { kind: 'dns', message: { ...q, response: true, rcode: 'NXDOMAIN', authoritative: false, recursionAvailable: true, answers: [], authority: [], additional: [] } };
}

/** The resolver's behaviour. */
export const dnsResolver: UdpApp = { proto: 'udp', respond: resolverRespond };
