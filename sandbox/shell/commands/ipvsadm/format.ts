/**
 * ipvsadm 1.31's listings (ipvsadm.c list_all, print_title, print_service_entry, print_conn,
 * print_largenum; libipvs ipvs_cmp_services / ipvs_cmp_dests for the order): the table with
 * `-L [-n]`, counters with `--stats`, connections with `-c`, and the rules with `-S`.
 */
import { formatIpv4, type Ipv4 } from '../../../wire/index.ts';
import { portName } from '../../../net/netfilter/names.ts';
import type { Netns } from '../../../net/types.ts';
import { destConns, liveConns, type IpvsDest, type IpvsService } from '../../../net/ipvs/index.ts';

/** Which listing, from the options. */
export interface ListFormat { numeric: boolean; stats: boolean; exact: boolean; rule: boolean }

/** IP_VS_VERSION_CODE 1.2.1 and the connection table size (ip_vs_conn_tab_bits 12). */
export const HEADER = 'IP Virtual Server version 1.2.1 (size=4096)\n';

const PROTO_NUM = { tcp: 6, udp: 17 } as const;
/** C's `int r = ntohl(a) - ntohl(b)`: the difference wraps to 32 bits, as the comparators do. */
const wrapDiff = (a: number, b: number): number => (a - b) | 0;

/** Services in ipvsadm's order: protocol, then address, then port. */
export const sortServices = (svcs: IpvsService[]): IpvsService[] =>
  [...svcs].sort((a, b) => PROTO_NUM[a.proto] - PROTO_NUM[b.proto] || wrapDiff(a.addr, b.addr) || a.port - b.port);
const sortDests = (ds: IpvsDest[]): IpvsDest[] => [...ds].sort((a, b) => wrapDiff(a.addr, b.addr) || a.port - b.port);

/** addrport_to_anyname: `10.96.0.1:443`, or the port's service name without -n. */
export const addrPort = (addr: Ipv4, port: number, numeric: boolean): string => `${formatIpv4(addr)}:${portName(port, numeric)}`;

/** print_largenum: nine columns, shortened with K/M/G/T unless --exact. */
function largeNum(n: number, exact: boolean): string {
  if (exact) return String(n).padStart(String(n).length <= 8 ? 9 : String(n).length + 1);
  if (n < 1e8) return String(n).padStart(9);
  const [div, unit] = n < 1e9 ? [1e3, 'K'] : n < 1e11 ? [1e6, 'M'] : n < 1e14 ? [1e9, 'G'] : [1e12, 'T'];
  return `${String(Math.floor(n / div)).padStart(8)}${unit}`;
}

/** print_title. */
export function title(f: ListFormat): string {
  if (f.rule) return '';
  if (f.stats) return `${'Prot LocalAddress:Port'.padEnd(33)} ${'Conns'.padStart(8)} ${'InPkts'.padStart(8)} ${'OutPkts'.padStart(8)} ${'InBytes'.padStart(8)} ${'OutBytes'.padStart(8)}\n  -> RemoteAddress:Port\n`;
  return 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
}

/** print_service_entry: the service line and one line per real server. */
export function serviceEntry(ns: Netns, svc: IpvsService, f: ListFormat, now: number): string {
  const vname = addrPort(svc.addr, svc.port, f.numeric);
  if (f.rule) {
    const name = `${svc.proto === 'tcp' ? '-t' : '-u'} ${vname}`;
    let out = `-A ${name} -s ${svc.scheduler}${svc.persistent !== undefined ? ` -p ${svc.persistent}` : ''}\n`;
    for (const d of sortDests(svc.dests)) out += `-a ${name} -r ${addrPort(d.addr, d.port, f.numeric)} -m -w ${d.weight}\n`;
    return out;
  }
  // The service name is cut at 33 characters and a server's at 28 (svc_name[33], dname[28]).
  const name = `${svc.proto.toUpperCase()}  ${vname}`.slice(0, 33);
  let out: string;
  if (f.stats) {
    const s = svc.stats;
    out = `${name.padEnd(33)}${[s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes].map((n) => largeNum(n, f.exact)).join('')}\n`;
  } else {
    out = `${name} ${svc.scheduler}${svc.persistent !== undefined ? ` persistent ${svc.persistent}` : ''}\n`;
  }
  for (const d of sortDests(svc.dests)) {
    const dname = addrPort(d.addr, d.port, f.numeric).slice(0, 28);
    if (f.stats) {
      const s = d.stats;
      out += `  -> ${dname.padEnd(28)}${[s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes].map((n) => largeNum(n, f.exact)).join('')}\n`;
    } else {
      const c = destConns(ns, svc, d, now);
      out += `  -> ${dname.padEnd(28)} ${'Masq'.padEnd(7)} ${String(d.weight).padEnd(6)} ${String(c.active).padEnd(10)} ${String(c.inactive).padEnd(10)}\n`;
    }
  }
  return out;
}

/** list_all: the version line (not for -S), the title, every service. */
export function listAll(ns: Netns, f: ListFormat, now: number): string {
  const svcs = sortServices(ns.ipvs?.services ?? []);
  return `${f.rule ? '' : HEADER}${title(f)}${svcs.map((s) => serviceEntry(ns, s, f, now)).join('')}`;
}

/** list_conn: /proc/net/ip_vs_conn in ipvsadm's columns (expiry as mm:ss). */
export function listConns(ns: Netns, numeric: boolean, now: number): string {
  let out = `IPVS connection entries\npro expire ${'state'.padEnd(11)} ${'source'.padEnd(18)} ${'virtual'.padEnd(18)} destination\n`;
  for (const c of liveConns(ns, now)) {
    const left = Math.max(0, Math.floor((c.expires - now) / 1000));
    const expire = `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
    const cols = [c.proto.toUpperCase().padEnd(3), expire.padEnd(6), c.state.padEnd(11),
      addrPort(c.caddr, c.cport, numeric).padEnd(18), addrPort(c.vaddr, c.vport, numeric).padEnd(18), addrPort(c.daddr, c.dport, numeric)];
    out += `${cols.join(' ')}\n`;
  }
  return out;
}
