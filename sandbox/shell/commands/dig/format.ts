/**
 * dig's output (BIND 9.18.49, checked against captures in golden/): the banner, the header
 * with its flags and counts, the mDNS warning for names under .local, the OPT pseudosection,
 * the sections, and the statistics; `+short` prints only the answers' data. Pure: the caller
 * supplies the exchange, the server and the time.
 */
import type { DnsMessage, DnsRecord } from '../../../wire/index.ts';
import { formatQuestion, formatRecord, presentData } from '../../../cluster/dns/client/present.ts';
import { dnsWireSize } from '../../../cluster/dns/wire-size.ts';

/** dig's display switches (`+[no]short`, `+[no]cmd`, `+noall +answer` ...). */
export interface DigDisplay {
  short: boolean;
  cmd: boolean;
  comments: boolean;
  question: boolean;
  answer: boolean;
  authority: boolean;
  additional: boolean;
  stats: boolean;
}

/** The defaults: everything shown. */
export const defaultDisplay = (): DigDisplay =>
  ({ short: false, cmd: true, comments: true, question: true, answer: true, authority: true, additional: true, stats: true });

/** The version dig prints in its banner. */
export const DIG_VERSION = '9.18.49-1~deb12u3-Debian';

const FLAG_ORDER: [keyof DnsMessage | 'qr', string][] = [['qr', 'qr'], ['authoritative', 'aa'], ['recursionDesired', 'rd'], ['recursionAvailable', 'ra']];

/** The `;; flags:` line. */
function flagsLine(m: DnsMessage): string {
  const flags = FLAG_ORDER.filter(([k]) => (k === 'qr' ? m.response : m[k] === true)).map(([, f]) => f);
  const add = m.additional.length + (m.edns ? 1 : 0);
  return `;; flags: ${flags.join(' ')}; QUERY: ${m.questions.length}, ANSWER: ${m.answers.length}, AUTHORITY: ${m.authority.length}, ADDITIONAL: ${add}`;
}

/** `+short` form of a record: its data only. */
const shortOf = (r: DnsRecord) => presentData(r);

/** The banner lines dig prints before sending (`+cmd`). */
export function banner(args: string[], serverGiven: boolean): string {
  return `\n; <<>> DiG ${DIG_VERSION} <<>> ${args.join(' ')}\n${serverGiven ? '; (1 server found)\n' : ''};; global options: +cmd\n`;
}

/** dig's full report of a received response. */
export function formatAnswer(m: DnsMessage, d: DigDisplay, server: string, ms: number, when: Date, proto: 'UDP' | 'TCP' = 'UDP'): string {
  if (d.short) return m.answers.map((r) => `${shortOf(r)}\n`).join('');
  let out = '';
  const name = m.questions[0]?.name ?? '.';
  if (d.comments) {
    out += ';; Got answer:\n';
    if (/\.local\.?$/i.test(name)) {
      out += ';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n';
    }
    out += `;; ->>HEADER<<- opcode: QUERY, status: ${m.rcode}, id: ${m.id}\n${flagsLine(m)}\n`;
    if (m.recursionDesired && !m.recursionAvailable) out += ';; WARNING: recursion requested but not available\n';
    out += '\n';
    if (m.edns) {
      out += `;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: ${m.edns.udpSize}\n`;
      if (m.edns.cookie) out += `; COOKIE: ${m.edns.cookie} (echoed)\n`;
    }
  }
  if (d.question) {
    if (d.comments) out += ';; QUESTION SECTION:\n';
    out += m.questions.map((q) => `${formatQuestion(q)}\n`).join('');
    if (d.comments) out += '\n';
  }
  const section = (title: string, show: boolean, recs: DnsRecord[]) => {
    if (!show || !recs.length) return;
    if (d.comments) out += `;; ${title} SECTION:\n`;
    out += recs.map((r) => `${formatRecord(r)}\n`).join('');
    if (d.comments) out += '\n';
  };
  section('ANSWER', d.answer, m.answers);
  section('AUTHORITY', d.authority, m.authority);
  section('ADDITIONAL', d.additional, m.additional);
  if (d.stats) {
    // dig.c prints whole milliseconds (`(long)diff / 1000` of the microsecond difference).
    out += `;; Query time: ${Math.trunc(ms)} msec\n;; SERVER: ${server}#53(${server}) (${proto})\n;; WHEN: ${whenText(when)}\n;; MSG SIZE  rcvd: ${dnsWireSize(m)}\n\n`;
  }
  return out;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** `Mon Nov 23 19:01:24 UTC 2026` (strftime %a %b %d %H:%M:%S %Z %Y in UTC). */
export function whenText(d: Date): string {
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
