/**
 * DNS over TCP (RFC 1035 4.2.2; RFC 7766): each message is sent with a two-byte length prefix.
 * TCP in the sandbox carries bytes as a string (one char per byte), so a message crosses a
 * connection in its real wire form (RFC 1035 4.1: header, question, resource records; names
 * compressed with pointers, 4.1.4; EDNS OPT with a cookie, RFC 6891 / RFC 7873), and segment
 * lengths are the real ones. `encodeDns` writes what CoreDNS/dig send; `decodeDns` reads it.
 */
import type { DnsMessage, DnsRecord, DnsType } from './packet.ts';

const TYPE_CODE: Record<DnsType, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33 };
const CODE_TYPE = new Map(Object.entries(TYPE_CODE).map(([k, v]) => [v, k as DnsType]));
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'] as const;
const OPT = 41;
const COOKIE = 10;

const u16 = (n: number): string => String.fromCharCode((n >>> 8) & 0xff, n & 0xff);
const u32 = (n: number): string => u16(Math.floor(n / 0x10000) & 0xffff) + u16(n & 0xffff);
const hexBytes = (h: string): string => (h.match(/../g) ?? []).map((b) => String.fromCharCode(parseInt(b, 16))).join('');
const toHex = (s: string): string => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');

/** Writes names with compression: a suffix already written becomes a pointer to it. */
class Writer {
  out = '';
  private offsets = new Map<string, number>();
  name(n: string): void {
    const labels = n.replace(/\.$/, '').split('.').filter((l) => l.length);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const at = this.offsets.get(suffix);
      if (at !== undefined) {
        this.out += u16(0xc000 | at);
        return;
      }
      if (this.out.length < 0x3fff) this.offsets.set(suffix, this.out.length);
      this.out += String.fromCharCode(labels[i]!.length) + labels[i]!;
    }
    this.out += '\0';
  }
}

function writeRdata(w: Writer, r: DnsRecord): void {
  const start = w.out.length;
  w.out += '\0\0';
  const f = r.data.split(' ');
  switch (r.type) {
    case 'A': w.out += f[0]!.split('.').map((o) => String.fromCharCode(Number(o))).join(''); break;
    case 'AAAA': w.out += hexBytes(expandV6(r.data)); break;
    case 'CNAME': case 'PTR': case 'NS': w.name(r.data); break;
    case 'SRV': w.out += u16(Number(f[0])) + u16(Number(f[1])) + u16(Number(f[2])); w.name(f[3] ?? '.'); break;
    case 'MX': w.out += u16(Number(f[0])); w.name(f[1] ?? '.'); break;
    case 'SOA': w.name(f[0] ?? '.'); w.name(f[1] ?? '.'); for (const n of f.slice(2, 7)) w.out += u32(Number(n)); break;
    case 'TXT': w.out += String.fromCharCode(r.data.length) + r.data; break;
  }
  const len = w.out.length - start - 2;
  w.out = w.out.slice(0, start) + u16(len) + w.out.slice(start + 2);
}

function expandV6(a: string): string {
  const [head, tail] = a.includes('::') ? a.split('::') as [string, string] : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join('');
}

/** RFC 5952 text: the longest run of two or more zero groups (the first of equals) becomes `::`. */
function compactV6(groups: string[]): string {
  let best = -1, bestLen = 1;
  for (let i = 0; i < groups.length;) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j > i ? j : i + 1;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** The message in RFC 1035 wire form. */
export function encodeDns(m: DnsMessage): string {
  const w = new Writer();
  const flags = (m.response ? 0x8000 : 0) | (m.authoritative ? 0x0400 : 0) | (m.recursionDesired ? 0x0100 : 0) |
    (m.recursionAvailable ? 0x0080 : 0) | Math.max(0, RCODES.indexOf(m.rcode as (typeof RCODES)[number]));
  w.out += u16(m.id) + u16(flags) + u16(m.questions.length) + u16(m.answers.length) + u16(m.authority.length) + u16(m.additional.length + (m.edns ? 1 : 0));
  for (const q of m.questions) { w.name(q.name); w.out += u16(TYPE_CODE[q.type]) + u16(1); }
  for (const r of [...m.answers, ...m.authority, ...m.additional]) {
    w.name(r.name);
    w.out += u16(TYPE_CODE[r.type]) + u16(1) + u32(r.ttl);
    writeRdata(w, r);
  }
  if (m.edns) {
    const opt = m.edns.cookie ? u16(COOKIE) + u16(m.edns.cookie.length / 2) + hexBytes(m.edns.cookie) : '';
    w.out += '\0' + u16(OPT) + u16(m.edns.udpSize) + u32(0) + u16(opt.length) + opt;
  }
  return w.out;
}

/** Reads a wire-form message; undefined when it is malformed. */
export function decodeDns(b: string): DnsMessage | undefined {
  let p = 0;
  const r16 = (at = p): number => ((b.charCodeAt(at) << 8) | b.charCodeAt(at + 1)) >>> 0;
  const r32 = (): number => r16(p) * 0x10000 + r16(p + 2);
  const name = (): string => {
    const labels: string[] = [];
    let at = p;
    let jumped = false;
    for (let hops = 0; hops < 64; hops++) {
      if (at >= b.length) throw new Error('short');
      const len = b.charCodeAt(at);
      if (len === 0) { if (!jumped) p = at + 1; return labels.length ? `${labels.join('.')}.` : '.'; }
      if ((len & 0xc0) === 0xc0) { if (!jumped) p = at + 2; jumped = true; at = r16(at) & 0x3fff; continue; }
      labels.push(b.slice(at + 1, at + 1 + len));
      at += 1 + len;
    }
    throw new Error('loop');
  };
  try {
    if (b.length < 12) return undefined;
    const id = r16(0); const flags = r16(2);
    const counts = [r16(4), r16(6), r16(8), r16(10)] as const;
    p = 12;
    const m: DnsMessage = {
      id, response: (flags & 0x8000) !== 0, authoritative: (flags & 0x0400) !== 0, recursionDesired: (flags & 0x0100) !== 0,
      recursionAvailable: (flags & 0x0080) !== 0, rcode: (RCODES[flags & 0xf] ?? 'SERVFAIL') as DnsMessage['rcode'],
      questions: [], answers: [], authority: [], additional: [],
    };
    for (let i = 0; i < counts[0]; i++) {
      const n = name(); const t = CODE_TYPE.get(r16(p)); p += 4;
      if (t) m.questions.push({ name: n, type: t });
    }
    const sections = [m.answers, m.authority, m.additional];
    for (const [s, count] of [counts[1], counts[2], counts[3]].entries()) {
      for (let i = 0; i < count; i++) {
        const n = name(); const code = r16(p); const cls = r16(p + 2); p += 4;
        const ttl = r32(); p += 4;
        const len = r16(p); p += 2;
        const end = p + len;
        if (end > b.length) return undefined;
        if (code === OPT) {
          const opt = b.slice(p, end);
          const cookie = opt.length >= 4 && r16(p) === COOKIE ? toHex(opt.slice(4, 4 + r16(p + 2))) : undefined;
          m.edns = { udpSize: cls, ...(cookie ? { cookie } : {}) };
          p = end;
          continue;
        }
        const type = CODE_TYPE.get(code);
        let data = '';
        if (type === 'A') data = [...b.slice(p, end)].map((c) => c.charCodeAt(0)).join('.');
        else if (type === 'AAAA') data = compactV6((toHex(b.slice(p, end)).match(/..../g) ?? []).map((g) => g.replace(/^0+(?=.)/, '')));
        else if (type === 'CNAME' || type === 'PTR' || type === 'NS') data = name();
        else if (type === 'MX') { const pref = r16(p); p += 2; data = `${pref} ${name()}`; }
        else if (type === 'SRV') { const pr = r16(p), wt = r16(p + 2), port = r16(p + 4); p += 6; data = `${pr} ${wt} ${port} ${name()}`; }
        else if (type === 'SOA') { const a = name(); const bb = name(); const nums: number[] = []; for (let k = 0; k < 5; k++) { nums.push(r32()); p += 4; } data = `${a} ${bb} ${nums.join(' ')}`; }
        else if (type === 'TXT') data = b.slice(p + 1, end);
        p = end;
        if (type) sections[s]!.push({ name: n, type, ttl, data });
      }
    }
    return m;
  } catch {
    // A name running past the end or a pointer loop: a malformed message (FORMERR territory).
    return undefined;
  }
}

/** The two-byte length prefix and the message (RFC 1035 4.2.2). */
export const frameDns = (m: DnsMessage): string => { const w = encodeDns(m); return u16(w.length) + w; };

/** The first complete length-prefixed message of a TCP stream, and the bytes it used. */
export function unframeDns(buffered: string): { msg: DnsMessage | undefined; consumed: number } | undefined {
  if (buffered.length < 2) return undefined;
  const len = (buffered.charCodeAt(0) << 8) | buffered.charCodeAt(1);
  if (buffered.length < 2 + len) return undefined;
  return { msg: decodeDns(buffered.slice(2, 2 + len)), consumed: 2 + len };
}
