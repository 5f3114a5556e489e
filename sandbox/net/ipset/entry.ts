/**
 * Set elements: parsing an element as ipset(8) reads it on the command line (lib/parse.c
 * ipset_parse_elem and its per-type parsers, with their error texts) into the canonical text
 * the kernel lists it as, and building the element a packet stands for when
 * `--match-set NAME dst,dst` looks it up (net/netfilter/ipset/ip_set_hash_ipport.c ...).
 */
import { formatIpv4, parseIpv4, type Ipv4, type Ipv4Packet } from '../../wire/index.ts';
import type { IpSet, IpSetType } from './types.ts';

/** How many parts each type's element has (`ip,port` is 2). */
const PARTS: Record<IpSetType, number> = { 'hash:ip': 1, 'hash:ip,port': 2, 'hash:ip,port,ip': 3, 'hash:ip,port,net': 3, 'bitmap:port': 1 };
const ORDINAL = ['First', 'Second', 'Third'];
const PROTOS = ['tcp', 'udp', 'sctp'] as const;

const ip = (text: string): Ipv4 | string => {
  const a = parseIpv4(text);
  return a === undefined ? `Syntax error: cannot parse ${text}: resolving to IPv4 address failed` : a;
};

/** `[proto:]port` as ipset_parse_proto_port reads it: tcp when no protocol is given. */
function protoPort(text: string): string {
  const colon = text.indexOf(':');
  const proto = colon < 0 ? 'tcp' : text.slice(0, colon);
  const port = colon < 0 ? text : text.slice(colon + 1);
  if (!(PROTOS as readonly string[]).includes(proto)) return `Syntax error: cannot parse '${proto}' as a protocol`;
  if (!/^\d+$/.test(port) || Number(port) > 65535) return `Syntax error: cannot parse '${port}' as a ${proto} port`;
  return `${proto}:${Number(port)}`;
}

/**
 * The canonical element for `text` in `set`, or ipset's error message (without its
 * `ipset v7.17: ` prefix).
 */
export function parseElement(set: IpSet, text: string): { ok: true; elem: string } | { ok: false; message: string } {
  const fail = (message: string) => ({ ok: false as const, message });
  if (set.type === 'bitmap:port') {
    const r = set.range ?? { min: 0, max: 65535 };
    if (!/^\d+$/.test(text)) return fail(`Syntax error: cannot parse '${text}' as a tcp port`);
    const n = Number(text);
    if (n > 65535) return fail(`Syntax error: '${text}' is out of range 0-65535\nSyntax error: 'tcp' is invalid as number\ncannot parse '${text}' as a tcp port`);
    if (n < r.min || n > r.max) return fail('Element is out of the range of the set');
    return { ok: true, elem: String(n) };
  }
  const parts = text.split(',');
  const want = PARTS[set.type];
  if (parts.length > want) {
    const seps = parts.length - 1;
    const what = seps === 1 ? 'Elem separator' : `${['Two', 'Three', 'Four'][seps - 2] ?? 'Many'} elem separators`;
    return fail(`Syntax error: ${what} in ${text}, but settype ${set.type} supports ${['none', 'one', 'two'][want - 1]}.`);
  }
  if (parts.length < want) return fail(`Syntax error: ${ORDINAL[parts.length]} element is missing from ${text}.`);
  const a = ip(parts[0]!);
  if (typeof a === 'string') return fail(a);
  if (set.type === 'hash:ip') return { ok: true, elem: formatIpv4(a) };
  const pp = protoPort(parts[1]!);
  if (pp.startsWith('Syntax')) return fail(pp);
  let elem = `${formatIpv4(a)},${pp}`;
  if (set.type === 'hash:ip,port,ip') {
    const b = ip(parts[2]!);
    if (typeof b === 'string') return fail(b);
    elem += `,${formatIpv4(b)}`;
  } else if (set.type === 'hash:ip,port,net') {
    const [addr, len, extra] = parts[2]!.split('/');
    const n = ip(addr!);
    if (typeof n === 'string') return fail(n);
    const bits = len === undefined ? 32 : /^\d+$/.test(len) ? Number(len) : NaN;
    if (extra !== undefined || !(bits >= 1 && bits <= 32)) return fail(`Syntax error: '${len}' is out of range 1-32`);
    const net = bits === 32 ? n : (n & (~0 << (32 - bits))) >>> 0;
    // The kernel keeps the network with its host bits cleared; a /32 lists as a bare address.
    elem += `,${formatIpv4(net)}${bits === 32 ? '' : `/${bits}`}`;
  }
  return { ok: true, elem };
}

/** `--match-set` direction flags: `src`/`dst` per element part. */
export type SetDir = 'src' | 'dst';

/** Whether `pkt` is in `set`, its element built from the packet by `dirs` (ip_set_test). */
export function packetInSet(set: IpSet, pkt: Ipv4Packet, dirs: SetDir[]): boolean {
  const p = pkt.payload;
  const addr = (d: SetDir | undefined) => formatIpv4(d === 'src' ? pkt.src : pkt.dst);
  const port = (d: SetDir | undefined): string | undefined => (p.proto !== 'tcp' && p.proto !== 'udp' ? undefined : `${p.proto}:${d === 'src' ? p.sport : p.dport}`);
  switch (set.type) {
    case 'hash:ip': return set.members.includes(addr(dirs[0]));
    case 'bitmap:port': {
      if (p.proto !== 'tcp' && p.proto !== 'udp') return false;
      return set.members.includes(String(dirs[0] === 'src' ? p.sport : p.dport));
    }
    case 'hash:ip,port': case 'hash:ip,port,ip': {
      // Fewer flags than parts: the set's own match fails (ip_set_match_extensions needs them all).
      if (dirs.length < PARTS[set.type]) return false;
      const pp = port(dirs[1]);
      if (pp === undefined) return false;
      const key = `${addr(dirs[0])},${pp}${set.type === 'hash:ip,port,ip' ? `,${addr(dirs[2])}` : ''}`;
      return set.members.includes(key);
    }
    case 'hash:ip,port,net': {
      if (dirs.length < 3) return false;
      const pp = port(dirs[1]);
      if (pp === undefined) return false;
      const head = `${addr(dirs[0])},${pp},`;
      const third = dirs[2] === 'src' ? pkt.src : pkt.dst;
      return set.members.some((m) => m.startsWith(head) && inNet(third, m.slice(head.length)));
    }
  }
}

function inNet(a: Ipv4, net: string): boolean {
  const [addr, len] = net.split('/');
  const n = parseIpv4(addr!);
  const bits = len === undefined ? 32 : Number(len);
  if (n === undefined) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === n;
}
