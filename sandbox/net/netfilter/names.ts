/**
 * The name tables iptables consults: /etc/protocols for `-p` and the `prot` column,
 * /etc/services for port names (`dpt:http` without `-n`), and the ICMP type names of
 * libxt_icmp. Only Debian's entries that a cluster meets are listed; numbers print as numbers.
 */

/** /etc/protocols names by number (Debian netbase). */
export const PROTO_NAMES: Record<number, string> = {
  1: 'icmp', 2: 'igmp', 4: 'ipencap', 6: 'tcp', 17: 'udp', 41: 'ipv6', 47: 'gre', 50: 'esp', 51: 'ah',
  58: 'ipv6-icmp', 89: 'ospf', 103: 'pim', 112: 'vrrp', 132: 'sctp', 136: 'udplite',
};

const PROTO_BY_NAME = new Map(Object.entries(PROTO_NAMES).map(([n, name]) => [name, Number(n)]));

/** Protocol number for a `-p` argument (name, alias or number); undefined when unknown. */
export function protoNumber(text: string): number | undefined {
  const t = text.toLowerCase();
  if (t === 'all') return 0;
  if (/^\d+$/.test(t)) return Number(t) <= 255 ? Number(t) : undefined;
  if (t === 'icmpv6') return 58;
  return PROTO_BY_NAME.get(t);
}

/** /etc/services port names (tcp and udp share them for the ports listed here). */
export const SERVICE_NAMES: Record<number, string> = {
  1: 'tcpmux', 7: 'echo', 9: 'discard', 13: 'daytime', 20: 'ftp-data', 21: 'ftp', 22: 'ssh', 23: 'telnet',
  25: 'smtp', 53: 'domain', 67: 'bootps', 68: 'bootpc', 69: 'tftp', 80: 'http', 88: 'kerberos', 110: 'pop3',
  111: 'sunrpc', 119: 'nntp', 123: 'ntp', 143: 'imap2', 161: 'snmp', 162: 'snmp-trap', 179: 'bgp', 389: 'ldap',
  443: 'https', 465: 'submissions', 514: 'syslog', 587: 'submission', 636: 'ldaps', 873: 'rsync', 993: 'imaps',
  995: 'pop3s', 1080: 'socks', 1194: 'openvpn', 1812: 'radius', 2049: 'nfs', 3306: 'mysql', 3389: 'ms-wbt-server',
  4789: 'vxlan', 5353: 'mdns', 5432: 'postgresql', 6379: 'redis', 8080: 'http-alt', 9090: 'websm', 9100: 'jetdirect',
};

const SERVICE_BY_NAME = new Map(Object.entries(SERVICE_NAMES).map(([n, name]) => [name, Number(n)]));

/** Port for a service name or number text; undefined when neither. */
export function portNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) <= 65535 ? Number(text) : undefined;
  return SERVICE_BY_NAME.get(text);
}

/** A port as `iptables -L` prints it: its service name unless numeric output was asked. */
export const portName = (port: number, numeric: boolean): string =>
  (!numeric && SERVICE_NAMES[port]) || String(port);

/** ICMP type names (libxt_icmp's icmp_codes) with their code ranges: [name, type, codeMin, codeMax]. */
export const ICMP_NAMES: [string, number, number, number][] = [
  ['any', 255, 0, 255],
  ['echo-reply', 0, 0, 255],
  ['destination-unreachable', 3, 0, 255],
  ['network-unreachable', 3, 0, 0],
  ['host-unreachable', 3, 1, 1],
  ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3],
  ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6],
  ['host-unknown', 3, 7, 7],
  ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10],
  ['TOS-network-unreachable', 3, 11, 11],
  ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13],
  ['host-precedence-violation', 3, 14, 14],
  ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 255],
  ['redirect', 5, 0, 255],
  ['network-redirect', 5, 0, 0],
  ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2],
  ['TOS-host-redirect', 5, 3, 3],
  ['echo-request', 8, 0, 255],
  ['router-advertisement', 9, 0, 255],
  ['router-solicitation', 10, 0, 255],
  ['time-exceeded', 11, 0, 255],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1],
  ['parameter-problem', 12, 0, 255],
  ['ip-header-bad', 12, 0, 0],
  ['required-option-missing', 12, 1, 1],
  ['timestamp-request', 13, 0, 255],
  ['timestamp-reply', 14, 0, 255],
  ['address-mask-request', 17, 0, 255],
  ['address-mask-reply', 18, 0, 255],
];

/** /etc/networks (Debian's default) for `iptables -L` without `-n`. */
export const NETWORK_NAMES: Record<string, string> = { '127.0.0.0': 'loopback', '169.254.0.0': 'link-local' };
