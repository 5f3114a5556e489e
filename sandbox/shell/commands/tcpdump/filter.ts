/**
 * The pcap-filter(7) subset tutorials use: `host H`, `src|dst [host] H`, `net N/L`,
 * `[src|dst] port P`, `portrange A-B`, protocol words `tcp udp sctp icmp arp ip`, combined with
 * `and`/`&&`, `or`/`||`, `not`/`!` and parentheses. It tests the outer headers, as the
 * kernel's BPF filter does (`udp port 8472` selects VXLAN packets, not what they carry).
 * A syntax error gets tcpdump's message and exit 1.
 */
import type { EthernetFrame } from '../../../wire/index.ts';
import { parseCidr, parseIpv4, inCidr } from '../../../wire/index.ts';

/** A compiled filter. */
export type Filter = (f: EthernetFrame) => boolean;

const NAMED_PORTS: Record<string, number> = { http: 80, https: 443, domain: 53, ssh: 22, 'http-alt': 8080, otv: 8472 };

/** Compiles `words` (the expression's words, already split); a string is the error text. */
export function compileFilter(words: string[]): Filter | string {
  const toks = words.join(' ').replace(/([()!])/g, ' $1 ').replace(/&&/g, ' and ').replace(/\|\|/g, ' or ').split(/\s+/).filter(Boolean);
  if (toks.length === 0) return () => true;
  let i = 0;
  const err = () => `tcpdump: syntax error in filter expression: syntax error`;
  const peek = () => toks[i];
  function orExpr(): Filter | string {
    let l = andExpr();
    while (typeof l !== 'string' && peek() === 'or') {
      i++;
      const r = andExpr();
      if (typeof r === 'string') return r;
      const a = l;
      l = (f) => a(f) || r(f);
    }
    return l;
  }
  function andExpr(): Filter | string {
    let l = unary();
    for (;;) {
      if (typeof l === 'string') return l;
      if (peek() === 'and') i++;
      else if (peek() === undefined || peek() === 'or' || peek() === ')') return l;
      const r = unary();
      if (typeof r === 'string') return r;
      const a = l;
      l = (f) => a(f) && r(f);
    }
  }
  function unary(): Filter | string {
    const t = peek();
    if (t === 'not' || t === '!') {
      i++;
      const e = unary();
      return typeof e === 'string' ? e : (f) => !e(f);
    }
    if (t === '(') {
      i++;
      const e = orExpr();
      if (peek() !== ')') return err();
      i++;
      return e;
    }
    return primitive();
  }
  function primitive(): Filter | string {
    let dir: 'src' | 'dst' | undefined;
    let t = toks[i++];
    if (t === 'src' || t === 'dst') {
      dir = t;
      t = toks[i++];
      if (t !== 'host' && t !== 'port' && t !== 'net') {
        i--;
        t = 'host';
      }
    }
    switch (t) {
      case 'tcp': case 'udp': case 'sctp': case 'icmp': {
        const proto = t;
        return (f) => f.payload.kind === 'ipv4' && f.payload.payload.proto === proto;
      }
      case 'ip': return (f) => f.payload.kind === 'ipv4';
      case 'arp': return (f) => f.payload.kind === 'arp';
      case 'host': case 'net': {
        const v = toks[i++] ?? '';
        if (v === '') return err();
        const c = t === 'host' ? (parseIpv4(v) !== undefined ? { addr: parseIpv4(v)!, len: 32 } : undefined) : parseCidr(v);
        if (!c) return `tcpdump: ${t === 'host' ? `can't resolve host '${v}'` : `invalid net '${v}'`}`;
        return (f) => {
          const p = f.payload;
          const [s, d] = p.kind === 'ipv4' ? [p.src, p.dst] : [p.senderIp, p.targetIp];
          return (dir !== 'dst' && inCidr(s, c)) || (dir !== 'src' && inCidr(d, c));
        };
      }
      case 'port': case 'portrange': {
        const v = toks[i++] ?? '';
        if (v === '' || v === 'and' || v === 'or') return err();
        const [a, b] = t === 'port' ? [v, v] : v.split('-');
        const lo = NAMED_PORTS[a ?? ''] ?? Number(a);
        const hi = NAMED_PORTS[b ?? ''] ?? Number(b);
        if (!Number.isInteger(lo) || !Number.isInteger(hi)) return `tcpdump: illegal port number ${v}`;
        return (f) => {
          const p = f.payload;
          if (p.kind !== 'ipv4' || p.payload.proto === 'icmp' || p.payload.proto === 'ipip') return false;
          const { sport, dport } = p.payload;
          return (dir !== 'dst' && sport >= lo && sport <= hi) || (dir !== 'src' && dport >= lo && dport <= hi);
        };
      }
      default: {
        // A bare address means `host ADDR`.
        if (t !== undefined && parseIpv4(t) !== undefined) {
          i--;
          toks.splice(i, 0, 'host');
          return primitive();
        }
        return err();
      }
    }
  }
  const f = orExpr();
  if (typeof f !== 'string' && i < toks.length) return err();
  return f;
}
