/**
 * Presentation of records as BIND prints them (dns_master_styledump in dig's default style):
 * owner, TTL, class, type and data in tab-aligned columns at 24, 32, 40 and 48 characters; a
 * field that would start at or past its column is preceded by one space instead. The question
 * line has no TTL column and starts with `;`, which BIND does not count when it aligns
 * (`;nosuch.` gets four tabs, `;web.default.svc.cluster.local.` one).
 */
import type { DnsQuestion, DnsRecord } from '../../../wire/index.ts';

/** Visible width of text with tabs (tab stops every 8). */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w = ch === '\t' ? (Math.floor(w / 8) + 1) * 8 : w + 1;
  return w;
}

/** Joins fields so that each starts at its column (tabs) or after one space. */
function align(first: string, fields: [text: string, col: number][]): string {
  let out = first;
  for (const [text, col] of fields) {
    if (width(out) >= col) out += ' ';
    else while (width(out) < col) out += '\t';
    out += text;
  }
  return out;
}

/** `web.default.svc.cluster.local. 5 IN\tA\t10.96.0.20` */
export const formatRecord = (r: DnsRecord): string =>
  align(r.name, [[String(r.ttl), 24], ['IN', 32], [r.type, 40], [presentData(r), 48]]);

/**
 * A record's data in presentation form (RFC 1035 5.1): a TXT record's character-string is
 * quoted, with `"` and `\` escaped, as dig prints it; other types are stored presented.
 */
export const presentData = (r: DnsRecord): string =>
  (r.type === 'TXT' ? `"${r.data.replace(/["\\]/g, (c) => `\\${c}`)}"` : r.data);

/** `;web.default.svc.cluster.local.\tIN\tA` */
export const formatQuestion = (q: DnsQuestion): string => `;${align(q.name, [['IN', 32], [q.type, 40]])}`;
