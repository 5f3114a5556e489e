/**
 * The exact size of a DNS message on the wire (RFC 1035 4.1, with name compression 4.1.4, and
 * an EDNS OPT record, RFC 6891, with a cookie option, RFC 7873), for dig's `MSG SIZE rcvd` and
 * for packet lengths. Compression points a name's longest already-written suffix back to it,
 * as CoreDNS (miekg/dns with Compress) and BIND do.
 */
import type { DnsMessage, DnsRecord } from '../../wire/index.ts';

/** Writes names in order, remembering suffixes; returns the bytes each name takes. */
class NameTable {
  private seen = new Set<string>();
  size(name: string): number {
    const labels = name.toLowerCase().replace(/\.$/, '').split('.').filter((l) => l.length);
    let bytes = 0;
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      if (this.seen.has(suffix)) return bytes + 2;
      this.seen.add(suffix);
      bytes += 1 + labels[i]!.length;
    }
    return bytes + 1;
  }
}

function rdataSize(r: DnsRecord, t: NameTable): number {
  switch (r.type) {
    case 'A': return 4;
    case 'AAAA': return 16;
    case 'CNAME': case 'PTR': case 'NS': return t.size(r.data);
    case 'SRV': return 6 + t.size(r.data.split(' ')[3] ?? '.');
    case 'MX': return 2 + t.size(r.data.split(' ')[1] ?? '.');
    case 'SOA': {
      const [mname, rname] = r.data.split(' ');
      return t.size(mname ?? '.') + t.size(rname ?? '.') + 20;
    }
    case 'TXT': return 1 + r.data.length;
  }
}

/** Bytes of `m` as sent. */
export function dnsWireSize(m: DnsMessage): number {
  const t = new NameTable();
  let n = 12;
  for (const q of m.questions) n += t.size(q.name) + 4;
  for (const r of [...m.answers, ...m.authority, ...m.additional]) n += t.size(r.name) + 10 + rdataSize(r, t);
  if (m.edns) n += 11 + (m.edns.cookie ? 4 + m.edns.cookie.length / 2 : 0);
  return n;
}
