/**
 * Extension targets: options as iptables parses them (libxt_<NAME>.c), the form
 * iptables-save prints, and the text `iptables -L` appends. What they do to a packet is in
 * hook.ts (verdicts, MARK) and nat.ts (DNAT, SNAT, MASQUERADE, REDIRECT).
 */
import { formatIpv4, parseIpv4 } from '../../wire/index.ts';
import type { NatRange, PortRange, RejectWith, Target } from './types.ts';

/** Targets with options (anything else after -j is a verdict or a chain). */
export const TARGET_OPTIONS: Record<string, Record<string, number>> = {
  REJECT: { '--reject-with': 1 },
  DNAT: { '--to-destination': 1, '--random': 0, '--persistent': 0 },
  SNAT: { '--to-source': 1, '--random': 0, '--random-fully': 0, '--persistent': 0 },
  MASQUERADE: { '--to-ports': 1, '--random': 0, '--random-fully': 0 },
  REDIRECT: { '--to-ports': 1, '--random': 0 },
  MARK: { '--set-xmark': 1, '--set-mark': 1, '--and-mark': 1, '--or-mark': 1, '--xor-mark': 1 },
  LOG: { '--log-prefix': 1, '--log-level': 1 },
  NOTRACK: {},
  CT: { '--notrack': 0 },
};

/** Verdicts that need no options. */
export const VERDICTS = ['ACCEPT', 'DROP', 'RETURN'] as const;

const REJECT_ALIASES: Record<string, RejectWith> = {
  'icmp-net-unreachable': 'icmp-net-unreachable', 'net-unreach': 'icmp-net-unreachable',
  'icmp-host-unreachable': 'icmp-host-unreachable', 'host-unreach': 'icmp-host-unreachable',
  'icmp-proto-unreachable': 'icmp-proto-unreachable', 'proto-unreach': 'icmp-proto-unreachable',
  'icmp-port-unreachable': 'icmp-port-unreachable', 'port-unreach': 'icmp-port-unreachable',
  'icmp-net-prohibited': 'icmp-net-prohibited', 'net-prohib': 'icmp-net-prohibited',
  'icmp-host-prohibited': 'icmp-host-prohibited', 'host-prohib': 'icmp-host-prohibited',
  'icmp-admin-prohibited': 'icmp-admin-prohibited', 'admin-prohib': 'icmp-admin-prohibited',
  'tcp-reset': 'tcp-reset', 'tcp-rst': 'tcp-reset',
};

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'error', 'warn', 'notice', 'info', 'debug'];
const LOG_LEVEL_WORDS: Record<string, number> = { emerg: 0, panic: 0, alert: 1, crit: 2, err: 3, error: 3, warn: 4, warning: 4, notice: 5, info: 6, debug: 7 };

/** A target with default options, for `-j NAME` (NAME known to TARGET_OPTIONS or VERDICTS). */
export function newTarget(name: string): Target {
  switch (name) {
    case 'ACCEPT': case 'DROP': case 'RETURN': return { kind: name };
    case 'REJECT': return { kind: 'REJECT', with: 'icmp-port-unreachable' };
    case 'DNAT': return { kind: 'DNAT', range: {}, random: false, persistent: false };
    case 'SNAT': return { kind: 'SNAT', range: {}, random: false, randomFully: false, persistent: false };
    case 'MASQUERADE': return { kind: 'MASQUERADE', random: false, randomFully: false };
    case 'REDIRECT': return { kind: 'REDIRECT', random: false };
    case 'MARK': return { kind: 'MARK', value: 0, mask: 0 };
    case 'LOG': return { kind: 'LOG', level: 4 };
    case 'NOTRACK': return { kind: 'NOTRACK', ct: false };
    case 'CT': return { kind: 'NOTRACK', ct: true };
    default: return { kind: 'jump', chain: name, goto: false };
  }
}

const uint = (t: string): number | undefined =>
  /^(0x[0-9a-fA-F]+|\d+)$/.test(t) && Number(t) <= 0xffffffff ? Number(t) : undefined;

function parsePorts(text: string): PortRange | undefined {
  const m = /^(\d+)(?:[-:](\d+))?$/.exec(text);
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  return min <= max && max <= 65535 ? { min, max } : undefined;
}

/** `[ADDR[-ADDR]][:PORT[-PORT]]` as DNAT/SNAT take it. */
function parseRange(text: string): NatRange | undefined {
  const colon = text.indexOf(':');
  const addrs = colon < 0 ? text : text.slice(0, colon);
  const range: NatRange = {};
  if (addrs !== '') {
    const [a, b, extra] = addrs.split('-');
    const min = parseIpv4(a!);
    const max = b === undefined ? min : parseIpv4(b);
    if (min === undefined || max === undefined || extra !== undefined) return undefined;
    range.minAddr = min;
    range.maxAddr = max;
  }
  if (colon >= 0) {
    const p = parsePorts(text.slice(colon + 1));
    if (!p) return undefined;
    range.minPort = p.min;
    range.maxPort = p.max;
  }
  return range;
}

/** Applies one target option; an error message (iptables' words) or undefined. */
export function parseTargetOption(t: Target, opt: string, args: string[], proto: number | undefined): string | undefined {
  const v = args[0] ?? '';
  const portsAllowed = proto === 6 || proto === 17 || proto === 132 || proto === 33;
  switch (t.kind) {
    case 'REJECT': {
      const w = REJECT_ALIASES[v];
      if (!w) return `unknown reject type "${v}"`;
      t.with = w;
      return undefined;
    }
    case 'DNAT': case 'SNAT': {
      if (opt === '--random') { t.random = true; return undefined; }
      if (opt === '--persistent') { t.persistent = true; return undefined; }
      if (opt === '--random-fully' && t.kind === 'SNAT') { t.randomFully = true; return undefined; }
      const r = parseRange(v);
      if (!r) return `Bad IP address "${v}"\n`;
      if (r.minPort !== undefined && !portsAllowed) return 'Need TCP, UDP, SCTP or DCCP with port specification';
      t.range = r;
      return undefined;
    }
    case 'MASQUERADE': case 'REDIRECT': {
      if (opt === '--random') { t.random = true; return undefined; }
      if (opt === '--random-fully' && t.kind === 'MASQUERADE') { t.randomFully = true; return undefined; }
      const p = parsePorts(v);
      if (!p) return `Port "${v}" not valid\n`;
      if (!portsAllowed) return 'Need TCP, UDP, SCTP or DCCP with port specification';
      t.ports = p;
      return undefined;
    }
    case 'MARK': {
      const [a, b] = v.split('/');
      const value = uint(a!);
      const mask = b === undefined ? 0xffffffff : uint(b);
      if (value === undefined || mask === undefined || (b !== undefined && !['--set-xmark', '--set-mark'].includes(opt)))
        return `MARK: bad integer value for option "${opt}", or out of range.\n`;
      // libxt_MARK (revision 2) keeps every form as xset value/mask: new = (mark & ~mask) ^ value.
      if (opt === '--set-xmark') Object.assign(t, { value, mask });
      else if (opt === '--set-mark') Object.assign(t, { value, mask: (mask | value) >>> 0 });
      else if (opt === '--and-mark') Object.assign(t, { value: 0, mask: ~value >>> 0 });
      else if (opt === '--or-mark') Object.assign(t, { value, mask: value });
      else Object.assign(t, { value, mask: 0 });
      return undefined;
    }
    case 'LOG': {
      if (opt === '--log-prefix') {
        if (v.length > 29) return 'Maximum prefix length 29 for --log-prefix';
        t.prefix = v;
        return undefined;
      }
      const level = /^\d$/.test(v) && Number(v) <= 7 ? Number(v) : LOG_LEVEL_WORDS[v];
      if (level === undefined) return `log-level \`${v}' unknown`;
      t.level = level;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Checks once all options are read; an error message or undefined. */
export function finishTarget(t: Target): string | undefined {
  if (t.kind === 'DNAT' && t.range.minAddr === undefined && t.range.minPort === undefined) return 'DNAT: option "--to-destination" must be specified\n';
  if (t.kind === 'SNAT' && t.range.minAddr === undefined) return 'SNAT: option "--to-source" must be specified\n';
  return undefined;
}

function formatRange(r: NatRange): string {
  let s = '';
  if (r.minAddr !== undefined) s += formatIpv4(r.minAddr) + (r.maxAddr !== undefined && r.maxAddr !== r.minAddr ? `-${formatIpv4(r.maxAddr)}` : '');
  if (r.minPort !== undefined) s += `:${r.minPort}` + (r.maxPort !== r.minPort ? `-${r.maxPort}` : '');
  return s;
}
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
const quote = (s: string): string => `"${s.replace(/(["\\])/g, '\\$1')}"`;

/** The target's name as the `target` column shows it. */
export const targetName = (t: Target): string =>
  // nf_tables iptables turns NOTRACK into the CT target, so both list as CT.
  t.kind === 'jump' ? t.chain : t.kind === 'NOTRACK' ? 'CT' : t.kind;

/** ` -j NAME OPTIONS` as iptables-save writes it. */
export function saveTarget(t: Target): string {
  switch (t.kind) {
    case 'jump': return t.goto ? ` -g ${t.chain}` : ` -j ${t.chain}`;
    case 'REJECT': return ` -j REJECT --reject-with ${t.with}`;
    case 'DNAT': return ` -j DNAT --to-destination ${formatRange(t.range)}${t.random ? ' --random' : ''}${t.persistent ? ' --persistent' : ''}`;
    case 'SNAT': return ` -j SNAT --to-source ${formatRange(t.range)}${t.random ? ' --random' : ''}${t.randomFully ? ' --random-fully' : ''}${t.persistent ? ' --persistent' : ''}`;
    case 'MASQUERADE': case 'REDIRECT': {
      const ports = t.ports ? ` --to-ports ${t.ports.min}${t.ports.max !== t.ports.min ? `-${t.ports.max}` : ''}` : '';
      return ` -j ${t.kind}${ports}${t.random ? ' --random' : ''}${t.kind === 'MASQUERADE' && t.randomFully ? ' --random-fully' : ''}`;
    }
    case 'MARK': return ` -j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'LOG': return ` -j LOG${t.prefix !== undefined ? ` --log-prefix ${quote(t.prefix)}` : ''}${t.level !== 4 ? ` --log-level ${t.level}` : ''}`;
    case 'NOTRACK': return t.ct ? ' -j CT --notrack' : ' -j NOTRACK';
    default: return ` -j ${t.kind}`;
  }
}

/** What `iptables -L` appends for the target (after the matches), with a leading space or ''. */
export function printTarget(t: Target, numeric: boolean): string {
  switch (t.kind) {
    case 'jump': return t.goto ? '[goto] ' : '';
    case 'REJECT': return `reject-with ${t.with}`;
    case 'DNAT': case 'SNAT': return `to:${formatRange(t.range)}${t.random ? ' random' : ''}${t.kind === 'SNAT' && t.randomFully ? ' random-fully' : ''}${t.persistent ? ' persistent' : ''}`;
    case 'MASQUERADE': case 'REDIRECT': {
      const ports = t.ports ? `${t.kind === 'MASQUERADE' ? 'masq ports: ' : 'redir ports '}${t.ports.min}${t.ports.max !== t.ports.min ? `-${t.ports.max}` : ''}` : '';
      return [ports, t.random ? 'random' : '', t.kind === 'MASQUERADE' && t.randomFully ? 'random-fully' : ''].filter(Boolean).join(' ');
    }
    case 'MARK':
      // libxt_MARK mark_tg_print (revision 2).
      if (t.value === 0) return `MARK and ${hex(~t.mask)}`;
      if (t.value === t.mask) return `MARK or ${hex(t.value)}`;
      if (t.mask === 0) return `MARK xor ${hex(t.value)}`;
      if (t.mask === 0xffffffff) return `MARK set ${hex(t.value)}`;
      return `MARK xset ${hex(t.value)}/${hex(t.mask)}`;
    case 'LOG':
      return numeric
        ? `LOG flags 0 level ${t.level}${t.prefix !== undefined ? ` prefix ${quote(t.prefix)}` : ''}`
        : `LOG level ${LOG_LEVELS[t.level]}${t.prefix !== undefined ? ` prefix ${quote(t.prefix)}` : ''}`;
    case 'NOTRACK': return t.ct ? 'CT notrack' : 'NOTRACK';
    default: return '';
  }
}
