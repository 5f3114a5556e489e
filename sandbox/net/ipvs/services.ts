/**
 * Virtual services and real servers as ipvsadm -A/-E/-D/-a/-e/-d/-C change them (and kube-proxy
 * through netlink): the operations with the errno the kernel answers (ip_vs_ctl.c), which
 * ipvsadm turns into its messages (libipvs ipvs_strerror).
 */
import type { Ipv4 } from '../../wire/index.ts';
import type { Netns } from '../types.ts';
import type { IpvsDest, IpvsProto, IpvsService, IpvsState, IpvsStats } from './types.ts';

export const zeroStats = (): IpvsStats => ({ conns: 0, inpkts: 0, outpkts: 0, inbytes: 0, outbytes: 0 });

/** The namespace's IPVS table (created on first use, as the module loads on first use). */
export const ipvsOf = (ns: Netns): IpvsState => (ns.ipvs ??= { services: [], conns: [] });

/** A virtual service by protocol, address and port. */
export const findService = (ns: Netns, proto: IpvsProto, addr: Ipv4, port: number): IpvsService | undefined =>
  ns.ipvs?.services.find((s) => s.proto === proto && s.addr === addr && s.port === port);

/** What a virtual service is given. */
export interface ServiceSpec { proto: IpvsProto; addr: Ipv4; port: number; scheduler: string; persistent?: number }

/** Schedulers the simulated kernel has (ip_vs_rr; the others are refused as not found). */
export const SCHEDULERS = ['rr'];

/** IP_VS_SO_SET_ADD: EEXIST when it exists, ENOENT for an unknown scheduler. */
export function addService(ns: Netns, spec: ServiceSpec): 'EEXIST' | 'ENOENT' | undefined {
  if (findService(ns, spec.proto, spec.addr, spec.port)) return 'EEXIST';
  if (!SCHEDULERS.includes(spec.scheduler)) return 'ENOENT';
  const svc: IpvsService = { proto: spec.proto, addr: spec.addr, port: spec.port, scheduler: spec.scheduler, dests: [], stats: zeroStats() };
  if (spec.persistent !== undefined) svc.persistent = spec.persistent;
  ipvsOf(ns).services.push(svc);
  return undefined;
}

/** IP_VS_SO_SET_EDIT: ESRCH when absent. */
export function editService(ns: Netns, spec: ServiceSpec): 'ESRCH' | 'ENOENT' | undefined {
  const svc = findService(ns, spec.proto, spec.addr, spec.port);
  if (!svc) return 'ESRCH';
  if (!SCHEDULERS.includes(spec.scheduler)) return 'ENOENT';
  svc.scheduler = spec.scheduler;
  if (spec.persistent === undefined) delete svc.persistent;
  else svc.persistent = spec.persistent;
  return undefined;
}

/** IP_VS_SO_SET_DEL: ESRCH when absent; its connections go with it. */
export function deleteService(ns: Netns, proto: IpvsProto, addr: Ipv4, port: number): 'ESRCH' | undefined {
  const svc = findService(ns, proto, addr, port);
  if (!svc) return 'ESRCH';
  const st = ipvsOf(ns);
  st.services = st.services.filter((s) => s !== svc);
  st.conns = st.conns.filter((c) => !(c.proto === proto && c.vaddr === addr && c.vport === port));
  return undefined;
}

/** IP_VS_SO_SET_FLUSH (`ipvsadm -C`). */
export function flushServices(ns: Netns): void {
  if (ns.ipvs) ns.ipvs = { services: [], conns: [] };
}

/** IP_VS_SO_SET_ADDDEST / EDITDEST / DELDEST: ESRCH without the service, EEXIST / ENOENT for the destination. */
export function changeDest(ns: Netns, op: 'add' | 'edit' | 'del', proto: IpvsProto, addr: Ipv4, port: number, daddr: Ipv4, dport: number, weight = 1): 'ESRCH' | 'EEXIST' | 'ENOENT' | undefined {
  const svc = findService(ns, proto, addr, port);
  if (!svc) return 'ESRCH';
  const d = svc.dests.find((x) => x.addr === daddr && x.port === dport);
  if (op === 'add') {
    if (d) return 'EEXIST';
    const dest: IpvsDest = { addr: daddr, port: dport, weight, stats: zeroStats() };
    svc.dests.push(dest);
    return undefined;
  }
  if (!d) return 'ENOENT';
  if (op === 'edit') d.weight = weight;
  else {
    svc.dests = svc.dests.filter((x) => x !== d);
    // expire_nodest_conn=1 (kube-proxy sets it): connections to a removed server are dropped.
    ipvsOf(ns).conns = ipvsOf(ns).conns.filter((c) => !(c.vaddr === addr && c.vport === port && c.proto === proto && c.daddr === daddr && c.dport === dport));
  }
  return undefined;
}
