/**
 * iputils ping (20221126) texts: the banner, one line per reply or error, and the
 * statistics (ping_common.c finish(): transmitted/received/+errors/loss/time, then the rtt
 * line and `pipe N` on one line, or an empty line when there is neither).
 */

/** `0.317` / `1.23` / `12.3` / `123`: a reply's time as print_timestamp formats it (µs in). */
export function formatRtt(us: number): string {
  const ms = Math.floor(us / 1000);
  const frac = Math.floor(us % 1000);
  if (us >= 100_000) return `${ms}`;
  if (us >= 10_000) return `${ms}.${Math.floor(frac / 100)}`;
  if (us >= 1_000) return `${ms}.${String(Math.floor(frac / 10)).padStart(2, '0')}`;
  return `${ms}.${String(frac).padStart(3, '0')}`;
}

const ms3 = (us: number): string => `${Math.floor(us / 1000)}.${String(Math.floor(us % 1000)).padStart(3, '0')}`;

/** ICMP errors as ping words them (pr_icmph). */
export function icmpErrorText(type: number, code: number): string {
  if (type === 11) return code === 0 ? 'Time to live exceeded' : 'Frag reassembly time exceeded';
  const UNREACH = ['Destination Net Unreachable', 'Destination Host Unreachable', 'Destination Protocol Unreachable',
    'Destination Port Unreachable', 'Frag needed and DF set', 'Source Route Failed', 'Destination Net Unknown',
    'Destination Host Unknown', 'Source Host Isolated', 'Destination Net Prohibited', 'Destination Host Prohibited',
    'Destination Net Unreachable for Type of Service', 'Destination Host Unreachable for Type of Service',
    'Packet filtered', 'Precedence Violation', 'Precedence Cutoff'];
  return type === 3 ? (UNREACH[code] ?? `Dest Unreachable, Bad Code: ${code}`) : `Bad ICMP type: ${type}`;
}

/** What the statistics need. */
export interface PingStats {
  target: string;
  transmitted: number;
  received: number;
  errors: number;
  /** Elapsed ms (printed truncated). */
  elapsedMs: number;
  /** Round-trip times in µs. */
  rtts: number[];
  pipe: number;
}

/** The summary block (starting with its blank line). */
export function formatStats(s: PingStats): string {
  const loss = s.transmitted > 0 ? Math.floor(((s.transmitted - s.received) * 100) / s.transmitted) : 0;
  let out = `\n--- ${s.target} ping statistics ---\n${s.transmitted} packets transmitted, ${s.received} received, `;
  if (s.errors) out += `+${s.errors} errors, `;
  out += `${loss}% packet loss, time ${Math.floor(s.elapsedMs)}ms\n`;
  const parts: string[] = [];
  if (s.rtts.length > 0) {
    const n = s.rtts.length;
    const avg = s.rtts.reduce((a, b) => a + b, 0) / n;
    const avg2 = s.rtts.reduce((a, b) => a + b * b, 0) / n;
    const mdev = Math.sqrt(Math.max(0, avg2 - avg * avg));
    parts.push(`rtt min/avg/max/mdev = ${ms3(s.rtts.reduce((a, b) => Math.min(a, b)))}/${ms3(avg)}/${ms3(s.rtts.reduce((a, b) => Math.max(a, b)))}/${ms3(mdev)} ms`);
  }
  if (s.pipe > 1) parts.push(`pipe ${s.pipe}`);
  return `${out}${parts.join(', ')}\n`;
}
